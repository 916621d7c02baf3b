import html
import re

import pytest
from django.urls import reverse

from conftest import count_h1
from offices.tests.factories import DomesticOfficeFactory, OfficeFactory
from services.models import Audience, Availability, ServiceCategory

from .factories import ContactPointFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def h2s(response):
    return [
        html.unescape(re.sub(r"<[^>]+>", "", h)).strip()
        for h in re.findall(r"<h2[^>]*>(.*?)</h2>", response.text, re.S)
    ]


def test_catalogue_lists_published_services_by_category(client):
    ServiceFactory(name="IBSC", category=ServiceCategory.INVESTMENT_SUPPORT)
    ServiceFactory(name="J-messe", category=ServiceCategory.EVENTS)
    ServiceFactory(name="Draft service", is_published=False)
    response = client.get(reverse("services:list"))
    assert response.status_code == 200
    assert count_h1(response) == 1
    assert h2s(response) == ["Investment support", "Events & trade fairs"]
    assert "Draft service" not in response.text


@pytest.mark.parametrize(
    ("params", "found", "not_found"),
    [
        ({"category": "events_trade_fairs"}, "J-messe", "IBSC"),
        ({"audience": "japanese_companies"}, "J-messe", "IBSC"),
        ({"q": "trade fair"}, "J-messe", "IBSC"),
        ({"q": "ＩＢＳＣ"}, "IBSC", "J-messe"),
        ({"office": "paris"}, "IBSC", "J-messe"),
    ],
)
def test_filters_find_the_right_service(client, params, found, not_found):
    paris = OfficeFactory(slug="paris", country="FR")
    ServiceFactory(name="IBSC", summary="One-stop desk.", offices=[paris])
    ServiceFactory(
        name="J-messe",
        summary="Trade fair database.",
        category=ServiceCategory.EVENTS,
        audience=Audience.JAPANESE_COMPANIES,
    )
    response = client.get(reverse("services:list"), params)
    assert found in response.text
    assert not_found not in response.text


def test_services_in_a_country_list_those_available_anywhere_apart(client):
    vietnam = OfficeFactory(country="VN", region="asia", city="Hanoi")
    ServiceFactory(name="Hanoi platform", offices=[vietnam])
    ServiceFactory(name="Online guide", availability=Availability.ANYWHERE)
    ServiceFactory(name="Singapore pitch", availability=Availability.LOCAL, countries=["SG"])
    ServiceFactory(name="Paris desk", offices=[OfficeFactory(country="FR")])
    ServiceFactory(name="Hidden office desk", offices=[OfficeFactory(country="VN", city="Hanoi", is_published=False)])
    response = client.get(reverse("services:list"), {"country": "VN"})
    assert h2s(response) == ["Offered in Vietnam", "Available from anywhere (online or through any office)"]
    text = response.text
    assert text.index("Hanoi platform") < text.index("Online guide")
    for absent in ("Singapore pitch", "Paris desk", "Hidden office desk"):
        assert absent not in text


def test_a_country_with_no_service_of_its_own_says_so_and_leads_to_its_offices(client):
    OfficeFactory(country="DE", city="Berlin")
    ServiceFactory(name="Online guide", availability=Availability.ANYWHERE)
    response = client.get(reverse("services:list"), {"country": "de"})
    text = html.unescape(re.sub(r"\s+", " ", response.text))
    assert "No service in this directory is tied to an office or a place in Germany" in text
    assert '<a href="/offices/?country=DE">JETRO offices in Germany</a>' in text
    assert "Online guide" in text


def test_a_country_with_services_of_its_own_does_not_say_it_has_none(client):
    vietnam = OfficeFactory(country="VN", region="asia", city="Hanoi")
    ServiceFactory(name="Hanoi platform", offices=[vietnam])
    ServiceFactory(name="Online guide", availability=Availability.ANYWHERE)
    text = client.get(reverse("services:list"), {"country": "VN"}).text
    assert "No service in this directory is tied" not in text
    assert '<a href="/offices/?country=VN">JETRO offices in Vietnam</a>' in text


def test_a_country_without_an_office_gets_no_link_to_its_offices(client):
    ServiceFactory(name="Singapore pitch", availability=Availability.LOCAL, countries=["SG"])
    text = client.get(reverse("services:list"), {"country": "SG"}).text
    assert "Singapore pitch" in text
    assert "JETRO offices in Singapore" not in text


def test_a_service_named_for_a_country_is_listed_there(client):
    ServiceFactory(name="Singapore pitch", availability=Availability.LOCAL, countries=["SG"])
    assert "Singapore pitch" in client.get(reverse("services:list"), {"country": "sg"}).text


def test_service_page_lists_offices_by_country_and_the_contact_point(client):
    paris = OfficeFactory(name="JETRO Paris", country="FR", city="Paris")
    berlin = OfficeFactory(name="JETRO Berlin", country="DE", city="Berlin")
    hidden = OfficeFactory(name="JETRO Hidden", is_published=False)
    contact = ContactPointFactory(division="Invest Japan Department", phone="+81 3-3582-5571")
    service = ServiceFactory(offices=[paris, berlin, hidden], contact=contact)
    response = client.get(service.get_absolute_url())
    assert response.status_code == 200
    assert count_h1(response) == 1
    h3s = re.findall(r"<h3>(.*?)</h3>", response.text)
    assert h3s == ["Germany", "France"]
    assert "JETRO Hidden" not in response.text
    assert "Invest Japan Department" in response.text
    assert 'href="tel:+81335825571"' in response.text


def test_a_service_without_a_contact_point_says_not_listed(client):
    response = client.get(ServiceFactory(contact=None).get_absolute_url())
    assert "Not listed" in response.text


def test_an_unpublished_or_unknown_service_has_no_page(client):
    assert client.get(ServiceFactory(is_published=False).get_absolute_url()).status_code == 404
    assert client.get(reverse("services:detail", args=["atlantis"])).status_code == 404


def test_catalogue_query_count_does_not_grow_with_services(assert_constant_queries):
    assert_constant_queries(
        reverse("services:list"), lambda n: ServiceFactory.create_batch(n, contact=ContactPointFactory()), limit=4
    )


def test_services_by_country_query_count_does_not_grow(assert_constant_queries):
    def grow(n):
        for _ in range(n):
            ServiceFactory(offices=[OfficeFactory(country="VN", city="Hanoi")])
            ServiceFactory(availability=Availability.ANYWHERE)

    assert_constant_queries(reverse("services:list") + "?country=VN", grow, limit=5)


def test_service_page_query_count_does_not_grow_with_its_offices(assert_constant_queries):
    service = ServiceFactory(contact=ContactPointFactory())

    def grow(n):
        service.offices.add(*OfficeFactory.create_batch(n), *DomesticOfficeFactory.create_batch(n))

    assert_constant_queries(service.get_absolute_url(), grow, limit=3)


def test_the_catalogue_lists_services_by_category_in_its_order_then_by_name(client):
    ServiceFactory(name="Zeta research", category=ServiceCategory.RESEARCH)
    ServiceFactory(name="Alpha research", category=ServiceCategory.RESEARCH)
    ServiceFactory(name="Trade fair help", category=ServiceCategory.EVENTS)
    ServiceFactory(name="Invest desk", category=ServiceCategory.INVESTMENT_SUPPORT)
    text = client.get(reverse("services:list")).text
    positions = [text.index(name) for name in ("Invest desk", "Trade fair help", "Alpha research", "Zeta research")]
    assert positions == sorted(positions)
