from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import default_backup_path, directory_is_empty, replace_with_backup, take_backup


class Command(BaseCommand):
    help = (
        "Put the directory back as it was in a backup made by backup_directory. "
        "Restore into the same release of the site that made the backup."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="A file written by backup_directory.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace a directory that is not empty (its current state is backed up first).",
        )

    def handle(self, *args, backup, replace, **options):
        path = Path(backup)
        if not path.is_file():
            raise CommandError(f"{path}: no such backup file.")
        if not directory_is_empty():
            if not replace:
                raise CommandError(
                    "The directory is not empty. Pass --replace to replace it with the backup "
                    "(its current state is saved to backups/ first)."
                )
            safety = take_backup(default_backup_path("before-restore"))
            self.stdout.write(f"Current state saved to {safety}")
        replace_with_backup(path)
        self.stdout.write(f"Directory restored from {path}")
