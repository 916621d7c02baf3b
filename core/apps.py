from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every listing app shares. It imports none of them: an app that holds
    listings says so on its own AppConfig (see core.registry)."""

    name = "core"
    verbose_name = _("Directory")
