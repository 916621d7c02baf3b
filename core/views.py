"""Views every deployment needs, whatever the listings: the load balancer's health check and the 500 handler."""

import sys

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe

from .outage import RETRY_AFTER_SECONDS, database_unavailable, is_database_outage


@never_cache
@require_safe
def healthz(request):
    """200 "ok" once the database answers; 503 while it does not (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        response = HttpResponse("database unavailable", status=503, content_type="text/plain")
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse("ok", content_type="text/plain")


@requires_csrf_token
def server_error(request):
    """handler500: a database outage that escaped the views (in a middleware, say) is still a 503."""
    if is_database_outage(sys.exc_info()[1]):
        return database_unavailable(request)
    return defaults.server_error(request)
