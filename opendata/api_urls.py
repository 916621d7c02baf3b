"""/api/v1/: the JSON API and its OpenAPI description (outside the language prefixes)."""

from django.urls import path, re_path, reverse
from rest_framework.routers import APIRootView, DefaultRouter

from offices.api import OfficeViewSet
from services.api import ServiceViewSet

from .api import not_found
from .schema import SchemaView


class Root(APIRootView):
    """/api/v1/: the lists, and where the rest is described."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        for name, url in [("schema", reverse("api:schema"))]:
            response.data[name] = request.build_absolute_uri(url)
        return response


class Router(DefaultRouter):
    # JSON is the only format: no /api/v1/offices.json.
    include_format_suffixes = False
    APIRootView = Root


router = Router()
router.register("offices", OfficeViewSet, basename="office")
router.register("services", ServiceViewSet, basename="service")

app_name = "api"
urlpatterns = [
    # In the order the schema and the API page list them.
    *router.urls,
    path("schema/", SchemaView.as_view(), name="schema"),
    # Anything else ending in a slash is a JSON 404; without the slash,
    # CommonMiddleware first redirects (so /api/v1/offices still works).
    re_path(r"^.*/$", not_found),
]
