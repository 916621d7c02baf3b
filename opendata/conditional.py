"""Conditional GET for the API and the downloads: ETag, Last-Modified, and 304 Not Modified.

The ETag is a hash of the body itself, so it is right whatever changed: an
edit, an unpublication, a change to a related office or service, a deletion,
even a bulk `update()` that leaves `updated_at` alone. Building the body
costs the few queries of one page; a 304 saves the client the transfer and
the parsing.

Last-Modified is the latest `updated_at` of any office, service or contact
point, published or not (unpublishing through the admin is a save, so it
moves too). It has HTTP's one-second precision and cannot see a deletion or a
bulk `update()`: If-None-Match is the reliable validator, and it wins over
If-Modified-Since when a client sends both.
"""

import datetime

from django.db import connection
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date

from offices.models import Office
from pagecache.middleware import content_etag
from services.models import ContactPoint, Service

TIMESTAMPED = (Office, Service, ContactPoint)


def _as_datetime(value):
    # PostgreSQL answers with an aware datetime, SQLite with text in UTC.
    if value is None or isinstance(value, datetime.datetime):
        return value
    parsed = parse_datetime(str(value))
    return timezone.make_aware(parsed, datetime.UTC) if timezone.is_naive(parsed) else parsed


def last_change():
    """The latest `updated_at` in the directory, in one query (None when it is empty)."""
    tables = [connection.ops.quote_name(model._meta.db_table) for model in TIMESTAMPED]
    with connection.cursor() as cursor:
        # Table names come from the models, never from a request.
        cursor.execute(" UNION ALL ".join(f"SELECT MAX(updated_at) FROM {table}" for table in tables))  # noqa: S608
        stamps = [_as_datetime(row[0]) for row in cursor.fetchall()]
    known = [stamp for stamp in stamps if stamp is not None]
    return max(known) if known else None


class ConditionalGetMixin:
    """For DRF views: a 200 gets its ETag and Last-Modified, and a current copy gets a 304."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        response["ETag"] = content_etag(response.content)
        changed = last_change()
        if changed is not None:
            response["Last-Modified"] = http_date(changed.timestamp())
        # Caches may keep a copy, but must ask again before using it.
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=int(changed.timestamp()) if changed else None,
            response=response,
        )
