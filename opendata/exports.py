"""The whole published directory as files: CSV (the shipped data's format) and Open Referral HSDS JSON.

Only published listings, and only links between published listings, leave
the site. The CSV files are written by the same import-export resources that
load the shipped data, so a download has the columns of `offices/data/*.csv`
and `services/data/*.csv` and loads back with `load_directory`.
"""

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


def hsds_id(kind, *keys):
    return str(uuid.uuid5(HSDS_NAMESPACE, ":".join([kind, *keys])))


def published_offices():
    return Office.objects.public().select_related("successor").prefetch_related("opening_hours").order_by("slug")


def published_services():
    return (
        Service.objects.public()
        .select_related("contact")
        .prefetch_related(Prefetch("offices", queryset=Office.objects.public().order_by("slug")))
        .order_by("slug")
    )


def published_contacts():
    return ContactPoint.objects.filter(services__is_published=True).distinct().order_by("slug")


# The CSV files: the directory's one writer (core.csv_format), with drafts left out of every link.
# Files for programs to read: no byte-order mark.


def offices_csv():
    return "".join(export_lines(OfficeResource(public=True), published_offices(), bom=False))


def services_csv():
    return "".join(export_lines(ServiceResource(public=True), published_services(), bom=False))


def contacts_csv():
    return "".join(export_lines(ContactPointResource(public=True), published_contacts(), bom=False))


def links_csv():
    links = (
        Service.offices.through.objects.filter(office__is_published=True, service__is_published=True)
        .order_by("office__slug", "service__slug")
        .values_list("office__slug", "service__slug")
    )
    return "".join(table_lines(["office", "service"], links))


def _phone(number):
    return number.as_e164 if number else ""


def _hsds_location(office):
    address = office.address or office.address_local
    return {
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
        "addresses": [
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
            }
        ]
        if address or office.city
        else [],
    }


def _in_japanese(text):
    with translation.override("ja"):
        return gettext(text)


def hsds_document(base_url):
    """The directory in Open Referral HSDS 3.0 terms, as one JSON document of tables.

    JETRO is the one organization; each office is a location; each service a
    service; each office↔service link a service_at_location; phones and
    opening hours (schedules, in the office's local time) point to them.
    """
    with translation.override("en"):
        offices = list(published_offices())
        services = list(published_services())
        headquarters = next((office for office in offices if office.slug == "headquarters"), None)
        organization_id = hsds_id("organization", "jetro")
        document = {
            "organization": [
                {
                    "id": organization_id,
                    "name": ORGANISATION_NAME,
                    "alternate_name": _in_japanese(ORGANISATION_NAME),
                    "description": ORGANIZATION_DESCRIPTION,
                    "email": headquarters.email if headquarters else "",
                    "website": headquarters.website if headquarters else "",
                    # Established as an Independent Administrative Institution on 1 October 2003.
                    "year_incorporated": 2003,
                }
            ],
            "service": [],
            "location": [_hsds_location(office) for office in offices],
            "service_at_location": [],
            "phone": [],
            "schedule": [],
        }
        for office in offices:
            location_id = hsds_id("location", office.slug)
            for kind, number in (("voice", office.phone), ("fax", office.fax)):
                if number:
                    document["phone"].append(
                        {
                            "id": hsds_id("phone", office.slug, kind),
                            "location_id": location_id,
                            "number": _phone(number),
                            "type": kind,
                            "description": "",
                        }
                    )
            for hours in office.opening_hours.all():
                document["schedule"].append(
                    {
                        "id": hsds_id("schedule", office.slug, str(hours.weekday), f"{hours.opens:%H:%M}"),
                        "location_id": location_id,
                        "freq": "WEEKLY",
                        "byday": DAY_CODES[hours.weekday],
                        "opens_at": f"{hours.opens:%H:%M}",
                        "closes_at": f"{hours.closes:%H:%M}",
                        "description": f"Local time at the office ({office.timezone})",
                    }
                )
        for service in services:
            service_id = hsds_id("service", service.slug)
            contact = service.contact
            fees = " ".join(
                part for part in (service.get_fee_display() if service.fee else "", service.fee_note) if part
            )
            document["service"].append(
                {
                    "id": service_id,
                    "organization_id": organization_id,
                    "name": service.name,
                    "alternate_name": service.name_ja,
                    "description": "\n\n".join(part for part in (service.summary, service.description) if part),
                    "url": base_url + service.get_absolute_url(),
                    "email": contact.email if contact else "",
                    "status": "active",
                    "fees_description": fees,
                    "eligibility_description": service.get_audience_display(),
                    "assured_date": service.last_verified.isoformat() if service.last_verified else "",
                    "last_modified": service.updated_at.isoformat(),
                }
            )
            if contact and contact.phone:
                document["phone"].append(
                    {
                        "id": hsds_id("phone", "service", service.slug),
                        "service_id": service_id,
                        "number": _phone(contact.phone),
                        "type": "voice",
                        "description": contact.division,
                    }
                )
            for office in service.offices.all():
                document["service_at_location"].append(
                    {
                        "id": hsds_id("service_at_location", service.slug, office.slug),
                        "service_id": service_id,
                        "location_id": hsds_id("location", office.slug),
                        "description": "",
                    }
                )
    return document
