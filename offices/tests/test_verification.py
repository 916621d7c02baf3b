"""The verification loop: mark as verified, flag what nobody checked for a year, report it."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from offices.models import Office
from services.models import Service
from services.tests.factories import ServiceFactory

from .factories import DomesticOfficeFactory, OfficeFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days_ago(days):
    return TODAY - datetime.timedelta(days=days)


@pytest.fixture
def listings():
    """Two offices and a service due for verification, and one of each checked within the year."""
    return {
        "never": OfficeFactory(name="JETRO Never Checked", country="FR", city="Paris", last_verified=None),
        "year": DomesticOfficeFactory(name="JETRO A Year Ago", last_verified=days_ago(365)),
        "recent": OfficeFactory(name="JETRO Checked Lately", last_verified=days_ago(364)),
        "old service": ServiceFactory(name="Old Service", last_verified=days_ago(400)),
        "fresh service": ServiceFactory(name="Fresh Service", last_verified=TODAY),
    }


def test_a_listing_is_due_a_year_after_its_last_check_or_if_never_checked(listings):
    assert set(Office.objects.needing_verification()) == {listings["never"], listings["year"]}
    assert list(Service.objects.needing_verification()) == [listings["old service"]]
    assert listings["year"].needs_verification
    assert not listings["recent"].needs_verification


def test_the_needs_verification_filter_lists_exactly_the_due_offices(editor_client, listings):
    text = editor_client.get(reverse("admin:offices_office_changelist"), {"verification": "due"}).text
    assert "JETRO Never Checked" in text
    assert "JETRO A Year Ago" in text
    assert "JETRO Checked Lately" not in text


def test_the_changelist_flags_listings_due(editor_client, listings):
    text = editor_client.get(reverse("admin:services_service_changelist")).text
    assert text.count("<strong>(due)</strong>") == 1


def test_mark_as_verified_today_dates_the_listings_and_records_who(editor_client, listings):
    office = listings["never"]
    response = editor_client.post(
        reverse("admin:offices_office_changelist") + "?verification=due",
        {"action": "mark_verified", "_selected_action": [office.pk]},
        follow=True,
    )
    assert "1 office marked as verified today." in response.text
    office.refresh_from_db()
    assert (office.last_verified, office.version) == (TODAY, 2)
    record = Office.history.filter(id=office.pk).first()
    assert (record.history_user.username, record.history_change_reason) == ("editor", "Marked as verified")
    assert Office.objects.get(pk=listings["year"].pk).last_verified == days_ago(365)


def test_services_can_be_marked_as_verified_too(editor_client, listings):
    service = listings["old service"]
    editor_client.post(
        reverse("admin:services_service_changelist"), {"action": "mark_verified", "_selected_action": [service.pk]}
    )
    service.refresh_from_db()
    assert service.last_verified == TODAY


def test_the_admin_front_page_counts_the_listings_due(editor_client, listings):
    text = editor_client.get(reverse("admin:index")).text
    assert "Due for verification" in text
    assert "2 offices" in text
    assert "1 service" in text
    assert reverse("admin:offices_office_changelist") + "?verification=due" in text


def stale_report(**options):
    out = io.StringIO()
    call_command("stale_listings", stdout=out, **options)
    return out.getvalue()


def test_the_stale_report_lists_exactly_the_stale_listings_by_region(listings):
    report = stale_report()
    assert "2 offices, 1 service." in report
    assert "JETRO Never Checked (never verified)" in report
    assert f"JETRO A Year Ago (last verified {days_ago(365):%Y-%m-%d})" in report
    assert "Old Service" in report
    assert "JETRO Checked Lately" not in report
    assert "Fresh Service" not in report
    # Grouped by region, in the order of the regions.
    assert report.index("Hokkaido (1 office)") < report.index("JETRO A Year Ago")
    assert report.index("Europe (1 office)") < report.index("JETRO Never Checked") < report.index("Services (1)")


def test_the_stale_report_is_emailed_when_recipients_are_set(listings, settings, mailoutbox):
    settings.STALE_LISTINGS_RECIPIENTS = ["editors@example.org"]
    report = stale_report()
    assert "Emailed to editors@example.org." in report
    [mail] = mailoutbox
    assert mail.to == ["editors@example.org"]
    assert mail.subject == "JETRO directory: 2 offices and 1 service to verify"
    assert "JETRO Never Checked" in mail.body


def test_the_stale_report_is_not_emailed_without_recipients_or_with_no_email(listings, settings, mailoutbox):
    settings.STALE_LISTINGS_RECIPIENTS = []
    stale_report()
    settings.STALE_LISTINGS_RECIPIENTS = ["editors@example.org"]
    stale_report(no_email=True)
    assert mailoutbox == []


def test_nothing_is_emailed_when_nothing_is_stale(settings, mailoutbox):
    OfficeFactory(last_verified=TODAY)
    settings.STALE_LISTINGS_RECIPIENTS = ["editors@example.org"]
    assert "or never: none." in stale_report()
    assert mailoutbox == []
