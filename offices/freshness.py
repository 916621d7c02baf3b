"""How old an office's contact details are, as its `source_as_of` says, read without guessing.

`source_as_of` is free text written by people: "2009", "2020-04", "2017-2022",
"2016+" (an undated source: the earliest year it can describe), "2025?" (a year
inferred), and for a row with several sources the dates joined with " ; ",
where a date may name the details it is for: "2019 ; 2009 (phone)".

A detail's date is the one that names it; otherwise any date that names no
detail may be its date (the text does not say which source gave what). A note
"phone as of 2009" is shown only when every date that may be the detail's is
more than three years before today. Anything that cannot be read for certain
(an open "2016+", an inferred "2025?", words) gives no note: no year is
ever made up.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

STALE_AFTER_YEARS = 3

# The contact details a source date can be about, with the words the data uses for each.
CONTACT_DETAILS = {
    "address": ("address", "addresses", "postal code", "postcode"),
    "phone": ("phone", "telephone", "tel", "tel."),
    "fax": ("fax",),
    "email": ("email", "e-mail", "mail"),
    "website": ("website", "web site", "web", "url", "site"),
}
DETAIL_NAMES = {
    "address": _("address"),
    "phone": _("phone"),
    "fax": _("fax"),
    "email": _("email"),
    "website": _("website"),
}
# The fields behind each detail: an address is shown when either script has one.
DETAIL_FIELDS = {
    "address": ("address", "address_local"),
    "phone": ("phone",),
    "fax": ("fax",),
    "email": ("email",),
    "website": ("website",),
}

SEGMENT = re.compile(r"^(?P<date>[^()]*?)\s*(?:\((?P<label>[^()]*)\))?$")
YEAR = re.compile(r"^(\d{4})$")
MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
YEARS = re.compile(r"^(\d{4})\s*[-–]\s*(\d{4})$")


@dataclass(frozen=True)
class Period:
    """What one date of the text covers: from `start` to `end`, both included; `kind` says how it was written."""

    start: dt.date
    end: dt.date
    kind: str  # "year", "month", "day" or "years"


def read_period(text):
    """The period a date is written as, or None when it is open, uncertain or not a date."""
    text = text.strip()
    try:
        if match := YEAR.match(text):
            year = int(match[1])
            return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
        if match := MONTH.match(text):
            year, month = int(match[1]), int(match[2])
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            return Period(dt.date(year, month, 1), following - dt.timedelta(days=1), "month")
        if match := DAY.match(text):
            day = dt.date(int(match[1]), int(match[2]), int(match[3]))
            return Period(day, day, "day")
        if (match := YEARS.match(text)) and int(match[1]) <= int(match[2]):
            return Period(dt.date(int(match[1]), 1, 1), dt.date(int(match[2]), 12, 31), "years")
    except ValueError:  # 2019-13, 2019-02-30
        return None
    return None


def details_named(label):
    """The contact details a date's label names: "(phone)" -> {"phone"}; words that name none -> empty."""
    words = {word.strip().lower() for word in re.split(r",|/|&|\band\b", label or "") if word.strip()}
    return {detail for detail, names in CONTACT_DETAILS.items() if words & set(names)}


def dates_for(source_as_of):
    """{detail: [period or None, ...]}: the dates that may be each contact detail's, None for one unreadable."""
    named, unnamed = {}, []
    for segment in (source_as_of or "").split(";"):
        segment = segment.strip()
        if not segment:
            continue
        match = SEGMENT.match(segment)
        if match is None:
            unnamed.append(None)
            continue
        period = read_period(match["date"])
        details = details_named(match["label"])
        if details:
            for detail in details:
                named.setdefault(detail, []).append(period)
        else:
            unnamed.append(period)
    return {detail: named.get(detail, unnamed) for detail in CONTACT_DETAILS}


def years_before(today, years):
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def describe(periods):
    """The date of a detail as a visitor reads it: "2009", "April 2020", "2017–2022"."""
    if len(periods) == 1:
        period = periods[0]
        if period.kind == "month":
            return formats.date_format(period.start, "YEAR_MONTH_FORMAT")
        if period.kind == "day":
            return formats.date_format(period.start, "DATE_FORMAT")
    first, last = min(p.start.year for p in periods), max(p.end.year for p in periods)
    if first == last:
        return pgettext("a year alone", "%(year)s") % {"year": first}
    return pgettext("a span of years", "%(first)s–%(last)s") % {"first": first, "last": last}


def current_date():
    return timezone.localdate()


def old_details(office, today=None):
    """{detail: "phone as of 2009"} for each contact detail the office lists whose source is over three years old."""
    today = today or current_date()
    cutoff = years_before(today, STALE_AFTER_YEARS)
    notes = {}
    for detail, periods in dates_for(office.source_as_of).items():
        if not any(getattr(office, field) for field in DETAIL_FIELDS[detail]):
            continue
        if not periods or None in periods or any(period.end >= cutoff for period in periods):
            continue
        values = {"detail": DETAIL_NAMES[detail], "date": describe(periods)}
        notes[detail] = pgettext("a contact detail's date", "%(detail)s as of %(date)s") % values
    return notes
