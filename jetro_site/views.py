import sys

from django import forms
from django.contrib.sitemaps.views import sitemap
from django.core.validators import ProhibitNullCharactersValidator
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe

from offices.directory import in_directory_order
from offices.facts import ORGANISATION_FACTS, PUBLISHED_TOTALS
from offices.filters import OfficeFilter
from offices.geography import JAPAN_REGIONS, Region
from offices.models import Office, StaffCount
from offices.search import MAX_QUERY_LENGTH
from pagecache.middleware import PAGE, cached_page
from services.filters import ServiceFilter
from services.models import Audience, Service
from services.views import in_catalogue_order

from .charts import bar_chart
from .listing import without_nul
from .sitemaps import SITEMAPS

SEARCH_PREVIEW = 10


def network_figures():
    """What the directory lists, in one query, to set beside the published totals."""
    return Office.objects.public().aggregate(
        overseas=Count("pk", filter=Q(kind=Office.Kind.OVERSEAS)),
        countries=Count("country", filter=Q(kind=Office.Kind.OVERSEAS), distinct=True),
        domestic=Count("pk", filter=Q(kind=Office.Kind.DOMESTIC)),
    )


def latest_staff_count():
    return StaffCount.objects.filter(office=None, domestic__isnull=False).order_by("-as_of").first()


def offices_by_region():
    """[(Region, count)] for the overseas network, in JETRO's order, then Japan as a whole."""
    rows = dict(
        Office.objects.public()
        .exclude(region__in=JAPAN_REGIONS)
        .values_list("region")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return [(Region(value), rows[value]) for value in Region.values if value in rows]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search offices and services"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        validators=[ProhibitNullCharactersValidator()],
        widget=forms.TextInput(attrs={"type": "search"}),
    )


@cached_page(PAGE)
@require_safe
def home(request):
    context = {
        "search_form": SearchForm(),
        "listed": network_figures(),
        "published": PUBLISHED_TOTALS,
        "staff": latest_staff_count(),
        "regions": offices_by_region(),
        "featured_services": Service.objects.public()
        .filter(audience__in=[Audience.FOREIGN_COMPANIES, Audience.BOTH])
        .order_by("category", "name")[:6],
    }
    return render(request, "home.html", context)


@cached_page(PAGE)
@require_safe
def search(request):
    """One search box for offices and services; each list links to its full, filterable page."""
    form = SearchForm(request.GET)
    valid = form.is_valid()
    form.data = without_nul(request.GET)
    context = {"search_form": form, "query": ""}
    if valid and form.cleaned_data["q"].strip():
        query = form.cleaned_data["q"].strip()
        offices = in_directory_order(OfficeFilter({"q": query}, queryset=Office.objects.public()).qs)
        services = in_catalogue_order(ServiceFilter({"q": query}, queryset=Service.objects.public()).qs)
        context.update(
            query=query,
            offices=list(offices[:SEARCH_PREVIEW]),
            office_count=offices.count(),
            services=list(services[:SEARCH_PREVIEW]),
            service_count=services.count(),
        )
    return render(request, "search.html", context)


@cached_page(PAGE)
@require_safe
def about(request):
    regions = offices_by_region()
    staff = list(StaffCount.objects.filter(office=None).order_by("as_of"))
    context = {
        "facts": ORGANISATION_FACTS,
        "published": PUBLISHED_TOTALS,
        "listed": network_figures(),
        "regions": regions,
        "region_chart": bar_chart([(region.label, count) for region, count in regions]),
        "staff": staff,
        "latest_staff": latest_staff_count(),
        "staff_chart": bar_chart(
            [(date_format(count.as_of, "YEAR_MONTH_FORMAT"), count.total, count.domestic) for count in staff]
        ),
    }
    return render(request, "about.html", context)


@cached_page(PAGE)
@require_safe
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    return HttpResponse(f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n", content_type="text/plain; charset=utf-8")


@cached_page(PAGE)
@require_safe
def sitemap_xml(request):
    return sitemap(request, sitemaps=SITEMAPS)


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
