"""Every kind of page in Chromium, checked by axe-core with all of its rules: WCAG and best practices, any impact.

The pages are the HTML check's (tests/test_valid_html.py): the site-wide guards' walk of the URL resolver,
and the addresses it adds.
"""

import pytest

from tests.test_site import listings  # noqa: F401 (the pages' rows, as the walk fills them)
from tests.test_valid_html import every_page, on_the_map  # noqa: F401

from .conftest import describe

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_axe_finds_nothing_on_any_kind_of_page(open_page, axe_source, on_the_map):  # noqa: F811
    page = open_page("desktop")
    found = {}
    for url, status in every_page():
        response = page.goto(url)
        assert response.status == status, url
        page.evaluate(axe_source)
        result = page.evaluate('async () => await axe.run(document, {resultTypes: ["violations"]})')
        violations = [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
        ]
        if violations:
            found[url] = violations
    assert not found, describe(found)
