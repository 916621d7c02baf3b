from django.core.management.base import BaseCommand

from enquiries.retention import purge


class Command(BaseCommand):
    help = "Erase the personal data of enquiries closed long enough ago (enquiries.retention); meant to run daily."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what is due, change nothing.")

    def handle(self, *args, dry_run, **options):
        counts = purge(dry_run=dry_run)
        verb = "Would erase" if dry_run else "Erased"
        self.stdout.write(", ".join(f"{verb} {what}: {count}" for what, count in counts.items()))
