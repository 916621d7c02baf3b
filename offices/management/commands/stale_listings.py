from itertools import groupby

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import formats

from offices.geography import Region
from offices.models import Office
from offices.verification import VERIFY_EVERY_DAYS, verification_cutoff
from services.models import Service


def describe(listing):
    opts = listing._meta
    verified = (
        f"last verified {formats.date_format(listing.last_verified, 'Y-m-d')}"
        if listing.last_verified
        else "never verified"
    )
    draft = "" if listing.is_published else ", unpublished"
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[listing.pk])
    return f"  {listing.name} ({verified}{draft}) {url}"


class Command(BaseCommand):
    help = (
        f"List the offices and services nobody has verified for {VERIFY_EVERY_DAYS} days (or ever), "
        "offices grouped by region; email the list to STALE_LISTINGS_RECIPIENTS when that is set."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-email", action="store_true", help="print only, even if recipients are set")

    def handle(self, *args, **options):
        region_order = {value: index for index, value in enumerate(Region.values)}
        offices = sorted(
            Office.objects.needing_verification(),
            key=lambda office: (region_order.get(office.region, len(region_order)), office.name),
        )
        services = list(Service.objects.needing_verification().order_by("name"))
        report = self.report(offices, services)
        self.stdout.write(report)
        recipients = settings.STALE_LISTINGS_RECIPIENTS
        if recipients and (offices or services) and not options["no_email"]:
            subject = f"JETRO directory: {len(offices)} offices and {len(services)} services to verify"
            send_mail(subject, report, None, recipients)
            self.stdout.write(f"Emailed to {', '.join(recipients)}.")

    def report(self, offices, services):
        cutoff = formats.date_format(verification_cutoff(), "Y-m-d")
        lines = [
            f"Listings not verified since {cutoff} or never: {len(offices)} offices, {len(services)} services.",
        ]
        for region, group in groupby(offices, key=lambda office: office.get_region_display()):
            group = list(group)
            lines += ["", f"{region} ({len(group)} offices)", *(describe(office) for office in group)]
        if services:
            lines += ["", f"Services ({len(services)})", *(describe(service) for service in services)]
        return "\n".join(lines)
