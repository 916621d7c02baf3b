"""The whole-directory downloads: CSV in the shipped data's columns, and Open Referral HSDS JSON."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from offices.models import OfficeStatus
from offices.tests.factories import DomesticOfficeFactory, OfficeFactory, OpeningHoursFactory
from services.tests.factories import ContactPointFactory, ServiceFactory

pytestmark = pytest.mark.django_db

DOWNLOADS = [
    "/api/v1/exports/offices.csv",
    "/api/v1/exports/services.csv",
    "/api/v1/exports/office-services.csv",
    "/api/v1/exports/contacts.csv",
    "/api/v1/exports/hsds.json",
    "/api/v1/exports/offices.geojson",
]


@pytest.fixture
def directory():
    paris = OfficeFactory(
        slug="paris", name="JETRO Paris", country="FR", city="Paris", phone="+33 1 42 61 27 27", fax="+33 1 42 61 19 46"
    )
    OpeningHoursFactory(office=paris, weekday=0, opens="09:00", closes="17:30")
    hidden = OfficeFactory(slug="hidden", is_published=False)
    OfficeFactory(slug="lyon", country="FR", status=OfficeStatus.CLOSED, successor=hidden)
    hokkaido = DomesticOfficeFactory(slug="hokkaido")
    desk = ContactPointFactory(slug="ibsc-desk", phone="+81 3-3582-5511")
    ContactPointFactory(slug="draft-desk", is_published=False)
    ServiceFactory(slug="ibsc", offices=[paris, hidden, hokkaido], contact=desk)
    ServiceFactory(slug="draft", offices=[paris], is_published=False, contact=ContactPointFactory(slug="secret-desk"))


def body(response):
    """A download's bytes (streamed from the file built for the generation), read once and kept."""
    if not hasattr(response, "read_body"):
        response.read_body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.read_body


def rows(response):
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(body(response).decode("utf-8-sig"))))


def shipped_header_line(*parts):
    return Path(settings.BASE_DIR, *parts).read_text(encoding="utf-8-sig").splitlines()[0]


def shipped_header(*parts):
    with Path(settings.BASE_DIR, *parts).open(encoding="utf-8-sig") as handle:
        return next(csv.reader(handle))


