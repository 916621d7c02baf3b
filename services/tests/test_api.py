"""/api/v1/services/: what a data user gets, filters, errors, and the number of queries."""

import datetime

import pytest
from django.utils import timezone

from offices.tests.factories import DomesticOfficeFactory, OfficeFactory
from services.models import Availability, Service

from .factories import ContactPointFactory, ServiceFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/services/"
CONTRACT_FIELDS = {"slug", "name", "category", "audience", "summary", "offices", "url"}


def slugs(response):
    assert response.status_code == 200, response.content
    return {service["slug"] for service in response.json()["results"]}


def test_a_service_has_every_contract_field_its_offices_and_its_contact(client):
    paris = OfficeFactory(slug="paris", country="FR")
    contact = ContactPointFactory(slug="ibsc-desk", division="IBSC", phone="+81 3-3582-5511", email="")
    ServiceFactory(
        slug="ibsc",
        name="Invest Japan Business Support Center",
        offices=[paris],
        countries=["JP"],
        contact=contact,
        availability=Availability.LOCAL,
        fee="free",
    )
    body = client.get(LIST).json()
    assert set(body) == {"count", "next", "previous", "results"}
    data = body["results"][0]
    assert set(data) >= CONTRACT_FIELDS
    assert data["offices"] == ["paris"]
    assert data["countries"] == ["JP"]
    assert data["category"] == "investment_support"
    assert data["audience"] == "foreign_companies"
    assert data["availability"] == "local"
    assert data["fee"] == "free"
    assert data["url"] == "http://testserver/services/ibsc/"
    assert data["contact"] == {
        "slug": "ibsc-desk",
        "organisation": "Japan External Trade Organization (JETRO)",
        "division": "IBSC",
        "topic": "",
        "phone": "+81335825511",
        "email": "",
        "website": "",
    }


def test_a_service_without_contact_or_fee_says_so_without_nulls_in_text(client):
    ServiceFactory(slug="online")
    data = client.get(f"{LIST}online/").json()
    assert data["contact"] is None
    assert data["fee"] == ""
    assert data["name_ja"] == ""
    assert data["offices"] == []


def test_unpublished_services_and_offices_are_absent(client):
    public = OfficeFactory(slug="paris", country="FR")
    hidden = OfficeFactory(slug="hidden", is_published=False)
    ServiceFactory(slug="ibsc", offices=[public, hidden])
    ServiceFactory(slug="draft", is_published=False)
    assert slugs(client.get(LIST)) == {"ibsc"}
    assert client.get(f"{LIST}ibsc/").json()["offices"] == ["paris"]
    assert client.get(f"{LIST}draft/").status_code == 404


def test_an_unknown_slug_is_a_json_404(client):
    response = client.get(f"{LIST}nothing-here/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No published service has this slug."}


@pytest.fixture
def catalogue():
    hanoi = OfficeFactory(slug="hanoi", country="VN", city="Hanoi", region="asia")
    sapporo = DomesticOfficeFactory(slug="hokkaido")
    ServiceFactory(slug="vietnam-desk", name="Vietnam desk", offices=[hanoi], category="business_development")
    ServiceFactory(slug="online-seminars", name="Online seminars", availability=Availability.ANYWHERE)
    ServiceFactory(
        slug="export-help",
        name="Export help for Japanese firms",
        audience="japanese_companies",
        offices=[sapporo],
        category="export_promotion",
    )
    ServiceFactory(slug="foodex", name="FOODEX JAPAN", countries=["JP"], category="events_trade_fairs")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "vietnam"}, {"vietnam-desk"}),
        ({"q": "ONLINE Seminars"}, {"online-seminars"}),
        ({"country": "vn"}, {"vietnam-desk", "online-seminars"}),
        ({"country": "JP"}, {"export-help", "foodex", "online-seminars"}),
        ({"country": "FR"}, {"online-seminars"}),
        ({"category": "export_promotion"}, {"export-help"}),
        ({"audience": "japanese_companies"}, {"export-help"}),
        ({"office": "hanoi"}, {"vietnam-desk"}),
        ({"category": "events_trade_fairs", "country": "JP"}, {"foodex"}),
    ],
)
def test_each_filter_lists_only_the_matching_services(client, catalogue, params, expected):
    assert slugs(client.get(LIST, params)) == expected


@pytest.mark.parametrize(
    ("params", "parameter", "says"),
    [
        ({"country": "ZZ"}, "country", "“ZZ” is not an ISO 3166-1 alpha-2 country code"),
        ({"category": "magic"}, "category", "Use one of: investment_support, regulations_procedures"),
        ({"audience": "aliens"}, "audience", "Use one of: foreign_companies, japanese_companies, both"),
        ({"office": "x" * 5000}, "office", "No published office has this slug"),
        ({"q": "\x00"}, "q", "Null characters are not allowed"),
        ({"modified_since": "2025-13-45"}, "modified_since", "Give an ISO 8601 date-time"),
        ({"page": "-1"}, "page", "Choose a page number from 1 to 1"),
    ],
)
def test_a_value_that_cannot_be_valid_is_a_400_naming_the_parameter(client, catalogue, params, parameter, says):
    response = client.get(LIST, params)
    assert response.status_code == 400
    body = response.json()
    assert list(body) == [parameter]
    assert says in body[parameter][0]


@pytest.mark.parametrize(("params", "parameter"), [({"office": "atlantis"}, "office"), ({"page": "2"}, "page")])
def test_an_unknown_office_or_a_page_after_the_last_is_a_404_naming_it(client, catalogue, params, parameter):
    response = client.get(LIST, params)
    assert response.status_code == 404
    assert list(response.json()) == [parameter]


def test_modified_since_includes_services_whose_office_or_contact_changed(client):
    office = OfficeFactory(slug="paris", country="FR")
    contact = ContactPointFactory()
    ServiceFactory(slug="by-office", offices=[office])
    ServiceFactory(slug="by-contact", contact=contact)
    ServiceFactory(slug="untouched")
    then = timezone.now() - datetime.timedelta(days=30)
    Service.objects.update(updated_at=then)
    office.save()
    contact.save()
    since = (then + datetime.timedelta(days=1)).isoformat()
    assert slugs(client.get(LIST, {"modified_since": since})) == {"by-office", "by-contact"}


def test_list_query_count_does_not_grow_with_services(assert_constant_queries):
    def grow(n):
        for _ in range(n):
            ServiceFactory(offices=[OfficeFactory()], contact=ContactPointFactory())

    # The directory's version (ETag), the count, the page with contacts, the offices.
    assert_constant_queries(LIST, grow, limit=6)


def test_country_filtered_list_query_count_does_not_grow(assert_constant_queries):
    def grow(n):
        for _ in range(n):
            ServiceFactory(offices=[OfficeFactory(country="DE")])

    assert_constant_queries(f"{LIST}?country=DE&category=investment_support", grow, limit=7)


def test_detail_query_count_is_pinned(client, django_assert_num_queries):
    ServiceFactory(slug="ibsc", offices=OfficeFactory.create_batch(5), contact=ContactPointFactory())
    with django_assert_num_queries(3):
        assert client.get(f"{LIST}ibsc/").status_code == 200
