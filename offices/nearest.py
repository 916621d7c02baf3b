"""The offices nearest a point, found through an index on (latitude, longitude), not by measuring every office.

A box around the point is read through office_position_idx and widened until it
holds enough offices within the circle the box surely covers. Inside a box the
database orders the offices by a flat-map distance (no trigonometry in SQL, so
SQLite and PostgreSQL alike) and hands back only the nearest CANDIDATES by it;
only those are measured on the sphere, so a question reads a few hundred rows at
most, however many offices a city holds. The flat map is checked against the
sphere (`_surely_all_read`): where it cannot vouch for the answer (near a pole,
or thousands of km from any office), the whole box is read, at most `limit`
offices a position.

While the offices stand at no more than MEASURE_ALL_UP_TO positions (about 90 for the
real directory: most are placed at their city's centre), the page keeps every position
for the generation, as it keeps pieces of pages, and measures them all.
"""

import heapq
import math
from dataclasses import dataclass

from django.db import connections
from django.db.models import F, Window
from django.db.models.functions import RowNumber

from places.gazetteer import EARTH_RADIUS_KM, distance_km

from .models import Office

KM_PER_DEGREE = 111.2
# Up to this many positions of published offices on the map, they may be kept for the directory's
# generation and a question measures each in Python: no box, no query.
MEASURE_ALL_UP_TO = 2_000
# Offices kept at one position, the first by id: the most a kept question may ask for (the page asks for 5).
PER_POSITION = 10
# Half-widths of the box, in degrees of latitude, tried in turn.
STEPS = (1, 3, 8, 20, 45, 90, 180)
# Rows read from a box at most: 50, or 10 for each office asked for beyond 5.
CANDIDATES = 50


@dataclass(frozen=True)
class Nearby:
    office: Office
    km: float

    @property
    def rounded_km(self):
        return round(self.km) if self.km >= 10 else round(self.km, 1)


def _box(latitude, longitude, half, column):
    """The condition (SQL, params) on `column(name)` that keeps the offices in a box `half` degrees of
    latitude each way, with the longitudes that span the same distance."""
    lat, lon = column("latitude"), column("longitude")
    condition, params = f"{lat} >= %s AND {lat} <= %s", [latitude - half, latitude + half]
    shrink = math.cos(math.radians(min(89.0, abs(latitude) + half)))
    span = half / shrink if shrink > 0 else 360
    if span >= 180:
        return condition, params
    west, east = longitude - span, longitude + span
    if west < -180:
        return f"{condition} AND ({lon} >= %s OR {lon} <= %s)", [*params, west + 360, east]
    if east > 180:
        return f"{condition} AND ({lon} >= %s OR {lon} <= %s)", [*params, west, east - 360]
    return f"{condition} AND {lon} >= %s AND {lon} <= %s", [*params, west, east]


POSITION_FIELD = Office._meta.get_field("latitude")  # longitude has the same digits


@dataclass(frozen=True)
class Located:
    """The SQL of some offices as (o_id, o_lat, o_lon), ending where a box's condition is added."""

    sql: str
    params: tuple
    alias: str

    def column(self, name):
        quote = connections[self.alias].ops.quote_name
        return f"{quote(Office._meta.db_table)}.{quote(name)}"

    def prepare(self, degrees):
        """A bound as the ORM sends it for the decimal columns (PostgreSQL then uses their index)."""
        return POSITION_FIELD.get_db_prep_value(degrees, connections[self.alias], prepared=False)


def _located(offices):
    """`offices` as Located: built by the ORM once a question, not once a box."""
    sql, params = (
        offices.order_by()
        .annotate(o_id=F("pk"), o_lat=F("latitude"), o_lon=F("longitude"))
        .values_list("o_id", "o_lat", "o_lon")
        .query.sql_with_params()
    )
    # Nothing follows the WHERE clause (no order, no grouping, no limit), so a condition can be added.
    return Located(sql + (" AND " if " WHERE " in sql else " WHERE "), tuple(params), offices.db)


# The offices of a box, at most `limit` at any one position, nearest first on the flat map (equirectangular:
# squared degrees, longitudes the short way round, across the antimeridian if need be). Written out because
# the ORM took longer to build this window and arithmetic than the database took to answer it; the box and
# the caller's filters stay the ORM's (`box`).
CANDIDATES_SQL = """
SELECT o_id, o_lat, o_lon FROM (
  SELECT o_id, o_lat, o_lon, ROW_NUMBER() OVER (PARTITION BY o_lat, o_lon ORDER BY o_id) AS place_rank,
    (CAST(o_lat AS DOUBLE PRECISION) - %(lat)s) * (CAST(o_lat AS DOUBLE PRECISION) - %(lat)s)
    + {east_west} * {east_west} * %(shrink)s AS flat
  FROM ({box}) AS box
) AS ranked
WHERE place_rank <= %(limit)s ORDER BY flat, o_id{cap}
"""
EAST_WEST_SQL = """(CASE WHEN o_lon > %(east_edge)s THEN CAST(o_lon AS DOUBLE PRECISION) - %(east_turn)s
  WHEN o_lon < %(west_edge)s THEN CAST(o_lon AS DOUBLE PRECISION) - %(west_turn)s
  ELSE CAST(o_lon AS DOUBLE PRECISION) - %(lon)s END)"""


