"""The whole published directory as files: CSV (the shipped data's format) and Open Referral HSDS JSON.

Only published listings, and only links between published listings, leave
the site. The CSV files are written by the same import-export resources that
load the shipped data, so a download has the columns of `offices/data/*.csv`
and `services/data/*.csv` and loads back with `load_directory`.

Each file is made as a stream of text (listings read from the database in
chunks, HSDS tables spooled to temporary files), so building one at any size
holds a few thousand listings in memory, not the directory; the views write
it to disk once per generation (pagecache.files) and stream it from there.
"""

import json
import tempfile
import uuid

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext

from core.csv_format import export_lines, table_lines
from core.organisation import ORGANISATION_NAME
from offices.models import Office
from offices.resources import OfficeResource
from services.models import ContactPoint, Service
from services.resources import ContactPointResource, ServiceResource

# Stable identifiers for HSDS, the same on every export: derived from slugs.
HSDS_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:jetro-directory")
ORGANIZATION_DESCRIPTION = (
    "JETRO's offices in Japan and abroad, and its services for foreign companies doing business with Japan "
    "and for Japanese companies going abroad."
)
DAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# Listings read from the database at a time (each chunk with its prefetched relations);
# fewer services, as each comes with the slugs of its offices (hundreds, at scale).
CHUNK = 1000
SERVICE_CHUNK = 100


# The fields HSDS 3.0 requires in each table are written even when empty; any other field with no
# value is left out, as HSDS allows: most have a format (email, uri, date) that "" does not meet,
# and its schema gives them no null.
HSDS_REQUIRED = {
    "organization": {"id", "name", "description"},
    "service": {"id", "name", "status"},
    "location": {"id", "location_type"},
    "address": {"id", "address_1", "city", "state_province", "postal_code", "country", "address_type"},
    "service_at_location": {"id"},
    "phone": {"id", "number"},
    "schedule": {"id"},
}


def hsds_id(kind, *keys):
    return str(uuid.uuid5(HSDS_NAMESPACE, ":".join([kind, *keys])))


def hsds_row(table, row):
    """The row without the optional fields that have no value."""
    required = HSDS_REQUIRED[table]
    return {field: value for field, value in row.items() if field in required or value not in ("", None)}


def published_offices():
    return Office.objects.public().select_related("successor").prefetch_related("opening_hours").order_by("slug")


def published_services():
    return (
        Service.objects.public()
        .select_related("contact")
        # Only the slugs of its published offices are written.
        .prefetch_related(
            Prefetch("offices", queryset=Office.objects.public().only("pk", "slug", "is_published").order_by("slug"))
        )
        .order_by("slug")
    )


def published_contacts():
    """Every public contact point, as /contacts/ lists them (a desk named only by draft services waits)."""
    return ContactPoint.objects.public().order_by("slug")


# The CSV files: the directory's one writer (core.csv_format), with drafts left out of every link.
# Files for programs to read: no byte-order mark.


def offices_csv():
    return export_lines(OfficeResource(public=True), published_offices().iterator(CHUNK), bom=False)


def services_csv():
    return export_lines(ServiceResource(public=True), published_services().iterator(SERVICE_CHUNK), bom=False)


def contacts_csv():
    return export_lines(ContactPointResource(public=True), published_contacts().iterator(CHUNK), bom=False)


def links_csv():
    links = (
        Service.offices.through.objects.filter(office__is_published=True, service__is_published=True)
        .order_by("office__slug", "service__slug")
        .values_list("office__slug", "service__slug")
    )
    return table_lines(["office", "service"], links.iterator(CHUNK))


def _phone(number):
    return number.as_e164 if number else ""


def _hsds_location(office):
    address = office.address or office.address_local
    row = {
        "id": hsds_id("location", office.slug),
        "location_type": "physical",
        "organization_id": hsds_id("organization", "jetro"),
        "name": office.name,
        "alternate_name": office.name_ja,
        "description": office.get_kind_display(),
        "url": "",
        "latitude": float(office.latitude) if office.latitude is not None else None,
        "longitude": float(office.longitude) if office.longitude is not None else None,
        "external_identifier": office.slug,
        "external_identifier_type": "jetro-directory-slug",
        # Extensions (x_): how approximate the position is, and where the details come from (CC BY attribution).
        "x_coordinates_precision": office.coordinates_precision,
        "x_source": office.source,
        "x_source_as_of": office.source_as_of,
        "addresses": [
            hsds_row(
                "address",
                {
                    "id": hsds_id("address", office.slug),
                    "location_id": hsds_id("location", office.slug),
                    "address_1": address,
                    "address_2": "",
                    "city": office.city,
                    "region": office.get_region_display() if office.region else "",
                    "state_province": office.get_prefecture_display() if office.prefecture else "",
                    "postal_code": office.postal_code,
                    "country": office.country.code,
                    "address_type": "physical",
                },
            )
        ]
        if address or office.city
        else [],
    }
    return hsds_row("location", row)


