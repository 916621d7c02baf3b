"""Site-wide guards: the URL contract, one <h1> per page, the health check, migrations."""

import importlib
import io

import pytest
from django import urls
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.core import signing
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation

from conftest import count_h1
from enquiries.tests.factories import EnquiryFactory
from enquiries.views import SENT_SALT
from offices.tests.factories import DomesticOfficeFactory, OfficeFactory, OpeningHoursFactory, StaffCountFactory
from services.tests.factories import ContactPointFactory, ServiceFactory
from tests.support import fill, public_url_patterns, response_text, unknown_names

pytestmark = pytest.mark.django_db


@pytest.fixture
def listings():
    office = OfficeFactory(slug="paris", country="FR", city="Paris", region="europe")
    OpeningHoursFactory(office=office)
    DomesticOfficeFactory(slug="hokkaido")
    service = ServiceFactory(slug="ibsc", offices=[office], contact=ContactPointFactory(slug="ibsc-desk"))
    StaffCountFactory(as_of="2019-04-01")
    EnquiryFactory(pk=SENT_ENQUIRY, service=service)


# --- Every public page, found by walking the URL resolver (tests/support.py) ---
# A new page is tested here without being listed. If it takes parameters, say
# in FILL how to fill them (the test fails, naming it, until then); if it is
# not HTML, give its content type in NOT_HTML.
PATTERNS = public_url_patterns()

# The enquiry whose confirmation page is walked (`listings` makes it).
SENT_ENQUIRY = 424242
# Values of each parameter, by pattern name or namespace (the name wins), from the rows `listings` makes.
FILL = {
    "offices:": {"slug": ["paris", "hokkaido"]},
    "services:": {"slug": "ibsc"},
    "suggestions:offices": {"slug": ["paris", "hokkaido"]},
    "suggestions:offices_sent": {"slug": "paris"},
    "suggestions:services": {"slug": "ibsc"},
    "suggestions:services_sent": {"slug": "ibsc"},
    "api:office-detail": {"slug": ["paris", "hokkaido"]},
    "api:service-detail": {"slug": "ibsc"},
    "api:contact-detail": {"slug": "ibsc-desk"},
    # A country with an office and one without.
    "country": {"code": ["fr", "si"]},
    "enquiries:office": {"slug": ["paris", "hokkaido"]},
    "enquiries:service": {"slug": "ibsc"},
    "enquiries:sent": {"token": signing.dumps(SENT_ENQUIRY, salt=SENT_SALT)},
}
# Query strings each page is also asked with (besides none); /contact/ with a country with an office, and one without.
QUERIES = {
    "search": ["q=paris"],
    "offices:nearest": ["near=48.86,2.35"],
    "enquiries:start": ["topic=general&country=FR", "topic=trade_fairs&country=SI"],
}
# What is not an HTML page, and the content type it answers with.
NOT_HTML = {
    "healthz": "text/plain",
    "robots_txt": "text/plain; charset=utf-8",
    "sitemap": "application/xml",
    "offices:export_csv": "text/csv; charset=utf-8",
    "offices:vcard": "text/vcard; charset=utf-8",
    "api:office-list": "application/json",
    "api:office-detail": "application/json",
    "api:service-list": "application/json",
    "api:service-detail": "application/json",
    "api:contact-list": "application/json",
    "api:contact-detail": "application/json",
    "api:api-root": "application/json",
    "api:schema": "application/vnd.oai.openapi+json",
    "api:export-offices": "text/csv; charset=utf-8",
    "api:export-services": "text/csv; charset=utf-8",
    "api:export-links": "text/csv; charset=utf-8",
    "api:export-contacts": "text/csv; charset=utf-8",
    "api:export-hsds": "application/json",
    "api:export-geojson": "application/geo+json",
}


def in_every_language(patterns):
    return [
        pytest.param(pattern, language, id=f"{pattern}-{language}")
        for pattern in patterns
        for language in pattern.languages
    ]


HTML_PAGES = in_every_language(pattern for pattern in PATTERNS if pattern.name not in NOT_HTML)
OTHER_ENDPOINTS = in_every_language(pattern for pattern in PATTERNS if pattern.name in NOT_HTML)


def addresses(pattern, language):
    queries = ["", *QUERIES.get(pattern.name, [])]
    return [url + (f"?{query}" if query else "") for url in fill(pattern, language, FILL) for query in queries]