def _candidates(located, latitude, longitude, half, limit, count=None):
    """[(pk, latitude, longitude)] of up to `count` of the `located` offices in the box `half` degrees
    around the point (all of them when `count` is None), nearest first on the flat map, ties by pk; of
    offices sharing a position, only the first `limit` by pk."""
    box_sql, box_params = _box(latitude, longitude, half, located.column)
    inner_params = [*located.params, *map(located.prepare, box_params)]
    # The box's positional placeholders become named ones beside ours (a literal %% stays one).
    inner = (located.sql.replace("%%", "%%%%") + box_sql) % tuple(f"%(box{n})s" for n in range(len(inner_params)))
    sql = CANDIDATES_SQL.format(east_west=EAST_WEST_SQL, box=inner, cap="" if count is None else " LIMIT %(count)s")
    params = {f"box{n}": value for n, value in enumerate(inner_params)}
    params.update(
        lat=latitude,
        lon=longitude,
        shrink=math.cos(math.radians(latitude)) ** 2,
        east_edge=longitude + 180,
        east_turn=longitude + 360,
        west_edge=longitude - 180,
        west_turn=longitude - 360,
        limit=limit,
        count=count,
    )
    with connections[located.alias].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _flat(latitude, longitude, lat, lon):
    """The flat-map distance of CANDIDATES_SQL, in Python."""
    east_west = lon - longitude
    if east_west > 180:
        east_west -= 360
    elif east_west < -180:
        east_west += 360
    return (lat - latitude) ** 2 + (east_west * math.cos(math.radians(latitude))) ** 2


def _surely_all_read(latitude, km, farthest):
    """Whether every office within `km` of the point was read, when each office left unread is at least
    `farthest` (degrees²) away on the flat map.

    Along a great circle of d degrees from the point, cos(latitude) stays above cos(|latitude| + d), so the
    flat map stretches it at most cos(latitude) / cos(|latitude| + d) times. Within reach of a pole it can
    stretch without end, and says nothing."""
    if km == 0:
        # At the point itself the flat distance is 0, and unread offices there come after the read ones by pk.
        return True
    degrees = math.degrees(km / EARTH_RADIUS_KM)
    if abs(latitude) + degrees >= 90:
        return False
    stretched = degrees * math.cos(math.radians(latitude)) / math.cos(math.radians(abs(latitude) + degrees))
    # The margin covers the database's rounding, which is not Python's.
    return stretched * stretched * (1 + 1e-9) < farthest


def _measure(latitude, longitude, rows):
    return sorted((distance_km(latitude, longitude, float(lat), float(lon)), pk) for pk, lat, lon in rows)


def positions():
    """((latitude, longitude, pks), ...) of every position of a published office on the map, with the
    first PER_POSITION offices there by id, to be kept and passed to nearest_offices as `known`;
    False when there are more than MEASURE_ALL_UP_TO positions."""
    ranked = (
        Office.objects.public()
        .filter(latitude__isnull=False)
        .annotate(place_rank=Window(RowNumber(), partition_by=[F("latitude"), F("longitude")], order_by=F("pk").asc()))
        .filter(place_rank__lte=PER_POSITION)
        .order_by("latitude", "longitude", "pk")
        .values_list("latitude", "longitude", "pk")
    )
    at = {}
    for lat, lon, pk in ranked[: MEASURE_ALL_UP_TO * PER_POSITION + 1]:
        at.setdefault((lat, lon), []).append(pk)
        if len(at) > MEASURE_ALL_UP_TO:
            return False
    return tuple((float(lat), float(lon), tuple(pks)) for (lat, lon), pks in at.items())


def nearest_offices(latitude, longitude, limit=5, queryset=None, exclude_country=None, full=False, known=None):
    """Up to `limit` published offices nearest the point, nearest first, with straight-line distances in km.

    The offices come with what a list shows; `full` for every field (their phone, email...). `known`:
    what positions() gave, kept; it answers for the published offices (no `queryset`, no `exclude_country`)."""
    if known and limit <= PER_POSITION and queryset is None and not exclude_country:
        # Offices at one position are equally far: only the first `limit` there by id can be in the answer.
        measured = heapq.nsmallest(
            limit,
            (
                (km, pk)
                for lat, lon, pks in known
                for km in (distance_km(latitude, longitude, lat, lon),)
                for pk in pks[:limit]
            ),
        )
        return _listed(measured, full)
    offices = (queryset if queryset is not None else Office.objects.public()).filter(latitude__isnull=False)
    if exclude_country:
        offices = offices.exclude(country=exclude_country)
    located = _located(offices)
    candidates = max(CANDIDATES, 10 * limit)
    measured = []
    for half in STEPS:
        # Offices that share a position (a city centre) are measured alike: only the first `limit` of each
        # by pk can be in the answer, so the rest of a crowded city does not crowd out the next city.
        rows = _candidates(located, latitude, longitude, half, limit, candidates)
        measured = _measure(latitude, longitude, rows)
        # Inside this distance the box holds every office there is.
        covered = half * KM_PER_DEGREE
        if half != STEPS[-1] and len([km for km, _pk in measured if km <= covered]) < limit:
            continue
        if len(rows) == candidates and measured:
            _pk, lat, lon = rows[-1]
            farthest = _flat(latitude, longitude, float(lat), float(lon))
            if not _surely_all_read(latitude, measured[limit - 1][0], farthest):
                measured = _measure(latitude, longitude, _candidates(located, latitude, longitude, half, limit))
        break
    return _listed(measured[:limit], full)


def _listed(chosen, full):
    rows = Office.objects.all() if full else Office.objects.for_listing()
    by_pk = rows.in_bulk([pk for _km, pk in chosen])
    return [Nearby(by_pk[pk], km) for km, pk in chosen if pk in by_pk]
