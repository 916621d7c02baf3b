"""Where an office is on a map: exactly where an editor put it, or worked out and said to be approximate."""

from decimal import Decimal, InvalidOperation

from places.gazetteer import locate

from .choices import CoordinatesPrecision


def _as_decimals(latitude, longitude):
    try:
        return Decimal(str(latitude)), Decimal(str(longitude))
    except (InvalidOperation, TypeError, ValueError):
        return latitude, longitude


def derive_position(office):
    """(latitude, longitude, precision) for `office`: the precision follows where the position came from.

    - Coordinates a person typed (new, or changed since the row was read: in the admin, in a CSV
      file) are exact and kept: a load never overwrites them, nor does a change of city.
    - Coordinates that are the gazetteer's own answer for the office's place (the city's centre,
      the prefecture's seat in Japan, the capital) are approximate, whoever wrote them: an
      exported row imported back, or this function's own answer worked out a moment before
      (the admin and the import validate, then save: both work the position out).
    - An approximate position that nobody moved follows the place: a new city, a new centre.
    """
    precision = office.coordinates_precision
    typed = None
    if office.latitude is not None:
        current = _as_decimals(office.latitude, office.longitude)
        loaded = getattr(office, "_loaded_position", None)
        moved = loaded is not None and current != _as_decimals(*loaded)
        if precision == CoordinatesPrecision.EXACT and not moved:
            return office.latitude, office.longitude, CoordinatesPrecision.EXACT
        if moved or precision == "":
            typed = current
    code = office.country.code if office.country else ""
    found = locate(code, office.city, office.prefecture)
    derived = None
    if found is not None:
        latitude, longitude, derived_precision = found
        derived = Decimal(f"{latitude:.6f}"), Decimal(f"{longitude:.6f}"), derived_precision
    if typed is not None and (derived is None or typed != derived[:2]):
        return office.latitude, office.longitude, CoordinatesPrecision.EXACT
    return derived or (None, None, CoordinatesPrecision.NONE)
