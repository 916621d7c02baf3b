from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    """The gazetteer: cities and countries, their names in many scripts, where they are.

    Not listings: nobody edits them, and the page cache and backups leave them out.
    Loaded once into a table (`manage.py load_places`) so that no worker holds the
    GeoNames file in memory.
    """

    name = "places"
    verbose_name = _("Places")
