from django.core.management.base import BaseCommand

from enquiries.reminders import remind


class Command(BaseCommand):
    help = (
        "Remind the national editors of enquiries unanswered for ENQUIRIES_REMIND_AFTER_WORKING_DAYS working days "
        "(once each); meant to run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--origin", default="", help="https://host for the admin links (default: SITE_ORIGIN).")

    def handle(self, *args, origin, **options):
        count = remind(origin=origin)
        self.stdout.write(f"Reminded: {count}")
