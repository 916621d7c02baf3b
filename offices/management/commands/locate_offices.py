from django.core.management.base import BaseCommand

from offices.models import CoordinatesPrecision, Office
from offices.positions import derive_position
from pagecache.generation import bump


class Command(BaseCommand):
    help = (
        "Work out the positions of offices that have no exact coordinates, from the gazetteer (load_places first). "
        "Coordinates an editor set are never touched; an office whose position is unchanged is not written."
    )

    def handle(self, *args, **options):
        moved = 0
        for office in Office.objects.exclude(coordinates_precision=CoordinatesPrecision.EXACT).iterator():
            position = derive_position(office)
            if position != (office.latitude, office.longitude, office.coordinates_precision):
                latitude, longitude, precision = position
                # A derived value, not an edit: no new version or history record, as for search text.
                Office.objects.filter(pk=office.pk).update(
                    latitude=latitude, longitude=longitude, coordinates_precision=precision
                )
                moved += 1
        if moved:
            bump()
        self.stdout.write(f"offices: {moved} placed or moved on the map.")
