"""Draft and publish: an unpublished listing is in the admin and its preview, and nowhere public.

The public surfaces on this branch are the pages below (lists, search,
detail pages, the home page) in both languages. The JSON API, the sitemap
and the CSV download are built on other branches; each must use `.public()`.
"""

import pytest
from django.urls import reverse

from conftest import count_h1
from offices.tests.factories import OfficeFactory
from services.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

DRAFT_OFFICE = "JETRO Atlantis"
DRAFT_SERVICE = "Atlantis Export Desk"


@pytest.fixture
def drafts():
    """Published listings that would show the drafts if anything leaked, and the drafts."""
    paris = OfficeFactory(slug="paris", name="JETRO Paris", country="FR", city="Paris", region="europe")
    atlantis = OfficeFactory(slug="atlantis", name=DRAFT_OFFICE, country="FR", city="Paris", is_published=False)
    published = ServiceFactory(slug="trade-fairs", name="Trade fair support", offices=[paris, atlantis])
    draft = ServiceFactory(slug="atlantis-desk", name=DRAFT_SERVICE, offices=[paris], is_published=False)
    return {"office": atlantis, "service": draft, "paris": paris, "published_service": published}


PUBLIC_SURFACES = [
    "/",
    "/offices/",
    "/offices/?q=atlantis",
    "/offices/?country=FR",
    "/offices/?kind=overseas&region=europe",
    "/offices/paris/",
    "/services/",
    "/services/?q=atlantis",
    "/services/?country=FR",
    "/services/trade-fairs/",
    "/ja/",
    "/ja/offices/",
    "/ja/offices/?q=atlantis",
    "/ja/offices/paris/",
    "/ja/services/",
    "/ja/services/?q=atlantis",
    "/ja/services/trade-fairs/",
]


@pytest.mark.parametrize("url", PUBLIC_SURFACES)
def test_an_unpublished_listing_appears_on_no_public_page(client, drafts, url):
    response = client.get(url)
    assert response.status_code == 200
    for hidden in (DRAFT_OFFICE, DRAFT_SERVICE, "/offices/atlantis/", "/services/atlantis-desk/"):
        assert hidden not in response.text


@pytest.mark.parametrize("url", ["/offices/atlantis/", "/services/atlantis-desk/", "/ja/offices/atlantis/"])
def test_an_unpublished_listing_has_no_public_page(client, drafts, url):
    assert client.get(url).status_code == 404


def test_an_unpublished_service_cannot_be_used_as_a_filter(client, drafts):
    response = client.get("/offices/", {"service": "atlantis-desk"})
    assert response.status_code == 200
    assert "could not be used" in response.text


def test_the_home_page_counts_only_published_offices(client, drafts):
    assert "This directory lists 1 overseas office in 1 country" in client.get("/").text


def test_an_unpublished_listing_is_in_the_admin(editor_client, drafts):
    assert DRAFT_OFFICE in editor_client.get(reverse("admin:offices_office_changelist")).text
    assert DRAFT_SERVICE in editor_client.get(reverse("admin:services_service_changelist")).text


@pytest.mark.parametrize("kind", ["office", "service"])
def test_an_editor_previews_an_unpublished_listing_marked_as_a_preview(editor_client, drafts, kind):
    listing = drafts[kind]
    opts = listing._meta
    change_page = editor_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[listing.pk]))
    preview_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_preview", args=[listing.pk])
    assert preview_url in change_page.text  # "View on site" leads to the preview

    response = editor_client.get(preview_url)
    assert response.status_code == 200
    assert count_h1(response) == 1
    assert listing.name in response.text
    assert "Preview for editors." in response.text
    assert "This listing is not published: visitors cannot see this page." in response.text
    assert '<meta name="robots" content="noindex, nofollow">' in response.text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"]


def test_view_on_site_of_a_published_listing_is_its_public_page(editor_client, drafts):
    paris = drafts["paris"]
    change_page = editor_client.get(reverse("admin:offices_office_change", args=[paris.pk]))
    assert 'href="/offices/paris/"' in change_page.text


@pytest.mark.parametrize("kind", ["office", "service"])
def test_the_preview_needs_a_staff_login(client, django_user_model, drafts, kind):
    listing = drafts[kind]
    opts = listing._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_preview", args=[listing.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    client.force_login(django_user_model.objects.create_user("visitor"))
    assert client.get(url).status_code == 302
    assert listing.name not in client.get(url, follow=True).text
