from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from core.csv_format import export_lines
from core.filters import offer_only_countries
from core.list_pages import filtered_page
from pagecache.middleware import LOCAL_TIME, PAGE, cached_page

from .directory_order import with_headings
from .filters import OfficeFilter
from .hours import opening_state
from .jsonld import json_ld_script_content, office_json_ld
from .models import Office
from .resources import OfficeResource
from .vcard import office_vcard


@cached_page(PAGE)
@require_safe
def office_list(request):
    context = filtered_page(
        request, OfficeFilter, Office.objects.public().for_listing(), order=lambda qs, _data: qs.in_directory_order()
    )
    with_headings(context["page_obj"].object_list)
    offer_only_countries(context["filterset"].form, Office.objects.public_countries())
    return render(request, "offices/office_list.html", context)


@cached_page(LOCAL_TIME)
@require_safe
def office_detail(request, slug):
    office = get_object_or_404(Office.objects.public().for_detail(), slug=slug)
    return render_office(request, office)


def render_office(request, office, preview=False):
    """The office page; the admin's preview of an unpublished office renders it too."""
    nearby = Office.objects.public().exclude(pk=office.pk).order_by("name")
    # Abroad, the other offices in the country; in Japan, those in the same region.
    nearby = nearby.filter(region=office.region) if office.in_japan else nearby.filter(country=office.country)
    url = request.build_absolute_uri(office.get_absolute_url())
    context = {
        "office": office,
        "nearby": nearby,
        "opening": opening_state(office, timezone.now()),
        "json_ld": json_ld_script_content(office_json_ld(office, url)),
        "preview": preview,
    }
    return render(request, "offices/office_detail.html", context)


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
        errors = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in filterset.errors.items())
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    offices = filterset.qs.in_directory_order().iterator(chunk_size=500)
    response = StreamingHttpResponse(
        export_lines(OfficeResource(public=True), offices), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="jetro-offices.csv"'
    return response
