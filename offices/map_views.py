"""The map of JETRO's offices: the world and Japan drawn on the server as SVG (places.maps), and the offices listed."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from pagecache.middleware import PAGE, cached_page
from places import maps

from .directory_order import with_headings
from .models import Office
from .querysets import OfficeQuerySet

# What a marker and a line of the list need; the rest stays in the database.
MAP_FIELDS = (*OfficeQuerySet.LISTING_FIELDS, "directory_key", "latitude", "longitude", "coordinates_precision")


def crowd_link(offices):
    """Where a map's "N offices here" marker leads: the directory, filtered to the prefecture or country they share.

    Offices of several countries (neighbours on the world map) lead to the list below the maps.
    """
    prefectures = {office.prefecture for office in offices}
    countries = {office.country.code for office in offices}
    if len(prefectures) == 1 and "" not in prefectures:
        return f"{reverse('offices:list')}?{urlencode({'prefecture': prefectures.pop()})}"
    if len(countries) == 1 and "" not in countries:
        return f"{reverse('offices:list')}?{urlencode({'country': countries.pop()})}"
    return "#office-index"


@cached_page(PAGE)
@require_safe
def office_map(request):
    offices = list(Office.objects.public().only(*MAP_FIELDS).in_directory_order())
    with_headings(offices)
    located = [office for office in offices if office.latitude is not None]
    served = {office.country.numeric_padded for office in located if not office.in_japan}
    context = {
        "offices": offices,
        "world": maps.world_map(located, highlight=served, crowd_link=crowd_link),
        "japan": maps.japan_map(located, crowd_link=crowd_link),
        "located_count": len(located),
        "unlocated_count": len(offices) - len(located),
    }
    return render(request, "offices/map.html", context)