@pytest.mark.parametrize("url", DOWNLOADS)
def test_every_download_is_a_named_file_with_an_etag(client, directory, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="jetro-directory-')
    assert client.get(url, headers={"If-None-Match": response["ETag"]}).status_code == 304


@pytest.mark.parametrize("url", DOWNLOADS)
def test_downloads_are_read_only(client, url):
    response = client.post(url)
    assert response.status_code == 405
    assert response.json() == {"detail": "The API is read-only: use GET, HEAD or OPTIONS."}


@pytest.mark.parametrize("url", DOWNLOADS)
def test_options_on_a_download_says_what_it_allows_in_json(client, url):
    response = client.options(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["name"]
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


@pytest.mark.parametrize("url", DOWNLOADS)
def test_head_on_a_download_has_its_headers(client, url):
    response = client.head(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="jetro-directory-')


def test_offices_csv_has_the_shipped_columns_and_only_published_offices(client, directory):
    response = client.get("/api/v1/exports/offices.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header = next(csv.reader(io.StringIO(body(response).decode())))
    assert header == shipped_header("offices", "data", "offices.csv")
    offices = {row["slug"]: row for row in rows(response)}
    assert set(offices) == {"paris", "lyon", "hokkaido"}
    assert offices["paris"]["phone"] == "+33 1 42 61 27 27"
    # A closed office's unpublished successor is not named.
    assert offices["lyon"]["successor"] == ""


def test_services_csv_has_the_shipped_columns_and_names_only_published_offices(client, directory):
    response = client.get("/api/v1/exports/services.csv")
    header = next(csv.reader(io.StringIO(body(response).decode())))
    assert header == shipped_header("services", "data", "services.csv")
    services = {row["slug"]: row for row in rows(response)}
    assert set(services) == {"ibsc"}
    assert services["ibsc"]["offices"] == "hokkaido paris"
    assert services["ibsc"]["contact"] == "ibsc-desk"


def test_the_links_csv_pairs_published_offices_with_published_services(client, directory):
    links = rows(client.get("/api/v1/exports/office-services.csv"))
    assert links == [{"office": "hokkaido", "service": "ibsc"}, {"office": "paris", "service": "ibsc"}]


def test_contacts_csv_has_the_contact_points_of_published_services(client, directory):
    response = client.get("/api/v1/exports/contacts.csv")
    header = next(csv.reader(io.StringIO(body(response).decode())))
    assert header == shipped_header("services", "data", "contacts.csv")
    assert [row["slug"] for row in rows(response)] == ["ibsc-desk"]


def test_the_csv_downloads_load_back_unchanged(client, tmp_path):
    berlin = OfficeFactory(
        slug="berlin",
        phone="+49 30 123456",
        latitude="-33.868000",
        longitude="151.209000",
        # Text a spreadsheet would run, and text that starts with the escape itself: both round-trip.
        address="=1+1 Friedrichstraße",
        address_local="'Unter den Linden'",
        postal_code="-10117",
    )
    OfficeFactory(slug="bonn", status=OfficeStatus.CLOSED, successor=berlin, last_verified="2024-05-01")
    DomesticOfficeFactory(slug="hokkaido", name_ja="ジェトロ北海道")
    desk = ContactPointFactory(slug="ibsc-desk", phone="+81 3-3582-5511")
    ServiceFactory(slug="ibsc", offices=[berlin], contact=desk, countries=["JP", "SG"], fee="free")
    files = {}
    for name, url in [
        ("offices", "/api/v1/exports/offices.csv"),
        ("services", "/api/v1/exports/services.csv"),
        ("contacts", "/api/v1/exports/contacts.csv"),
    ]:
        files[name] = tmp_path / f"{name}.csv"
        files[name].write_bytes(body(client.get(url)))
    out = io.StringIO()
    call_command("load_directory", "--dry-run", *[f"--{name}={path}" for name, path in files.items()], stdout=out)
    report = out.getvalue()
    assert "offices.csv: 0 added, 0 updated, 3 unchanged" in report
    assert "services.csv: 0 added, 0 updated, 1 unchanged" in report
    assert "contacts.csv: 0 added, 0 updated, 1 unchanged" in report


def test_the_directory_pages_export_loads_back_unchanged(client, tmp_path):
    """/offices/export.csv and the open data file are written by the same writer: both load back."""
    OfficeFactory(
        slug="berlin", address="=1+1 Friedrichstraße", address_local="'Unter den Linden'", phone="+49 30 123456"
    )
    path = tmp_path / "offices.csv"
    response = client.get("/offices/export.csv")
    path.write_bytes(b"".join(response.streaming_content))
    others = []
    for name, url in [("services", "/api/v1/exports/services.csv"), ("contacts", "/api/v1/exports/contacts.csv")]:
        (tmp_path / f"{name}.csv").write_bytes(body(client.get(url)))
        others.append(f"--{name}={tmp_path / f'{name}.csv'}")
    staff = tmp_path / "staff.csv"
    staff.write_text(shipped_header_line("offices", "data", "staff.csv") + "\n")
    out = io.StringIO()
    call_command("load_directory", "--dry-run", f"--offices={path}", f"--staff={staff}", *others, stdout=out)
    assert "offices.csv: 0 added, 0 updated, 1 unchanged" in out.getvalue()


def test_a_cell_a_spreadsheet_would_run_is_defused_but_phones_and_numbers_are_kept(client):
    """One rule for every CSV the site writes (core.csv_format): by column, not by look."""
    OfficeFactory(
        slug="paris",
        country="FR",
        name="=HYPERLINK(1)",
        city="-2+3+cmd|' /C calc'!A0",
        address="@SUM(A1)",
        postal_code="-1-1",
        phone="+33 1 42 61 27 27",
        latitude="-33.868000",
        longitude="151.209000",
    )
    for url in ("/api/v1/exports/offices.csv", "/offices/export.csv"):
        (row,) = rows(client.get(url))
        assert row["name"] == "'=HYPERLINK(1)"
        assert row["city"] == "'-2+3+cmd|' /C calc'!A0"
        assert row["address"] == "'@SUM(A1)"
        # Text that merely looks like a number is text: a spreadsheet would compute -1-1.
        assert row["postal_code"] == "'-1-1"
        assert row["phone"] == "+33 1 42 61 27 27"
        assert row["latitude"] == "-33.868000"


def test_a_formula_in_a_listing_reaches_the_csv_defused(client):
    OfficeFactory(slug="paris", country="FR", city='=HYPERLINK("http://evil")')
    assert rows(client.get("/api/v1/exports/offices.csv"))[0]["city"] == '\'=HYPERLINK("http://evil")'


def test_hsds_json_describes_organization_services_locations_and_their_links(client, directory):
    document = json.loads(body(client.get("/api/v1/exports/hsds.json")))
    assert set(document) == {"organization", "service", "location", "service_at_location", "phone", "schedule"}
    (organization,) = document["organization"]
    assert organization["name"] == "Japan External Trade Organization (JETRO)"
    locations = {location["external_identifier"]: location for location in document["location"]}
    assert set(locations) == {"paris", "lyon", "hokkaido"}
    assert all(location["organization_id"] == organization["id"] for location in locations.values())
    (service,) = document["service"]
    assert service["name"].startswith("Test service")
    assert service["url"] == "http://testserver/services/ibsc/"
    pairs = {(link["service_id"], link["location_id"]) for link in document["service_at_location"]}
    assert pairs == {(service["id"], locations["paris"]["id"]), (service["id"], locations["hokkaido"]["id"])}
    phones = {
        (phone.get("location_id") or phone.get("service_id"), phone["type"], phone["number"])
        for phone in document["phone"]
    }
    assert phones == {
        (locations["paris"]["id"], "voice", "+33142612727"),
        (locations["paris"]["id"], "fax", "+33142611946"),
        (service["id"], "voice", "+81335825511"),
    }
    (schedule,) = document["schedule"]
    assert schedule["location_id"] == locations["paris"]["id"]
    assert (schedule["freq"], schedule["byday"], schedule["opens_at"], schedule["closes_at"]) == (
        "WEEKLY",
        "MO",
        "09:00",
        "17:30",
    )


def test_hsds_identifiers_are_the_same_on_every_export(client, directory):
    first = body(client.get("/api/v1/exports/hsds.json"))
    assert body(client.get("/api/v1/exports/hsds.json")) == first


@pytest.mark.parametrize("url", DOWNLOADS)
def test_download_query_count_does_not_grow(assert_constant_queries, url):
    def grow(n):
        for office in OfficeFactory.create_batch(n):
            OpeningHoursFactory(office=office)
            ServiceFactory(offices=[office], contact=ContactPointFactory())

    assert_constant_queries(url, grow, limit=6)
