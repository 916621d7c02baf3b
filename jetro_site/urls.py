from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # Open data (issue 4): the JSON API, one address for every language.
    path("api/v1/", include("opendata.api_urls")),
]

# English at the root, Japanese under /ja/.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("offices/", include("offices.urls")),
    path("services/", include("services.urls")),
    # Open data (issue 4): /api/ (the API for people) and /open-data/.
    path("", include("opendata.urls")),
    prefix_default_language=False,
)
