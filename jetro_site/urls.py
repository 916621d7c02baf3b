from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # ADMIN_URL (default "admin/") comes from the environment (issue 5).
    path(settings.ADMIN_URL, admin.site.urls),
]

# English at the root, Japanese under /ja/.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("offices/", include("offices.urls")),
    path("services/", include("services.urls")),
    prefix_default_language=False,
)

# A database outage that escapes the views is a 503 too (issue 5).
handler500 = views.server_error
