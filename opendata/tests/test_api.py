"""What every API endpoint shares: pages, read-only methods, JSON errors, CORS, language, conditional GET."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from offices.models import Office
from offices.tests.factories import OfficeFactory
from pagecache.generation import bump
from services.models import Service
from services.tests.factories import ContactPointFactory, ServiceFactory

pytestmark = pytest.mark.django_db

ENDPOINTS = ["/api/v1/offices/", "/api/v1/offices/paris/", "/api/v1/services/", "/api/v1/services/ibsc/"]


@pytest.fixture
def listings():
    paris = OfficeFactory(slug="paris", country="FR", city="Paris", region="europe")
    ServiceFactory(slug="ibsc", offices=[paris], contact=ContactPointFactory())
    return paris


def test_the_api_urls_resolve_as_the_contract_says():
    assert reverse("api:office-list") == "/api/v1/offices/"
    assert reverse("api:office-detail", args=["paris"]) == "/api/v1/offices/paris/"
    assert reverse("api:service-list") == "/api/v1/services/"
    assert reverse("api:service-detail", args=["ibsc"]) == "/api/v1/services/ibsc/"
    assert reverse("api:schema") == "/api/v1/schema/"


def test_a_long_list_links_its_next_and_previous_pages(client):
    OfficeFactory.create_batch(51)
    first = client.get("/api/v1/offices/").json()
    assert first["count"] == 51
    assert len(first["results"]) == 50
    assert first["next"] == "http://testserver/api/v1/offices/?page=2"
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1
    assert second["previous"] == "http://testserver/api/v1/offices/"
    assert second["next"] is None


def test_pages_keep_the_filters(client):
    OfficeFactory.create_batch(51, country="DE")
    body = client.get("/api/v1/offices/", {"country": "DE"}).json()
    assert body["next"] == "http://testserver/api/v1/offices/?country=DE&page=2"


@pytest.mark.parametrize("url", ENDPOINTS)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_are_refused_with_405(client, listings, url, method):
    response = getattr(client, method)(url, data={"name": "Hacked"}, content_type="application/json")
    assert response.status_code == 405
    assert response.json() == {"detail": "The API is read-only: use GET, HEAD or OPTIONS."}
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert Office.objects.filter(name="Hacked").count() == 0


@pytest.mark.parametrize("url", ENDPOINTS)
def test_head_and_options_are_answered(client, listings, url):
    assert client.head(url).status_code == 200
    assert client.options(url).status_code == 200


def test_any_other_api_address_is_a_json_404(client):
    response = client.get("/api/v1/nothing/here/")
    assert response.status_code == 404
    assert "/api/v1/schema/" in response.json()["detail"]


def test_a_list_without_its_slash_is_redirected(client):
    response = client.get("/api/v1/offices")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/offices/"


def test_the_api_root_points_to_everything(client):
    body = client.get("/api/v1/").json()
    assert body == {
        "offices": "http://testserver/api/v1/offices/",
        "services": "http://testserver/api/v1/services/",
        "contacts": "http://testserver/api/v1/contacts/",
        "schema": "http://testserver/api/v1/schema/",
        "documentation": "http://testserver/api/",
    }


def test_other_sites_may_read_the_api(client, listings):
    response = client.get("/api/v1/offices/", headers={"Origin": "https://example.org"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_a_cross_origin_preflight_allows_reading_only(client):
    response = client.options(
        "/api/v1/offices/",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"},
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


def test_the_html_site_is_not_opened_to_other_origins(client, listings):
    response = client.get("/offices/", headers={"Origin": "https://example.org"})
    assert "Access-Control-Allow-Origin" not in response


def test_the_api_answers_in_english_whatever_the_browser_prefers(client, listings):
    japanese = client.get("/api/v1/offices/paris/", headers={"Accept-Language": "ja"})
    assert japanese.json()["country_name"] == "France"
    bad = client.get("/api/v1/offices/?kind=x", headers={"Accept-Language": "ja"})
    assert "is not allowed here" in bad.json()["kind"][0]


# --- Conditional GET ------------------------------------------------------


def revalidate(client, url, response):
    return client.get(url, headers={"If-None-Match": response["ETag"]})


@pytest.mark.parametrize("url", ENDPOINTS)
def test_every_answer_has_an_etag_and_a_last_modified(client, listings, url):
    response = client.get(url)
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert "must-revalidate" in response["Cache-Control"]


@pytest.mark.parametrize("url", ENDPOINTS)
def test_asking_again_with_the_etag_is_a_bodiless_304(client, listings, url):
    first = client.get(url)
    again = revalidate(client, url, first)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


def test_asking_again_with_the_date_is_a_304(client, listings):
    first = client.get("/api/v1/offices/")
    again = client.get("/api/v1/offices/", headers={"If-Modified-Since": first["Last-Modified"]})
    assert again.status_code == 304


def test_a_later_edit_answers_if_modified_since_in_full(client, listings):
    first = client.get("/api/v1/offices/")
    Office.objects.filter(slug="paris").update(updated_at=timezone.now() + datetime.timedelta(seconds=5))
    bump()  # an update() sends no signal: the generation moves on as a save would move it
    again = client.get("/api/v1/offices/", headers={"If-Modified-Since": first["Last-Modified"]})
    assert again.status_code == 200


def test_a_details_last_modified_is_its_own_latest_change_not_the_directorys(client, listings):
    """Editing another office leaves Paris's copy current by date as well as by ETag."""
    OfficeFactory(slug="berlin")
    before = client.get("/api/v1/offices/paris/")
    Office.objects.exclude(slug="paris").update(updated_at=timezone.now() + datetime.timedelta(days=1))
    bump()  # an update() sends no signal: the generation moves on as a save would move it
    after = client.get("/api/v1/offices/paris/")
    assert after["Last-Modified"] == before["Last-Modified"]
    assert client.get("/api/v1/offices/")["Last-Modified"] != before["Last-Modified"]
    assert (
        client.get("/api/v1/offices/paris/", headers={"If-Modified-Since": before["Last-Modified"]}).status_code == 304
    )


