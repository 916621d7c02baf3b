"""Growing the directory for the growth-with-size tables, on PostgreSQL, in seconds rather than minutes.

`generate_scale_data` works out each synthetic office's position, time zone and search line
from the gazetteer, a few queries per office: about 10 ms an office, so 100,000 offices take
a quarter of an hour. The benchmark therefore asks it for a base of BASE offices (with their
services and links), then copies those rows in SQL, numbered on as the command numbers them
(`synthetic-office-N`), with the same derived fields and the same links to services. The copies
are as valid as the originals (the same constraints hold) and `generate_scale_data --remove`
removes them with the rest.
"""

import psycopg

BASE = 1000
OFFICES = "offices_office"
LINKS = "services_service_offices"
# The number at the end of a synthetic office's slug.
NUMBER = r"substring(b.slug from '\d+$')::int"
SYNTHETIC = "b.slug LIKE 'synthetic-office-%%'"


def base_spec(spec):
    """generate_scale_data's arguments for the base: the size's services, and its links per office."""
    return {"offices": BASE, "services": spec["services"], "links": spec["links"] * BASE // spec["offices"]}


def copy_offices(database_url, first_copy, last_copy, link_share=1):
    """Copies number first_copy..last_copy of the BASE base offices; `link_share` (1, 1/2...) of their links."""
    with psycopg.connect(database_url) as connection:
        columns = [
            row[0]
            for row in connection.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position",
                [OFFICES],
            )
            if row[0] not in ("id", "slug", "name")
        ]
        # The search line names the office by its number too (core.search normalises "Synthetic office 12").
        copied = ", ".join(
            f"regexp_replace(b.{column}, 'synthetic office \\d+', 'synthetic office ' || ({NUMBER} + k * {BASE}))"
            if column == "search_text"
            else f"b.{column}"
            for column in columns
        )
        base = f"{SYNTHETIC} AND {NUMBER} < {BASE}"
        connection.execute(
            f"INSERT INTO {OFFICES} (slug, name, {', '.join(columns)}) "  # noqa: S608 - our own names
            f"SELECT 'synthetic-office-' || ({NUMBER} + k * {BASE}), 'Synthetic office ' || ({NUMBER} + k * {BASE}), "
            f"{copied} FROM {OFFICES} b CROSS JOIN generate_series(%s::int, %s::int) AS k WHERE {base}",
            [first_copy, last_copy],
        )
        keep = round(1 / link_share)
        connection.execute(
            f"INSERT INTO {LINKS} (service_id, office_id) "  # noqa: S608 - our own names
            f"SELECT l.service_id, c.id FROM {LINKS} l JOIN {OFFICES} b ON b.id = l.office_id "
            f"CROSS JOIN generate_series(%s::int, %s::int) AS k "
            f"JOIN {OFFICES} c ON c.slug = 'synthetic-office-' || ({NUMBER} + k * {BASE}) "
            f"WHERE {base} AND (l.id %% {keep}) = 0",
            [first_copy, last_copy],
        )
        # A bulk change sends no signal: move the directory's generation on, as generate_scale_data does.
        connection.execute("UPDATE pagecache_generation SET value = value + 1")
        connection.commit()
        # Fresh statistics, as autovacuum would gather later: without them the planner takes
        # the copied tables for small and sorts every office rather than reading the directory's
        # index, and the sizes measured would be the planner's, not the pages'.
        connection.autocommit = True
        connection.execute(f"ANALYZE {OFFICES}")
        connection.execute(f"ANALYZE {LINKS}")
        offices = connection.execute(f"SELECT count(*) FROM {OFFICES}").fetchone()[0]  # noqa: S608
        links = connection.execute(f"SELECT count(*) FROM {LINKS}").fetchone()[0]  # noqa: S608
    return offices, links
