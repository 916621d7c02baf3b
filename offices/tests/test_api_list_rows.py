"""What the API's office list shows: the serializer's rows, kept for the generation like pieces of pages."""

import datetime

import pytest

from offices.models import Office, OfficeKind, OfficeStatus
from services.models import ServiceCategory
from services.tests.factories import ServiceFactory

from .factories import DomesticOfficeFactory, OfficeFactory, OpeningHoursFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/offices/"


@pytest.fixture
def offices():
    """Offices of every shape the list shows: hours, services, successors, phones, coordinates."""
    berlin = OfficeFactory(
        slug="berlin",
        phone="+49 30 2094 5560",
        fax="+49 30 2094 5561",
        email="ber@jetro.go.jp",
        website="https://www.jetro.go.jp/germany/",
        latitude="52.510000",
        longitude="13.390000",
        last_verified=datetime.date(2025, 3, 1),
        source="https://www.jetro.go.jp/",
        source_as_of="2024",
    )
    # Entered out of order: the answer lists them by day, then time.
    OpeningHoursFactory(office=berlin, weekday=4, opens="09:00", closes="12:00")
    OpeningHoursFactory(office=berlin, weekday=0, opens="13:00", closes="17:30")
    OpeningHoursFactory(office=berlin, weekday=0, opens="09:00", closes="12:00")
    draft = OfficeFactory(slug="bonn", is_published=False)
    OfficeFactory(slug="hamburg", status=OfficeStatus.CLOSED, successor=berlin)
    OfficeFactory(slug="cologne", status=OfficeStatus.CLOSED, successor=draft)
    osaka = DomesticOfficeFactory(
        slug="osaka", name_ja="ジェトロ大阪", prefecture="osaka", city="Osaka", address_local="大阪市中央区"
    )
    OfficeFactory(slug="paris", country="FR", city="Paris", phone="")
    OfficeFactory(
        slug="new-york",
        kind=OfficeKind.OVERSEAS,
        country="US",
        region="north_america",
        city="New York",
        phone="+1 212 997 0400",
    )
    ServiceFactory(slug="zz-fairs", name="Trade fairs", category=ServiceCategory.EVENTS, offices=[berlin, osaka])
    ServiceFactory(slug="aa-support", name="Support", category=ServiceCategory.INVESTMENT_SUPPORT, offices=[berlin])
    ServiceFactory(slug="draft-service", offices=[berlin, osaka], is_published=False)


def test_a_listed_office_follows_an_edit_at_once(client, offices):
    assert "JETRO Berlin (moved)" not in client.get(LIST).text
    berlin = Office.objects.get(slug="berlin")
    berlin.name = "JETRO Berlin (moved)"
    berlin.save()
    assert {row["slug"]: row for row in client.get(LIST).json()["results"]}["berlin"]["name"] == "JETRO Berlin (moved)"


def test_each_host_gets_its_own_links(client, offices, settings):
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example.org"]
    assert client.get(LIST).json()["results"][0]["url"].startswith("http://testserver/")
    mirrored = client.get(LIST, HTTP_HOST="mirror.example.org").json()["results"][0]["url"]
    assert mirrored.startswith("http://mirror.example.org/")


def test_what_the_list_shows_of_hours_services_and_successors(client, offices):
    results = {row["slug"]: row for row in client.get(LIST).json()["results"]}
    assert results["berlin"]["opening_hours"] == [
        {"day": "monday", "opens": "09:00", "closes": "12:00"},
        {"day": "monday", "opens": "13:00", "closes": "17:30"},
        {"day": "friday", "opens": "09:00", "closes": "12:00"},
    ]
    # By category (events before investment support), then name: not by slug.
    assert results["berlin"]["services"] == ["zz-fairs", "aa-support"]
    assert results["berlin"]["phone"] == "+493020945560"
    assert results["berlin"]["latitude"] == 52.51
    assert results["paris"]["phone"] == ""
    assert results["paris"]["latitude"] is None
    assert results["hamburg"]["successor"] == "berlin"
    assert results["cologne"]["successor"] is None
    assert results["osaka"]["services"] == ["zz-fairs"]
