"""The offices app's models: offices with their opening hours, and headcounts."""

from ..choices import OfficeKind, OfficeStatus
from .office import Office, OpeningHours, place_names, validate_timezone
from .staff import StaffCount

__all__ = ["Office", "OfficeKind", "OfficeStatus", "OpeningHours", "StaffCount", "place_names", "validate_timezone"]
