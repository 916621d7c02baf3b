from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficesConfig(AppConfig):
    name = "offices"
    verbose_name = _("Offices")
    # See core.registry (shipped_data is set in ready()) and core.roles.
    holds_listings = True
    editor_permissions = {
        "office": ["view", "add", "change", "import", "export"],
        # Opening hours are rows of an office's form: an editor removes a wrong one.
        "openinghours": ["view", "add", "change", "delete"],
        "staffcount": ["view", "add", "change", "import", "export"],
    }

    def ready(self):
        from .resources import OfficeResource, StaffCountResource

        self.shipped_data = (
            ("offices", "data/offices.csv", OfficeResource),
            ("staff", "data/staff.csv", StaffCountResource),
        )
        # The admin is this site's, not "Django administration" (Django's admin is ready by now).
        from django.contrib import admin

        admin.site.site_header = _("JETRO Offices & Services Directory")
        admin.site.site_title = _("JETRO directory admin")
        admin.site.index_title = _("Editors' admin")
        # Office editors' scopes, for administrators (offices.scope_admin registers itself).
        from . import scope_admin  # noqa: F401
