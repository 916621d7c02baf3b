"""Synthetic listings for measuring the site at sizes JETRO does not have.

Every synthetic listing is named so that nobody could mistake it for a real
one ("Synthetic office 123", slug "synthetic-office-123") and is removed with
--remove. The command refuses to add them to a database that holds the real
directory unless --alongside-real-data is given: the benchmark does that on
its own throwaway database, nobody should on a live one.
"""

import random

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from offices.geography import JAPAN, PREFECTURE_REGION, WORLD_REGIONS
from offices.models import Office, OfficeKind
from pagecache.generation import bump
from services.models import Audience, Availability, Service, ServiceCategory

PREFIX = "synthetic-"
BATCH = 2000
# Real countries in each JETRO region, so that country and region filters meet realistic spreads.
COUNTRIES = {
    "asia": ["CN", "IN", "TH", "VN", "ID", "PH", "MY", "SG", "KR", "BD"],
    "oceania": ["AU", "NZ"],
    "north_america": ["US", "CA"],
    "latin_america": ["BR", "MX", "CL", "PE", "CO", "AR"],
    "europe": ["DE", "FR", "GB", "IT", "ES", "NL", "BE", "AT", "PL", "HU"],
    "russia_cis": ["RU", "UZ"],
    "middle_east": ["AE", "SA", "TR", "IL", "IR"],
    "africa": ["ZA", "KE", "NG", "EG", "MA", "ET"],
}
ZONES = {
    "US": "America/New_York",
    "CA": "America/Toronto",
    "BR": "America/Sao_Paulo",
    "MX": "America/Mexico_City",
    "CL": "America/Santiago",
    "AR": "America/Argentina/Buenos_Aires",
    "AU": "Australia/Sydney",
    "NZ": "Pacific/Auckland",
    "CN": "Asia/Shanghai",
    "ID": "Asia/Jakarta",
    "MY": "Asia/Kuala_Lumpur",
    "RU": "Europe/Moscow",
    "UZ": "Asia/Tashkent",
    "DE": "Europe/Berlin",
    "ES": "Europe/Madrid",
    "KZ": "Asia/Almaty",
}


def batched(numbers, size):
    numbers = list(numbers)
    for first in range(0, len(numbers), size):
        yield numbers[first : first + size]


class Command(BaseCommand):
    help = "Create clearly synthetic offices, services and links for benchmarks (remove them with --remove)."

    def add_arguments(self, parser):
        parser.add_argument("--offices", type=int, default=0, help="synthetic offices to create")
        parser.add_argument("--services", type=int, default=0, help="synthetic services to create")
        parser.add_argument(
            "--links", type=int, default=None, help="office-service links in all (default: 10 per office)"
        )
        parser.add_argument("--seed", type=int, default=2020)
        parser.add_argument("--remove", action="store_true", help="delete every synthetic listing, and nothing else")
        parser.add_argument(
            "--alongside-real-data",
            action="store_true",
            help="allow adding synthetic listings to a database that holds the real directory",
        )

    def handle(self, *args, **options):
        if options["remove"]:
            services, _ = Service.objects.filter(slug__startswith=PREFIX).delete()
            offices, _ = Office.objects.filter(slug__startswith=PREFIX).delete()
            bump()  # the deletes sent signals, but say it plainly
            self.stdout.write(f"Removed {offices + services} synthetic rows.")
            return
        real = Office.objects.exclude(slug__startswith=PREFIX).exists()
        if real and not options["alongside_real_data"]:
            raise CommandError(
                "This database holds the real directory. Synthetic listings are never mixed into it unless asked: "
                "use a throwaway database, or pass --alongside-real-data."
            )
        rng = random.Random(options["seed"])  # noqa: S311 - repeatable data, not secrets
        with transaction.atomic():
            start = Office.objects.filter(slug__startswith=PREFIX).count()
            office_ids = self.create_offices(rng, start, options["offices"])
            start = Service.objects.filter(slug__startswith=PREFIX).count()
            service_ids = self.create_services(rng, start, options["services"])
            links = options["links"] if options["links"] is not None else 10 * len(office_ids)
            linked = self.link(rng, office_ids, service_ids, links)
            # Bulk inserts send no signals: cached pages must still learn of them.
            bump()
        self.stdout.write(
            f"Created {len(office_ids)} synthetic offices, {len(service_ids)} synthetic services, {linked} links."
        )

    def create_offices(self, rng, start, count):
        prefectures = list(PREFECTURE_REGION)
        regions = list(WORLD_REGIONS)
        ids = []
        for batch in batched(range(start, start + count), BATCH):
            offices = []
            for number in batch:
                office = Office(slug=f"{PREFIX}office-{number}", name=f"Synthetic office {number}")
                if number % 5 == 0:
                    prefecture = rng.choice(prefectures)
                    office.kind, office.country, office.prefecture = OfficeKind.DOMESTIC, JAPAN, prefecture
                    office.city = f"Synthetic city {number % 97}"
                else:
                    region = rng.choice(regions)
                    office.kind, office.region = OfficeKind.OVERSEAS, region
                    office.country = rng.choice(COUNTRIES[region])
                    office.city = f"Synthetic city {number % 211}"
                    office.timezone = ZONES.get(office.country, "")
                office.fill_derived_fields()
                offices.append(office)
            ids += [office.pk for office in Office.objects.bulk_create(offices)]
        return ids

    def create_services(self, rng, start, count):
        ids = []
        for batch in batched(range(start, start + count), BATCH):
            services = []
            for number in batch:
                service = Service(
                    slug=f"{PREFIX}service-{number}",
                    name=f"Synthetic service {number}",
                    category=rng.choice(ServiceCategory.values),
                    audience=rng.choice(Audience.values),
                    summary=f"A synthetic service for measuring the site, number {number}.",
                    availability=Availability.ANYWHERE if number % 10 == 0 else Availability.LOCAL,
                )
                service.fill_derived_fields()
                services.append(service)
            ids += [service.pk for service in Service.objects.bulk_create(services)]
        return ids

    def link(self, rng, office_ids, service_ids, count):
        service_ids = service_ids or list(Service.objects.values_list("pk", flat=True))
        if not office_ids or not service_ids:
            return 0
        pairs = set()
        while len(pairs) < min(count, len(office_ids) * len(service_ids)):
            pairs.add((rng.choice(service_ids), rng.choice(office_ids)))
        # Plain INSERTs: model instances for a million links would take minutes.
        table = Service.offices.through._meta.db_table
        with connection.cursor() as cursor:
            for rows in batched(sorted(pairs), BATCH * 5):
                cursor.executemany(f"INSERT INTO {table} (service_id, office_id) VALUES (%s, %s)", rows)  # noqa: S608
        return len(pairs)