def _in_japanese(text):
    with translation.override("ja"):
        return gettext(text)


class _JsonTables:
    """A JSON object of named arrays, written row by row: each array is spooled apart, then joined in order."""

    def __init__(self, names):
        self.spools = {
            name: tempfile.SpooledTemporaryFile(1 << 20, mode="w+", encoding="utf-8")  # noqa: SIM115 - see chunks()
            for name in names
        }
        self.rows = dict.fromkeys(names, 0)

    def add(self, name, row):
        separator = "," if self.rows[name] else ""
        self.spools[name].write(separator + json.dumps(row, ensure_ascii=False, separators=(",", ":")))
        self.rows[name] += 1

    def chunks(self):
        try:
            for index, (name, spool) in enumerate(self.spools.items()):
                yield ("{" if index == 0 else ",") + json.dumps(name) + ":["
                spool.seek(0)
                while chunk := spool.read(1 << 16):
                    yield chunk
                yield "]"
            yield "}"
        finally:
            for spool in self.spools.values():
                spool.close()


def _hsds_service(service, organization_id, base_url):
    fees = " ".join(part for part in (service.get_fee_display() if service.fee else "", service.fee_note) if part)
    return hsds_row(
        "service",
        {
            "id": hsds_id("service", service.slug),
            "organization_id": organization_id,
            "name": service.name,
            "alternate_name": service.name_ja,
            "description": "\n\n".join(part for part in (service.summary, service.description) if part),
            "url": base_url + service.get_absolute_url(),
            "email": service.public_contact.email if service.public_contact else "",
            "status": "active",
            "fees_description": fees,
            "eligibility_description": service.get_audience_display(),
            "assured_date": service.last_verified.isoformat() if service.last_verified else "",
            "last_modified": service.updated_at.isoformat(),
            "x_source": service.source,
        },
    )


def _hsds_schedule(office, location_id, hours):
    return hsds_row(
        "schedule",
        {
            "id": hsds_id("schedule", office.slug, str(hours.weekday), f"{hours.opens:%H:%M}"),
            "location_id": location_id,
            "freq": "WEEKLY",
            "byday": DAY_CODES[hours.weekday],
            "opens_at": f"{hours.opens:%H:%M}",
            "closes_at": f"{hours.closes:%H:%M}",
            "description": f"Local time at the office ({office.timezone})",
        },
    )


def hsds_chunks(base_url):
    """The directory in Open Referral HSDS 3.0 terms, as one JSON document of tables, in pieces of text.

    JETRO is the one organization; each office is a location; each service a
    service; each office↔service link a service_at_location; phones and
    opening hours (schedules, in the office's local time) point to them.
    """
    tables = _JsonTables(["organization", "service", "location", "service_at_location", "phone", "schedule"])
    organization_id = hsds_id("organization", "jetro")
    headquarters = None
    with translation.override("en"):
        for service in published_services().iterator(SERVICE_CHUNK):
            service_id = hsds_id("service", service.slug)
            tables.add("service", _hsds_service(service, organization_id, base_url))
            contact = service.public_contact
            if contact and contact.phone:
                number = {"number": _phone(contact.phone), "type": "voice", "description": contact.division}
                tables.add(
                    "phone",
                    hsds_row(
                        "phone", {"id": hsds_id("phone", "service", service.slug), "service_id": service_id, **number}
                    ),
                )
            for office in service.offices.all():
                tables.add(
                    "service_at_location",
                    {
                        "id": hsds_id("service_at_location", service.slug, office.slug),
                        "service_id": service_id,
                        "location_id": hsds_id("location", office.slug),
                    },
                )
        for office in published_offices().iterator(CHUNK):
            if office.slug == "headquarters":
                headquarters = office
            location_id = hsds_id("location", office.slug)
            tables.add("location", _hsds_location(office))
            for kind, number in (("voice", office.phone), ("fax", office.fax)):
                if number:
                    tables.add(
                        "phone",
                        {
                            "id": hsds_id("phone", office.slug, kind),
                            "location_id": location_id,
                            "number": _phone(number),
                            "type": kind,
                        },
                    )
            for hours in office.opening_hours.all():
                tables.add("schedule", _hsds_schedule(office, location_id, hours))
        tables.add(
            "organization",
            hsds_row(
                "organization",
                {
                    "id": organization_id,
                    "name": ORGANISATION_NAME,
                    "alternate_name": _in_japanese(ORGANISATION_NAME),
                    "description": ORGANIZATION_DESCRIPTION,
                    "email": headquarters.email if headquarters else "",
                    "website": headquarters.website if headquarters else "",
                    # Established as an Independent Administrative Institution on 1 October 2003.
                    "year_incorporated": 2003,
                },
            ),
        )
    yield from tables.chunks()
