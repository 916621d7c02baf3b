from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.csv_format import CSVShapeError, read_records
from core.registry import listing_models, shipped_files
from core.statistics import refresh_statistics


def read_csv(path):
    """The file as a dataset, with the line each record starts on (records may span lines)."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        try:
            dataset = read_records(handle, path.name)
        except CSVShapeError as error:
            raise CommandError(f"{error} Nothing was loaded.") from None
    return dataset, dataset.source_lines


def describe_errors(name, result, lines):
    messages = [f"{name}: {error.error}" for error in result.base_errors]
    for row_number, errors in result.row_errors():
        for error in errors:
            messages.append(f"{name}, line {lines[row_number - 1]}: {error.error}")
    for invalid in result.invalid_rows:
        for field, field_messages in invalid.error_dict.items():
            for message in field_messages:
                where = "" if field == "__all__" else f"{field}: "
                messages.append(f"{name}, line {lines[invalid.number - 1]}: {where}{message}")
    return messages


def describe(listing):
    """How a kept listing is named in the report: its name and its key in the file."""
    key = getattr(listing, "slug", None)
    return f"{listing} ({key})" if key else str(listing)


class Command(BaseCommand):
    help = (
        "Load or refresh the directory from its CSV files (upsert by slug, in one transaction). "
        "A bad row is reported with its file and line, and then nothing is loaded. "
        "A listing an editor changed since it was last loaded is kept as it is, unless --overwrite."
    )

    def add_arguments(self, parser):
        for name, path, _resource in shipped_files():
            parser.add_argument(
                f"--{name}",
                type=Path,
                default=path,
                metavar="CSV",
                help=f"the {name} file (default: {path.relative_to(settings.BASE_DIR)})",
            )
        parser.add_argument("--dry-run", action="store_true", help="report what would change, and change nothing")
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="load the files' values even over listings an editor changed since they were last loaded",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="load only into an empty directory (first deploy); never overwrite editors' work",
        )

    def handle(self, *args, **options):
        if options["if_empty"] and any(model._default_manager.exists() for model in listing_models()):
            self.stdout.write("The directory already has listings; nothing loaded (--if-empty).")
            return
        report, problems = [], []
        with transaction.atomic():
            for name, _default, resource_class in shipped_files():
                path = options[name]
                if not path.is_file():
                    raise CommandError(f"{path}: no such file.")
                dataset, lines = read_csv(path)
                resource = resource_class()
                result = resource.import_data(
                    dataset,
                    use_transactions=True,
                    rollback_on_validation_errors=True,
                    file_name=path.name,
                    keep_edited=not options["overwrite"],
                )
                errors = describe_errors(path.name, result, lines)
                if errors:
                    # Later files refer to this one; their errors would only echo these.
                    problems = errors
                    break
                totals, kept = result.totals, resource.kept
                counts = f"{totals['new']} added, {totals['update']} updated, {totals['skip'] - len(kept)} unchanged"
                report.append(f"{path.name}: {counts}" + (f", {len(kept)} kept" if kept else ""))
                report += [f"  kept: changed in the admin since it was loaded: {describe(listing)}" for listing in kept]
            if problems:
                transaction.set_rollback(True)
            elif options["dry_run"]:
                transaction.set_rollback(True)
                report.append("Dry run: nothing was changed.")
        if problems:
            raise CommandError("\n".join([*problems, "Nothing was loaded."]))
        if not options["dry_run"]:
            refresh_statistics(listing_models())
        for line in report:
            self.stdout.write(line)
        if any(line.startswith("  kept:") for line in report):
            self.stdout.write("Editors' changes were kept. To replace them with the files' values: --overwrite.")
