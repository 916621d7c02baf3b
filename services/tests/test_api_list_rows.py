"""The API's service and contact point lists are built from plain values, not through the serializer
(issue 15): each listing in them must read byte for byte as its own detail answer, which the serializer gives."""

import datetime

import pytest

from offices.tests.factories import DomesticOfficeFactory, OfficeFactory
from tests.support import rows_and_details

from .factories import ContactPointFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def services():
    """Services of every shape the list shows: contact points, countries, offices, published or not."""
    paris = OfficeFactory(slug="paris", country="FR", city="Paris")
    berlin = OfficeFactory(slug="berlin")
    osaka = DomesticOfficeFactory(slug="osaka", prefecture="osaka", city="Osaka")
    draft_office = OfficeFactory(slug="bonn", is_published=False)
    desk = ContactPointFactory(slug="desk", phone="+81 3-3582-5511", email="desk@jetro.go.jp", topic="Setting up")
    hidden_desk = ContactPointFactory(slug="hidden-desk", is_published=False)
    ServiceFactory(
        slug="ibsc",
        offices=[paris, osaka, berlin, draft_office],
        countries=["JP", "DE"],
        contact=desk,
        fee="free",
        last_verified=datetime.date(2025, 3, 1),
        source="https://www.jetro.go.jp/",
    )
    ServiceFactory(slug="hidden-contact", contact=hidden_desk, offices=[berlin])
    ServiceFactory(slug="no-contact", countries=[], offices=[])
    ServiceFactory(slug="draft", is_published=False, contact=desk, offices=[paris])
    ContactPointFactory(slug="quiet-desk", phone="")


@pytest.mark.parametrize("url", ["/api/v1/services/", "/api/v1/contacts/", "/api/v1/services/?country=DE"])
@pytest.mark.parametrize("language", ["en", "ja"])
def test_each_listed_item_reads_byte_for_byte_as_its_own_answer(client, services, url, language):
    listed, results, details = rows_and_details(client, url, HTTP_ACCEPT_LANGUAGE=language)
    assert results
    for row, detail in zip(results, details, strict=True):
        assert list(row.items()) == list(detail.json().items())
        assert detail.content in listed.content, row["slug"]


def test_what_the_service_list_shows_of_offices_countries_and_contact_points(client, services):
    results = {row["slug"]: row for row in client.get("/api/v1/services/").json()["results"]}
    assert set(results) == {"ibsc", "hidden-contact", "no-contact"}
    # Published offices by country, city and name.
    assert results["ibsc"]["offices"] == ["berlin", "paris", "osaka"]
    assert results["ibsc"]["countries"] == ["DE", "JP"]
    assert results["ibsc"]["contact"]["phone"] == "+81335825511"
    assert results["hidden-contact"]["contact"] is None
    assert results["no-contact"]["contact"] is None
    assert results["no-contact"]["countries"] == []


def test_what_the_contact_list_shows_of_services_and_pages(client, services):
    results = {row["slug"]: row for row in client.get("/api/v1/contacts/").json()["results"]}
    assert results["desk"]["services"] == ["ibsc"]
    assert results["desk"]["url"] == "http://testserver/contacts/#desk"
    assert results["quiet-desk"]["phone"] == ""
