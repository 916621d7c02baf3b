"""How long a suggestion's personal data is kept, and erasing it on schedule (`manage.py purge_suggestions`).

- The visitor's email, given only so that an editor may ask about the
  suggestion: erased EMAIL_DAYS_AFTER_DECISION days after the suggestion is
  accepted or rejected, and at the latest EMAIL_DAYS_PENDING days after it
  was sent if nobody decided it.
- The key of the sender's address (a keyed digest, never the address;
  suggestions.ratelimit): erased CLIENT_KEY_DAYS days after it was sent. It
  limits how often one address may send, and shows editors a flood from one sender.
- A rejected suggestion is deleted REJECTED_DAYS days after the decision.
  An accepted one is kept, without personal data: the listing's history cites it.

The command is meant to run daily (cron or a systemd timer); run late, it
catches up, since each rule compares dates.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Status, Suggestion

CLIENT_KEY_DAYS = 7
EMAIL_DAYS_AFTER_DECISION = 30
EMAIL_DAYS_PENDING = 180
REJECTED_DAYS = 365


def email_erased_on(suggestion):
    """The date the suggestion's email will be erased."""
    if suggestion.decided_at:
        when = suggestion.decided_at + timedelta(days=EMAIL_DAYS_AFTER_DECISION)
    else:
        when = suggestion.created_at + timedelta(days=EMAIL_DAYS_PENDING)
    return timezone.localdate(when)


def due(now=None):
    """{what: queryset} of what the schedule says to erase or delete at `now`."""
    now = now or timezone.now()
    emails = Suggestion.objects.exclude(email="").filter(
        Q(decided_at__lt=now - timedelta(days=EMAIL_DAYS_AFTER_DECISION))
        | Q(status=Status.PENDING, created_at__lt=now - timedelta(days=EMAIL_DAYS_PENDING))
    )
    keys = Suggestion.objects.exclude(client_key="").filter(created_at__lt=now - timedelta(days=CLIENT_KEY_DAYS))
    rejected = Suggestion.objects.filter(status=Status.REJECTED, decided_at__lt=now - timedelta(days=REJECTED_DAYS))
    return {"emails": emails, "keys": keys, "rejected": rejected}


def purge(now=None, dry_run=False):
    """Erase and delete what is due; {what: how many}."""
    now = now or timezone.now()
    found = due(now)
    if dry_run:
        return {what: queryset.count() for what, queryset in found.items()}
    with transaction.atomic():
        return {
            "emails": found["emails"].update(email="", personal_data_erased_at=now),
            "keys": found["keys"].update(client_key=""),
            "rejected": found["rejected"].delete()[0],
        }
