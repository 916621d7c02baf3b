"""The Content-Security-Policy as Chromium enforces it: nothing blocked, and the admin's scripts still run."""

import pytest
from django.conf import settings

from offices.tests.factories import OfficeFactory

from .conftest import screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def enforcing_page(chromium, live_server):
    """A page that enforces the site's CSP (open_page bypasses it for axe) and records every violation."""
    context = chromium.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.violations = []
    page.on(
        "console", lambda message: "Content Security Policy" in message.text and page.violations.append(message.text)
    )
    page.on("pageerror", lambda error: page.violations.append(f"script error: {error}"))
    yield page
    context.close()


def test_public_pages_break_no_rule_of_their_policy(enforcing_page):
    office = OfficeFactory(name="JETRO Paris", slug="paris", country="FR", city="Paris")
    for url in ["/", "/offices/", office.get_absolute_url(), "/services/", "/ja/offices/?q=paris"]:
        enforcing_page.goto(url)
        assert enforcing_page.locator("h1").count() == 1
    assert enforcing_page.violations == []


def test_the_admin_works_under_its_policy(enforcing_page, django_user_model):
    django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)
    office = OfficeFactory(name="JETRO Paris", slug="paris", country="FR", city="Paris")
    page = enforcing_page
    page.goto(f"/{settings.ADMIN_URL}")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"**/{settings.ADMIN_URL}")
    page.goto(f"/{settings.ADMIN_URL}offices/office/")
    # The change list's JavaScript ran: the "select all" checkbox ticks every row.
    page.check("#action-toggle")
    assert page.locator("input.action-select:checked").count() == 1
    page.goto(f"/{settings.ADMIN_URL}offices/office/{office.pk}/change/")
    # The date widget's JavaScript ran: "Today" and the calendar link were added next to the date field.
    # The office form's own aids (the opening-hours rows, the autocompletes) run under the policy.
    assert page.locator("#opening_hours-group .add-row a").count() == 1
    assert page.locator(".select2-container").count() >= 1
    screenshot(page, "admin-change-form-under-csp")
    assert page.violations == []
