#!/usr/bin/env python3
"""Does PostgreSQL use the trigram index for the directory search? (run by hand)

    DATABASE_URL=postgres://... python scripts/explain_search.py [--copies 1000]

Needs a migrated PostgreSQL database holding the directory (`load_directory`).
It multiplies the offices into a large synthetic table inside a transaction,
prints the plans of a few searches as the site runs them, and rolls
everything back: the database is left as it was.
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jetro_site.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402

from offices.models import Office  # noqa: E402

QUERIES = ["paulo", "デュッセルドルフ", "sao paulo", "大阪", "jetro"]


class Rollback(Exception):
    pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=1000, help="synthetic copies of each office (default 1000)")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Point DATABASE_URL at a PostgreSQL database: the trigram index exists only there.")
    if not Office.objects.exists():
        raise SystemExit("The database has no offices: run `manage.py load_directory` first.")
    table = Office._meta.db_table
    columns = [f.column for f in Office._meta.concrete_fields if f.column not in {"id", "slug", "search_text"}]
    copied = ", ".join(columns)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            # Each copy gets a unique slug and a random word, so the table is large and varied.
            sources = ", ".join("o." + c for c in columns)
            cursor.execute(
                f"INSERT INTO {table} (slug, search_text, {copied}) "  # noqa: S608 - our own column names
                f"SELECT o.slug || '-' || g, o.search_text || ' ' || md5(g::text), {sources} "
                f"FROM {table} o, generate_series(1, %s) g WHERE o.successor_id IS NULL",
                [args.copies],
            )
            cursor.execute(f"ANALYZE {table}")
            print(f"{Office.objects.count()} offices (synthetic, rolled back afterwards)\n")
            for query in QUERIES:
                queryset = Office.objects.public().search(query).values("pk")
                matches = queryset.count()
                plan = queryset.explain(analyze=True)
                uses_index = "office_search_text_trgm" in plan
                print(f"q={query!r}: {matches} matches; trigram index {'USED' if uses_index else 'not used'}")
                print("    " + "\n    ".join(plan.splitlines()) + "\n")
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
