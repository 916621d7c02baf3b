"""/api/v1/: the JSON API, its OpenAPI description and the downloads (outside the language prefixes)."""

from django.urls import path, re_path, reverse
from rest_framework.routers import APIRootView, DefaultRouter

from core.api.base import not_found
from offices.api import OfficeViewSet
from pagecache.middleware import PAGE, cached_page
from services.api import ServiceViewSet
from services.contact_api import ContactViewSet

from . import views
from .schema import SchemaView


class Root(APIRootView):
    """/api/v1/: the lists, and where the rest is described."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        for name, url in [("schema", reverse("api:schema")), ("documentation", reverse("opendata:api"))]:
            response.data[name] = request.build_absolute_uri(url)
        return response


class Router(DefaultRouter):
    # JSON is the only format: no /api/v1/offices.json.
    include_format_suffixes = False
    APIRootView = Root


router = Router()
router.register("offices", OfficeViewSet, basename="office")
router.register("services", ServiceViewSet, basename="service")
router.register("contacts", ContactViewSet, basename="contact")


def cached(patterns):
    """Every answer here is the same for every reader: cache them as pages are (pagecache)."""
    for pattern in patterns:
        cached_page(PAGE)(pattern.callback)
    return patterns


app_name = "api"
urlpatterns = [
    # In the order the schema and the API page list them.
    *cached(router.urls),
    *cached(
        [
            path("schema/", SchemaView.as_view(), name="schema"),
            path("exports/offices.csv", views.OfficesCsv.as_view(), name="export-offices"),
            path("exports/services.csv", views.ServicesCsv.as_view(), name="export-services"),
            path("exports/office-services.csv", views.LinksCsv.as_view(), name="export-links"),
            path("exports/contacts.csv", views.ContactsCsv.as_view(), name="export-contacts"),
            path("exports/hsds.json", views.HsdsJson.as_view(), name="export-hsds"),
            path("exports/offices.geojson", views.OfficesGeoJson.as_view(), name="export-geojson"),
        ]
    ),
    # Anything else ending in a slash is a JSON 404; without the slash,
    # CommonMiddleware first redirects (so /api/v1/offices still works).
    re_path(r"^.*/$", not_found),
]
