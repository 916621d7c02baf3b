import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe

from offices.facts import PUBLISHED_TOTALS
from offices.geography import Region
from offices.models import Office, StaffCount
from services.models import Audience, Service


@require_safe
def home(request):
    offices = Office.objects.public()
    listed = offices.aggregate(
        overseas=Count("pk", filter=Q(kind=Office.Kind.OVERSEAS)),
        countries=Count("country", filter=Q(kind=Office.Kind.OVERSEAS), distinct=True),
        domestic=Count("pk", filter=Q(kind=Office.Kind.DOMESTIC)),
    )
    regions = offices.filter(kind=Office.Kind.OVERSEAS).values("region").annotate(count=Count("pk")).order_by("region")
    context = {
        "listed": listed,
        "published": PUBLISHED_TOTALS,
        "staff": StaffCount.objects.filter(office=None, domestic__isnull=False).order_by("-as_of").first(),
        "regions": [(Region(row["region"]), row["count"]) for row in regions],
        "featured_services": Service.objects.public()
        .filter(audience__in=[Audience.FOREIGN_COMPANIES, Audience.BOTH])
        .order_by("category", "name")[:8],
    }
    return render(request, "home.html", context)


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


# Seconds a client (or the load balancer) should wait before trying again during a database outage.
RETRY_AFTER_SECONDS = 30


def database_unavailable(request):
    """The 503 page while the database is away. Rendered without a request context: it must not need the database."""
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
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


@requires_csrf_token
def server_error(request):
    """handler500: a database outage that escaped the views (in a middleware, say) is still a 503."""
    if is_database_outage(sys.exc_info()[1]):
        return database_unavailable(request)
    return defaults.server_error(request)
