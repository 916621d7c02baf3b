import pytest
from django.urls import reverse

from conftest import count_h1
from offices.models import Office
from services.tests.factories import ServiceFactory

from .factories import DomesticOfficeFactory, OfficeFactory, OpeningHoursFactory

pytestmark = pytest.mark.django_db


def test_directory_lists_published_offices_with_one_h1(client):
    OfficeFactory(name="JETRO Paris", country="FR", city="Paris")
    OfficeFactory(name="JETRO Hidden", is_published=False)
    response = client.get(reverse("offices:list"))
    assert response.status_code == 200
    assert count_h1(response) == 1
    assert "JETRO Paris" in response.text
    assert "JETRO Hidden" not in response.text


def test_office_page_shows_contact_details_and_names_in_both_scripts(client):
    office = OfficeFactory(name="JETRO Paris", name_ja="ジェトロ・パリ", phone="+33 1 42 61 27 27", country="FR")
    response = client.get(office.get_absolute_url())
    assert response.status_code == 200
    assert count_h1(response) == 1
    assert "ジェトロ・パリ" in response.text
    assert 'href="tel:+33142612727"' in response.text


def test_an_unknown_detail_says_not_listed(client):
    office = OfficeFactory(phone="", email="")
    response = client.get(office.get_absolute_url())
    assert "Not listed" in response.text
    assert reverse("offices:detail", args=["headquarters"]) in response.text


def test_an_unpublished_office_has_no_page(client):
    office = OfficeFactory(is_published=False)
    assert client.get(office.get_absolute_url()).status_code == 404


def test_an_unknown_office_gives_a_friendly_404(client):
    response = client.get(reverse("offices:detail", args=["atlantis"]))
    assert response.status_code == 404
    assert count_h1(response) == 1
    assert reverse("offices:list") in response.text


def test_a_closed_office_points_to_its_successor(client):
    successor = OfficeFactory(name="JETRO Berlin")
    office = OfficeFactory(status=Office.Status.CLOSED, successor=successor)
    response = client.get(office.get_absolute_url())
    assert "Closed" in response.text
    assert successor.get_absolute_url() in response.text


def test_country_filter_lists_only_that_countrys_offices(client):
    OfficeFactory(name="JETRO Paris", country="FR")
    OfficeFactory(name="JETRO Berlin", country="DE")
    response = client.get(reverse("offices:list"), {"country": "fr"})
    assert "JETRO Paris" in response.text
    assert "JETRO Berlin" not in response.text


def test_an_unknown_country_is_reported_not_a_crash(client):
    OfficeFactory(name="JETRO Paris", country="FR")
    response = client.get(reverse("offices:list"), {"country": "ZZ"})
    assert response.status_code == 200
    assert "could not be used" in response.text


def test_directory_query_count_does_not_grow_with_offices(assert_constant_queries):
    assert_constant_queries(reverse("offices:list"), lambda n: OfficeFactory.create_batch(n), limit=3)


def test_domestic_directory_query_count_does_not_grow(assert_constant_queries):
    url = reverse("offices:list") + "?kind=domestic"
    assert_constant_queries(url, lambda n: DomesticOfficeFactory.create_batch(n), limit=3)


def test_office_page_query_count_does_not_grow_with_its_details(assert_constant_queries):
    office = OfficeFactory(slug="berlin")

    def grow(n):
        for _ in range(n):
            OfficeFactory()  # another office in the same country
            ServiceFactory(offices=[office])
            period = office.opening_hours.count()
            OpeningHoursFactory(office=office, weekday=period % 7, opens=f"{period // 7:02d}:00", closes="23:00")

    assert_constant_queries(office.get_absolute_url(), grow, limit=4)
