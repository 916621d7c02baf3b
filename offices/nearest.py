"""The offices nearest a point, found through an index on (latitude, longitude), not by measuring every office.

A box around the point is read through office_position_idx and widened until it
holds enough offices within the circle the box surely covers; only those are
measured. At 100,000 offices a question costs a few index range scans.
"""

import math
from dataclasses import dataclass

from django.db.models import Q

from places.gazetteer import distance_km

from .models import Office

KM_PER_DEGREE = 111.2
# Half-widths of the box, in degrees of latitude, tried in turn.
STEPS = (1, 3, 8, 20, 45, 90, 180)


@dataclass(frozen=True)
class Nearby:
    office: Office
    km: float

    @property
    def rounded_km(self):
        return round(self.km) if self.km >= 10 else round(self.km, 1)


def _box(latitude, longitude, half):
    """Offices in a box `half` degrees of latitude each way, with the longitudes that span the same distance."""
    condition = Q(latitude__gte=latitude - half, latitude__lte=latitude + half)
    shrink = math.cos(math.radians(min(89.0, abs(latitude) + half)))
    span = half / shrink if shrink > 0 else 360
    if span >= 180:
        return condition
    west, east = longitude - span, longitude + span
    if west < -180:
        return condition & (Q(longitude__gte=west + 360) | Q(longitude__lte=east))
    if east > 180:
        return condition & (Q(longitude__gte=west) | Q(longitude__lte=east - 360))
    return condition & Q(longitude__gte=west, longitude__lte=east)


def nearest_offices(latitude, longitude, limit=5, queryset=None, exclude_country=None, full=False):
    """Up to `limit` published offices nearest the point, nearest first, with straight-line distances in km.

    The offices come with what a list shows; `full` for every field (their phone, email...)."""
    offices = (queryset if queryset is not None else Office.objects.public()).filter(latitude__isnull=False)
    if exclude_country:
        offices = offices.exclude(country=exclude_country)
    measured = []
    for half in STEPS:
        rows = offices.filter(_box(latitude, longitude, half)).values_list("pk", "latitude", "longitude")
        measured = sorted((distance_km(latitude, longitude, float(lat), float(lon)), pk) for pk, lat, lon in rows)
        # Inside this distance the box holds every office there is.
        covered = half * KM_PER_DEGREE
        if half == STEPS[-1] or len([km for km, _pk in measured if km <= covered]) >= limit:
            break
    chosen = measured[:limit]
    rows = Office.objects.all() if full else Office.objects.for_listing()
    by_pk = rows.in_bulk([pk for _km, pk in chosen])
    return [Nearby(by_pk[pk], km) for km, pk in chosen if pk in by_pk]
