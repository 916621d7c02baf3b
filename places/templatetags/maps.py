"""{% load maps %}: an office's locator map and its OpenStreetMap link (offices/includes/locator_map.html)."""

from django import template

from places.maps import is_approximate, locator, openstreetmap_url

register = template.Library()


@register.simple_tag
def office_location(office):
    """What the locator map shows for `office`, or None when it has no coordinates.

    `office` is anything with latitude, longitude, coordinates_precision and in_japan.
    """
    drawn = locator(office.latitude, office.longitude, in_japan=office.in_japan)
    if drawn is None:
        return None
    precision = office.coordinates_precision
    places = 5 if precision == "exact" else 2
    return {
        "map": drawn,
        "precision": precision,
        "approximate": is_approximate(office),
        "url": openstreetmap_url(office.latitude, office.longitude, precision),
        # As precise as the position is: a city centre is not known to the metre.
        "coordinates": f"{float(office.latitude):.{places}f}, {float(office.longitude):.{places}f}",
    }
