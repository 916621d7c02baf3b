"""Whole pages from the cache: fast for visitors, never stale for an editor."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from offices.models import Office
from offices.tests.factories import OfficeFactory, OpeningHoursFactory
from offices.views import office_detail
from pagecache.generation import bump, current
from pagecache.middleware import LOCAL_TIME
from services.tests.factories import ServiceFactory
from tests.support import admin_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings, tmp_path):
    settings.PAGE_CACHE_SECONDS = 3600
    settings.PAGE_CACHE_FILES = tmp_path / "files"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def paris():
    return OfficeFactory(slug="paris", name="JETRO Paris", country="FR", city="Paris")


CACHED_URLS = [
    "/",
    "/offices/",
    "/offices/?country=FR",
    "/offices/paris/",
    "/offices/paris/vcard/",
    "/services/",
    "/search/?q=paris",
    "/about/",
    "/ja/offices/",
    "/robots.txt",
    "/api/",
    "/open-data/",
    "/api/v1/offices/",
    "/api/v1/offices/paris/",
    "/api/v1/services/",
    "/api/v1/schema/",
    "/countries/",
    "/countries/fr/",
    "/countries/si/",
    "/offices/nearest/?near=Paris",
    "/offices/map/",
    "/contacts/",
    "/api/v1/contacts/",
]


@pytest.mark.parametrize("url", CACHED_URLS)
def test_a_repeat_visit_costs_one_query(client, paris, django_assert_num_queries, url):
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(1):  # the generation
        again = client.get(url)
    assert again.status_code == 200
    assert again.content == first.content


def test_each_address_and_language_has_its_own_copy(client, paris):
    OfficeFactory(name="JETRO Berlin")
    assert "JETRO Berlin" not in client.get("/offices/?country=FR").text
    assert "JETRO Berlin" in client.get("/offices/").text
    assert '<html lang="ja">' in client.get("/ja/offices/").text


def test_an_edit_shows_at_once(client, paris):
    client.get(paris.get_absolute_url())
    paris.phone = "+33 1 42 61 27 27"
    paris.save()
    assert "+33 1 42 61 27 27" in client.get(paris.get_absolute_url()).text


def test_unpublishing_hides_the_page_at_once(client, paris):
    assert "JETRO Paris" in client.get("/offices/").text
    paris.is_published = False
    paris.save()
    assert "JETRO Paris" not in client.get("/offices/").text
    assert client.get("/offices/paris/").status_code == 404
    assert client.get("/api/v1/offices/paris/").status_code == 404


@pytest.mark.parametrize(
    "change",
    [
        lambda paris: OpeningHoursFactory(office=paris, weekday=0, opens="09:30", closes="17:30"),
        lambda paris: ServiceFactory(name="Brand-new service").offices.add(paris),
        lambda paris: Office.objects.filter(pk=paris.pk).first().delete(),
    ],
    ids=["opening hours added", "service linked", "office deleted"],
)
def test_changes_to_related_rows_and_deletions_move_the_generation_on(paris, change):
    before = current()
    change(paris)
    assert current() > before


def test_an_editors_admin_save_shows_on_the_public_page_at_once(admin_client, client, paris):
    assert "+33 1 42 61 27 27" not in client.get(paris.get_absolute_url()).text
    url = reverse("admin:offices_office_change", args=[paris.pk])
    response = admin_client.post(url, admin_form_data(admin_client.get(url), phone="+33 1 42 61 27 27"))
    assert response.status_code == 302
    assert "+33 1 42 61 27 27" in client.get(paris.get_absolute_url()).text


def test_mark_as_verified_shows_at_once(admin_client, client, paris):
    assert "Not yet verified by an editor." in client.get(paris.get_absolute_url()).text
    admin_client.post(
        reverse("admin:offices_office_changelist"), {"action": "mark_verified", "_selected_action": [paris.pk]}
    )
    assert "Last verified by an editor on" in client.get(paris.get_absolute_url()).text


def test_a_repeat_visit_with_a_current_etag_gets_a_304(client, paris):
    first = client.get("/offices/")
    assert first["ETag"]
    repeat = client.get("/offices/", headers={"if-none-match": first["ETag"]})
    assert repeat.status_code == 304
    bump()
    assert client.get("/offices/", headers={"if-none-match": first["ETag"]}).status_code in (200, 304)


def test_not_found_pages_are_not_cached(client):
    client.get("/offices/atlantis/")
    OfficeFactory(slug="atlantis")
    assert client.get("/offices/atlantis/").status_code == 200


def test_the_admin_is_never_cached(admin_client, paris):
    url = reverse("admin:offices_office_changelist")
    admin_client.get(url)
    paris.name = "JETRO Paris (renamed)"
    paris.save()
    assert "JETRO Paris (renamed)" in admin_client.get(url).text


def test_an_office_page_shows_its_local_time_at_most_a_minute_old():
    assert office_detail.page_cache_seconds == LOCAL_TIME == 60


def test_page_cache_seconds_zero_turns_the_cache_off(client, paris, settings, django_assert_max_num_queries):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/offices/")
    with django_assert_max_num_queries(10) as captured:
        client.get("/offices/")
    assert len(captured) > 1


def test_page_cache_seconds_zero_neither_looks_up_nor_stores_a_copy(client, paris, settings, stored, monkeypatch):
    # A copy kept for no time would cost a lookup and a store on every request (on Redis, two round
    # trips) for nothing: the benchmark's miss server and an operator's PAGE_CACHE_SECONDS=0 pay neither.
    settings.PAGE_CACHE_SECONDS = 0
    asked = []
    real_get = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *args, **kwargs: asked.append(key) or real_get(key, *args, **kwargs))
    for _ in range(2):
        assert "JETRO Paris" in client.get("/offices/").text
    assert [key for key in [*asked, *stored] if key.startswith("page:")] == []


# --- Cache flooding: a query parameter the view never reads adds no copy ---------------


@pytest.fixture
def stored(monkeypatch):
    """The keys the page cache stores, in order."""
    keys = []
    real_set = cache.set

    def spy(key, *args, **kwargs):
        keys.append(key)
        return real_set(key, *args, **kwargs)

    monkeypatch.setattr(cache, "set", spy)
    return keys


@pytest.mark.parametrize(
    "url",
    ["/offices/", "/offices/?country=FR", "/offices/paris/", "/api/v1/offices/?country=FR", "/api/v1/offices/paris/"],
)
def test_unknown_query_parameters_add_no_copy(client, paris, stored, url):
    joiner = "&" if "?" in url else "?"
    for n in range(3):
        response = client.get(f"{url}{joiner}x={n}")
        assert response.status_code == 200
        assert "JETRO Paris" in response.text
    assert stored == []
    client.get(url)
    assert len(stored) == 1  # the address without them is cached as before


def test_a_parameter_the_view_reads_still_gets_its_own_copy(client, paris, stored):
    client.get("/offices/?country=FR")
    client.get("/offices/?country=DE")
    client.get("/api/v1/offices/?page=1")
    assert len(stored) == 3


DOWNLOADS = [
    "/api/v1/exports/offices.csv",
    "/api/v1/exports/services.csv",
    "/api/v1/exports/office-services.csv",
    "/api/v1/exports/contacts.csv",
    "/api/v1/exports/hsds.json",
]


def body(response):
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("url", DOWNLOADS)
def test_a_download_is_built_once_per_generation_whatever_the_query_string(client, paris, stored, url, monkeypatch):
    ServiceFactory(slug="ibsc", offices=[paris])
    first = client.get(url)
    assert first.streaming  # streamed from the file, not held in memory
    content = body(first)
    builds = []
    monkeypatch.setattr("opendata.views.Download.chunks", lambda view, request: builds.append(1) or iter(()))
    for query in ("", "?x=1", "?x=2", "?page=3"):
        again = client.get(url + query)
        assert again.status_code == 200
        assert again["ETag"] == first["ETag"]
        assert body(again) == content
    assert builds == []
    assert stored == []  # not in the page cache either: one file on disk
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304


def test_the_sitemap_is_built_once_per_generation_whatever_the_query_string_or_host(
    client, paris, stored, settings, monkeypatch
):
    settings.SITE_ORIGIN = "http://testserver"
    settings.ALLOWED_HOSTS = ["testserver"]
    first = client.get("/sitemap.xml")
    assert first.streaming  # streamed from the file, not held in memory
    content = body(first)
    assert b"<loc>http://testserver/offices/paris/</loc>" in content
    builds = []
    monkeypatch.setattr("pages.sitemaps.SITEMAPS", {})
    monkeypatch.setattr("django.template.loader.render_to_string", lambda *a, **k: builds.append(1) or "")
    for query, host in [("", None), ("?x=1", None), ("?x=2&y=3", None), ("?p=1", None), ("", "testserver:1")]:
        again = client.get(f"/sitemap.xml{query}", headers={"host": host} if host else {})
        assert again.status_code == 200
        assert again["ETag"] == first["ETag"]
        assert body(again) == content  # the site's own origin, whatever the Host
    assert builds == []
    assert stored == []
    paris.save()
    assert body(client.get("/sitemap.xml?x=4")) == b""  # an edit: built again, once
    assert builds == [1]


@pytest.mark.parametrize("page", ["0", "-1", "2", "abc", "1.0", "9" * 5000, "\u0663"])
def test_a_sitemap_page_that_does_not_exist_is_a_404(client, paris, page):
    assert client.get("/sitemap.xml", {"p": page}).status_code == 404


def test_a_download_is_rebuilt_after_an_edit(client, paris):
    ServiceFactory(slug="ibsc", offices=[paris])
    first = client.get("/api/v1/exports/offices.csv")
    assert b"+33 1 42 61 27 27" not in body(first)
    paris.phone = "+33 1 42 61 27 27"
    paris.save()
    again = client.get("/api/v1/exports/offices.csv")
    assert b"+33 1 42 61 27 27" in body(again)
    assert again["ETag"] != first["ETag"]


def test_old_builds_are_removed(client, paris, settings):
    for n in range(6):
        paris.name = f"JETRO Paris {n}"
        paris.save()
        assert f"JETRO Paris {n}".encode() in body(client.get("/api/v1/exports/offices.csv"))
    (directory,) = settings.PAGE_CACHE_FILES.iterdir()
    assert (
        len([path for path in directory.iterdir() if path.name.startswith("offices.csv.") and "lock" not in path.name])
        == 3
    )


def test_a_download_is_still_served_when_its_directory_cannot_be_written(client, paris, settings, tmp_path):
    settings.PAGE_CACHE_FILES = tmp_path / "a-file"
    settings.PAGE_CACHE_FILES.write_text("not a directory")
    response = client.get("/api/v1/exports/offices.csv")
    assert response.status_code == 200
    assert b"paris" in response.content


@pytest.mark.parametrize("url", ["/sitemap.xml", "/api/v1/exports/offices.csv"])
def test_a_built_file_that_cannot_be_kept_is_still_answered_and_logged(client, settings, tmp_path, caplog, url):
    OfficeFactory(slug="berlin")
    settings.PAGE_CACHE_FILES = tmp_path / "a-file"
    settings.PAGE_CACHE_FILES.write_text("not a directory")
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200
    assert b"berlin" in body.lower()
    assert "Cannot keep" in caplog.text
