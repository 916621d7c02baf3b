"""When the directory last changed: the Last-Modified of answers that cover all of it."""

import datetime

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .registry import listing_models


def _as_datetime(value):
    # PostgreSQL answers with an aware datetime, SQLite with text in UTC.
    if value is None or isinstance(value, datetime.datetime):
        return value
    parsed = parse_datetime(str(value))
    return timezone.make_aware(parsed, datetime.UTC) if timezone.is_naive(parsed) else parsed


def last_change():
    """The latest `updated_at` of any listing, published or not, in one query (None when there is none).

    Unpublishing through the admin is a save, so it moves too. It cannot see a
    deletion or a bulk update(): the ETag (a hash of the body) is the reliable validator.
    """
    tables = [
        connection.ops.quote_name(model._meta.db_table)
        for model in listing_models()
        if not model._meta.auto_created
        and "updated_at" in {field.name for field in model._meta.concrete_fields}
        and not hasattr(model, "instance_type")  # history rows record changes; they are not listings
    ]
    with connection.cursor() as cursor:
        # Table names come from the models, never from a request.
        cursor.execute(" UNION ALL ".join(f"SELECT MAX(updated_at) FROM {table}" for table in tables))  # noqa: S608
        stamps = [_as_datetime(row[0]) for row in cursor.fetchall()]
    known = [stamp for stamp in stamps if stamp is not None]
    return max(known) if known else None


def latest(*stamps):
    """The latest of some datetimes, ignoring None."""
    known = [stamp for stamp in stamps if stamp is not None]
    return max(known) if known else None
