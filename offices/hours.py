"""An office's time: its local time now, and whether it is open."""

import zoneinfo
from dataclasses import dataclass
from datetime import datetime, time

from django.utils import timezone

from .geography import is_valid_timezone
from .models import OpeningHours


@dataclass(frozen=True)
class OpeningState:
    local_now: datetime
    is_open: bool | None  # None when the hours are not listed
    closes_at: time | None = None
    next_opening: tuple[int, time] | None = None  # (weekday, opens)

    @property
    def next_day(self):
        """The weekday of the next opening, in the active language."""
        return OpeningHours.Weekday(self.next_opening[0]).label if self.next_opening else ""


def local_now(office, now=None):
    now = now or timezone.now()
    zone = zoneinfo.ZoneInfo(office.timezone if is_valid_timezone(office.timezone) else "UTC")
    return now.astimezone(zone)


def opening_state(office, now=None):
    """Open or closed at `now`, read in the office's own time zone.

    Uses `office.opening_hours.all()`, so a prefetched office costs no query.
    """
    moment = local_now(office, now)
    periods = sorted(office.opening_hours.all(), key=lambda p: (p.weekday, p.opens))
    if not periods:
        return OpeningState(local_now=moment, is_open=None)
    weekday, clock = moment.weekday(), moment.time().replace(tzinfo=None)
    for period in periods:
        if period.weekday == weekday and period.opens <= clock < period.closes:
            return OpeningState(local_now=moment, is_open=True, closes_at=period.closes)
    # The next period to start: later today, then the following days, wrapping round the week.
    upcoming = sorted(periods, key=lambda p: ((p.weekday - weekday) % 7 or (0 if p.opens > clock else 7), p.opens))
    following = upcoming[0]
    return OpeningState(local_now=moment, is_open=False, next_opening=(following.weekday, following.opens))
