"""The open data pages (the API's reference, the downloads) and the download endpoints."""

from django.conf import settings
from django.db.models import Max
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import renderers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import CONDITIONAL_HEADERS, NOT_MODIFIED, LastModifiedMixin, ReadOnlyMixin
from offices.models import Office
from pagecache.middleware import PAGE, cached_page
from services.models import Service

from . import exports
from .schema import reference

# --- Pages ----------------------------------------------------------------


@cached_page(PAGE)
@require_safe
def api_reference(request):
    """The API described for people: generated from the same OpenAPI document as /api/v1/schema/."""
    service = Service.objects.public().order_by("slug").values_list("slug", flat=True).first() or "ibsc"
    examples = [
        request.build_absolute_uri(reverse("api:office-list") + "?country=DE"),
        request.build_absolute_uri(reverse("api:service-detail", args=[service])),
    ]
    context = {"reference": reference(), "examples": examples, "api_root": request.build_absolute_uri("/api/v1/")}
    return render(request, "opendata/api.html", context)


DOWNLOADS = [
    ("api:export-offices", "offices.csv", "CSV", _("Every published office, in the columns of the shipped data.")),
    ("api:export-services", "services.csv", "CSV", _("Every published service, with the slugs of its offices.")),
    ("api:export-links", "office-services.csv", "CSV", _("Which office offers which service: one pair a row.")),
    ("api:export-contacts", "contacts.csv", "CSV", _("The contact points named by published services.")),
    (
        "api:export-hsds",
        "hsds.json",
        "JSON",
        _(
            "Everything above in Open Referral HSDS terms: organization, service, location, service_at_location, "
            "phone, schedule."
        ),
    ),
]


@cached_page(PAGE)
@require_safe
def open_data(request):
    offices = Office.objects.public()
    services = Service.objects.public()
    latest = [
        stamp
        for stamp in (
            offices.aggregate(latest=Max("updated_at"))["latest"],
            services.aggregate(latest=Max("updated_at"))["latest"],
        )
        if stamp is not None
    ]
    context = {
        "updated": max(latest) if latest else None,
        "office_count": offices.count(),
        "service_count": services.count(),
        "downloads": [
            {"url": reverse(name), "file": file, "format": kind, "description": description}
            for name, file, kind, description in DOWNLOADS
        ],
        "licence_url": settings.DATA_LICENCE["url"],
    }
    return render(request, "opendata/open_data.html", context)


# --- Downloads --------------------------------------------------------------


class CsvRenderer(renderers.BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data.encode("utf-8")


class Download(ReadOnlyMixin, LastModifiedMixin, APIView):
    """A whole-directory file: Last-Modified (and so conditional GET), and a file name for the browser."""

    filename = ""

    def build(self, request):
        raise NotImplementedError

    def finalize_response(self, request, response, *args, **kwargs):
        if response.status_code != 200:
            # An error is JSON, like the rest of the API, whatever the file's format.
            request.accepted_renderer = renderers.JSONRenderer()
            request.accepted_media_type = renderers.JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    def get(self, request):
        response = Response(self.build(request))
        response["Content-Disposition"] = f'attachment; filename="jetro-directory-{self.filename}"'
        return response


def download_schema(operation_id, summary, media_type):
    return extend_schema_view(
        get=extend_schema(
            operation_id=operation_id,
            summary=summary,
            parameters=CONDITIONAL_HEADERS,
            responses={
                (200, media_type): OpenApiTypes.STR if media_type == "text/csv" else OpenApiTypes.OBJECT,
                304: NOT_MODIFIED,
            },
        )
    )


class CsvDownload(Download):
    renderer_classes = [CsvRenderer]


@download_schema("export_offices_csv", _("Every published office, as CSV"), "text/csv")
class OfficesCsv(CsvDownload):
    filename = "offices.csv"

    def build(self, request):
        return exports.offices_csv()


@download_schema("export_services_csv", _("Every published service, as CSV"), "text/csv")
class ServicesCsv(CsvDownload):
    filename = "services.csv"

    def build(self, request):
        return exports.services_csv()


@download_schema(
    "export_office_services_csv", _("Which published office offers which published service, as CSV"), "text/csv"
)
class LinksCsv(CsvDownload):
    filename = "office-services.csv"

    def build(self, request):
        return exports.links_csv()


@download_schema("export_contacts_csv", _("The contact points of published services, as CSV"), "text/csv")
class ContactsCsv(CsvDownload):
    filename = "contacts.csv"

    def build(self, request):
        return exports.contacts_csv()


@download_schema("export_hsds_json", _("The whole published directory as Open Referral HSDS JSON"), "application/json")
class HsdsJson(Download):
    filename = "hsds.json"

    def build(self, request):
        return exports.hsds_document(request.build_absolute_uri("/").rstrip("/"))
