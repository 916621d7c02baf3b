"""The offices app's models: offices with their opening hours, and headcounts."""

from ..choices import CoordinatesPrecision, OfficeKind, OfficeStatus
from ..search_text import place_names
from .hours import OpeningHours
from .office import Office, validate_timezone
from .staff import StaffCount

__all__ = [
    "CoordinatesPrecision",
    "Office",
    "OfficeKind",
    "OfficeStatus",
    "OpeningHours",
    "StaffCount",
    "place_names",
    "validate_timezone",
]
