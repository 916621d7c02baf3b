"""Views every deployment needs, whatever the listings: the load balancer's health check and the 500 handler."""

import sys

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe

from . import cache
from .error_pages import error_page
from .outage import RETRY_AFTER_SECONDS, database_unavailable, is_database_outage


@never_cache
@require_safe
def healthz(request):
    """Can this server serve? 200 once the database answers, 503 while it does not (for load balancers).

    The first line is the answer ("ok", or "database unavailable"); the next
    says how the shared cache is: "cache: ok", "cache: unavailable" (the
    site still serves, rendering every page itself) or "cache: local" (no
    REDIS_URL: a memory cache in each process). A cache outage is not a
    reason to take a server out of the pool: every server shares the same
    Redis, so it would turn a slower site into no site.
    """
    cache_line = f"cache: {cache.state()}"
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        response = HttpResponse(f"database unavailable\n{cache_line}\n", status=503, content_type="text/plain")
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse(f"ok\n{cache_line}\n", content_type="text/plain")


@requires_csrf_token
def server_error(request):
    """handler500: a database outage that escaped the views (in a middleware, say) is still a 503."""
    if is_database_outage(sys.exc_info()[1]):
        return database_unavailable(request)
    return error_page("500.html", status=500)
