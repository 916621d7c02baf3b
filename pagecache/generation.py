"""Read and move on the directory's generation (see models.Generation)."""

from django.db import connections, router
from django.db.models import F

from .models import Generation

ROW = 1


def current():
    """Read on every cached page: one plain SELECT, because building and compiling an ORM
    query cost more than the cache hit it guards (bench/profile_pages.py --cache)."""
    connection = connections[router.db_for_read(Generation)]
    table = connection.ops.quote_name(Generation._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {table} WHERE id = %s", [ROW])  # noqa: S608 (the model's own table)
        row = cursor.fetchone()
    return 0 if row is None else row[0]


def for_request(request):
    """The generation as this request first read it: one query per request, whoever asks
    (and one per call outside a request: `request` None)."""
    if request is None:
        return current()
    request = getattr(request, "_request", request)  # Django's request inside a DRF view
    if not hasattr(request, "_page_cache_generation"):
        request._page_cache_generation = current()
    return request._page_cache_generation


def bump(**_signal_arguments):
    """Move the generation on. Inside a transaction, readers see it when the change commits."""
    if not Generation.objects.filter(pk=ROW).update(value=F("value") + 1):
        Generation.objects.get_or_create(pk=ROW, defaults={"value": 1})
