from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from core.admin.auth import admin_login, admin_logout
from core.admin.view_on_site import view_on_site
from core.views import healthz
from pages import countries as country_pages
from pages import views as pages

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("robots.txt", pages.robots_txt, name="robots_txt"),
    path("sitemap.xml", pages.sitemap_xml, name="sitemap"),
    # Open data: the JSON API, one address for every language.
    path("api/v1/", include("opendata.api_urls")),
]

# English at the root, Japanese under /ja/ (the editors' admin too: /ja/admin/).
urlpatterns += i18n_patterns(
    # ADMIN_URL (default "admin/") comes from the environment. Signing in and out
    # go first through views that replace a refused `next` (core.admin.auth).
    path(
        settings.ADMIN_URL,
        include(
            [
                path("login/", admin_login),
                path("logout/", admin_logout),
                # "View on site", within the editor's scope (core.admin.view_on_site).
                path("r/<int:content_type_id>/<path:object_id>/", view_on_site),
            ]
        ),
    ),
    path(settings.ADMIN_URL, admin.site.urls),
    path("", pages.home, name="home"),
    path("search/", pages.search, name="search"),
    path("about/", pages.about, name="about"),
    path("offices/", include("offices.urls")),
    path("services/", include("services.urls")),
    # The correction forms under offices' and services' addresses: /offices/<slug>/suggest/, ...
    path("", include("suggestions.urls")),
    path("countries/", country_pages.country_index, name="countries"),
    path("countries/<str:code>/", country_pages.country_detail, name="country"),
    path("contacts/", include("services.contact_urls")),
    # Writing to an office or about a service (/offices/<slug>/contact/, ...), /contact/ and /privacy/.
    path("", include("enquiries.urls")),
    # Open data: /api/ (the API for people) and /open-data/.
    path("", include("opendata.urls")),
    prefix_default_language=False,
)

# A database outage that escapes the views is a 503 too.
handler500 = "core.views.server_error"
