"""The public correction form: anyone may suggest, nothing public changes, bad input is a form error, floods a 429."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from conftest import count_h1
from offices.tests.factories import OfficeFactory
from services.tests.factories import ServiceFactory
from suggestions.models import Detail, Status, Suggestion
from suggestions.ratelimit import ATTEMPTS_PER_HOUR, SUGGESTIONS_PER_HOUR

from .factories import SuggestionFactory

pytestmark = pytest.mark.django_db

# A number Ofcom keeps for drama: never a real office's.
LONDON_PHONE = "+44 20 7946 0018"
SOURCE = "https://www.jetro.go.jp/en/jetro/worldwide/europe/uk/"


@pytest.fixture
def london():
    return OfficeFactory(slug="london", name="JETRO London", country="GB", region="europe", city="London")


def suggest(client, slug="london", kind="offices", address="127.0.0.1", **changes):
    data = {"detail": "phone", "proposed_value": LONDON_PHONE, "source": SOURCE, "email": "", "homepage": ""}
    return client.post(f"/{kind}/{slug}/suggest/", {**data, **changes}, REMOTE_ADDR=address)


# --- The form ---------------------------------------------------------------------


def test_office_and_service_pages_lead_to_their_correction_forms(client, london):
    ServiceFactory(slug="ibsc")
    link = '<a href="/{}/suggest/" rel="nofollow">Suggest a correction</a>'
    assert link.format("offices/london") in client.get("/offices/london/").text
    assert link.format("services/ibsc") in client.get("/services/ibsc/").text
    assert 'href="/ja/services/ibsc/suggest/"' in client.get("/ja/services/ibsc/").text


def test_the_form_asks_which_detail_the_value_and_its_source(client, london):
    response = client.get("/offices/london/suggest/")
    assert response.status_code == 200
    assert count_h1(response) == 1
    html = response.text
    assert 'href="/offices/london/">JETRO London</a>' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<meta name="robots" content="noindex">' in html
    for detail in Detail:
        assert f'value="{detail.value}"' in html
    assert '<textarea name="proposed_value" cols="40" rows="3" maxlength="1000"' in html
    assert 'name="source" maxlength="500"' in html
    assert re.search(r'<div hidden>\s*<label for="id_homepage">', html), "the honeypot is hidden from people"
    assert "<script" not in html.split("</head>")[1], "no JavaScript is needed"


def test_a_service_takes_the_details_a_service_has(client):
    ServiceFactory(slug="ibsc")
    html = client.get("/services/ibsc/suggest/").text
    assert re.findall(r'name="detail" value="(\w+)"', html) == ["name", "website", "other"]


def test_the_form_is_in_japanese_under_ja(client, london):
    response = client.get("/ja/offices/london/suggest/")
    assert response.status_code == 200
    assert '<html lang="ja">' in response.text
    assert "<h1>修正を提案する</h1>" in response.text
    assert "正しい値" in response.text
    office_page = client.get("/ja/offices/london/").text
    assert '<a href="/ja/offices/london/suggest/" rel="nofollow">修正を提案する</a>' in office_page


@pytest.mark.parametrize("kind", ["offices", "services"])
def test_an_unknown_or_unpublished_listing_has_no_form(client, kind):
    factory = OfficeFactory if kind == "offices" else ServiceFactory
    factory(slug="draft", is_published=False)
    for url in [f"/{kind}/draft/suggest/", f"/{kind}/nowhere/suggest/", f"/{kind}/draft/suggest/sent/"]:
        assert client.get(url).status_code == 404, url
    assert suggest(client, slug="draft", kind=kind, detail="name").status_code == 404


def test_the_form_costs_the_same_few_queries_however_much_the_office_holds(client, london, assert_constant_queries):
    def grow(count):
        SuggestionFactory.create_batch(count, office=london)
        OfficeFactory.create_batch(count)

    assert_constant_queries("/offices/london/suggest/", grow, limit=2)


# --- Sending ------------------------------------------------------------------------


def test_a_suggestion_waits_for_an_editor_and_changes_nothing_public(client, london):
    before = {url: client.get(url).content for url in ["/offices/london/", "/api/v1/offices/london/"]}
    response = suggest(client, email="visitor@example.org")
    assert response.status_code == 302
    assert response["Location"] == "/offices/london/suggest/sent/"
    thanks = client.get(response["Location"])
    assert "Thank you for your suggestion" in thanks.text
    assert count_h1(thanks) == 1
    suggestion = Suggestion.objects.get()
    assert (suggestion.office, suggestion.detail, suggestion.status) == (london, "phone", Status.PENDING)
    assert (suggestion.proposed_value, suggestion.source, suggestion.email) == (
        LONDON_PHONE,
        SOURCE,
        "visitor@example.org",
    )
    assert suggestion.language == "en"
    assert {url: client.get(url).content for url in before} == before
    london.refresh_from_db()
    assert london.phone == ""


def test_the_senders_address_is_kept_only_as_a_keyed_digest(client, london):
    suggest(client, address="203.0.113.7")
    key = Suggestion.objects.get().client_key
    assert len(key) == 64 and "203.0.113.7" not in key


def test_a_web_address_without_its_scheme_is_kept_with_https(client, london):
    suggest(client, source="www.jetro.go.jp/uk/")
    assert Suggestion.objects.get().source == "https://www.jetro.go.jp/uk/"


def test_a_source_in_words_is_accepted(client, london):
    suggest(client, source="The office's business card, March 2024")
    assert Suggestion.objects.get().source == "The office's business card, March 2024"


# --- Bad input: a form error, never a 500, nothing saved, nothing reflected unescaped -------------

BAD_INPUT = {
    "empty": ({"detail": "", "proposed_value": "", "source": ""}, "This field is required."),
    "100,000 characters": ({"proposed_value": "9" * 100_000}, "Ensure this value has at most 1000 characters"),
    "a long source": ({"source": "https://www.jetro.go.jp/" + "a" * 100_000}, "at most 500 characters"),
    "NUL": ({"proposed_value": "+44 20\x00 7946 0018"}, "Null characters are not allowed."),
    "NUL in the source": ({"source": "business\x00 card"}, "Null characters are not allowed."),
    "a control character": ({"proposed_value": "+44\x1b[2J"}, "invisible control or formatting characters"),
    "a next-line control (U+0085)": ({"proposed_value": "+44 20\x85 7946 0018"}, "invisible control or formatting"),
    "a right-to-left override": ({"source": "business card \u202e4202"}, "invisible control or formatting"),
    "only a zero-width space": ({"proposed_value": "\u200b"}, "This field is required."),
    "only spaces and a filler": ({"source": " \u3164 "}, "This field is required."),
    "markup": ({"proposed_value": "<script>alert(1)</script>"}, "without &lt; or &gt; (no markup)"),
    "markup in the source": ({"source": '<a href="https://evil.example">x</a>'}, "no markup"),
    "a javascript: source": ({"source": "javascript:alert(1)"}, "This is not a complete web address."),
    "a broken web address": ({"source": "http//www.jetro.go.jp"}, "This is not a complete web address."),
    "a source of one word": ({"source": "trust me"[:5]}, "Say a little more about the source"),
    "an unknown detail": ({"detail": "salary"}, "Select a valid choice."),
    "a detail a service lacks": ({"detail": "fax", "kind": "services"}, "Select a valid choice."),
    "a bad email": ({"email": "visitor@"}, "Enter a valid email address."),
}


@pytest.mark.parametrize("changes", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_is_a_form_error_and_nothing_is_kept(client, london, changes):
    data, message = changes
    kind = data.pop("kind", "offices")
    slug = "london"
    if kind == "services":
        slug = ServiceFactory(slug="ibsc").slug
    response = suggest(client, slug=slug, kind=kind, **data)
    assert response.status_code == 200
    assert message in response.text
    assert "There is a problem" in response.text
    assert response.text.count("<title>Error:") == 1
    assert "<script>alert" not in response.text
    assert "\x00" not in response.text
    assert "\u202e" not in response.text and "\x85" not in response.text
    assert 'href="https://evil.example"' not in response.text
    assert not Suggestion.objects.exists()


def test_a_robot_that_fills_the_hidden_field_is_thanked_and_nothing_is_kept(
    client, london, make_editor, smtp_server, run_worker
):
    national = make_editor("hanako")
    national.email = "hanako@example.org"
    national.save()
    response = suggest(client, homepage="https://spam.example/")
    assert response.status_code == 302
    assert response["Location"] == "/offices/london/suggest/sent/"
    assert not Suggestion.objects.exists()
    run_worker()
    assert smtp_server.messages == []


def test_a_post_without_the_csrf_token_is_refused(london):
    response = suggest(Client(enforce_csrf_checks=True))
    assert response.status_code == 403
    assert not Suggestion.objects.exists()


# --- Limits per address -------------------------------------------------------------------


def test_the_sixth_suggestion_in_an_hour_is_refused_with_a_clear_429(client, london):
    for _ in range(SUGGESTIONS_PER_HOUR):
        assert suggest(client).status_code == 302
    response = suggest(client)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert count_h1(response) == 1
    assert "Too many suggestions for now" in response.text
    assert f"one connection can send {SUGGESTIONS_PER_HOUR} suggestions an hour" in response.text
    assert Suggestion.objects.count() == SUGGESTIONS_PER_HOUR
    other = suggest(client, address="198.51.100.20")
    assert other.status_code == 302, "another address is not held back"


def test_a_flood_of_invalid_submissions_is_refused_too(client, london):
    for _ in range(ATTEMPTS_PER_HOUR):
        assert suggest(client, source="x").status_code == 200
    response = suggest(client)
    assert response.status_code == 429
    assert not Suggestion.objects.exists()


def test_the_limits_hold_under_parallel_posts_on_the_production_server(production_server):
    """20 posts at once from one address, through gunicorn's threads and workers: 5 kept, the rest a 429."""
    OfficeFactory(slug="london", name="JETRO London", country="GB", region="europe", city="London")
    production_server.start()
    visitor = production_server.session()
    data = {"detail": "phone", "proposed_value": LONDON_PHONE, "source": SOURCE, "email": "", "homepage": ""}
    data.update(visitor.form_fields("/offices/london/suggest/"))
    statuses = visitor.post_in_parallel("/offices/london/suggest/", data, 20)
    assert statuses == [302] * SUGGESTIONS_PER_HOUR + [429] * (20 - SUGGESTIONS_PER_HOUR)
    assert production_server.rows("SELECT COUNT(*) FROM suggestions_suggestion") == [(SUGGESTIONS_PER_HOUR,)]


