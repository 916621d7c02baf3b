"""`manage.py completeness [--csv]`: which details each listed office still lacks, by region, with totals."""

from django.core.management.base import BaseCommand

from offices.completeness import DETAILS, report, write_csv


def offices_count(count):
    return f"{count} office" if count == 1 else f"{count} offices"


class Command(BaseCommand):
    help = (
        "List, by region and office, the details the directory still lacks (address, phone, email, website, "
        "opening hours, exact position, Japanese name, services), with totals. Counts the published offices "
        "that are not closed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--csv",
            action="store_true",
            help="write CSV: one row per office (1 = listed, 0 = missing), then one per region and one for all",
        )

    def handle(self, *args, **options):
        result = report()
        if options["csv"]:
            self.write_csv(result)
        else:
            self.write_text(result)

    def write_text(self, result):
        write = self.stdout.write
        for group in result.groups:
            write(f"{group.label}: {offices_count(len(group.offices))}, {group.complete} complete")
            for office in group.offices:
                if office.missing:
                    missing = ", ".join(str(detail.name) for detail in office.missing)
                    write(f"  {office.name} ({office.slug}): missing {missing}")
            write("")
        offices = len(result.total.offices)
        write(f"Totals: {offices_count(offices)} listed (published, not closed), {result.total.complete} complete")
        width = max(len(str(detail.name)) for detail in DETAILS)
        for detail, listed, missing in result.rows():
            write(f"  {detail.name!s:<{width}}  listed for {listed:>4} of {offices}, missing for {missing:>4}")

    def write_csv(self, result):
        write_csv(result, self.stdout)
