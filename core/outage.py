"""A database outage, told apart from other errors, and the 503 a visitor gets meanwhile.

Used by the middleware (an outage inside a view) and by handler500 (one that
escaped the views); neither imports a view.
"""

from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connection, connections
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


def check_database(using=DEFAULT_DB_ALIAS):
    """Raise the database's own error now if it does not answer.

    A download streamed as it is read from the database asks this first: with the database
    away, it fails in its view (a 503 with Retry-After, from the middleware) rather than after
    its first bytes have left with a 200. (Reading its first row instead would leave a
    server-side cursor open in a response nobody reads, which psycopg may then close in the
    middle of another query on the same connection, and hang.)
    """
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT 1")
