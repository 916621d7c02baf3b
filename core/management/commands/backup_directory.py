from django.core.management.base import BaseCommand

from core.backup import default_backup_path, take_backup


class Command(BaseCommand):
    help = "Write the whole directory (offices, services, editors' accounts, admin log) to an XML file."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help="File to write; .json.gz is compressed (default backups/directory-<time>.xml.gz)."
        )

    def handle(self, *args, output=None, **options):
        path = take_backup(output or default_backup_path())
        self.stdout.write(f"Backup written to {path}")
