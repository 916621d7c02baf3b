"""Pages stay the same size as the directory grows (issue 15): a country with hundreds of offices
lists the first ones and leads to the directory for the rest; the nearest office is found by
measuring a bounded number of offices, however many share a city."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from offices import nearest
from offices.models import Office
from offices.nearest import nearest_offices
from offices.tests.factories import DomesticOfficeFactory, OfficeFactory
from pages.countries import COUNTRY_SHOWN
from places.gazetteer import distance_km

pytestmark = pytest.mark.django_db

CARD = re.compile(r'<article class="office-card"')


def listed_slugs(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return {office.slug for office in response.context["page_obj"].object_list}


# --- Country page -------------------------------------------------------------------


def test_a_country_with_more_offices_than_a_page_shows_the_first_and_leads_to_all_in_the_directory(client):
    OfficeFactory.create_batch(COUNTRY_SHOWN + 5, country="DE", city="Berlin")
    OfficeFactory(country="DE", city="Berlin", slug="draft-berlin", is_published=False)
    page = client.get("/countries/de/").content.decode()
    assert f"JETRO has {COUNTRY_SHOWN + 5} offices in Germany." in page
    assert len(CARD.findall(page)) == COUNTRY_SHOWN == 50
    assert f'<a href="/offices/?country=DE">See all {COUNTRY_SHOWN + 5} offices in Germany</a>' in page
    directory = client.get("/offices/?country=DE")
    assert directory.context["paginator"].count == COUNTRY_SHOWN + 5
    assert "draft-berlin" not in directory.content.decode()


def test_a_country_with_a_page_of_offices_lists_them_all_without_a_see_all_link(client):
    OfficeFactory.create_batch(COUNTRY_SHOWN, country="DE", city="Berlin")
    page = client.get("/countries/de/").content.decode()
    assert f"JETRO has {COUNTRY_SHOWN} offices in Germany." in page
    assert len(CARD.findall(page)) == COUNTRY_SHOWN
    assert "See all" not in page


def test_a_country_page_lists_its_first_offices_in_directory_order(client):
    for city in ("Munich", "Berlin", "Hamburg"):
        OfficeFactory.create_batch(20, country="DE", city=city, timezone="Europe/Berlin")
    page = client.get("/countries/de/").content.decode()
    # 20 in Berlin, 20 in Hamburg, the first 10 in Munich: the directory's order, by city.
    assert page.count('<p class="meta">Berlin</p>') == 20
    assert page.count('<p class="meta">Munich</p>') == 10


def test_a_country_page_with_many_offices_costs_one_query_more_than_with_20(client, django_assert_max_num_queries):
    OfficeFactory.create_batch(20, country="DE", city="Berlin")
    with CaptureQueriesContext(connection) as twenty:
        client.get("/countries/de/")
    OfficeFactory.create_batch(80, country="DE", city="Berlin")
    with django_assert_max_num_queries(len(twenty) + 1) as hundred:
        client.get("/countries/de/")
    assert any("COUNT(" in query["sql"] for query in hundred.captured_queries)


def test_the_country_index_counts_published_offices_with_one_grouped_query(client, django_assert_num_queries):
    OfficeFactory.create_batch(3, country="DE", city="Berlin")
    OfficeFactory(country="FR", city="Paris", region="europe")
    OfficeFactory(country="FR", city="Lyon", region="europe", is_published=False)
    with django_assert_num_queries(2) as captured:  # the generation, and the count
        page = client.get("/countries/").content.decode()
    assert "GROUP BY" in captured.captured_queries[1]["sql"]
    assert re.search(r">Germany</a> <span class=\"meta\">3 offices</span>", page)
    assert re.search(r">France</a> <span class=\"meta\">1 office</span>", page)
    assert "JETRO has offices in 2 countries listed here" in page


# --- Office page -------------------------------------------------------------------


def test_an_office_page_lists_20_other_offices_and_leads_to_the_countrys_directory(client):
    office = OfficeFactory(slug="berlin", country="DE", city="Berlin")
    OfficeFactory.create_batch(25, country="DE", city="Hamburg", timezone="Europe/Berlin")
    OfficeFactory(country="DE", city="Bonn", slug="draft-bonn", timezone="Europe/Berlin", is_published=False)
    page = client.get(office.get_absolute_url()).content.decode()
    nearby = page[page.index('id="nearby-heading"') : page.index('id="source-heading"')]
    assert nearby.count("<li>") == 20
    assert "draft-bonn" not in nearby
    # The directory lists this office too: 26.
    assert '<a href="/offices/?country=DE">See all 26 offices in Germany</a>' in nearby
    assert len(listed_slugs(client, "/offices/?country=DE")) == 26


def test_an_office_in_japan_leads_to_its_regions_directory(client):
    office = DomesticOfficeFactory(slug="sapporo", prefecture="hokkaido", city="Sapporo")
    DomesticOfficeFactory.create_batch(21, prefecture="hokkaido", city="Asahikawa")
    page = client.get(office.get_absolute_url()).content.decode()
    assert f'<a href="/offices/?region={office.region}">See all 22 offices in Hokkaido</a>' in page
    assert len(listed_slugs(client, f"/offices/?region={office.region}")) == 22


def test_an_office_page_with_few_neighbours_has_no_see_all_link(client):
    office = OfficeFactory(slug="berlin", country="DE", city="Berlin")
    OfficeFactory.create_batch(20, country="DE", city="Hamburg", timezone="Europe/Berlin")
    page = client.get(office.get_absolute_url()).content.decode()
    assert "See all" not in page


def test_an_office_page_with_many_neighbours_costs_one_query_more_than_with_20(client, django_assert_max_num_queries):
    office = OfficeFactory(slug="berlin", country="DE", city="Berlin", phone="+49301234", email="b@example.org")
    OfficeFactory.create_batch(20, country="DE", city="Hamburg", timezone="Europe/Berlin")
    with CaptureQueriesContext(connection) as twenty:
        client.get(office.get_absolute_url())
    OfficeFactory.create_batch(80, country="DE", city="Hamburg", timezone="Europe/Berlin")
    with django_assert_max_num_queries(len(twenty) + 1):
        client.get(office.get_absolute_url())


# --- Nearest office ----------------------------------------------------------------


def brute_force(latitude, longitude, limit):
    """Every published office measured, nearest first; ties by pk (what nearest_offices promises)."""
    rows = Office.objects.public().filter(latitude__isnull=False).values_list("pk", "latitude", "longitude")
    measured = sorted((distance_km(latitude, longitude, float(lat), float(lon)), pk) for pk, lat, lon in rows)
    return [pk for _km, pk in measured[:limit]]


@pytest.fixture
def measured(monkeypatch):
    """How many offices nearest_offices measured (read from the database and put through haversine)."""
    calls = []

    def counting(*args):
        calls.append(args)
        return distance_km(*args)

    monkeypatch.setattr(nearest, "distance_km", counting)
    return calls


def crowd(count, latitude, longitude, spread=0.0, city="Geneva", country="CH"):
    """`count` offices at one position, or scattered `spread` degrees around it."""
    offices = []
    for n in range(count):
        step = (n % 17 - 8) / 8 * spread, (n % 13 - 6) / 6 * spread
        office = OfficeFactory.build(
            country=country,
            city=city,
            timezone="UTC",
            latitude=round(latitude + step[0], 6),
            longitude=round(longitude + step[1], 6),
        )
        office.fill_derived_fields()
        offices.append(office)
    # One INSERT for hundreds of offices; fill_derived_fields did what save() does.
    return Office.objects.bulk_create(offices)


def test_crowded_cities_give_the_right_answer_from_a_bounded_number_of_offices(measured):
    lyon = (45.76, 4.84)
    crowd(300, 46.2, 6.14)  # 300 offices at Geneva's centre, about 112 km away
    crowd(200, 45.9, 5.6, spread=0.05, city="Chambéry", country="FR")  # 200 scattered about 60 km away
    OfficeFactory(country="FR", city="Grenoble", latitude="45.19", longitude="5.72")
    OfficeFactory(country="FR", city="Lyon", latitude="45.76", longitude="4.84", is_published=False)
    with CaptureQueriesContext(connection) as queries:
        found = nearest_offices(*lyon, 5)
    assert [item.office.pk for item in found] == brute_force(*lyon, 5)
    assert len(found) == 5
    # Each box's query hands back at most CANDIDATES rows, nearest first on a flat map.
    box_queries = [query["sql"] for query in queries if "ROW_NUMBER" in query["sql"]]
    assert box_queries
    assert all(re.search(rf"LIMIT {nearest.CANDIDATES}\b", sql) for sql in box_queries)
    assert len(measured) <= len(box_queries) * nearest.CANDIDATES


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [(45.76, 4.84), (46.2, 6.14), (46.0, 6.0), (45.91, 5.61), (10.0, 100.0), (-33.9, 151.2), (64.1, -21.9)],
)
def test_the_nearest_offices_are_those_measuring_every_office_would_find(measured, latitude, longitude):
    crowd(120, 46.2, 6.14)
    crowd(80, 45.9, 5.6, spread=0.05, city="Chambéry", country="FR")
    crowd(60, 13.75, 100.5, spread=0.2, city="Bangkok", country="TH")
    crowd(3, -33.87, 151.21, city="Sydney", country="AU")
    for limit in (1, 5):
        assert [item.office.pk for item in nearest_offices(latitude, longitude, limit)] == brute_force(
            latitude, longitude, limit
        )


def test_the_nearest_office_across_the_antimeridian_is_found(measured):
    crowd(80, -17.7, 178.0, spread=0.1, city="Suva", country="FJ")  # west of the line
    samoa = crowd(2, -13.8, -171.8, city="Apia", country="WS")  # east of the line
    found = nearest_offices(-14.0, -172.5, 3)
    assert [item.office.pk for item in found] == brute_force(-14.0, -172.5, 3)
    assert found[0].office.pk == samoa[0].pk
    assert len(found) == 3


def test_the_nearest_page_answers_the_same_with_a_crowd_at_the_place(client, measured):
    crowd(400, 46.2, 6.14)
    response = client.get("/offices/nearest/", {"near": "46.3, 6.1"})
    assert response.status_code == 200
    nearby = response.context["nearby"]
    assert [item.office.pk for item in nearby] == brute_force(46.3, 6.1, 5)
    assert len(measured) <= len(nearest.STEPS) * nearest.CANDIDATES
