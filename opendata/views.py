"""The open data pages (the API's reference, the downloads) and the download endpoints."""

import json

from django.conf import settings
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import renderers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import CONDITIONAL_HEADERS, NOT_MODIFIED, LastModifiedMixin, ReadOnlyMixin
from core.origin import site_origin
from offices.geojson import offices_feature_collection
from offices.models import Office
from pagecache import generation
from pagecache.files import built_file_response
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
        "api:export-geojson",
        "offices.geojson",
        "GeoJSON",
        _("Every published office as a point on the map (RFC 7946), with how approximate its position is."),
    ),
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
        # To the second: HTML's <time datetime> allows at most three decimals, the database keeps six.
        "updated": max(latest).replace(microsecond=0) if latest else None,
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
    """Names text/csv for content negotiation and the schema; the file itself is not rendered by DRF."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data.encode("utf-8") if isinstance(data, str) else b""


class GeoJsonRenderer(renderers.JSONRenderer):
    """Names application/geo+json for content negotiation; the file itself is not rendered by DRF."""

    media_type = "application/geo+json"
    format = "geojson"


class Download(ReadOnlyMixin, LastModifiedMixin, APIView):
    """A whole-directory file: built once per generation, streamed, with an ETag, Last-Modified and a file name.

    The query string plays no part: `?x=1` gets the same file, and adds
    nothing to any cache. Where the file cannot be written, it is built in
    memory for each request.
    """

    filename = ""
    content_type = ""

    def chunks(self, request):
        """The file as pieces of text."""
        raise NotImplementedError

    def label(self, request):
        """What the file's content depends on besides the code: the directory's generation."""
        return str(generation.for_request(request))

    def finalize_response(self, request, response, *args, **kwargs):
        if isinstance(response, Response):
            # Not the file (an error, the answer to OPTIONS): JSON, like the rest of the API.
            request.accepted_renderer = renderers.JSONRenderer()
            request.accepted_media_type = renderers.JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    def get(self, request):
        with translation.override(settings.LANGUAGE_CODE):
            response = self.from_disk(request)
            if response is None:
                response = HttpResponse("".join(self.chunks(request)), content_type=self.content_type)
        response["Content-Disposition"] = f'attachment; filename="jetro-directory-{self.filename}"'
        return response

    def from_disk(self, request):
        write = lambda out: self.write(request, out)  # noqa: E731
        return built_file_response(self.filename, self.label(request), write, self.content_type)

    def write(self, request, out):
        pending = []
        for chunk in self.chunks(request):
            pending.append(chunk)
            if len(pending) >= 500:
                out.write("".join(pending).encode("utf-8"))
                pending.clear()
        out.write("".join(pending).encode("utf-8"))


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
    content_type = "text/csv; charset=utf-8"


@download_schema("export_offices_csv", _("Every published office, as CSV"), "text/csv")
class OfficesCsv(CsvDownload):
    filename = "offices.csv"

    def chunks(self, request):
        return exports.offices_csv()


@download_schema("export_services_csv", _("Every published service, as CSV"), "text/csv")
class ServicesCsv(CsvDownload):
    filename = "services.csv"

    def chunks(self, request):
        return exports.services_csv()


@download_schema(
    "export_office_services_csv", _("Which published office offers which published service, as CSV"), "text/csv"
)
class LinksCsv(CsvDownload):
    filename = "office-services.csv"

    def chunks(self, request):
        return exports.links_csv()


@download_schema("export_contacts_csv", _("The contact points of published services, as CSV"), "text/csv")
class ContactsCsv(CsvDownload):
    filename = "contacts.csv"

    def chunks(self, request):
        return exports.contacts_csv()


@download_schema("export_hsds_json", _("The whole published directory as Open Referral HSDS JSON"), "application/json")
class HsdsJson(Download):
    filename = "hsds.json"
    content_type = "application/json"

    def label(self, request):
        # Its services' links are absolute: one file per origin they are made for.
        return f"{super().label(request)} {site_origin(request)}"

    def chunks(self, request):
        return exports.hsds_chunks(site_origin(request))


@download_schema(
    "export_offices_geojson",
    _("Every published office as an RFC 7946 GeoJSON FeatureCollection"),
    "application/geo+json",
)
class OfficesGeoJson(Download):
    filename = "offices.geojson"
    content_type = "application/geo+json"
    renderer_classes = [renderers.JSONRenderer, GeoJsonRenderer]

    def label(self, request):
        # Each feature links its office's page: one file per origin.
        return f"{super().label(request)} {site_origin(request)}"

    def chunks(self, request):
        origin = site_origin(request)
        collection = offices_feature_collection(lambda office: origin + office.get_absolute_url())
        return [json.dumps(collection, ensure_ascii=False)]
