"""Site-wide guards: the URL contract, one <h1> per page, the health check, migrations."""

import importlib
import io

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.urls import reverse
from django.utils import translation

from conftest import count_h1
from offices.tests.factories import DomesticOfficeFactory, OfficeFactory, StaffCountFactory
from services.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def listings():
    office = OfficeFactory(slug="paris", country="FR", city="Paris", region="europe")
    DomesticOfficeFactory(slug="hokkaido")
    ServiceFactory(slug="ibsc", offices=[office])
    StaffCountFactory(as_of="2019-04-01")


PUBLIC_PAGES = [
    "/",
    "/offices/",
    "/offices/paris/",
    "/services/",
    "/services/ibsc/",
    "/search/?q=paris",
    "/about/",
]
PUBLIC_PAGES += [f"/ja{url}" for url in PUBLIC_PAGES]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_every_public_page_answers_with_exactly_one_h1(client, listings, url):
    response = client.get(url)
    assert response.status_code == 200
    assert count_h1(response) == 1


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_japanese_pages_say_so(client, listings, url):
    expected = "ja" if url.startswith("/ja/") else "en"
    assert f'<html lang="{expected}">' in client.get(url).text


def test_the_url_contract_resolves():
    assert reverse("home") == "/"
    assert reverse("offices:list") == "/offices/"
    assert reverse("offices:detail", args=["paris"]) == "/offices/paris/"
    assert reverse("offices:vcard", args=["paris"]) == "/offices/paris/vcard/"
    assert reverse("offices:export_csv") == "/offices/export.csv"
    assert reverse("services:list") == "/services/"
    assert reverse("services:detail", args=["ibsc"]) == "/services/ibsc/"
    assert reverse("about") == "/about/"
    assert reverse("sitemap") == "/sitemap.xml"
    assert reverse("robots_txt") == "/robots.txt"
    assert reverse("healthz") == "/healthz"
    with translation.override("ja"):
        assert reverse("offices:list") == "/ja/offices/"


def test_home_gives_published_figures_beside_what_the_directory_lists(client, listings):
    response = client.get("/")
    assert "74 in 54 countries" in response.text
    assert "This directory lists 1 overseas office in 1 country and 1 regional office in Japan" in response.text
    assert "1,730 (998 in Japan, 732 overseas)" in response.text


def test_home_without_a_staff_count_leaves_the_staff_figures_out(client):
    OfficeFactory()
    response = client.get("/")
    assert "JETRO's published figures, as of" in response.text
    assert "staff:" not in response.text
    assert "<dt>Staff</dt>" not in response.text


def test_home_links_to_each_region_of_the_network(client, listings):
    response = client.get("/")
    assert 'href="/offices/?region=europe">Europe</a>' in response.text
    assert 'href="/offices/?country=JP">Japan</a>' in response.text


def test_home_search_box_searches_offices_and_services(client, listings):
    response = client.get("/")
    assert '<form class="search" action="/search/" method="get" role="search">' in response.text


def test_search_finds_offices_and_services_together(client, listings):
    ServiceFactory(name="Paris trade fair desk")
    response = client.get("/search/", {"q": "paris"})
    assert "1 office" in response.text
    assert "/offices/paris/" in response.text
    assert "Paris trade fair desk" in response.text


def test_about_gives_the_facts_and_charts_with_their_numbers(client, listings):
    response = client.get("/about/")
    assert "Law No. 172 of 13 December 2002" in response.text
    assert response.text.count('<svg class="bar-chart" role="img"') == 2
    assert "<caption>Overseas offices listed, by region</caption>" in response.text
    assert '<th scope="row">April 2019</th><td>998</td><td>732</td><td>1730</td>' in response.text


def test_sitemap_lists_every_public_page_in_both_languages(client, listings):
    OfficeFactory(slug="hidden", is_published=False)
    body = client.get("/sitemap.xml").content.decode()
    for path in ("/offices/paris/", "/ja/offices/paris/", "/services/ibsc/", "/ja/services/ibsc/", "/about/"):
        assert f"<loc>http://testserver{path}</loc>" in body
    assert 'hreflang="ja" href="http://testserver/ja/offices/paris/"' in body
    assert "hidden" not in body


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Sitemap: http://testserver/sitemap.xml" in response.text


@pytest.mark.parametrize("url", ["/", "/about/", "/search/?q=paris", "/sitemap.xml"])
def test_site_pages_query_count_does_not_grow(assert_constant_queries, url):
    def grow(n):
        OfficeFactory.create_batch(n)
        DomesticOfficeFactory.create_batch(n)
        ServiceFactory.create_batch(n, name="Paris service")
        StaffCountFactory.create_batch(n)

    assert_constant_queries(url, grow, limit=6)


def test_healthz_says_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_healthz_says_503_when_the_database_does_not_answer(client, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503


def test_writes_to_public_pages_are_refused(client, listings):
    assert client.post("/offices/").status_code == 405
    assert client.post("/services/ibsc/").status_code == 405


def test_no_model_change_lacks_a_migration():
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)


@pytest.mark.parametrize("module", ["jetro_site.wsgi", "jetro_site.asgi"])
def test_the_server_entry_points_load(module):
    assert callable(importlib.import_module(module).application)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only")
def test_search_text_has_a_trigram_index_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%gin_trgm_ops%'")
        names = {row[0] for row in cursor.fetchall()}
    assert {"office_search_text_trgm", "service_search_text_trgm"} <= names