def test_a_change_to_a_service_an_office_offers_moves_the_offices_last_modified(client, listings):
    before = client.get("/api/v1/offices/paris/")
    Service.objects.filter(offices__slug="paris").update(updated_at=timezone.now() + datetime.timedelta(days=1))
    bump()  # an update() sends no signal: the generation moves on as a save would move it
    assert client.get("/api/v1/offices/paris/")["Last-Modified"] != before["Last-Modified"]


def test_an_old_date_is_answered_in_full(client, listings):
    old = http_date((timezone.now() - datetime.timedelta(days=1)).timestamp())
    assert client.get("/api/v1/offices/", headers={"If-Modified-Since": old}).status_code == 200


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda: Office.objects.get(slug="paris").save(), id="office edited"),
        pytest.param(lambda: Office.objects.filter(slug="paris").update(city="Lyon"), id="office bulk-edited"),
        pytest.param(lambda: Office.objects.filter(slug="paris").update(is_published=False), id="office unpublished"),
        pytest.param(lambda: Service.objects.get(slug="ibsc").save(), id="its service edited"),
        pytest.param(lambda: Service.objects.filter(slug="ibsc").update(slug="ibsc2"), id="its service renamed"),
        pytest.param(lambda: Service.objects.filter(slug="ibsc").update(is_published=False), id="service unpublished"),
        pytest.param(lambda: Service.objects.get(slug="ibsc").offices.clear(), id="link removed"),
        pytest.param(lambda: Office.objects.get(slug="paris").services.add(ServiceFactory()), id="link added"),
        pytest.param(lambda: Service.objects.get(slug="ibsc").delete(), id="service deleted"),
    ],
)
@pytest.mark.parametrize("url", ["/api/v1/offices/", "/api/v1/offices/paris/", "/api/v1/services/"])
def test_any_change_a_data_user_would_see_gives_a_new_answer(client, listings, change, url):
    first = client.get(url)
    change()
    again = revalidate(client, url, first)
    if again.status_code == 304:
        # Only when the change does not show in this answer.
        assert client.get(url).content == first.content
    else:
        assert again.status_code in (200, 404)
        assert again.get("ETag") != first["ETag"]


def test_a_400_or_404_has_no_etag(client, listings):
    assert "ETag" not in client.get("/api/v1/offices/?country=ZZ")
    assert "ETag" not in client.get("/api/v1/offices/nowhere/")


def test_an_unchanged_body_keeps_its_etag_across_requests(client, listings):
    assert client.get("/api/v1/services/")["ETag"] == client.get("/api/v1/services/")["ETag"]


# --- modified_since: any offset RFC 3339 allows, on both databases -------------

LISTS = ["/api/v1/offices/", "/api/v1/services/", "/api/v1/contacts/"]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize(
    ("since", "listed"),
    [
        # PostgreSQL takes offsets up to ±15:59 only; RFC 3339 allows up to ±23:59.
        ("2020-01-01T00:00:00-16:00", True),
        ("2020-01-01T00:00:00+23:59", True),
        ("2999-12-31T00:00:00-23:59", False),
        ("2999-12-31T00:00:00+16:00", False),
    ],
)
def test_modified_since_with_any_offset_is_answered_as_the_same_instant_in_utc(client, listings, url, since, listed):
    response = client.get(url, {"modified_since": since})
    assert response.status_code == 200
    assert (response.json()["count"] > 0) is listed
