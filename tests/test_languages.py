"""English at the root, Japanese under /ja/, and a switch that keeps the visitor's place."""

import re

import pytest

from offices.tests.factories import OfficeFactory
from services.tests.factories import ServiceFactory
from tests.support import response_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def paris():
    return OfficeFactory(slug="paris", name="JETRO Paris", name_ja="ジェトロ・パリ", country="FR", city="Paris")


def test_japanese_pages_speak_japanese(client, paris):
    response = client.get("/ja/offices/")
    assert '<html lang="ja">' in response.text
    assert "ジェトロの事務所" in response.text
    assert "フランス" in response.text  # the country, translated
    assert "欧州" in response.text  # the region, translated


def test_an_unprefixed_url_stays_english_whatever_the_browser_asks(client, paris):
    response = client.get("/offices/", headers={"accept-language": "ja"})
    assert '<html lang="en">' in response.text
    assert "JETRO offices" in response.text


def test_the_language_switch_keeps_the_page_and_its_filters(client, paris):
    english = client.get("/offices/?country=FR")
    assert 'href="/ja/offices/?country=FR" hreflang="ja" lang="ja">日本語</a>' in english.text
    japanese = client.get("/ja/offices/paris/")
    assert 'href="/offices/paris/" hreflang="en" lang="en">English</a>' in japanese.text


def test_japanese_names_lead_on_japanese_pages_and_english_is_marked(client, paris):
    response = client.get("/ja/offices/paris/")
    assert "<h1>ジェトロ・パリ" in response.text
    assert '<span lang="en">JETRO Paris</span>' in response.text


def test_japanese_names_are_marked_on_english_pages(client, paris):
    assert '<span lang="ja">ジェトロ・パリ</span>' in client.get("/offices/paris/").text


def test_untranslated_service_text_is_marked_as_english(client):
    service = ServiceFactory(summary="Helps foreign companies set up in Japan.")
    response = client.get(f"/ja{service.get_absolute_url()}")
    assert '<span lang="en">Helps foreign companies set up in Japan.</span>' in response.text


@pytest.mark.parametrize("url", ["/offices/paris/?x=1", "/ja/offices/paris/?x=1"])
def test_pages_name_every_language_version_by_its_full_address_as_the_sitemap_does(client, paris, url):
    links = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', client.get(url).text)
    assert links == [
        ("en", "http://testserver/offices/paris/?x=1"),
        ("ja", "http://testserver/ja/offices/paris/?x=1"),
        ("x-default", "http://testserver/offices/paris/?x=1"),
    ]
    sitemap = response_text(client.get("/sitemap.xml"))
    for code, address in links:
        assert f'hreflang="{code}" href="{address.removesuffix("?x=1")}"' in sitemap


def test_the_language_alternates_use_the_sites_own_origin(client, paris, settings):
    settings.SITE_ORIGIN = "https://directory.example.org"
    settings.ALLOWED_HOSTS = ["testserver", "directory.example.org"]
    html = client.get("/ja/offices/paris/").text
    assert '<link rel="alternate" hreflang="en" href="https://directory.example.org/offices/paris/">' in html