def test_the_limit_on_attempts_holds_under_parallel_invalid_posts(production_server):
    OfficeFactory(slug="london", name="JETRO London", country="GB", region="europe", city="London")
    production_server.start()
    visitor = production_server.session()
    data = {"detail": "phone", "proposed_value": LONDON_PHONE, "source": "x", "email": "", "homepage": ""}
    data.update(visitor.form_fields("/offices/london/suggest/"))
    statuses = visitor.post_in_parallel("/offices/london/suggest/", data, ATTEMPTS_PER_HOUR + 10)
    assert statuses == [200] * ATTEMPTS_PER_HOUR + [429] * 10


def test_ipv6_senders_are_counted_by_their_network(client, london):
    for number in range(SUGGESTIONS_PER_HOUR):
        assert suggest(client, address=f"2001:db8:1:2::{number + 1}").status_code == 302
    assert suggest(client, address="2001:db8:1:2:ffff::1").status_code == 429
    assert suggest(client, address="2001:db8:1:3::1").status_code == 302


# --- The editors are told ------------------------------------------------------------------


def test_the_office_editors_responsible_are_told_without_the_visitors_email(
    client, london, make_office_editor, make_editor, smtp_server, run_worker
):
    make_office_editor("uk-desk", offices=[london], email="uk-desk@example.org")
    make_office_editor("asia-desk", regions=["asia"], email="asia-desk@example.org")
    national = make_editor("hanako")
    national.email = "hanako@example.org"
    national.save()
    suggest(client, email="visitor@example.org")
    assert smtp_server.messages == [], "mailed by the worker, not while the visitor waits"
    run_worker()
    (message,) = smtp_server.messages
    assert message["X-RcptTo"] == "uk-desk@example.org"
    assert message["Subject"] == "Suggested correction: JETRO London (Phone)"
    text = message.get_content()
    assert LONDON_PHONE in text and SOURCE in text
    pk = Suggestion.objects.get().pk
    assert f"http://testserver{reverse('admin:suggestions_suggestion_change', args=[pk])}" in text
    assert "visitor@example.org" not in text


def test_without_an_office_editor_the_national_editors_are_told(client, london, make_editor, smtp_server, run_worker):
    national = make_editor("hanako")
    national.email = "hanako@example.org"
    national.save()
    suggest(client)
    run_worker()
    assert [message["X-RcptTo"] for message in smtp_server.messages] == ["hanako@example.org"]


def test_mail_that_cannot_be_sent_does_not_stop_the_suggestion(
    client, london, make_editor, caplog, smtp_server, run_worker
):
    national = make_editor("hanako")
    national.email = "hanako@example.org"
    national.save()
    smtp_server.stop()
    response = suggest(client)
    assert response.status_code == 302
    run_worker()
    assert Suggestion.objects.count() == 1
    assert "Could not tell the editors" in caplog.text
