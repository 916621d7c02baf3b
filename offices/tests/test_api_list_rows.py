"""The API's office list is built from plain values, not through the serializer (issue 15):
each office in it must read byte for byte as its own detail answer, which the serializer gives."""

import datetime

import pytest

from offices.models import OfficeKind, OfficeStatus
from services.models import ServiceCategory
from services.tests.factories import ServiceFactory
from tests.support import rows_and_details

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


@pytest.mark.parametrize("language", ["en", "ja"])
def test_each_listed_office_reads_byte_for_byte_as_its_own_answer(client, offices, language):
    listed, results, details = rows_and_details(client, LIST, HTTP_ACCEPT_LANGUAGE=language)
    assert [row["slug"] for row in results] == ["berlin", "cologne", "hamburg", "new-york", "osaka", "paris"]
    for row, detail in zip(results, details, strict=True):
        assert list(row.items()) == list(detail.json().items())
        assert detail.content in listed.content, row["slug"]


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


def test_a_filtered_later_page_reads_as_the_details(client, offices):
    OfficeFactory.create_batch(55)
    listed, results, details = rows_and_details(client, f"{LIST}?kind=overseas&page=2")
    assert results
    for detail in details:
        assert detail.content in listed.content
