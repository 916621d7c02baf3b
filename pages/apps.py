from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    """The pages that draw on every listing app: home, search, about, the sitemap."""

    name = "pages"
    verbose_name = _("Pages")
