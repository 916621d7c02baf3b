"""Personal data is kept only as long as needed: `manage.py purge_suggestions` erases it on schedule."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from suggestions.models import Status, Suggestion
from suggestions.retention import CLIENT_KEY_DAYS, EMAIL_DAYS_AFTER_DECISION, EMAIL_DAYS_PENDING, REJECTED_DAYS

from .factories import SuggestionFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def days_ago(days):
    return NOW - dt.timedelta(days=days)


def decided(status, days, **values):
    reason = "Not this office's" if status == Status.REJECTED else ""
    return SuggestionFactory(
        status=status, decided_at=days_ago(days), created_at=days_ago(days + 1), reason=reason, **values
    )


def purge(*args):
    out = io.StringIO()
    call_command("purge_suggestions", *args, stdout=out)
    return out.getvalue()


def test_the_email_is_erased_a_month_after_the_decision():
    kept = decided(Status.ACCEPTED, EMAIL_DAYS_AFTER_DECISION - 1, email="kept@example.org")
    erased = decided(Status.ACCEPTED, EMAIL_DAYS_AFTER_DECISION + 1, email="erased@example.org")
    assert "1 email(s) erased" in purge()
    kept.refresh_from_db()
    erased.refresh_from_db()
    assert kept.email == "kept@example.org"
    assert (erased.email, erased.personal_data_erased_at is not None) == ("", True)


def test_a_suggestion_nobody_decided_keeps_its_email_no_longer_than_the_pending_limit():
    waiting = SuggestionFactory(email="waiting@example.org", created_at=days_ago(EMAIL_DAYS_PENDING - 1))
    forgotten = SuggestionFactory(email="forgotten@example.org", created_at=days_ago(EMAIL_DAYS_PENDING + 1))
    purge()
    waiting.refresh_from_db()
    forgotten.refresh_from_db()
    assert (waiting.email, forgotten.email) == ("waiting@example.org", "")
    assert forgotten.status == Status.PENDING, "the suggestion itself still waits for review"


def test_the_address_key_is_erased_after_a_week():
    recent = SuggestionFactory(client_key="a" * 64, created_at=days_ago(CLIENT_KEY_DAYS - 1))
    old = SuggestionFactory(client_key="b" * 64, created_at=days_ago(CLIENT_KEY_DAYS + 1))
    purge()
    assert Suggestion.objects.get(pk=recent.pk).client_key == "a" * 64
    assert Suggestion.objects.get(pk=old.pk).client_key == ""


def test_rejected_suggestions_are_deleted_after_a_year_and_accepted_ones_kept():
    young = decided(Status.REJECTED, REJECTED_DAYS - 1)
    decided(Status.REJECTED, REJECTED_DAYS + 1)
    accepted = decided(Status.ACCEPTED, REJECTED_DAYS + 1)
    assert "1 rejected suggestion(s) deleted" in purge()
    assert set(Suggestion.objects.all()) == {young, accepted}


def test_a_dry_run_counts_and_changes_nothing():
    decided(Status.ACCEPTED, EMAIL_DAYS_AFTER_DECISION + 1, email="erased@example.org")
    assert purge("--dry-run").startswith("Due: 1 email(s) erased")
    assert Suggestion.objects.get().email == "erased@example.org"
