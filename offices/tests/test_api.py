"""/api/v1/offices/: what a data user gets, filters, errors, and the number of queries."""

import datetime

import factory
import pytest
from django.urls import reverse
from django.utils import timezone

from offices.models import Office, OfficeStatus
from services.tests.factories import ServiceFactory

from .factories import DomesticOfficeFactory, OfficeFactory, OpeningHoursFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/offices/"
CONTRACT_FIELDS = {
    "slug",
    "name",
    "name_ja",
    "kind",
    "region",
    "country",
    "country_name",
    "city",
    "prefecture",
    "address",
    "postal_code",
    "phone",
    "fax",
    "email",
    "website",
    "timezone",
    "services",
    "url",
}


def slugs(response):
    assert response.status_code == 200, response.content
    return {office["slug"] for office in response.json()["results"]}


def test_the_list_is_paginated_as_the_contract_says(client):
    OfficeFactory(slug="paris", country="FR", city="Paris")
    body = client.get(LIST).json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 1
    assert body["next"] is None
    assert body["previous"] is None


def test_an_office_has_every_contract_field_with_e164_phones_and_an_absolute_url(client):
    office = OfficeFactory(
        slug="paris",
        name="JETRO Paris",
        name_ja="ジェトロ・パリ",
        country="FR",
        city="Paris",
        phone="+33 1 42 61 27 27",
        latitude="48.868000",
        longitude="2.334000",
    )
    OpeningHoursFactory(office=office, weekday=0, opens="09:30", closes="17:30")
    ServiceFactory(slug="ibsc", offices=[office])
    data = client.get(f"{LIST}paris/").json()
    assert set(data) >= CONTRACT_FIELDS
    assert data["name_ja"] == "ジェトロ・パリ"
    assert data["kind"] == "overseas"
    assert data["country"] == "FR"
    assert data["country_name"] == "France"
    assert data["phone"] == "+33142612727"
    assert data["timezone"] == "Europe/Paris"
    assert data["services"] == ["ibsc"]
    assert data["url"] == "http://testserver/offices/paris/"
    assert data["opening_hours"] == [{"day": "monday", "opens": "09:30", "closes": "17:30"}]
    assert data["latitude"] == pytest.approx(48.868)
    assert data["status"] == "open"


def test_details_no_source_gives_are_empty_strings_not_null(client):
    OfficeFactory(slug="berlin", phone="", fax="", email="", website="", address="", postal_code="")
    data = client.get(f"{LIST}berlin/").json()
    for field in ("phone", "fax", "email", "website", "address", "address_local", "postal_code", "prefecture"):
        assert data[field] == "", field
    assert data["latitude"] is None
    assert data["successor"] is None
    assert data["last_verified"] is None


def test_unpublished_offices_are_neither_listed_nor_found(client):
    OfficeFactory(slug="paris", country="FR")
    OfficeFactory(slug="hidden", is_published=False)
    assert slugs(client.get(LIST)) == {"paris"}
    response = client.get(f"{LIST}hidden/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No published office has this slug."}


def test_an_unpublished_service_is_not_named_among_an_offices_services(client):
    office = OfficeFactory(slug="paris", country="FR")
    ServiceFactory(slug="public", offices=[office])
    ServiceFactory(slug="draft", offices=[office], is_published=False)
    assert client.get(f"{LIST}paris/").json()["services"] == ["public"]


def test_a_closed_office_names_its_successor_only_if_the_successor_is_published(client):
    visible = OfficeFactory(slug="berlin")
    hidden = OfficeFactory(slug="bonn", is_published=False)
    OfficeFactory(slug="hamburg", status=OfficeStatus.CLOSED, successor=visible)
    OfficeFactory(slug="cologne", status=OfficeStatus.CLOSED, successor=hidden)
    assert client.get(f"{LIST}hamburg/").json()["successor"] == "berlin"
    assert client.get(f"{LIST}cologne/").json()["successor"] is None


