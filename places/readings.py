"""Readings of the place names that offices' search text holds in kanji: とうきょう finds 東京.

NFKC folds hiragana into katakana (core.search.normalise) but can never read kanji. The
gazetteer's other names give a reading for some Japanese cities (よこはま) and none for most
(Tokyo has 東京 and 東京都, no とうきょう); data/readings.csv gives one for each prefecture, each
city with a JETRO office in Japan, Japan's regions, and the Chinese cities and countries the
directory writes in kanji. A reading is added to the search text of every office whose text
holds the written form, so matching stays one `contains` on the stored column.
"""

import csv
from functools import cache
from pathlib import Path

from core.search import normalise

READINGS_FILE = Path(__file__).parent / "data" / "readings.csv"


@cache
def _readings():
    """((written, reading), ...), both normalised, longest written form first."""
    with open(READINGS_FILE, encoding="utf-8", newline="") as handle:
        pairs = {(normalise(row["written"]), normalise(row["reading"])) for row in csv.DictReader(handle)}
    return tuple(sorted(pairs, key=lambda pair: (-len(pair[0]), pair)))


def readings_in(text):
    """The readings of every written name that `text` holds, each name read whole: 東京都 is
    とうきょうと, and the 京都 inside it is not read as Kyoto."""
    key, found = normalise(text), []
    for written, reading in _readings():  # longest first
        if written in key:
            found.append(reading)
            key = key.replace(written, " ")
    return found


@cache
def _written():
    written_for_reading = {}
    for written, reading in _readings():
        written_for_reading.setdefault(reading, written)
    return written_for_reading


def written_for(reading):
    """The written form of a name typed as its reading ("とうきょう" -> "東京"), or None."""
    return _written().get(normalise(reading))
