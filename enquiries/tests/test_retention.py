"""An enquiry's personal data is erased on schedule; what remains are dates, for the reply times."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.models import RateCount
from enquiries.models import Delivery, Enquiry, Status
from enquiries.retention import purge
from offices.tests.factories import OfficeFactory

from .factories import EnquiryFactory

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def closed(days, **fields):
    return EnquiryFactory(
        office=OfficeFactory(),
        status=Status.ANSWERED,
        created_at=days_ago(days + 2),
        answered_at=days_ago(days),
        **fields,
    )


def test_personal_data_is_erased_180_days_after_the_enquiry_is_closed_and_the_dates_stay():
    recent, old = closed(179), closed(181)
    Delivery.objects.create(
        enquiry=old, kind="to_editors", to="a@jetro.example", subject="S", body="B", message_id="<x>"
    )
    assert purge()["enquiries"] == 1
    recent.refresh_from_db()
    old.refresh_from_db()
    assert recent.email and recent.message
    assert (old.name, old.company, old.email, old.subject, old.message) == ("", "", "", "", "")
    assert old.personal_data_erased_at is not None
    assert (old.created_at, old.answered_at, old.office_id) != (None, None, None)
    assert Delivery.objects.get().body == ""


def test_the_time_kept_is_a_setting(settings):
    settings.ENQUIRIES_KEEP_DAYS = 30
    closed(31)
    assert purge()["enquiries"] == 1


def test_an_enquiry_nobody_closed_is_erased_after_a_year():
    EnquiryFactory(office=OfficeFactory(), created_at=days_ago(364))
    EnquiryFactory(office=OfficeFactory(), created_at=days_ago(366))
    assert purge()["enquiries"] == 1


def test_the_senders_key_goes_after_a_week_and_closed_rate_windows_are_deleted():
    EnquiryFactory(office=OfficeFactory(), client_key="a" * 64, created_at=days_ago(8))
    RateCount.objects.create(name="old", until=1, count=3)
    counts = purge()
    assert counts["keys"] == 1 and counts["rate counts"] == 1
    assert Enquiry.objects.get().client_key == ""


def test_the_command_reports_and_a_dry_run_changes_nothing(capsys):
    closed(200)
    call_command("purge_enquiries", "--dry-run")
    assert "Would erase enquiries: 1" in capsys.readouterr().out
    assert Enquiry.objects.get().email
    call_command("purge_enquiries")
    assert not Enquiry.objects.get().email


def test_enquiries_are_in_no_public_download_or_backup(client, tmp_path):
    EnquiryFactory(office=OfficeFactory(slug="paris"), message="Private words")
    for url in [
        "/api/v1/offices/",
        "/api/v1/offices/paris/",
        "/api/v1/exports/offices.csv",
        "/api/v1/exports/hsds.json",
    ]:
        assert b"Private words" not in b"".join(client.get(url)), url
    backup = tmp_path / "backup.xml.gz"
    call_command("backup_directory", "--output", str(backup), verbosity=0)
    import gzip

    assert b"Private words" not in gzip.decompress(backup.read_bytes())
    assert b"enquiries." not in gzip.decompress(backup.read_bytes())
