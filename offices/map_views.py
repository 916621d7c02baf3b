"""The map of JETRO's offices: the world and Japan drawn on the server as SVG (places.maps), and the offices listed.

Up to DRAW_EACH_UP_TO offices (the real directory has about 120) each office is a marker and a line
of the list. Past it (the benchmark grows the directory to 100,000), the database counts the offices of each place and
the page draws a marker for each place and lists countries and prefectures with their number,
each linked to the directory filtered to it: the page costs the same at any size.
"""

from collections import namedtuple
from urllib.parse import urlencode

from django.db.models import Avg, Count, Exists, F
from django.db.models.functions import Floor
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_countries.fields import Country

from pagecache.middleware import PAGE, cached_page
from places import map_groups, maps
from places.countries import country_name

from .directory_order import directory_key, with_headings
from .geography import JAPAN, Prefecture, Region
from .models import Office
from .querysets import OfficeQuerySet

# What a marker and a line of the list need; the rest stays in the database.
MAP_FIELDS = (*OfficeQuerySet.LISTING_FIELDS, "directory_key", "latitude", "longitude", "coordinates_precision")
# More offices than this and each is no longer drawn and listed: their places are, with their number.
DRAW_EACH_UP_TO = 400
# The side, in degrees, of the grid cells a country's offices are counted in on the world map:
# a country's far-apart cities (New York, Los Angeles) keep markers of their own.
CELL_DEGREES = 5

REGIONS = {region.value: region for region in Region}
# Offices counted together on a map (places.map_groups).
Place = namedtuple("Place", "latitude longitude count name href in_japan")


def listing_link(**filters):
    """The directory filtered to a country or a prefecture."""
    return f"{reverse('offices:list')}?{urlencode(filters)}"


def crowd_link(offices):
    """Where a map's "N offices here" marker leads: the directory, filtered to the prefecture or country they share.

    Offices of several countries (neighbours on the world map) lead to the list below the maps.
    """
    prefectures = {office.prefecture for office in offices}
    countries = {office.country.code for office in offices}
    if len(prefectures) == 1 and "" not in prefectures:
        return listing_link(prefecture=prefectures.pop())
    if len(countries) == 1 and "" not in countries:
        return listing_link(country=countries.pop())
    return "#office-index"


@cached_page(PAGE)
@require_safe
def office_map(request):
    # The maps and the list change only with the directory: kept for its generation
    # ({% fragment %} in the template), and worked out only when they are not.
    return render(request, "offices/map.html", {"maps": SimpleLazyObject(map_context)})


def map_context():
    # One query for the real directory: its offices, unless there are too many to draw each
    # (a bounded look past the first DRAW_EACH_UP_TO), then none and the places are counted.
    too_many = Office.objects.public()[DRAW_EACH_UP_TO : DRAW_EACH_UP_TO + 1]
    offices = list(Office.objects.public().filter(~Exists(too_many)).only(*MAP_FIELDS).in_directory_order())
    if not offices and (counted := count_places())["counted"]:
        return counted
    with_headings(offices)
    located = [office for office in offices if office.latitude is not None]
    served = {office.country.numeric_padded for office in located if not office.in_japan}
    return {
        "offices": offices,
        "world": maps.world_map(located, highlight=served, crowd_link=crowd_link),
        "japan": maps.japan_map(located, crowd_link=crowd_link),
        "located_count": len(located),
        "unlocated_count": len(offices) - len(located),
    }


def count_places():
    """The maps and the list of a big directory, from the number of offices of each place (one query).

    The rows are bounded by the places (countries' grid cells, prefectures), never by the offices.
    A place is ("country", code) or ("prefecture", value): what the directory filters on.
    """
    rows = (
        Office.objects.public()
        .order_by()
        .annotate(row=Floor(F("latitude") / CELL_DEGREES), column=Floor(F("longitude") / CELL_DEGREES))
        .values_list("country", "region", "prefecture", "row", "column")
        .annotate(Count("pk"), Avg("latitude"), Avg("longitude"))
    )
    world, japan, listed = {}, {}, {}
    for country, region, prefecture, row, column, count, latitude, longitude in rows:
        place = ("prefecture", prefecture) if country == JAPAN and prefecture else ("country", country)
        listed[region, place] = listed.get((region, place), 0) + count
        if row is None:  # no position: counted in the list, on no map
            continue
        # Summed as count × mean, so that a place's marker is at the mean of all its offices.
        weighted = (count, float(latitude) * count, float(longitude) * count)
        add(world, (("country", country), row, column), weighted)
        if country == JAPAN:
            add(japan, (place,), weighted)
    located = sum(count for count, _, _ in world.values())
    links = PlaceLinks()
    return {
        "offices": [],
        "counted": counted_index(listed, links),
        "world": map_groups.grouped_world_map(
            places(world, links), highlight={Country(key[0][1]).numeric_padded for key in world if key[0][1] != JAPAN}
        ),
        "japan": map_groups.grouped_japan_map(places(japan, links)),
        "located_count": located,
        "unlocated_count": sum(listed.values()) - located,
    }


def add(totals, key, weighted):
    count, latitude, longitude = totals.get(key, (0, 0.0, 0.0))
    totals[key] = (count + weighted[0], latitude + weighted[1], longitude + weighted[2])


class PlaceLinks:
    """A place's name and the directory filtered to it."""

    def __init__(self):
        self.directory = reverse("offices:list")

    def name(self, place):
        kind, code = place
        return str(Prefecture(code).label) if kind == "prefecture" else country_name(code)

    def link(self, place):
        return f"{self.directory}?{urlencode([place])}"


def places(totals, links):
    """A Place for each of `totals` ({(place, ...): (count, Σ latitude, Σ longitude)}), at its offices' mean."""
    found = []
    for (place, *_cell), (count, latitude, longitude) in totals.items():
        in_japan = place[0] == "prefecture" or place[1] == JAPAN
        found.append(Place(latitude / count, longitude / count, count, links.name(place), links.link(place), in_japan))
    return found


def counted_index(counts, links):
    """[(heading, [(name, link, count)])] in the directory's order: Japan's prefectures by region, then countries.

    `counts`: {(region, place): offices}.
    """

    def order(item):
        (region, (kind, code)), _count = item
        if kind == "prefecture" or code == JAPAN:
            return directory_key("domestic", JAPAN, region, code if kind == "prefecture" else "")
        return directory_key("overseas", code, region, "")

    index = {}
    for (region, place), count in sorted(counts.items(), key=order):
        region_name = str(REGIONS[region].label) if region in REGIONS else ""
        if place[0] == "prefecture" or place[1] == JAPAN:
            heading = _("Japan: %(region)s") % {"region": region_name} if region_name else _("Japan")
        else:
            heading = region_name
        index.setdefault(heading, []).append((links.name(place), links.link(place), count))
    return list(index.items())
