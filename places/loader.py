"""The gazetteer's load: GeoNames' cities and their names into the places tables, in bulk.

34,000 places and 220,000 names are written as plain rows (COPY on PostgreSQL,
one prepared INSERT run for every row elsewhere): building a model instance and
compiling an INSERT for each of them took the ORM most of a first `make run`.
Only what the site reads is kept: the columns of `Place`, and the names
`keeps_name` keeps, normalised as search normalises a query.
"""

from contextlib import contextmanager

from django.db import connections, router, transaction

from core.search import normalise
from core.statistics import refresh_statistics

from .gazetteer import keeps_name
from .models import Place, PlaceName

PLACE_COLUMNS = ("geonameid", "name", "country", "admin1", "latitude", "longitude", "population", "timezone")
NAME_COLUMNS = ("place_id", "name")


def place_row(city):
    return (
        city["geonameid"],
        city["name"],
        city["countrycode"],
        city.get("admin1code") or "",
        city["latitude"],
        city["longitude"],
        city.get("population") or 0,
        city.get("timezone") or "",
    )


def name_rows(city):
    """The city's names as search reads them, each once."""
    written = {normalise(name) for name in [city["name"], *city.get("alternatenames", ())]}
    return [(city["geonameid"], name) for name in sorted(written) if keeps_name(name)]


def rows(cities):
    """(place rows, name rows) of `cities` (GeoNames records), as the tables take them."""
    places, names = [], []
    for city in cities:
        places.append(place_row(city))
        names += name_rows(city)
    return places, names


def load(cities):
    """Replace the gazetteer with `cities` (GeoNames records); return (places, names) written."""
    return write(*rows(cities))


def write(places, names):
    """Replace the gazetteer with these rows; return how many of each were written."""
    connection = connections[router.db_for_write(Place)]
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor, _roomy_cache(connection, cursor):
        # Names first: they point to the places. Plain DELETEs, as nothing else refers to either table.
        for model in (PlaceName, Place):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
        _insert(connection, cursor, Place, PLACE_COLUMNS, places)
        _insert(connection, cursor, PlaceName, NAME_COLUMNS, names)
    refresh_statistics([Place, PlaceName])
    return len(places), len(names)


@contextmanager
def _roomy_cache(connection, cursor):
    """SQLite: 64 MB of page cache while the names' three indexes are filled (its default 2 MB spills to disk)."""
    if connection.vendor != "sqlite":
        yield
        return
    cursor.execute("PRAGMA cache_size")
    (before,) = cursor.fetchone()
    cursor.execute("PRAGMA cache_size = -65536")
    try:
        yield
    finally:
        cursor.execute(f"PRAGMA cache_size = {int(before)}")


def _insert(connection, cursor, model, columns, rows):
    quote = connection.ops.quote_name
    table, names = quote(model._meta.db_table), ", ".join(quote(column) for column in columns)
    if connection.vendor == "postgresql":
        with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608 (names from the model)
