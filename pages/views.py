"""The pages that draw on every listing app: home, search, about, and what search engines read."""

from django.contrib.sitemaps.views import sitemap
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format
from django.views.decorators.http import require_safe

from core.charts import bar_chart
from core.list_pages import without_nul
from core.organisation import ORGANISATION_FACTS, PUBLISHED_TOTALS
from offices.filters import OfficeFilter
from offices.models import Office, StaffCount
from pagecache.middleware import PAGE, cached_page
from services.filters import ServiceFilter
from services.models import Audience, Service

from .forms import SearchForm
from .sitemaps import SITEMAPS

SEARCH_PREVIEW = 10


@cached_page(PAGE)
@require_safe
def home(request):
    context = {
        "search_form": SearchForm(),
        "listed": Office.objects.network_figures(),
        "published": PUBLISHED_TOTALS,
        "staff": StaffCount.objects.latest_for_organisation(),
        "regions": Office.objects.by_world_region(),
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
        # The lists' own FilterSets, so that search here and `q` on each list agree.
        offices = OfficeFilter({"q": query}, queryset=Office.objects.public()).qs.in_directory_order()
        services = ServiceFilter({"q": query}, queryset=Service.objects.public()).qs.in_catalogue_order()
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
    regions = Office.objects.by_world_region()
    staff = list(StaffCount.objects.for_organisation())
    context = {
        "facts": ORGANISATION_FACTS,
        "published": PUBLISHED_TOTALS,
        "listed": Office.objects.network_figures(),
        "regions": regions,
        "region_chart": bar_chart([(region.label, count) for region, count in regions]),
        "staff": staff,
        "latest_staff": StaffCount.objects.latest_for_organisation(),
        "staff_chart": bar_chart(
            [(date_format(count.as_of, "YEAR_MONTH_FORMAT"), count.total, count.domestic) for count in staff]
        ),
    }
    return render(request, "about.html", context)


@cached_page(PAGE)
@require_safe
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    return HttpResponse(
        f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n", content_type="text/plain; charset=utf-8"
    )


@cached_page(PAGE)
@require_safe
def sitemap_xml(request):
    return sitemap(request, sitemaps=SITEMAPS)
