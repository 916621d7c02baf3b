"""Draft and publish: an unpublished listing is in the admin and its preview, and nowhere public.

"Nowhere public" is every URL the site answers, found by walking the URL
resolver (tests/support.py): pages, the JSON API, every download, the
sitemap, robots.txt, in both languages. A new page is guarded without
being listed here.
"""

import pytest
from django.conf import settings
from django.core import signing
from django.urls import reverse

from conftest import count_h1
from enquiries.tests.factories import EnquiryFactory
from enquiries.views import SENT_SALT
from offices.tests.factories import OfficeFactory
from services.tests.factories import ContactPointFactory, ServiceFactory
from tests.support import fill, public_url_patterns, response_text, unknown_names

pytestmark = pytest.mark.django_db

DRAFT_OFFICE = "JETRO Atlantis"
DRAFT_SERVICE = "Atlantis Export Desk"
# Not the word searched for ("atlantis"), which a search page repeats.
DRAFT_OFFICE_SLUG = "lost-atlantis"
DRAFT_SERVICE_SLUG = "atlantis-desk"
# A contact point that only the draft service names is not published either.
DRAFT_CONTACT_SLUG = "atlantis-contact"
# A contact point an editor unpublished, and the published one of the published service.
UNPUBLISHED_CONTACT_SLUG = "atlantis-hidden-desk"
PUBLISHED_CONTACT_SLUG = "trade-fair-desk"
SENT_ENQUIRY = 424243
HIDDEN = [
    DRAFT_OFFICE,
    DRAFT_OFFICE_SLUG,
    DRAFT_SERVICE,
    DRAFT_SERVICE_SLUG,
    DRAFT_CONTACT_SLUG,
    UNPUBLISHED_CONTACT_SLUG,
]


@pytest.fixture
def drafts():
    """Published listings that would show the drafts if anything leaked, and the drafts."""
    paris = OfficeFactory(slug="paris", name="JETRO Paris", country="FR", city="Paris", region="europe")
    atlantis = OfficeFactory(slug=DRAFT_OFFICE_SLUG, name=DRAFT_OFFICE, country="FR", city="Paris", is_published=False)
    published = ServiceFactory(
        slug="trade-fairs",
        name="Trade fair support",
        offices=[paris, atlantis],
        contact=ContactPointFactory(slug=PUBLISHED_CONTACT_SLUG),
    )
    ContactPointFactory(slug=UNPUBLISHED_CONTACT_SLUG, is_published=False)
    draft = ServiceFactory(
        slug=DRAFT_SERVICE_SLUG,
        name=DRAFT_SERVICE,
        offices=[paris, atlantis],
        contact=ContactPointFactory(slug=DRAFT_CONTACT_SLUG),
        is_published=False,
    )
    EnquiryFactory(pk=SENT_ENQUIRY, office=paris)
    return {"office": atlantis, "service": draft, "paris": paris, "published_service": published}


@pytest.fixture
def closed_office(drafts):
    """A published office, closed, and "now served by" the draft office."""
    return OfficeFactory(
        slug="lyon", name="JETRO Lyon", country="FR", city="Lyon", status="closed", successor=drafts["office"]
    )


