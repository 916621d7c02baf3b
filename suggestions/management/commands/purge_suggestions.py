from django.core.management.base import BaseCommand

from ...retention import (
    CLIENT_KEY_DAYS,
    EMAIL_DAYS_AFTER_DECISION,
    EMAIL_DAYS_PENDING,
    REJECTED_DAYS,
    purge,
)


class Command(BaseCommand):
    help = (
        "Erase suggestions' personal data on schedule: visitors' emails "
        f"{EMAIL_DAYS_AFTER_DECISION} days after the decision (at most {EMAIL_DAYS_PENDING} days after sending), "
        f"address keys after {CLIENT_KEY_DAYS} days; delete rejected suggestions {REJECTED_DAYS} days after "
        "the decision. Run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count what is due, change nothing")

    def handle(self, *args, dry_run, **options):
        done = purge(dry_run=dry_run)
        verb = "Due" if dry_run else "Done"
        self.stdout.write(
            f"{verb}: {done['emails']} email(s) erased, {done['keys']} address key(s) erased, "
            f"{done['rejected']} rejected suggestion(s) deleted."
        )
