"""The HSDS export read as HSDS 3.0 describes its tables: types, required fields and formats.

No maintained package ships HSDS 3.0's JSON schema for offline use, so SCHEMA below
restates, for each field the export writes, what HSDS 3.0's schema (openreferral/specification,
schema/*.json at v3.0) says of it; jsonschema checks the types and its format checkers
(installed with jsonschema[format-nongpl]) check the uuid, email, uri, date and date-time values.
"""

import json

import pytest
from jsonschema import Draft202012Validator

from offices.tests.factories import DomesticOfficeFactory, OfficeFactory, OpeningHoursFactory
from services.tests.factories import ContactPointFactory, ServiceFactory
from tests.support import response_text

pytestmark = pytest.mark.django_db

UUID = {"type": "string", "format": "uuid"}
TEXT = {"type": "string"}
NUMBER = {"type": "number"}
EMAIL = {"type": "string", "format": "email"}
URI = {"type": "string", "format": "uri"}
DATE = {"type": "string", "format": "date"}  # HSDS: "datapackage_type": "date"
KINDS = {"type": "string", "enum": ["physical", "postal", "virtual"]}


def table(required, **fields):
    return {"type": "array", "items": {"type": "object", "required": required, "properties": fields}}


ADDRESS = table(
    ["id", "address_1", "city", "state_province", "postal_code", "country", "address_type"],
    id=UUID, location_id=UUID, address_1=TEXT, address_2=TEXT, city=TEXT, region=TEXT, state_province=TEXT,
    postal_code=TEXT, country=TEXT, address_type=KINDS,
)  # fmt: skip
SCHEMA = {
    "type": "object",
    "required": ["organization", "service", "location", "service_at_location", "phone", "schedule"],
    "properties": {
        "organization": table(
            ["id", "name", "description"],
            id=UUID, name=TEXT, alternate_name=TEXT, description=TEXT, email=EMAIL, website=URI,
            year_incorporated=NUMBER,
        ),
        "service": table(
            ["id", "name", "status"],
            id=UUID, organization_id=UUID, name=TEXT, alternate_name=TEXT, description=TEXT, url=URI, email=EMAIL,
            status={"enum": ["active", "inactive", "defunct", "temporarily closed"]}, fees_description=TEXT,
            eligibility_description=TEXT, assured_date=DATE, last_modified={"type": "string", "format": "date-time"},
        ),
        "location": table(
            ["id", "location_type"],
            id=UUID, location_type=KINDS, url=URI, organization_id=UUID, name=TEXT, alternate_name=TEXT,
            description=TEXT, latitude=NUMBER, longitude=NUMBER, external_identifier=TEXT,
            external_identifier_type=TEXT, addresses=ADDRESS,
        ),
        "service_at_location": table(["id"], id=UUID, service_id=UUID, location_id=UUID, description=TEXT),
        "phone": table(
            ["id", "number"],
            id=UUID, location_id=UUID, service_id=UUID, number=TEXT, type=TEXT, description=TEXT,
        ),
        "schedule": table(
            ["id"],
            id=UUID, location_id=UUID, freq={"enum": ["WEEKLY", "MONTHLY"]}, byday=TEXT, opens_at=TEXT,
            closes_at=TEXT, description=TEXT,
        ),
    },
}  # fmt: skip


@pytest.fixture
def sparse_directory():
    """Listings with most details unknown, as the shipped data has them: no email, no website, never verified."""
    paris = OfficeFactory(slug="paris", name="JETRO Paris", country="FR", city="Paris", phone="+33 1 42 61 27 27")
    OpeningHoursFactory(office=paris)
    OfficeFactory(slug="nowhere", country="KE", city="", region="africa")
    DomesticOfficeFactory(slug="hokkaido", email="hokkaido@jetro.go.jp", website="https://www.jetro.go.jp/hokkaido/")
    ServiceFactory(slug="ibsc", offices=[paris], contact=ContactPointFactory(slug="desk", email=""))
    ServiceFactory(slug="j-messe", contact=None)


def export(client):
    return json.loads(response_text(client.get("/api/v1/exports/hsds.json")))


def test_the_export_meets_hsds_3_types_required_fields_and_formats(client, sparse_directory):
    document = export(client)
    validator = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]
    assert errors == []
    # The formats are checked (jsonschema checks uri only with the packages of its format-nongpl extra).
    for wrong in ({"email": ""}, {"url": "not a web address"}, {"assured_date": "2026-13-01"}):
        service = {"id": "b7b1bb4c-5d3a-4bd8-9a5e-6ac8a2cfb0a2", "name": "n", "status": "active", **wrong}
        assert not validator.is_valid({**document, "service": [service]}), wrong


def test_an_unknown_detail_is_left_out_not_written_empty(client, sparse_directory):
    document = export(client)
    required = {name: set(schema["items"]["required"]) for name, schema in SCHEMA["properties"].items()}
    required["addresses"] = set(ADDRESS["items"]["required"])
    addresses = [address for location in document["location"] for address in location["addresses"]]
    empty = [
        f"{name}.{field}"
        for name, rows in [*document.items(), ("addresses", addresses)]
        for row in rows
        for field, value in row.items()
        if value in ("", None) and field not in required[name]
    ]
    assert empty == []
    locations = {location["external_identifier"]: location for location in document["location"]}
    assert "latitude" not in locations["nowhere"] and "url" not in locations["paris"]
    assert locations["hokkaido"]["addresses"][0]["state_province"] == "Hokkaido"
    services = {service["url"].rsplit("/", 2)[-2]: service for service in document["service"]}
    assert "email" not in services["ibsc"] and "assured_date" not in services["j-messe"]
