"""What the API's service and contact point lists show: the serializer's rows, kept for the generation."""

import datetime

import pytest

from offices.tests.factories import DomesticOfficeFactory, OfficeFactory

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
