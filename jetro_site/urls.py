from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", views.sitemap_xml, name="sitemap"),
    # Open data: the JSON API, one address for every language.
    path("api/v1/", include("opendata.api_urls")),
]

# English at the root, Japanese under /ja/ (the editors' admin too: /ja/admin/).
urlpatterns += i18n_patterns(
    # ADMIN_URL (default "admin/") comes from the environment.
    path(settings.ADMIN_URL, admin.site.urls),
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("about/", views.about, name="about"),
    path("offices/", include("offices.urls")),
    path("services/", include("services.urls")),
    # Open data: /api/ (the API for people) and /open-data/.
    path("", include("opendata.urls")),
    prefix_default_language=False,
)

# A database outage that escapes the views is a 503 too.
handler500 = views.server_error
