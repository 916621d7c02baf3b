"""The open data page and the API page: in both languages, one <h1>, linked from every page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import count_h1
from offices.models import Office
from offices.tests.factories import OfficeFactory
from opendata.schema import openapi_document
from services.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

PAGES = ["/open-data/", "/ja/open-data/", "/api/", "/ja/api/"]


@pytest.fixture
def listings():
    paris = OfficeFactory(slug="paris", country="FR")
    ServiceFactory(slug="ibsc", offices=[paris])


def test_the_pages_resolve_in_both_languages():
    assert reverse("opendata:index") == "/open-data/"
    assert reverse("opendata:api") == "/api/"


@pytest.mark.parametrize("url", PAGES)
def test_each_page_answers_with_one_h1_in_its_language(client, listings, url):
    response = client.get(url)
    assert response.status_code == 200
    assert count_h1(response) == 1
    assert f'<html lang="{"ja" if url.startswith("/ja/") else "en"}">' in response.text


def test_every_page_links_to_open_data_and_the_api_from_its_footer(client, listings):
    footer = client.get("/offices/").text.split('<footer class="site-footer">')[1]
    assert 'href="/open-data/"' in footer
    assert 'href="/api/"' in footer


def test_open_data_states_the_licence_and_the_date_of_the_latest_change(client):
    OfficeFactory(slug="paris", country="FR")
    OfficeFactory(slug="hidden", is_published=False)
    Office.objects.filter(slug="paris").update(updated_at=datetime.datetime(2025, 3, 14, 3, 0, tzinfo=datetime.UTC))
    Office.objects.filter(slug="hidden").update(updated_at=timezone.now())
    page = client.get("/open-data/").text
    assert "CC BY 4.0" in page
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in page
    assert "JETRO" in page and "sources cited" in page
    # The latest change to a published listing; an unpublished one does not count.
    assert '<time datetime="2025-03-14T12:00:00+09:00">' in page


def test_the_date_of_the_latest_change_is_given_to_the_second_as_html_allows(client):
    OfficeFactory(slug="paris", country="FR")
    changed = datetime.datetime(2025, 3, 14, 3, 0, 5, 654121, tzinfo=datetime.UTC)
    Office.objects.filter(slug="paris").update(updated_at=changed)
    assert '<time datetime="2025-03-14T12:00:05+09:00">' in client.get("/open-data/").text


def test_open_data_links_every_download(client, listings):
    page = client.get("/open-data/").text
    for name in ["export-offices", "export-services", "export-links", "export-contacts", "export-hsds"]:
        assert f'href="{reverse(f"api:{name}")}"' in page


def test_the_api_page_documents_every_endpoint_and_parameter_of_the_schema(client, listings):
    page = client.get("/api/").text
    for path, operations in openapi_document()["paths"].items():
        assert f"GET {path}" in page
        for parameter in operations["get"].get("parameters", []):
            assert f"<code>{parameter['name']}</code>" in page
    assert "spaceship" not in page
    assert "<code>promotion_body</code>" in page  # allowed values are listed
    assert "curl" in page


def test_the_api_page_needs_no_javascript(client, listings):
    assert "<script" not in client.get("/api/").text


def test_open_data_query_count_does_not_grow(assert_constant_queries):
    assert_constant_queries(
        "/open-data/", lambda n: OfficeFactory.create_batch(n) + ServiceFactory.create_batch(n), limit=5
    )