# --- Every public URL, found by walking the URL resolver ------------------
PATTERNS = public_url_patterns()
# A URL with parameters is filled with the published listings that are tied to the drafts
# (by pattern name or namespace; see support.fill), and with the drafts themselves.
PUBLISHED = {
    "offices:": {"slug": ["paris", "lyon"]},
    "services:": {"slug": "trade-fairs"},
    **{f"suggestions:offices{sent}": {"slug": ["paris", "lyon"]} for sent in ("", "_sent")},
    **{f"suggestions:services{sent}": {"slug": "trade-fairs"} for sent in ("", "_sent")},
    "api:office-detail": {"slug": ["paris", "lyon"]},
    "api:service-detail": {"slug": "trade-fairs"},
    "api:contact-detail": {"slug": PUBLISHED_CONTACT_SLUG},
    # The draft office is in France; Slovenia has no office, so its page lists the nearest ones.
    "country": {"code": ["fr", "si"]},
    "enquiries:office": {"slug": ["paris", "lyon"]},
    "enquiries:service": {"slug": "trade-fairs"},
    # The confirmation of an enquiry to Paris (`drafts` makes it).
    "enquiries:sent": {"token": signing.dumps(SENT_ENQUIRY, salt=SENT_SALT)},
}
# Every country has a page, with or without offices: no draft has an address of its own there.
EVERY_VALUE_HAS_A_PAGE = {"country"}
DRAFTS = {
    "api:contact-detail": {"slug": [DRAFT_CONTACT_SLUG, UNPUBLISHED_CONTACT_SLUG]},
    "offices:": {"slug": DRAFT_OFFICE_SLUG},
    "services:": {"slug": DRAFT_SERVICE_SLUG},
    **{f"suggestions:offices{sent}": {"slug": DRAFT_OFFICE_SLUG} for sent in ("", "_sent")},
    **{f"suggestions:services{sent}": {"slug": DRAFT_SERVICE_SLUG} for sent in ("", "_sent")},
    "api:office-detail": {"slug": DRAFT_OFFICE_SLUG},
    "api:service-detail": {"slug": DRAFT_SERVICE_SLUG},
    "enquiries:office": {"slug": DRAFT_OFFICE_SLUG},
    "enquiries:service": {"slug": DRAFT_SERVICE_SLUG},
    # Nobody can write to a draft: an enquiry's confirmation is reached only by its own signed address.
    "enquiries:sent": {"token": "no-such-confirmation"},
}
# Query strings each URL is also asked with (besides none): searches that match the drafts, filters they fit.
QUERIES = {
    "search": ["q=atlantis"],
    "offices:list": ["q=atlantis", "country=FR", "kind=overseas&region=europe", "service=trade-fairs"],
    "offices:export_csv": ["q=atlantis", "country=FR", "service=trade-fairs"],
    "services:list": ["q=atlantis", "country=FR", "office=paris"],
    "api:office-list": ["q=atlantis", "country=FR", "service=trade-fairs"],
    "api:service-list": ["q=atlantis", "country=FR", "office=paris"],
}
LANGUAGES = [code for code, _name in settings.LANGUAGES]
# Every URL in every language: /ja/ for the pages, Accept-Language for the addresses every language shares.
EVERYWHERE = [
    pytest.param(pattern, language, id=f"{pattern}-{language}") for pattern in PATTERNS for language in LANGUAGES
]
WITH_PARAMETERS = [
    pytest.param(pattern, language, id=f"{pattern}-{language}")
    for pattern in PATTERNS
    if (pattern.params or pattern.name is None) and pattern.name not in EVERY_VALUE_HAS_A_PAGE
    for language in LANGUAGES
]


def addresses(pattern, language, values):
    queries = ["", *QUERIES.get(pattern.name, [])]
    return [url + (f"?{query}" if query else "") for url in fill(pattern, language, values) for query in queries]


def leaks(response, but=None):
    """What of the drafts the response shows (`but` the address that was asked for)."""
    body = response_text(response)
    if but:
        body = body.replace(but, "")
    return [hidden for hidden in HIDDEN if hidden in body]


def test_the_walk_reaches_every_kind_of_public_url():
    names = {pattern.name for pattern in PATTERNS}
    assert {"home", "search", "offices:detail", "offices:export_csv", "api:office-detail", "sitemap"} <= names
    assert {"api:export-offices", "api:export-services", "api:export-links", "api:export-contacts"} <= names
    assert unknown_names([*PUBLISHED, *DRAFTS, *QUERIES], PATTERNS) == []


@pytest.mark.parametrize(("pattern", "language"), EVERYWHERE)
def test_an_unpublished_listing_appears_on_no_public_surface(client, closed_office, pattern, language):
    for url in addresses(pattern, language, PUBLISHED):
        response = client.get(url, headers={"accept-language": language})
        assert response.status_code == 200, url
        assert leaks(response) == [], url


@pytest.mark.parametrize(("pattern", "language"), WITH_PARAMETERS)
def test_an_unpublished_listing_has_no_public_address(client, closed_office, pattern, language):
    for url in fill(pattern, language, DRAFTS):
        response = client.get(url, headers={"accept-language": language})
        assert response.status_code == 404, url
        # The 404 page links the address asked for in the other language: that is not the draft showing.
        asked = url.removeprefix("/ja")
        assert leaks(response, but=asked) == [], url


def test_the_admin_export_includes_drafts_that_every_public_export_leaves_out(editor_client, client, closed_office):
    """Editors see drafts: the admin's CSV export of the changelist has them; the public downloads do not."""
    offices = response_text(editor_client.get(reverse("admin:offices_office_export")))
    assert DRAFT_OFFICE_SLUG in offices
    assert "lyon,overseas,JETRO Lyon" in offices
    services = response_text(editor_client.get(reverse("admin:services_service_export")))
    assert DRAFT_SERVICE_SLUG in services
    downloads = [pattern for pattern in PATTERNS if pattern.name and "export" in pattern.name]
    # /offices/export.csv and the files under /api/v1/exports/ (any other URL is in the walk above).
    assert {"offices:export_csv", "api:export-offices", "api:export-contacts", "api:export-hsds"} <= {
        pattern.name for pattern in downloads
    }
    for pattern in downloads:
        for url in fill(pattern, settings.LANGUAGE_CODE, PUBLISHED):
            response = client.get(url)
            assert response.status_code == 200, url
            assert leaks(response) == [], url
    for public in ("/offices/export.csv", "/api/v1/exports/offices.csv"):
        assert "lyon," in response_text(client.get(public))  # the closed office is public: the files are not empty


def test_an_unpublished_service_cannot_be_used_as_a_filter(client, drafts):
    response = client.get("/offices/", {"service": DRAFT_SERVICE_SLUG})
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
