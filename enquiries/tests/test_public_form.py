"""Writing to an office or about a service: the form, the confirmation with its reference, and bad input."""

import re

import pytest
from django.test import Client

from conftest import count_h1
from enquiries.models import Delivery, Enquiry
from offices.tests.factories import OfficeFactory
from services.tests.factories import ContactPointFactory, ServiceFactory

from .conftest import VISITOR, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def bangkok(make_office_editor):
    office = OfficeFactory(slug="bangkok", name="JETRO Bangkok", country="TH", region="asia", city="Bangkok")
    make_office_editor("somchai", offices=[office], email="somchai@jetro.example")
    return office


def test_the_form_asks_for_the_enquiry_and_says_what_is_kept(client, bangkok):
    response = client.get("/offices/bangkok/contact/")
    assert response.status_code == 200
    assert count_h1(response) == 1
    html = response.text
    assert "<h1>Write to JETRO Bangkok</h1>" in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<meta name="robots" content="noindex">' in html
    for name in ("name", "company", "country", "email", "subject", "message"):
        assert f'name="{name}"' in html
    assert 'maxlength="5000"' in html and 'name="subject" maxlength="200"' in html
    assert re.search(r'<div hidden>\s*<label for="id_website">', html), "the honeypot is hidden from people"
    assert "erased 180 days after your enquiry is answered or closed" in html
    assert 'href="/privacy/"' in html
    assert "<script" not in html.split("</head>")[1], "no JavaScript is needed"
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_the_form_is_in_japanese_under_ja(client, bangkok):
    html = client.get("/ja/offices/bangkok/contact/").text
    assert '<html lang="ja">' in html
    assert "送信" in html


def test_a_service_is_asked_about(client):
    ServiceFactory(slug="ibsc", name="Invest Japan Business Support Center")
    html = client.get("/services/ibsc/contact/").text
    assert "<h1>Ask about Invest Japan Business Support Center</h1>" in html


@pytest.mark.parametrize("path", ["/offices/nowhere/contact/", "/services/nothing/contact/"])
def test_an_unknown_listing_has_no_form(client, path):
    assert client.get(path).status_code == 404


def test_a_draft_has_no_form(client):
    OfficeFactory(slug="draft", is_published=False)
    assert client.get("/offices/draft/contact/").status_code == 404


def test_the_form_costs_the_same_few_queries_however_much_the_office_holds(client, bangkok, assert_constant_queries):
    def grow(count):
        ServiceFactory.create_batch(count, offices=[bangkok])

    assert_constant_queries("/offices/bangkok/contact/", grow, limit=3)


def test_an_enquiry_is_saved_and_confirmed_with_its_reference_and_whom_it_went_to(client, bangkok):
    response = write(client, "/offices/bangkok/contact/")
    assert response.status_code == 302
    enquiry = Enquiry.objects.get()
    assert (enquiry.office, enquiry.email, enquiry.country.code) == (bangkok, "amina@example.org", "KE")
    assert re.fullmatch(r"ENQ-20\d\d-\d{6}", enquiry.reference)
    confirmation = client.get(response["Location"])
    assert confirmation.status_code == 200
    assert count_h1(confirmation) == 1
    assert f'<strong class="reference">{enquiry.reference}</strong>' in confirmation.text
    assert "It went to the editors of JETRO Bangkok." in confirmation.text
    assert "somchai@" not in confirmation.text, "nobody's address is shown to the public"
    # Its mail waits for the worker: nothing is sent while the visitor waits.
    assert Delivery.objects.get().state == Delivery.State.PENDING


def test_the_confirmation_cannot_be_read_by_guessing_its_address(client, bangkok):
    write(client, "/offices/bangkok/contact/")
    pk = Enquiry.objects.get().pk
    assert client.get(f"/contact/sent/{pk}/").status_code == 404
    assert client.get("/contact/sent/eyJhIjoxfQ:1abc:xyz/").status_code == 404


def test_the_enquiry_is_committed_before_the_visitor_is_told(bangkok, django_db_blocker):
    """The confirmation is answered only after the transaction that saved the enquiry and its task."""
    from django_tasks_db.models import DBTaskResult

    response = write(Client(), "/offices/bangkok/contact/")
    assert response.status_code == 302
    enquiry = Enquiry.objects.get()
    assert DBTaskResult.objects.filter(args_kwargs__args=[enquiry.deliveries.get().pk]).exists()


def test_a_robot_that_fills_the_hidden_field_is_thanked_and_nothing_is_kept(client, bangkok):
    response = write(client, "/offices/bangkok/contact/", website="https://spam.example/")
    assert response.status_code == 302
    assert response["Location"] == "/contact/thanks/"
    assert not Enquiry.objects.exists()


def test_a_form_sent_back_faster_than_anyone_reads_it_is_refused(client, bangkok, settings):
    settings.ENQUIRIES_MIN_SECONDS = 3
    response = write(client, "/offices/bangkok/contact/")
    assert response.status_code == 200
    assert "faster than anyone can fill it in" in response.text
    assert not Enquiry.objects.exists()


def test_a_form_without_its_signed_time_is_refused(client, bangkok):
    response = client.post("/offices/bangkok/contact/", {**VISITOR, "shown": "123:forged"})
    assert response.status_code == 200
    assert "This form could not be read" in response.text
    assert not Enquiry.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(bangkok):
    response = Client(enforce_csrf_checks=True).post("/offices/bangkok/contact/", VISITOR)
    assert response.status_code == 403
    assert not Enquiry.objects.exists()


BAD_INPUT = {
    "everything empty": (dict.fromkeys(VISITOR, ""), "This field is required."),
    "100,000 characters": ({"message": "a" * 100_000}, "Ensure this value has at most 5000 characters"),
    "NUL": ({"message": "hello\x00world"}, "Null characters are not allowed."),
    "a control character": ({"message": "hello\x1b[2J"}, "invisible control or formatting characters"),
    "a bidi override": ({"name": "Amina \u202eanituO"}, "invisible control or formatting characters"),
    "only a zero-width space": ({"subject": "\u200b"}, "This field is required."),
    "markup": ({"message": "<script>alert(1)</script>"}, "without &lt; or &gt; (no markup)"),
    "a header in the name": ({"name": "a\r\nBcc: x@y.example"}, "Keep this to one line."),
    "a header in the subject": ({"subject": "Hello\nBcc: x@y.example"}, "Keep this to one line."),
    "an address with a header": ({"email": "a@b.example\r\nBcc: x@y.example"}, "Keep this to one line."),
    "an unknown country": ({"country": "XX"}, "Select a valid choice."),
}


@pytest.mark.parametrize("changes", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_is_a_form_error_and_nothing_is_kept_or_sent(client, bangkok, changes):
    data, message = changes
    response = write(client, "/offices/bangkok/contact/", **data)
    assert response.status_code == 200
    assert message in response.text
    assert "There is a problem" in response.text
    assert response.text.count("<title>Error:") == 1
    assert "<script>alert" not in response.text
    assert "\x00" not in response.text and "\u202e" not in response.text and "\x1b" not in response.text
    assert not Enquiry.objects.exists()
    assert not Delivery.objects.exists()


def test_a_service_enquiry_goes_to_its_contact_point(client):
    desk = ContactPointFactory(division="Invest Japan Department", email="invest@jetro.example")
    ServiceFactory(slug="ibsc", contact=desk)
    assert write(client, "/services/ibsc/contact/").status_code == 302
    enquiry = Enquiry.objects.get()
    assert enquiry.recipients == "invest@jetro.example"
    assert enquiry.deliveries.get().recipients == ["invest@jetro.example"]
