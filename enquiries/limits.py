"""How often the enquiry forms may be used: limits per sender and per recipient, that hold under parallel posts.

- ENQUIRIES_SENDINGS_PER_HOUR (30) sendings of a form an hour from one address,
  whatever their outcome (form errors and the honeypot included);
- ENQUIRIES_PER_SENDER_PER_DAY (5) enquiries a day kept from one address;
- ENQUIRIES_PER_RECIPIENT_PER_DAY (50) enquiries a day to one office, or about
  one service.

Each is an atomic counter in the database (core.throttle): twenty posts at
once keep exactly what the limit allows, on SQLite and PostgreSQL, on every
app server, with or without Redis. Beyond a limit the visitor gets a 429 page
that says when to try again and which other routes answer meanwhile.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings

from core.throttle import hit

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


def sendings_per_hour():
    return settings.ENQUIRIES_SENDINGS_PER_HOUR


def enquiries_per_day():
    return settings.ENQUIRIES_PER_SENDER_PER_DAY


def per_recipient_per_day():
    return settings.ENQUIRIES_PER_RECIPIENT_PER_DAY


@dataclass(frozen=True)
class Refused:
    reason: str  # "sender" or "recipient"
    limit: int
    retry_after: int


def attempt(key):
    """Count one sending of the form; a Refused when this address sent it too often this hour."""
    verdict = hit(f"enquiries.sendings:{key}", sendings_per_hour(), HOUR)
    return None if verdict.allowed else Refused("sender", sendings_per_hour(), verdict.retry_after)


def keep(key, listing):
    """Count one enquiry from this address and to this listing; a Refused beyond either day's limit."""
    verdict = hit(f"enquiries.kept:{key}", enquiries_per_day(), DAY)
    if not verdict.allowed:
        return Refused("sender", enquiries_per_day(), verdict.retry_after)
    verdict = hit(f"enquiries.to:{listing._meta.model_name}:{listing.pk}", per_recipient_per_day(), DAY)
    if not verdict.allowed:
        return Refused("recipient", per_recipient_per_day(), verdict.retry_after)
    return None
