"""{% load maps %}: an office's locator map and its OpenStreetMap link (offices/includes/locator_map.html)."""

import re

from django import template
from django_countries import countries

from places.maps import is_approximate, locator, openstreetmap_search_url, openstreetmap_url

register = template.Library()

# A note in an address, "(from 2 Dec 2019)": kept on the page, left out of a map search.
_NOTE = re.compile(r"\([^)]*\)")


def address_query(office):
    """The office's address as one line to search a map for, with its city and country; "" without one."""
    address = getattr(office, "address", "") or getattr(office, "address_local", "")
    address = " ".join(_NOTE.sub(" ", address).split()).strip(" ,")
    if not address:
        return ""
    parts = [address]
    city = getattr(office, "city", "")
    if city and city.casefold() not in address.casefold():
        parts.append(city)
    country = str(getattr(office, "country", "") or "")
    if country:
        parts.append(str(countries.name(country)) or country)
    return ", ".join(parts)


def directions(office):
    """(url, kind) of the office's "Directions" link: to the exact position an editor set; else a search
    for its address; else to its city centre, or the country's map for a capital; (None, "") with none."""
    precision = office.coordinates_precision
    has_position = office.latitude is not None and office.longitude is not None
    if has_position and precision == "exact":
        return openstreetmap_url(office.latitude, office.longitude, precision), "exact"
    if query := address_query(office):
        return openstreetmap_search_url(query), "address"
    if has_position:
        return openstreetmap_url(office.latitude, office.longitude, precision), precision
    return None, ""


@register.simple_tag
def office_location(office):
    """What the locator map shows for `office`, and its "Directions" link; None when it has neither
    coordinates nor an address.

    `office` is anything with latitude, longitude, coordinates_precision and in_japan (and, for its
    address, address, address_local, city and country).
    """
    url, kind = directions(office)
    drawn = locator(office.latitude, office.longitude, in_japan=office.in_japan)
    if drawn is None and url is None:
        return None
    precision = office.coordinates_precision
    places = 5 if precision == "exact" else 2
    return {
        "map": drawn,
        "precision": precision,
        "approximate": is_approximate(office),
        "url": url,
        # "exact", "address", "city" or "country": what the link leads to.
        "directions": kind,
        # As precise as the position is: a city centre is not known to the metre.
        "coordinates": f"{float(office.latitude):.{places}f}, {float(office.longitude):.{places}f}" if drawn else "",
    }
