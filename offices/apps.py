from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficesConfig(AppConfig):
    name = "offices"
    verbose_name = _("Offices")
    # See core.registry.
    holds_listings = True
    shipped_data = (
        ("offices", "data/offices.csv", "offices.resources.OfficeResource"),
        ("staff", "data/staff.csv", "offices.resources.StaffCountResource"),
    )
    editor_permissions = {
        "office": ["view", "add", "change", "import", "export"],
        # Opening hours are rows of an office's form: an editor removes a wrong one.
        "openinghours": ["view", "add", "change", "delete"],
        "staffcount": ["view", "add", "change", "import", "export"],
    }

    def ready(self):
        # The admin is this site's, not "Django administration" (Django's admin is ready by now).
        from django.contrib import admin

        admin.site.site_header = _("JETRO Offices & Services Directory")
        admin.site.site_title = _("JETRO directory admin")
        admin.site.index_title = _("Editors' admin")
        # Office editors' scopes, for administrators (offices.scope_admin registers itself).
        from . import scope_admin  # noqa: F401
