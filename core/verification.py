"""When a listing is due for an editor's check: never verified, or not for a year."""

import datetime

from django.db.models import Q
from django.utils import timezone

VERIFY_EVERY_DAYS = 365


def verification_cutoff(today=None):
    """Listings last verified on or before this date are due."""
    return (today or timezone.localdate()) - datetime.timedelta(days=VERIFY_EVERY_DAYS)


def due_for_verification(today=None):
    return Q(last_verified__isnull=True) | Q(last_verified__lte=verification_cutoff(today))


def is_due(last_verified, today=None):
    return last_verified is None or last_verified <= verification_cutoff(today)
