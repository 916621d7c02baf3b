"""The map of JETRO's offices: the world and Japan drawn on the server as SVG (places.maps), and the offices listed."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from pagecache.middleware import PAGE, cached_page
from places import maps

from .directory_order import with_headings
from .models import Office
from .querysets import OfficeQuerySet

# What a marker and a line of the list need; the rest stays in the database.
MAP_FIELDS = (*OfficeQuerySet.LISTING_FIELDS, "directory_key", "latitude", "longitude", "coordinates_precision")


@cached_page(PAGE)
@require_safe
def office_map(request):
    offices = list(Office.objects.public().only(*MAP_FIELDS).in_directory_order())
    with_headings(offices)
    located = [office for office in offices if office.latitude is not None]
    served = {office.country.numeric_padded for office in located if not office.in_japan}
    context = {
        "offices": offices,
        "world": maps.world_map(located, highlight=served),
        "japan": maps.japan_map(located),
        "located_count": len(located),
        "unlocated_count": len(offices) - len(located),
    }
    return render(request, "offices/map.html", context)
