from itertools import groupby

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import formats

from core.registry import verified_models
from core.verification import VERIFY_EVERY_DAYS, verification_cutoff


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


def plural(model, count):
    opts = model._meta
    return f"{count} {opts.verbose_name if count == 1 else opts.verbose_name_plural}"


class Command(BaseCommand):
    help = (
        f"List the listings nobody has verified for {VERIFY_EVERY_DAYS} days (or ever), "
        "offices grouped by region; email the list to STALE_LISTINGS_RECIPIENTS when that is set."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-email", action="store_true", help="print only, even if recipients are set")

    def handle(self, *args, **options):
        # A model may order and group its report (Office: by region); otherwise by name, in one group.
        due = [
            (model, sorted(model.objects.needing_verification(), key=getattr(model, "report_order", _by_name)))
            for model in verified_models()
        ]
        report = self.report(due)
        self.stdout.write(report)
        recipients = settings.STALE_LISTINGS_RECIPIENTS
        if recipients and any(listings for _model, listings in due) and not options["no_email"]:
            counts = " and ".join(plural(model, len(listings)) for model, listings in due if listings)
            send_mail(f"JETRO directory: {counts} to verify", report, None, recipients)
            self.stdout.write(f"Emailed to {', '.join(recipients)}.")

    def report(self, due):
        cutoff = formats.date_format(verification_cutoff(), "Y-m-d")
        counts = ", ".join(plural(model, len(listings)) for model, listings in due if listings) or "none"
        lines = [f"Listings not verified since {cutoff} or never: {counts}."]
        for model, listings in due:
            group_of = getattr(model, "report_group", None)
            if group_of is None:
                if listings:
                    title = str(model._meta.verbose_name_plural).capitalize()
                    lines += ["", f"{title} ({len(listings)})", *(describe(listing) for listing in listings)]
                continue
            for group, members in groupby(listings, key=group_of):
                members = list(members)
                lines += ["", f"{group} ({plural(model, len(members))})", *(describe(listing) for listing in members)]
        return "\n".join(lines)


def _by_name(listing):
    return listing.name
