"""Where an office is on a map: exactly where an editor put it, or worked out and said to be approximate."""

from decimal import Decimal

from places.gazetteer import locate

from .choices import CoordinatesPrecision


def derive_position(office):
    """(latitude, longitude, precision) for `office`.

    Coordinates an editor typed (new, or changed since the row was read) are exact and
    kept: a load never overwrites them. Otherwise they come from the gazetteer: the
    city's centre, the prefecture's seat in Japan, or the capital ("country").
    """
    loaded = getattr(office, "_loaded_position", None)
    moved = loaded is not None and (office.latitude, office.longitude) != loaded
    precision = office.coordinates_precision
    if office.latitude is not None and (precision in ("", CoordinatesPrecision.EXACT) or moved):
        return office.latitude, office.longitude, CoordinatesPrecision.EXACT
    code = office.country.code if office.country else ""
    found = locate(code, office.city, office.prefecture)
    if found is None:
        return None, None, CoordinatesPrecision.NONE
    latitude, longitude, precision = found
    return Decimal(f"{latitude:.6f}"), Decimal(f"{longitude:.6f}"), precision
