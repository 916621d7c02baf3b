"""The pages that draw on every listing app: home, search, about, and what search engines read."""

from urllib.parse import urlencode

from django.core.paginator import EmptyPage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from core.list_pages import first_and_count
from core.organisation import ORGANISATION_FACTS, PUBLISHED_TOTALS
from core.origin import site_origin
from core.search import search_phrase
from core.templatetags.names import english
from offices.completeness import totals as completeness_totals
from offices.models import Office, StaffCount
from offices.origin import read_near
from pagecache import generation
from pagecache.files import built_file_response
from pagecache.middleware import PAGE, cached_page
from pages.charts import bar_chart
from places.countries import country_for, every_country
from services.models import Audience, ContactPoint, InvestmentFigure, InvestmentSeries, InvestmentUnit, Service

from . import sitemaps
from .forms import SearchForm

SEARCH_PREVIEW = 10


@cached_page(PAGE)
@require_safe
def home(request):
    context = {"search_form": SearchForm(), "published": PUBLISHED_TOTALS, "country_menu": every_country()}
    # Read only when the piece that shows them is not kept for this generation ({% fragment %}).
    context["figures"] = SimpleLazyObject(home_figures)
    return render(request, "home.html", context)


def home_figures():
    return {
        "listed": Office.objects.network_figures(),
        "staff": StaffCount.objects.latest_for_organisation(),
        "regions": Office.objects.by_world_region(),
        "featured_services": list(
            Service.objects.public()
            .filter(audience__in=[Audience.FOREIGN_COMPANIES, Audience.BOTH])
            .order_by("category", "name")[:6]
        ),
    }


@cached_page(PAGE)
@require_safe
def search(request):
    """One search box for offices and services; each list links to its full, filterable page."""
    form = SearchForm(request.GET)
    valid = form.is_valid()
    context = {"search_form": form, "query": ""}
    if valid and form.cleaned_data["q"].strip():
        query = form.cleaned_data["q"].strip()
        # What the query asks once the words that frame it are set aside: "Kenya office" asks "kenya".
        phrase = search_phrase(query)
        # A query that names a country ("UK", "Slovenia", "米国", "office in Kenya") leads to that country's page.
        if code := country_for(query, codes=False) or country_for(phrase, codes=False):
            return redirect("country", code=code.lower())
        # What `q` does on each list (OfficeFilter.filter_q, core.filters.SearchFilter), so that
        # search here and on the lists agree, without building their FilterSets' forms.
        offices = Office.objects.public().for_listing().search_directory(query).in_directory_order()
        services = Service.objects.public().search(query).in_catalogue_order()
        contacts = ContactPoint.objects.public().search(query).in_contacts_order()
        # Counted by the database only when there are more than the page shows.
        context["offices"], context["office_count"] = first_and_count(offices, SEARCH_PREVIEW)
        context["services"], context["service_count"] = first_and_count(services, SEARCH_PREVIEW)
        context["contacts"], context["contact_count"] = first_and_count(contacts, SEARCH_PREVIEW)
        context["query"] = query
        if not (context["office_count"] or context["service_count"] or context["contact_count"]):
            # A place with no office ("Lyon", "Oslo", "とうきょう" before any office is listed there)
            # leads to the offices nearest to it, as the nearest-office form would.
            reading = read_near(phrase, request)
            if reading.origin is not None:
                return redirect(f"{reverse('offices:nearest')}?{urlencode({'near': phrase})}")
            # "Did you mean" from the offices' cities and names, every country and the larger cities.
            context["suggestions"] = reading.suggestions
    return render(request, "search.html", context)


@cached_page(PAGE)
@require_safe
def about(request):
    context = {"facts": ORGANISATION_FACTS, "published": PUBLISHED_TOTALS}
    # Read only when the piece that shows them is not kept for this generation ({% fragment %}).
    context["figures"] = SimpleLazyObject(about_figures)
    return render(request, "about.html", context)


def about_figures():
    regions = Office.objects.by_world_region()
    staff = list(StaffCount.objects.for_organisation())
    return {
        "listed": Office.objects.network_figures(),
        "regions": regions,
        "region_chart": bar_chart([(region.label, count) for region, count in regions]),
        "staff": staff,
        "latest_staff": StaffCount.objects.latest_for_organisation(),
        "staff_chart": bar_chart(
            [(date_format(count.as_of, "YEAR_MONTH_FORMAT"), count.total, count.domestic) for count in staff]
        ),
        "investment": investment_figures(),
        # How many of the listed offices have each detail (offices.completeness), in one query.
        "completeness": completeness_totals(),
    }


def _note(figure):
    in_japanese = (get_language() or "en").startswith("ja")
    return figure.note_ja if in_japanese and figure.note_ja else english(figure.note)


def _distinct_notes(figures):
    return list(dict.fromkeys(_note(figure) for figure in figures if figure.note))


def investment_figures():
    """The about page's investment section, from the published figures (one query).

    Key figures are facts, each with its note. A chart draws the exact shares
    of its series; a figure the source gives only as a bound ("over 40%") is
    said in words, never drawn. A chart's notes (what its shares are of) are
    said once with it.
    """
    figures = list(InvestmentFigure.objects.public().in_page_order())
    for figure in figures:
        figure.note_html = _note(figure)
    series = {value: [f for f in figures if f.series == value] for value in InvestmentSeries.values}
    stock = series[InvestmentSeries.STOCK_BY_REGION]
    survey = series[InvestmentSeries.SURVEY]
    drawn = [f for f in survey if f.unit == InvestmentUnit.PERCENT and not f.qualifier]
    return {
        "any": bool(figures),
        "key_figures": series[InvestmentSeries.KEY_FIGURES],
        "stock": stock,
        "stock_chart": bar_chart([(f.short_label, f.number) for f in stock]),
        "stock_notes": _distinct_notes(stock),
        "survey_drawn": drawn,
        "survey_chart": bar_chart([(f.short_label, f.number) for f in drawn]),
        "survey": survey,
        "survey_notes": _distinct_notes(survey),
        "sources": list(dict.fromkeys((f.source, f.published_on) for f in figures)),
    }


@cached_page(PAGE)
@require_safe
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    return HttpResponse(
        f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n", content_type="text/plain; charset=utf-8"
    )


@require_safe
def sitemap_xml(request):
    """The sitemap, built once per generation, like the downloads (pagecache.files), and streamed from disk.

    Only `p` (its page, for a directory of over 50,000 addresses) plays a part: any other query
    string, and any Host, gets the same file, its links on the site's own origin (SITE_ORIGIN).
    Rendering it takes the best part of a second; it was rendered afresh for each of them.
    """
    number = request.GET.get("p", "1")
    if not (number.isdecimal() and len(number) < 10 and int(number) >= 1):
        raise Http404
    page, origin = int(number), site_origin(request)

    def build():
        try:
            return sitemaps.sitemap_xml(origin, page)
        except EmptyPage:
            raise Http404 from None

    label = f"{generation.for_request(request)} {origin} {page}"
    response = built_file_response("sitemap.xml", label, lambda out: out.write(build()), "application/xml")
    if response is None:  # PAGE_CACHE_FILES not writable: still answer, built in memory
        return HttpResponse(build(), content_type="application/xml")
    del response["Content-Disposition"]
    return response
