"""The editors' comfort in Chromium: an editor abroad sets weekday hours with no "hours behind server time"
note, and reads the completeness report, which is accessible."""

import pytest

from offices.models import OpeningHours
from offices.tests.factories import OfficeFactory

from .conftest import describe, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PASSWORD = "a long editor passphrase 2024"


@pytest.fixture
def paris_editor(chromium, live_server, make_editor):
    """A page signed in as an editor whose computer keeps Paris time (the server keeps Tokyo's)."""
    make_editor("claire", password=PASSWORD)
    context = chromium.new_context(base_url=live_server.url, timezone_id="Europe/Paris", locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/admin/")
    page.fill("#id_username", "claire")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    yield page
    context.close()


def test_an_editor_abroad_sets_weekday_hours_without_a_server_time_note(paris_editor):
    page = paris_editor
    paris = OfficeFactory(slug="paris", name="JETRO Paris", country="FR", city="Paris")
    page.goto(f"/admin/offices/office/{paris.pk}/change/")
    assert page.title().endswith("| JETRO directory admin")
    assert "behind server time" not in page.content()
    assert "ahead of server time" not in page.content()

    page.fill("#id_hours_opens", "09:00")
    page.fill("#id_hours_closes", "17:30")
    screenshot(page, "admin-office-weekday-hours")
    page.click("input[name=_save]")
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    assert OpeningHours.objects.filter(office=paris).count() == 5

    page.goto("/offices/paris/")
    hours = page.locator("table.hours").inner_text()
    assert "Monday\t09:00–17:30" in hours
    assert "Saturday" not in hours


def test_the_completeness_report_is_accessible(paris_editor, axe_source):
    OfficeFactory(slug="paris", name="JETRO Paris", country="FR", city="Paris", phone="+33 1 42 61 27 27")
    OfficeFactory(slug="berlin", name="JETRO Berlin", country="DE", city="Berlin")
    page = paris_editor
    page.goto("/admin/offices/office/")
    page.get_by_role("link", name="How complete is the directory? See what each office still lacks.").click()
    assert page.locator("h1").inner_text() == "How complete the directory is"
    assert "1 of 2" in page.locator("#completeness-totals").inner_text()
    screenshot(page, "admin-completeness")
    # The report itself; the admin's frame (Django's breadcrumbs, header) is Django's own.
    page.evaluate(axe_source)
    result = page.evaluate(
        """async () => await axe.run("#content-main", {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
            resultTypes: ["violations"],
        })"""
    )
    violations = [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert not violations, describe(violations)
