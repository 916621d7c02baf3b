"""Which details each office still lacks: for the admin's report, `manage.py completeness` and /about/.

The offices counted are those the directory lists (published and not closed,
as `Office.objects.network_figures()` counts them). A detail counts as listed
when a visitor sees it: an address in either script, a phone, an email, a
website, opening hours, coordinates an editor set (`exact`; a city centre
worked out from the gazetteer is not the office's position), a Japanese name,
and at least one published service offered there.

Every figure comes from one query, whatever the number of offices.
"""

import csv
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.csv_format import escape_formula

from .choices import CoordinatesPrecision, OfficeStatus
from .directory_order import NATIONAL_BODIES
from .geography import Region
from .models import Office, OpeningHours

# The office <-> service link is defined by the services app; it is followed from this side.
OfficeServiceLink = Office.services.through


@dataclass(frozen=True)
class Detail:
    key: str
    name: str  # lower case, inside a sentence: "a phone is listed for 5 of 110 offices"
    missing: str  # the changelist filter's choice: "No phone"
    condition: object  # a Q or an Exists: the office has it

    def has_it(self):
        return self.condition

    def lacks_it(self):
        return ~self.condition


def _details():
    has_hours = Exists(OpeningHours.objects.filter(office=OuterRef("pk")))
    has_services = Exists(OfficeServiceLink.objects.filter(office=OuterRef("pk"), service__is_published=True))
    return (
        Detail("address", _("address"), _("No address"), ~Q(address="") | ~Q(address_local="")),
        Detail("phone", _("phone"), _("No phone"), ~Q(phone="")),
        Detail("email", _("email"), _("No email"), ~Q(email="")),
        Detail("website", _("website"), _("No website"), ~Q(website="")),
        Detail("opening_hours", _("opening hours"), _("No opening hours"), has_hours),
        Detail(
            "exact_coordinates",
            _("exact position"),
            _("No exact position"),
            Q(coordinates_precision=CoordinatesPrecision.EXACT),
        ),
        Detail("name_ja", _("Japanese name"), _("No Japanese name"), ~Q(name_ja="")),
        Detail("services", _("services"), _("No services"), has_services),
    )


DETAILS = _details()
DETAILS_BY_KEY = {detail.key: detail for detail in DETAILS}


def listed_offices(queryset=None):
    """The offices the directory lists: published, not closed."""
    queryset = Office.objects.all() if queryset is None else queryset
    return queryset.filter(is_published=True).exclude(status=OfficeStatus.CLOSED)


def totals(queryset=None):
    """{"offices": N, "phone": how many list a phone, ...} in one query."""
    counts = {detail.key: Count("pk", filter=Q(detail.has_it())) for detail in DETAILS}
    return listed_offices(queryset).order_by().aggregate(offices=Count("pk"), **counts)


@dataclass
class Group:
    """A heading of the directory (Japan's national bodies, a region of Japan, a world region),
    its offices, and how many of them list each detail."""

    key: str
    label: str
    offices: list = field(default_factory=list)
    counts: dict = field(default_factory=lambda: {detail.key: 0 for detail in DETAILS})

    @property
    def complete(self):
        return sum(1 for office in self.offices if not office.missing)

    def missing_counts(self):
        """[(detail, how many lack it)] in the order of DETAILS."""
        return [(detail, len(self.offices) - self.counts[detail.key]) for detail in DETAILS]


@dataclass
class Report:
    groups: list
    total: Group

    def rows(self):
        """[(detail, listed, missing)] for the whole directory."""
        return [(detail, self.total.counts[detail.key], missing) for detail, missing in self.total.missing_counts()]


def group_of(office, labels):
    """(key, label) of the directory's heading the office is under, as on /offices/."""
    region = labels.get(office.region, office.region)
    if office.in_japan and office.kind in NATIONAL_BODIES:
        return "national", _("Japan: %(region)s") % {"region": _("Headquarters and national bodies")}
    if office.in_japan:
        return office.region, _("Japan: %(region)s") % {"region": region}
    return office.region, region


def report(queryset=None):
    """Every listed office with what it lacks, under the directory's headings and in its order (one query)."""
    annotations = {f"has_{detail.key}": detail.has_it() for detail in DETAILS}
    offices = (
        listed_offices(queryset)
        .annotate(**annotations)
        .only("slug", "name", "kind", "region", "country", "city", "directory_key")
        .in_directory_order()
    )
    labels = dict(Region.choices)
    groups, total = {}, Group("", _("All offices"))
    for office in offices:
        office.missing = [detail for detail in DETAILS if not getattr(office, f"has_{detail.key}")]
        key, label = group_of(office, labels)
        group = groups.setdefault(key, Group(key, label))
        for target in (group, total):
            target.offices.append(office)
            for detail in DETAILS:
                target.counts[detail.key] += detail not in office.missing
    return Report(list(groups.values()), total)


def write_csv(result, handle):
    """The report as CSV: a row per office (1 = listed, 0 = missing), then a row per heading and one for all."""
    writer = csv.writer(handle, lineterminator="\n")
    keys = [detail.key for detail in DETAILS]
    writer.writerow(["level", "group", "slug", "name", "offices", *keys, "missing"])
    for group in result.groups:
        for office in group.offices:
            listed = [int(detail not in office.missing) for detail in DETAILS]
            text = [escape_formula(str(value)) for value in (group.label, office.slug, office.name)]
            writer.writerow(["office", *text, 1, *listed, len(office.missing)])
    for group in [*result.groups, result.total]:
        level = "all" if group is result.total else "region"
        missing = sum(count for _detail, count in group.missing_counts())
        counts = [group.counts[key] for key in keys]
        writer.writerow([level, escape_formula(str(group.label)), "", "", len(group.offices), *counts, missing])
