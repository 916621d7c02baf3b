"""Offices the reference data records as opened after the date the directory describes (January 2020):
named on their country's page with a source, never counted or listed as offices (offices_NOTES.md,
"Not listed"). Kept as data: data/opened_later.csv."""

import csv
import datetime
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

OPENED_LATER_FILE = Path(__file__).parent / "data" / "opened_later.csv"


@dataclass(frozen=True)
class OpenedLater:
    country: str
    city: str
    opened: datetime.date  # the month it opened (the day is not recorded: the 1st)
    source: str

    @property
    def source_label(self):
        return urlsplit(self.source).hostname.removeprefix("www.")


@cache
def _all():
    with open(OPENED_LATER_FILE, encoding="utf-8", newline="") as handle:
        return tuple(
            OpenedLater(row["country"], row["city"], datetime.date.fromisoformat(f"{row['opened']}-01"), row["source"])
            for row in csv.DictReader(handle)
        )


def opened_later(country):
    """The offices opened in `country` (ISO alpha-2) after the directory's date, oldest first."""
    return [office for office in _all() if office.country == country]
