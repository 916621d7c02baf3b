"""Every public form, found by walking the public pages: one rule for the text people type (core.text).

Each public page (tests/test_site.py's walk of the URL resolver, with its values) is read, and
each form on it is found in its HTML, as a browser sees it. Every text field a person types
into (a honeypot hidden from people is not) is then sent, one at a time, the other fields left
as the page gives them or filled with plain valid text:

- an invisible control or formatting character (Unicode Cc or Cf: U+0085, a right-to-left
  override, a zero-width space inside a word) is refused with the rule's message, the same on
  every form, and the answer carries none of them;
- a value with nothing visible in it (a zero-width space, a Hangul filler) is blank: the
  answer is the one an empty field gets.

A search box follows the same rule as a form that is kept: it says why it did not search,
rather than searching for something else than what was typed.
"""

import itertools
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from tests.support import fill, html_forms
from tests.test_site import FILL, NOT_HTML, PATTERNS, listings  # noqa: F401 (the fixture)

# The rows every page of the walk needs (tests/test_site.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("listings")]

RULE = "This text holds invisible control or formatting characters. Type it again."
REFUSED = ["\u202eevil", "Par\u0085is", "Par\u200bis"]
INVISIBLE = ["\u200b", "\u3164 \u200b"]
PLAIN = {"email": "visitor@example.org", "url": "https://example.org/", "tel": "+81 3-3582-5511"}
NOTICE = re.compile(r'<(\w+)[^>]*role="(?:alert|status)"[^>]*>(.*?)</\1>', re.S)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def public_forms(client):
    """(page, form) for each distinct form of the public pages, in English."""
    found = {}
    for pattern in PATTERNS:
        if pattern.name in NOT_HTML:
            continue
        for url in fill(pattern, settings.LANGUAGE_CODE, FILL):
            response = client.get(url)
            assert response.status_code == 200, url
            for form in html_forms(response.content.decode(), url):
                if form.text_fields:
                    key = (form.method, urlsplit(form.action).path, tuple(sorted(form.values)))
                    found.setdefault(key, (url, form))
    return list(found.values())


def send(client, form, name, value, address):
    data = {field: "" if current is None else current for field, current in form.values.items()}
    for other, kind in form.text_fields.items():
        if other != name and not data[other]:
            data[other] = PLAIN.get(kind, "A plain value, as a person types it")
    data[name] = value
    if form.method == "post":
        return client.post(form.action, data, REMOTE_ADDR=address)
    return client.get(form.action, data, REMOTE_ADDR=address)


def notices(response):
    """What the page says about what was sent: its alerts and status messages, without tokens."""
    return [CSRF.sub("", body) for _tag, body in NOTICE.findall(response.content.decode())]


def test_the_walk_finds_the_public_forms(client):
    actions = {urlsplit(form.action).path for _page, form in public_forms(client)}
    assert {"/search/", "/offices/", "/services/", "/offices/nearest/", "/offices/paris/suggest/"} <= actions


def test_every_text_field_of_every_public_form_follows_the_one_rule(client, settings):
    client.handler.enforce_csrf_checks = False
    # The forms are sent back at once, and each send comes from an address of its own: the
    # minimum time before an enquiry is sent and the limits per sender are tested with their
    # forms (enquiries/tests, suggestions/tests), and here would answer for the rule.
    settings.ENQUIRIES_MIN_SECONDS = 0
    addresses = (f"198.18.{n // 256}.{n % 256}" for n in itertools.count(1))
    failures = []
    for page, form in public_forms(client):
        for name in form.text_fields:
            for value in REFUSED:
                response = send(client, form, name, value, next(addresses))
                body = response.content.decode()
                if response.status_code != 200 or RULE not in body:
                    failures.append(f"{page} {form.action} {name}={value!r}: {response.status_code}, no message")
                if any(character in body for character in "\u202e\u0085\u200b"):
                    failures.append(f"{page} {form.action} {name}={value!r}: the character is in the answer")
            empty = send(client, form, name, "", next(addresses))
            for value in INVISIBLE:
                blank = send(client, form, name, value, next(addresses))
                if (blank.status_code, notices(blank)) != (empty.status_code, notices(empty)):
                    failures.append(f"{page} {form.action} {name}={value!r}: not answered as an empty field")
    assert not failures, "\n".join(failures)
