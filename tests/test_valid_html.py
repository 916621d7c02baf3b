"""Every kind of public page is valid HTML, as the Nu Html Checker reads it.

The pages are those the site-wide guards walk (tests/test_site.py: every public URL
pattern in every language, filled from the same rows), the addresses in MORE_PAGES,
and the error pages. All of them are checked in one run of the checker, which takes
seconds to start.

The checker is vnu.jar from npm's `vnu-jar` (its maintainers' own release, pinned in
package.json; `make test` installs it beside axe-core), run by Java 11 or later.
Where either is missing the test is skipped with the reason, except where
REQUIRE_VALIDATOR=1 (CI), which turns the skip into a failure.
"""

import json
import logging
import os
import shutil
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client

from core.outage import database_unavailable
from offices.models import Office
from tests.test_site import HTML_PAGES, addresses, listings  # noqa: F401 (listings: the pages' rows)

VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Addresses the walk does not reach (its queries are in tests/test_site.py), with the status each answers:
# one line each, checked in English and in Japanese.
MORE_PAGES = {
    "/offices/?country=FR&kind=overseas": 200,
    "/offices/?country=ZZ&kind=nothing": 200,  # the filters' errors, shown on the page
    "/services/?country=FR": 200,
    "/no-such-page/": 404,
}


def missing(what):
    if os.environ.get("REQUIRE_VALIDATOR") == "1":
        pytest.fail(f"{what} is required for the HTML check (REQUIRE_VALIDATOR=1).")
    pytest.skip(f"{what} is not installed; see docs/development.md, 'Tests'.")


def nu_html_checker(documents):
    """{name: html} -> the checker's messages about them, each with the document's name; one run of the checker."""
    java = shutil.which("java")
    if java is None:
        missing("Java (for the Nu Html Checker)")
    if not VNU.is_file():
        missing(f"The Nu Html Checker ({VNU.relative_to(settings.BASE_DIR)}, npm's vnu-jar)")
    with tempfile.TemporaryDirectory() as folder:
        names = {}
        for number, (name, html) in enumerate(documents.items()):
            path = Path(folder) / f"{number}.html"
            path.write_text(html, encoding="utf-8")
            names[path.name] = name
        checked = subprocess.run(
            [java, "-jar", str(VNU), "--format", "json", "--exit-zero-always", *sorted(Path(folder).iterdir())],
            capture_output=True,
            text=True,
            timeout=600,
            check=True,
        )
    messages = json.loads(checked.stderr)["messages"]
    for message in messages:
        message["page"] = names.get(message.get("url", "").rsplit("/", 1)[-1], message.get("url"))
    return messages


def rendered(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def error_pages(monkeypatch):
    """The 500 and 503 pages as a visitor gets them, in each language."""

    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr("offices.views.render_office", broken)
    for cache in caches.all():
        cache.clear()  # the page was kept when it was rendered above: render it again, broken
    client = Client(raise_request_exception=False)
    pages = {}
    logging.disable(logging.ERROR)  # the 500's trace, logged for operators
    try:
        for prefix in ("", "/ja"):
            pages[f"{prefix}/offices/paris/ (500)"] = rendered(client, f"{prefix}/offices/paris/", 500)
    finally:
        logging.disable(logging.NOTSET)
    pages["503"] = database_unavailable(None).content.decode()
    return pages


@pytest.fixture
def on_the_map(db, listings):  # noqa: F811
    """The Paris office where it is: its page draws a locator map, the maps a marker."""
    Office.objects.filter(slug="paris").update(
        latitude=Decimal("48.8566"), longitude=Decimal("2.3522"), coordinates_precision="exact"
    )


def every_page():
    """(address, status) of every kind of page: the walk's, then MORE_PAGES' in each language."""
    for param in HTML_PAGES:
        pattern, language = param.values
        for url in addresses(pattern, language):
            yield url, 200
    for path, status in MORE_PAGES.items():
        yield path, status
        yield f"/ja{path}", status


def test_every_kind_of_page_is_valid_html(client, on_the_map, monkeypatch):
    pages = {url: rendered(client, url, status) for url, status in every_page()}
    pages.update(error_pages(monkeypatch))

    messages = nu_html_checker(pages)

    errors = [f"{m['page']} line {m.get('lastLine')}: {m['message']}" for m in messages if m["type"] != "info"]
    assert errors == [], f"{len(errors)} errors in {len(pages)} pages:\n" + "\n".join(errors)
