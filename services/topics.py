"""Words people search by that a listing's own text may not use: "export control" and 輸出管理 find the
trade-control desks, "investing in Japan" and 対日投資 the investment desks and services, 展示会 and
見本市 the trade-fair services.

Kept as data, beside the listings (data/topics.csv): one row per kind of listing ("service" or
"contact") and category, its words in English and Japanese. They are added to the search text of
every listing of that category (a data migration or `load_directory` refreshes the stored text),
so they widen what a search finds; they are never shown.
"""

import csv
from functools import cache
from pathlib import Path

TOPICS_FILE = Path(__file__).parent / "data" / "topics.csv"
LISTINGS = ("service", "contact")


@cache
def _topics():
    with open(TOPICS_FILE, encoding="utf-8", newline="") as handle:
        return {(row["listing"], row["category"]): row["words"] for row in csv.DictReader(handle)}


def topic_words(listing, category):
    """The topic words of a `listing` ("service" or "contact") of this category, or ""."""
    return _topics().get((listing, category), "")
