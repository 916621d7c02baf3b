"""How long an enquiry's personal data is kept, and erasing it on schedule (`manage.py purge_enquiries`).

- The visitor's name, company, email, subject and message, and the text and
  addresses of the mail about the enquiry: erased ENQUIRIES_KEEP_DAYS days
  (a setting, 180 by default) after the enquiry was closed (answered, answered
  another way, or closed as spam), and after ENQUIRIES_KEEP_DAYS_OPEN days (a
  year) for one nobody closed. What stays: the office or service, the dates,
  the status and the country, from which the reply times are worked out.
- The key of the sender's address (a keyed digest; core.throttle): erased
  after CLIENT_KEY_DAYS days.
- Counts of the rate limits whose windows have closed are deleted.

An enquiry is never in an export, the API or a backup of the directory.
The command is meant to run daily (cron or a systemd timer); run late, it
catches up, since each rule compares dates.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core import throttle

from .models import Delivery, Enquiry, Status

CLIENT_KEY_DAYS = 7


def keep_days():
    return settings.ENQUIRIES_KEEP_DAYS


def keep_days_open():
    return max(keep_days(), 365)


def due(now=None):
    """{what: queryset} of what the schedule says to erase at `now`."""
    now = now or timezone.now()
    personal = Enquiry.objects.filter(personal_data_erased_at=None).filter(
        Q(~Q(status=Status.NEW), answered_at__lt=now - timedelta(days=keep_days()))
        | Q(status=Status.NEW, created_at__lt=now - timedelta(days=keep_days_open()))
    )
    keys = Enquiry.objects.exclude(client_key="").filter(created_at__lt=now - timedelta(days=CLIENT_KEY_DAYS))
    return {"enquiries": personal, "keys": keys}


def purge(now=None, dry_run=False):
    """Erase what is due; {what: how many}."""
    now = now or timezone.now()
    found = due(now)
    if dry_run:
        return {what: queryset.count() for what, queryset in found.items()}
    with transaction.atomic():
        erased = list(found["enquiries"].values_list("pk", flat=True))
        Delivery.objects.filter(enquiry__in=erased).update(to="", subject="", body="")
        counts = {
            "enquiries": Enquiry.objects.filter(pk__in=erased).update(
                name="", company="", email="", subject="", message="", note="", personal_data_erased_at=now
            ),
            "keys": found["keys"].update(client_key=""),
        }
    counts["rate counts"] = throttle.prune()
    return counts