def test_an_unknown_slug_is_a_json_404(client):
    response = client.get(f"{LIST}atlantis/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "No published office has this slug."}


def test_a_detail_ignores_the_lists_filters(client):
    OfficeFactory(slug="berlin", country="DE")
    assert client.get(f"{LIST}berlin/", {"country": "FR"}).status_code == 200
    assert client.get(f"{LIST}berlin/", {"country": "ZZ"}).status_code == 200


@pytest.fixture
def directory():
    paris = OfficeFactory(slug="paris", name="JETRO Paris", country="FR", city="Paris", region="europe")
    OfficeFactory(slug="sao-paulo", name="JETRO São Paulo", country="BR", city="São Paulo", region="latin_america")
    OfficeFactory(slug="dusseldorf", name="JETRO Düsseldorf", name_ja="ジェトロ・デュッセルドルフ", country="DE")
    DomesticOfficeFactory(slug="hokkaido", name="JETRO Hokkaido", prefecture="hokkaido")
    DomesticOfficeFactory(slug="osaka-region", name="JETRO Kobe", prefecture="hyogo", city="Kobe")
    ServiceFactory(slug="ibsc", offices=[paris])


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "sao paulo"}, {"sao-paulo"}),
        ({"q": "デュッセルドルフ"}, {"dusseldorf"}),
        ({"q": "de"}, {"dusseldorf"}),
        ({"kind": "domestic"}, {"hokkaido", "osaka-region"}),
        ({"kind": "overseas"}, {"paris", "sao-paulo", "dusseldorf"}),
        ({"region": "latin_america"}, {"sao-paulo"}),
        ({"region": "kinki"}, {"osaka-region"}),
        ({"country": "fr"}, {"paris"}),
        ({"country": "JP"}, {"hokkaido", "osaka-region"}),
        ({"prefecture": "hokkaido"}, {"hokkaido"}),
        ({"service": "ibsc"}, {"paris"}),
        ({"kind": "overseas", "region": "europe"}, {"paris", "dusseldorf"}),
        ({"kind": "", "country": ""}, {"paris", "sao-paulo", "dusseldorf", "hokkaido", "osaka-region"}),
    ],
)
def test_each_filter_lists_only_the_matching_offices(client, directory, params, expected):
    assert slugs(client.get(LIST, params)) == expected


@pytest.mark.parametrize(
    ("params", "parameter", "says"),
    [
        ({"country": "ZZ"}, "country", "“ZZ” is not an ISO 3166-1 alpha-2 country code"),
        ({"kind": "spaceship"}, "kind", "Use one of: headquarters, domestic, overseas, institute, promotion_body"),
        ({"region": "atlantis"}, "region", "“atlantis” is not allowed here. Use one of: asia,"),
        ({"prefecture": "gotham"}, "prefecture", "Use one of: hokkaido, aomori"),
        ({"service": "bad\x00slug"}, "service", "No published service has this slug"),
        ({"service": "no such service"}, "service", "No published service has this slug"),
        ({"q": "paris\x00"}, "q", "Null characters are not allowed"),
        ({"q": "x" * 5000}, "q", "at most 200 characters"),
        ({"modified_since": "yesterday"}, "modified_since", "Give an ISO 8601 date-time"),
        ({"modified_since": "0001-01-01T00:00:00"}, "modified_since", "Give an ISO 8601 date-time"),
        ({"page": "0"}, "page", "Choose a page number from 1 to 1"),
        ({"page": "two"}, "page", "Choose a page number from 1 to 1"),
    ],
)
def test_a_value_that_cannot_be_valid_is_a_400_naming_the_parameter_and_what_it_accepts(
    client, directory, params, parameter, says
):
    response = client.get(LIST, params)
    assert response.status_code == 400
    body = response.json()
    assert list(body) == [parameter]
    assert says in body[parameter][0]


