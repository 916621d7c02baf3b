"""An office's time: its local time now, whether it is open, and the public holidays that close it."""

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from functools import lru_cache

from django.utils import timezone
from django.utils.translation import get_language

from .geography import is_valid_timezone
from .models import OpeningHours

# How far ahead to look for the next opening across holidays (a long break is a week or two).
LOOKAHEAD_DAYS = 21


@dataclass(frozen=True)
class OpeningState:
    local_now: dt.datetime
    is_open: bool | None  # None when the hours are not listed
    closes_at: dt.time | None = None
    next_opening: tuple[int, dt.time] | None = None  # (weekday, opens)
    next_date: dt.date | None = None
    holiday: str = ""  # the public holiday that closes the office today

    @property
    def next_day(self):
        """The weekday of the next opening, in the active language."""
        return OpeningHours.Weekday(self.next_opening[0]).label if self.next_opening else ""


def local_now(office, now=None):
    now = now or timezone.now()
    zone = zoneinfo.ZoneInfo(office.timezone if is_valid_timezone(office.timezone) else "UTC")
    return now.astimezone(zone)


@lru_cache(maxsize=512)
def _holidays(country, year, language):
    # Imported when first needed: its calendars take a tenth of a second of every process's start.
    import holidays

    try:
        calendar = holidays.country_holidays(country, years=[year, year + 1])
    except NotImplementedError:
        return {}
    supported = getattr(calendar, "supported_languages", ())
    wanted = "ja" if language.startswith("ja") and "ja" in supported else "en_US" if "en_US" in supported else None
    if wanted:
        calendar = holidays.country_holidays(country, years=[year, year + 1], language=wanted)
    return dict(calendar.items())


def public_holiday(country, day):
    """The name of the public holiday on `day` in `country` (in the page's language where known), or ""."""
    if not country:
        return ""
    return _holidays(country, day.year, get_language() or "en").get(day, "")


def opening_state(office, now=None):
    """Open or closed at `now`, read in the office's own time zone; closed on its country's public holidays.

    Uses `office.opening_hours.all()`, so a prefetched office costs no query.
    """
    moment = local_now(office, now)
    periods = sorted(office.opening_hours.all(), key=lambda p: (p.weekday, p.opens))
    if not periods:
        return OpeningState(local_now=moment, is_open=None)
    country = office.country.code if office.country else ""
    today, clock = moment.date(), moment.time().replace(tzinfo=None)
    holiday = public_holiday(country, today)
    if not holiday:
        for period in periods:
            if period.weekday == today.weekday() and period.opens <= clock < period.closes:
                return OpeningState(local_now=moment, is_open=True, closes_at=period.closes)
    # The next period to start, from later today on, skipping public holidays.
    for offset in range(LOOKAHEAD_DAYS):
        day = today + dt.timedelta(days=offset)
        if public_holiday(country, day):
            continue
        starts = [p for p in periods if p.weekday == day.weekday() and (offset or p.opens > clock)]
        if starts:
            return OpeningState(
                local_now=moment,
                is_open=False,
                next_opening=(starts[0].weekday, starts[0].opens),
                next_date=day,
                holiday=holiday,
            )
    return OpeningState(local_now=moment, is_open=False, holiday=holiday)