def test_the_walk_finds_the_public_pages_in_both_languages_and_leaves_out_the_admin():
    routes = {pattern.route_in(language) for pattern in PATTERNS for language in pattern.languages}
    assert {"", "ja/", "offices/<slug:slug>/", "ja/services/<slug:slug>/", "api/v1/exports/hsds.json"} <= routes
    assert "ja/api/v1/" not in routes  # the API has one address for every language
    assert not any(route.startswith((settings.ADMIN_URL, f"ja/{settings.ADMIN_URL}")) for route in routes)
    assert "api/v1/.*/$" not in routes  # the API's catch-all 404 (support.not_pages)
    assert unknown_names([*FILL, *QUERIES, *NOT_HTML], PATTERNS) == []


def test_a_new_page_fails_the_walk_until_it_is_named_and_filled(settings):
    class urlconf:
        urlpatterns = [
            urls.path(settings.ADMIN_URL, admin.site.urls),
            *i18n_patterns(
                urls.path("offices/<slug:slug>/map/", lambda request, slug: HttpResponse(), name="office-map"),
                urls.path("unnamed/", lambda request: HttpResponse()),
                prefix_default_language=False,
            ),
        ]

    office_map, unnamed = public_url_patterns(urlconf)
    assert (office_map.name, office_map.languages, office_map.route_in("ja")) == (
        "office-map",
        ("en", "ja"),
        "ja/offices/<slug:slug>/map/",
    )
    with pytest.raises(
        pytest.fail.Exception, match=r"office-map \('offices/<slug:slug>/map/'\) has no value for <slug>"
    ):
        fill(office_map, "en", FILL)
    assert fill(office_map, "ja", {"office-map": {"slug": "paris"}}) == ["/ja/offices/paris/map/"]
    with pytest.raises(pytest.fail.Exception, match=r"'ja/unnamed/' .* has no name"):
        fill(unnamed, "ja", FILL)


@pytest.mark.parametrize(("pattern", "language"), HTML_PAGES)
def test_every_public_page_answers_with_exactly_one_h1(client, listings, pattern, language):
    for url in addresses(pattern, language):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "text/html; charset=utf-8", url
        assert count_h1(response) == 1, url


@pytest.mark.parametrize(("pattern", "language"), HTML_PAGES)
def test_japanese_pages_say_so(client, listings, pattern, language):
    for url in addresses(pattern, language):
        assert f'<html lang="{language}">' in client.get(url).text, url


@pytest.mark.parametrize(("pattern", "language"), OTHER_ENDPOINTS)
def test_every_download_and_endpoint_answers_with_its_content_type(client, listings, pattern, language):
    for url in addresses(pattern, language):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == NOT_HTML[pattern.name], url
        assert response_text(response), url


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


@pytest.mark.parametrize("query", ["paris", "trade fair", "hokkaido", "jetro", "DE", "nothing-like-this"])
def test_search_finds_what_each_lists_search_finds(client, listings, query):
    OfficeFactory.create_batch(
        12, name="JETRO Trade fair office", country="DE", city="Munich", timezone="Europe/Berlin"
    )
    ServiceFactory.create_batch(11, name="Trade fair support")
    page = client.get("/search/", {"q": query})
    if page.status_code == 302:  # a country's name leads to its page
        return
    offices = client.get("/offices/", {"q": query}).context["paginator"].count
    services = client.get("/services/", {"q": query}).context["paginator"].count
    assert page.context["office_count"] == offices
    assert page.context["service_count"] == services
    assert len(page.context["offices"]) == min(offices, 10)
    assert len(page.context["services"]) == min(services, 10)


def test_about_gives_the_facts_and_charts_with_their_numbers(client, listings):
    response = client.get("/about/")
    assert "Law No. 172 of 13 December 2002" in response.text
    assert response.text.count('<svg class="bar-chart" role="img"') == 2
    assert "<caption>Overseas offices listed, by region</caption>" in response.text
    assert '<th scope="row">April 2019</th><td>998</td><td>732</td><td>1730</td>' in response.text


def test_sitemap_lists_every_public_page_in_both_languages(client, listings):
    OfficeFactory(slug="hidden", is_published=False)
    body = response_text(client.get("/sitemap.xml"))
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

    # Search counts a list only when it has more than its preview shows.
    assert_constant_queries(url, grow, limit=7, same=not url.startswith("/search/"))


def test_healthz_says_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.text.splitlines()[0] == "ok"


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
    assert {"office_search_text_trgm", "service_search_text_trgm", "contactpoint_search_text_trgm"} <= names
