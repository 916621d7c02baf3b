"""A database outage, told apart from other errors, and the 503 a visitor gets meanwhile.

Used by the middleware (an outage inside a view) and by handler500 (one that
escaped the views); neither imports a view.
"""

from django.db import InterfaceError, OperationalError, connection
from django.utils.cache import add_never_cache_headers

from .error_pages import error_page

# Seconds a client (or the load balancer) should wait before trying again during a database outage.
RETRY_AFTER_SECONDS = 30


def database_unavailable(request):
    """The 503 page while the database is away. Rendered without a request context: it must not need the database."""
    response = error_page("503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # A CDN or browser must not keep the outage page once the site is back.
    add_never_cache_headers(response)
    return response


def is_database_outage(exception):
    """A lost or refused connection, as Django reports it or as the driver raised it.

    Django wraps most driver errors, but not all: closing a PostgreSQL
    server-side cursor (a form's choices read with .iterator()) on a dropped
    connection raises psycopg's own OperationalError.
    """
    driver = connection.Database
    return isinstance(exception, (OperationalError, InterfaceError, driver.OperationalError, driver.InterfaceError))
