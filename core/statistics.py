"""The query planner's statistics, refreshed after a bulk load.

A table loaded in one go (the gazetteer, the shipped directory) otherwise keeps the statistics of the
empty table it was: PostgreSQL then chose to read every place to find one by name (docs/performance.md,
"Planner statistics"), until autovacuum looked at the table (which a server may not do soon, or at all). SQLite's
planner reads the same kind of statistics (`sqlite_stat1`) when they exist.
"""

from django.db import connections, router


def refresh_statistics(models):
    """ANALYZE the tables of `models` (the many-to-many tables Django makes for them included)."""
    models = list(models)
    if not models:
        return
    connection = connections[router.db_for_write(models[0])]
    tables = []
    for model in models:
        tables.append(model._meta.db_table)
        tables += [field.remote_field.through._meta.db_table for field in model._meta.local_many_to_many]
    with connection.cursor() as cursor:
        for table in dict.fromkeys(tables):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
