from functools import lru_cache, partial

from django.db.models import Q
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from core.csv_format import export_lines
from core.filters import offer_only_countries
from core.list_pages import filter_errors_text, filtered_page
from core.outage import check_database
from core.search import search_phrase
from core.text import is_blank, shown_back
from pagecache.fragments import kept
from pagecache.generation import for_request
from pagecache.middleware import LOCAL_TIME, PAGE, cached_page
from places.countries import named_in_reading_order

from .directory_order import with_headings
from .filters import OfficeFilter
from .geography import JAPAN_REGIONS
from .hours import opening_state
from .jsonld import json_ld_script_content, office_json_ld
from .models import Office
from .models.indexes import REACHABLE
from .nearest import nearest_offices, positions
from .origin import MAX_LENGTH as MAX_NEAR_LENGTH
from .origin import read_near
from .paging import RegionPaginator
from .resources import OfficeResource
from .vcard import office_vcard


@cached_page(PAGE)
@require_safe
def office_list(request):
    context = filtered_page(
        request,
        OfficeFilter,
        Office.objects.public().for_listing(),
        keep=kept,
        order=lambda qs, _data: qs.in_directory_order(),
        # A region is never split across pages.
        paginator_class=RegionPaginator,
    )
    with_headings(context["page_obj"].object_list)
    if not context["paginator"].count:
        context.update(nearest_instead(request, context["filterset"]))
    present = offer_only_countries(context["filterset"].form, countries_with_offices(request))
    # The A–Z (五十音 in Japanese) index of countries with an office, leading to their pages: sorted
    # only when its piece is rendered ({% fragment %}), once for the generation.
    context["country_index"] = SimpleLazyObject(partial(named_in_reading_order, present))
    return render(request, "offices/office_list.html", context)


def nearest_instead(request, filterset):
    """When `q` finds no office but names a place ("Lyon", "Slovenia office", "オスロ"), the offices
    nearest to it, as /offices/nearest/ gives them; otherwise what the visitor may have meant."""
    query = filterset.form.cleaned_data.get("q") if "q" not in filterset.errors else ""
    if not query:
        return {}
    reading = read_near(search_phrase(query), request)
    if reading.origin is None:
        return {"suggestions": reading.suggestions}
    origin = reading.origin
    nearby = nearest_offices(origin.latitude, origin.longitude, NEAREST_LIMIT, known=kept_positions(request))
    return {"nearest_to": origin, "nearby": nearby, "near": search_phrase(query)}


def countries_with_offices(request):
    """The codes of the countries with a published office, kept for the directory's generation:
    every list page's country menu offers only these."""
    return kept(request, "public-countries", lambda: tuple(Office.objects.public_countries()))


NEAREST_LIMIT = 5
# Offices a page lists by name before it leads to the directory for the rest: a country may have hundreds.
SHOWN = 20


def kept_positions(request):
    """The offices' positions, kept in this worker's memory for the generation the request read (like the
    spelling vocabulary: the pieces' cache would unpickle every position for each question); None when
    the directory has too many offices on the map: each question then reads boxes around its point."""
    return _positions(for_request(request)) or None


@lru_cache(maxsize=1)
def _positions(generation):
    return positions()


@cached_page(PAGE)
@require_safe
def office_nearest(request):
    """The offices nearest a city, country, prefecture or `lat,lon`, with straight-line distances."""
    near = request.GET.get("near", "")
    reading = read_near(near, request)
    nearby = []
    if reading.origin is not None:
        nearby = nearest_offices(
            reading.origin.latitude, reading.origin.longitude, NEAREST_LIMIT, known=kept_positions(request)
        )
    context = {
        # Shown back in the form without a control or formatting character, never longer than the form takes.
        "near": shown_back(near)[:MAX_NEAR_LENGTH],
        "reading": reading,
        "nearby": nearby,
        "asked": not is_blank(near),
    }
    return render(request, "offices/nearest.html", context)


@cached_page(LOCAL_TIME)
@require_safe
def office_detail(request, slug):
    # Its services ({% services_offered_at %}) and surroundings are read with the rest of the page that
    # changes only with the directory, not with the office: the hours and successor serve the live part.
    office = get_object_or_404(
        Office.objects.public().select_related("successor").prefetch_related("opening_hours"), slug=slug
    )
    return render_office(request, office)


def nearest_reachable(office):
    """When an office's phone or email is not listed: the nearest office in its JETRO world region whose phone
    or email is (Japan's regions are one); none rather than one across the world."""
    if (office.phone and office.email) or office.latitude is None:
        return None
    region = Q(region__in=JAPAN_REGIONS) if office.in_japan else Q(region=office.region)
    reachable = Office.objects.public().filter(REACHABLE & region).exclude(pk=office.pk)
    found = nearest_offices(float(office.latitude), float(office.longitude), 1, queryset=reachable, full=True)
    return found[0] if found else None


def render_office(request, office, preview=False):
    """The office page; the admin's preview of an unpublished office renders it too."""
    url = request.build_absolute_uri(office.get_absolute_url())
    context = {
        "office": office,
        "page_url": url,
        # The office's own clock and whether it is open now: worked out for every request.
        "opening": opening_state(office, timezone.now()),
        "today": timezone.localdate(),
        "preview": preview,
    }
    # The rest changes only with the directory: kept for the generation ({% fragment %} in the
    # template, never in a preview) and worked out only when it is not.
    context["surroundings"] = SimpleLazyObject(partial(office_surroundings, office, url))
    return render(request, "offices/office_detail.html", context)


def office_surroundings(office, url):
    # Abroad, the other offices in the country; in Japan, those in the same region.
    area = Office.objects.public()
    area = area.filter(region=office.region) if office.in_japan else area.filter(country=office.country)
    nearby = list(area.exclude(pk=office.pk).for_listing().order_by("name")[: SHOWN + 1])
    return {
        "nearby": nearby[:SHOWN],
        # When the page lists only some: how many the directory lists for the area, this office included.
        "in_area": area.count() if len(nearby) > SHOWN else None,
        "area_name": office.get_region_display() if office.in_japan else office.country.name,
        "reachable": nearest_reachable(office),
        "json_ld": json_ld_script_content(office_json_ld(office, url)),
    }


@cached_page(PAGE)
@require_safe
def office_vcard_download(request, slug):
    office = get_object_or_404(Office.objects.public().prefetch_related("opening_hours"), slug=slug)
    card = office_vcard(office, request.build_absolute_uri(office.get_absolute_url()))
    response = HttpResponse(card, content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(office.slug)}.vcf"'
    return response


@require_safe
def office_export_csv(request):
    """The directory as filtered on the page, in the columns of the shipped data (core.csv_format)."""
    filterset = OfficeFilter(request.GET, queryset=Office.objects.public().select_related("successor"))
    if not filterset.is_valid():
        return HttpResponse(filter_errors_text(filterset), status=400, content_type="text/plain; charset=utf-8")
    # With the database away, a 503 before the first byte, not a 200 cut off (core.outage).
    check_database()
    offices = filterset.qs.in_directory_order().iterator(chunk_size=500)
    response = StreamingHttpResponse(
        export_lines(OfficeResource(public=True), offices), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="jetro-offices.csv"'
    return response
