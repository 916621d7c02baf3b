import csv

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_safe
from django_countries import countries

from jetro_site.listing import filtered_page
from pagecache.middleware import LOCAL_TIME, PAGE, cached_page

from .directory import in_directory_order, with_headings
from .filters import OfficeFilter
from .formats import json_ld_script_content, office_json_ld, office_vcard
from .hours import opening_state
from .models import Office
from .resources import OfficeResource


def present_countries_only(form):
    """Offer in the country menu only the countries that have offices (and the one asked for).

    Returns those countries' codes, for pages that say whether a country has an office."""
    present = set(Office.objects.public_countries())
    chosen = form.data.get("country", "").strip().upper()
    field = form.fields["country"]
    field.choices = [("", field.empty_label)] + [
        (code, name) for code, name in countries if code in present or code == chosen
    ]
    return present


@cached_page(PAGE)
@require_safe
def office_list(request):
    offices = Office.objects.public()
    context = filtered_page(
        request, OfficeFilter, offices.for_listing(), order=lambda qs, _data: in_directory_order(qs)
    )
    with_headings(context["page_obj"].object_list)
    present_countries_only(context["filterset"].form)
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


class _Echo:
    def write(self, value):
        return value


@require_safe
def office_export_csv(request):
    """The directory as filtered on the page, in the same columns as the shipped data."""
    filterset = OfficeFilter(request.GET, queryset=Office.objects.public().select_related("successor"))
    if not filterset.is_valid():
        errors = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in filterset.errors.items())
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    resource = OfficeResource()
    writer = csv.writer(_Echo())

    def rows():
        yield "\ufeff"  # so that spreadsheet programs read the file as UTF-8
        yield writer.writerow(resource.get_export_headers())
        for office in in_directory_order(filterset.qs).iterator(chunk_size=500):
            yield writer.writerow(resource.export_resource(office))

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="jetro-offices.csv"'
    return response
