import pytest
from django.urls import reverse

from conftest import count_h1
from offices.tests.factories import OfficeFactory
from services.models import Availability

from .factories import ContactPointFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def test_catalogue_lists_published_services_with_one_h1(client):
    ServiceFactory(name="Invest Japan Business Support Center")
    ServiceFactory(name="Draft service", is_published=False)
    response = client.get(reverse("services:list"))
    assert response.status_code == 200
    assert count_h1(response) == 1
    assert "Invest Japan Business Support Center" in response.text
    assert "Draft service" not in response.text


def test_service_page_lists_the_offices_and_the_contact_point(client):
    paris = OfficeFactory(name="JETRO Paris", country="FR")
    hidden = OfficeFactory(name="JETRO Hidden", is_published=False)
    contact = ContactPointFactory(division="Invest Japan Department", phone="+81 3-3582-5571")
    service = ServiceFactory(offices=[paris, hidden], contact=contact)
    response = client.get(service.get_absolute_url())
    assert response.status_code == 200
    assert count_h1(response) == 1
    assert "JETRO Paris" in response.text
    assert "JETRO Hidden" not in response.text
    assert "Invest Japan Department" in response.text
    assert 'href="tel:+81335825571"' in response.text


def test_an_unpublished_or_unknown_service_has_no_page(client):
    assert client.get(ServiceFactory(is_published=False).get_absolute_url()).status_code == 404
    assert client.get(reverse("services:detail", args=["atlantis"])).status_code == 404


def test_services_in_a_country_include_those_available_anywhere(client):
    vietnam = OfficeFactory(country="VN", region="asia", city="Hanoi")
    ServiceFactory(name="Hanoi platform", offices=[vietnam])
    ServiceFactory(name="Online guide", availability=Availability.ANYWHERE)
    ServiceFactory(name="Singapore pitch", availability=Availability.LOCAL, countries=["SG"])
    ServiceFactory(name="Paris desk", offices=[OfficeFactory(country="FR")])
    response = client.get(reverse("services:list"), {"country": "VN"})
    assert "Hanoi platform" in response.text
    assert "Online guide" in response.text
    assert "Singapore pitch" not in response.text
    assert "Paris desk" not in response.text


def test_a_service_named_for_a_country_is_listed_there(client):
    ServiceFactory(name="Singapore pitch", availability=Availability.LOCAL, countries=["SG"])
    assert "Singapore pitch" in client.get(reverse("services:list"), {"country": "sg"}).text


def test_catalogue_query_count_does_not_grow_with_services(assert_constant_queries):
    assert_constant_queries(
        reverse("services:list"), lambda n: ServiceFactory.create_batch(n, contact=ContactPointFactory()), limit=3
    )


def test_service_page_query_count_does_not_grow_with_its_offices(assert_constant_queries):
    service = ServiceFactory(contact=ContactPointFactory())

    def grow(n):
        service.offices.add(*OfficeFactory.create_batch(n))

    assert_constant_queries(service.get_absolute_url(), grow, limit=2)