@pytest.mark.parametrize(
    ("params", "parameter", "says"),
    [
        ({"service": "no-such-service"}, "service", "No published service has this slug"),
        ({"page": "99"}, "page", "Choose a page number from 1 to 1"),
        ({"page": "99999999999999999999999"}, "page", "Choose a page number from 1 to 1"),
        # JSON Schema's integers include 2.0 and 2e0: a page after the last, not a malformed one.
        ({"page": "2.0"}, "page", "Choose a page number from 1 to 1"),
        ({"page": "2e0"}, "page", "Choose a page number from 1 to 1"),
        ({"page": "1e999999999"}, "page", "Choose a page number from 1 to 1"),
    ],
)
def test_a_well_formed_slug_or_page_that_is_not_there_is_a_404_naming_the_parameter(
    client, directory, params, parameter, says
):
    # The schema allows any slug and any page from 1 (which slugs exist, and how many
    # pages, are the directory's data): what is asked for is not there, as a 404 says.
    response = client.get(LIST, {"kind": "overseas", **params})
    assert response.status_code == 404
    body = response.json()
    assert list(body) == [parameter]
    assert says in body[parameter][0]


def test_a_malformed_value_beside_an_unknown_slug_is_a_400_naming_both(client, directory):
    response = client.get(LIST, {"service": "no-such-service", "kind": "spaceship"})
    assert response.status_code == 400
    assert set(response.json()) == {"service", "kind"}


def test_an_unpublished_service_is_not_a_valid_service_filter(client, directory):
    ServiceFactory(slug="draft", is_published=False)
    assert client.get(LIST, {"service": "draft"}).status_code == 404


@pytest.mark.parametrize(
    "parameter", ["q", "kind", "region", "country", "prefecture", "service", "modified_since", "page"]
)
def test_a_parameter_sent_empty_is_the_same_as_one_left_out(client, directory, parameter):
    assert slugs(client.get(LIST, {parameter: ""})) == slugs(client.get(LIST))


def test_modified_since_lists_offices_changed_since_then(client):
    OfficeFactory(slug="old")
    OfficeFactory(slug="new")
    then = timezone.now() - datetime.timedelta(days=30)
    Office.objects.filter(slug="old").update(updated_at=then)
    since = (then + datetime.timedelta(days=1)).isoformat()
    assert slugs(client.get(LIST, {"modified_since": since})) == {"new"}
    assert slugs(client.get(LIST, {"modified_since": "2000-01-01"})) == {"old", "new"}


def test_modified_since_includes_an_office_whose_service_changed(client):
    office = OfficeFactory(slug="paris", country="FR")
    OfficeFactory(slug="berlin")
    then = timezone.now() - datetime.timedelta(days=30)
    Office.objects.update(updated_at=then)
    ServiceFactory(slug="ibsc", offices=[office])  # a service it offers changes now
    since = (then + datetime.timedelta(days=1)).isoformat()
    assert slugs(client.get(LIST, {"modified_since": since})) == {"paris"}


def test_list_query_count_does_not_grow_with_offices(assert_constant_queries):
    def grow(n):
        for office in OfficeFactory.create_batch(n):
            OpeningHoursFactory(office=office)
            ServiceFactory(offices=[office])

    # The directory's version (ETag), the count, the page, opening hours, services.
    assert_constant_queries(LIST, grow, limit=7)


def test_filtered_list_query_count_does_not_grow(assert_constant_queries):
    ServiceFactory(slug="ibsc")

    def grow(n):
        for office in DomesticOfficeFactory.create_batch(n):
            ServiceFactory(offices=[office])

    # The service filter looks its slug up once.
    assert_constant_queries(f"{LIST}?kind=domestic&service=ibsc&q=jetro", grow, limit=6)


def test_detail_query_count_is_pinned(client, django_assert_num_queries):
    office = OfficeFactory(slug="paris", country="FR")
    OpeningHoursFactory.create_batch(3, office=office, weekday=factory.Iterator([0, 1, 2]))
    for _ in range(5):
        ServiceFactory(offices=[office])
    # The office with its successor, its opening hours, its services: Last-Modified comes from those rows.
    with django_assert_num_queries(4):
        assert client.get(reverse("api:office-detail", args=["paris"])).status_code == 200
