"""Answering enquiries in the admin: each editor's own, a reply mailed through the queue and kept, routing shown."""

import pytest
from django.urls import reverse
from django.utils import timezone

from enquiries.models import Delivery, Enquiry, Status
from enquiries.reminders import remind
from offices.tests.factories import OfficeFactory
from services.tests.factories import ContactPointFactory, ServiceFactory

from .conftest import body, write
from .factories import EnquiryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bangkok():
    return OfficeFactory(slug="bangkok", name="JETRO Bangkok", country="TH", region="asia", city="Bangkok")


@pytest.fixture
def berlin():
    return OfficeFactory(slug="berlin", name="JETRO Berlin", country="DE", region="europe", city="Berlin")


@pytest.fixture
def somchai(client, make_office_editor, bangkok):
    """Bangkok's office editor, signed in."""
    user = make_office_editor("somchai", offices=[bangkok], email="somchai@jetro.example")
    client.force_login(user)
    return client


def change_url(enquiry):
    return reverse("admin:enquiries_enquiry_change", args=[enquiry.pk])


def test_an_office_editor_lists_only_the_enquiries_to_their_offices_newest_first(somchai, bangkok, berlin):
    older = EnquiryFactory(office=bangkok, subject="First question")
    newer = EnquiryFactory(office=bangkok, subject="Second question")
    EnquiryFactory(office=berlin, subject="About Berlin")
    EnquiryFactory(service=ServiceFactory(), subject="About a service")
    page = somchai.get(reverse("admin:enquiries_enquiry_changelist")).text
    assert page.index(newer.reference) < page.index(older.reference)
    assert "About Berlin" not in page and "About a service" not in page


def test_an_office_editor_for_bangkok_cannot_read_berlins_enquiries_by_any_url(somchai, berlin):
    enquiry = EnquiryFactory(office=berlin, subject="Secret plans", message="Only for Berlin")
    base = reverse("admin:enquiries_enquiry_changelist")
    for url in [
        change_url(enquiry),
        reverse("admin:enquiries_enquiry_history", args=[enquiry.pk]),
        reverse("admin:enquiries_enquiry_delete", args=[enquiry.pk]),
        f"{base}?office={berlin.pk}",
        f"{base}?q={enquiry.reference}",
        f"{base}?q=Secret",
        reverse("admin:enquiries_enquiry_routing"),
    ]:
        response = somchai.get(url)
        assert response.status_code in (200, 302, 403, 404), url
        assert "Secret plans" not in response.text and "Only for Berlin" not in response.text, url
        assert f">{enquiry.reference}</a>" not in response.text, url
    assert somchai.post(change_url(enquiry), {"action": "spam"}).status_code in (403, 404)
    assert Enquiry.objects.get(pk=enquiry.pk).status == Status.NEW


def test_the_filters_ignore_values_they_do_not_offer(editor_client, bangkok):
    EnquiryFactory(office=bangkok)
    base = reverse("admin:enquiries_enquiry_changelist")
    for query in ["office=abc", "office=1.5", "office=%00", "office=99999999999999999999", "service=x", "age=x",
                  "mail=x", "status=%00", "status=zzz", "q=ENQ-2026-99999999999999999999999"]:  # fmt: skip
        response = editor_client.get(f"{base}?{query}", follow=True)
        assert response.status_code == 200, query
        assert "\x00" not in response.text, query


def test_the_list_filters_by_office_service_status_age_and_mail(editor_client, bangkok, berlin):
    to_bangkok = EnquiryFactory(office=bangkok)
    answered = EnquiryFactory(office=berlin, status=Status.ANSWERED, answered_at=timezone.now())
    base = reverse("admin:enquiries_enquiry_changelist")
    page = editor_client.get(f"{base}?office={bangkok.pk}").text
    assert to_bangkok.reference in page and answered.reference not in page
    page = editor_client.get(f"{base}?status=answered").text
    assert answered.reference in page and to_bangkok.reference not in page
    assert to_bangkok.reference in editor_client.get(f"{base}?age=week").text


def test_the_front_page_counts_the_unanswered_enquiries(somchai, bangkok, berlin):
    EnquiryFactory.create_batch(2, office=bangkok)
    EnquiryFactory(office=berlin)
    page = somchai.get(reverse("admin:index")).text
    assert "2 unanswered enquiries" in " ".join(page.split())


def test_a_reply_is_mailed_to_the_visitor_through_the_queue_and_kept(client, somchai, bangkok, smtp_server, run_worker):
    enquiry = EnquiryFactory(office=bangkok, email="amina@example.org", language="en")
    response = somchai.post(change_url(enquiry), {"action": "reply", "text": "Karibu! FOODEX Japan suits you."})
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.status == Status.ANSWERED and enquiry.answered_by.username == "somchai"
    reply = enquiry.deliveries.get(kind=Delivery.Kind.REPLY)
    assert reply.state == Delivery.State.PENDING, "sent by the worker, not in the request"
    run_worker()
    (message,) = smtp_server.messages
    assert message["X-RcptTo"] == "amina@example.org"
    assert enquiry.reference in message["Subject"]
    assert "Karibu! FOODEX Japan suits you." in body(message)
    assert "/offices/bangkok/contact/" in body(message)
    page = somchai.get(change_url(enquiry)).text
    assert "Karibu! FOODEX Japan suits you." in page, "the reply is kept with the enquiry"


def test_answered_another_way_and_spam_close_the_enquiry_without_mail(somchai, bangkok):
    called = EnquiryFactory(office=bangkok)
    spam = EnquiryFactory(office=bangkok)
    somchai.post(change_url(called), {"action": "elsewhere", "note": "Called back on 3 May"})
    somchai.post(change_url(spam), {"action": "spam"})
    called.refresh_from_db()
    spam.refresh_from_db()
    assert (called.status, called.note) == (Status.ANSWERED_ELSEWHERE, "Called back on 3 May")
    assert spam.status == Status.SPAM and spam.answered_at is not None
    assert not Delivery.objects.filter(kind=Delivery.Kind.REPLY).exists()


def test_a_visitors_markup_is_shown_as_text_in_the_admin(editor_client, bangkok):
    enquiry = EnquiryFactory(office=bangkok, subject="<b>bold</b>", message="<script>alert(1)</script>")
    page = editor_client.get(change_url(enquiry)).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page


def test_the_admin_shows_who_received_an_enquiry_and_why(client, make_office_editor, editor_client, bangkok):
    make_office_editor("somchai", offices=[bangkok], email="somchai@jetro.example")
    write(client, "/offices/bangkok/contact/")
    enquiry = Enquiry.objects.get()
    page = editor_client.get(change_url(enquiry)).text
    assert "somchai@jetro.example" in page
    assert "The office editors whose scope covers JETRO Bangkok: somchai." in page


def test_who_receives_enquiries_lists_every_office_and_service_with_the_rule(editor_client, make_office_editor):
    bangkok = OfficeFactory(slug="bangkok", name="JETRO Bangkok", country="TH", region="asia")
    make_office_editor("somchai", offices=[bangkok], email="somchai@jetro.example")
    OfficeFactory(name="JETRO Paris", country="FR", email="paris@jetro.example")
    OfficeFactory(name="JETRO Nairobi", country="KE", region="africa")
    ServiceFactory(name="IBSC", contact=ContactPointFactory(email="ibsc@jetro.example"))
    page = " ".join(editor_client.get(reverse("admin:enquiries_enquiry_routing")).text.split())
    assert "somchai@jetro.example" in page
    assert "paris@jetro.example" in page and "its own listed email" in page
    assert "No office editor covers JETRO Nairobi and it lists no email" in page
    assert "ibsc@jetro.example" in page


def test_an_enquiry_unanswered_for_five_working_days_is_reminded_once_to_the_national_editors(
    make_editor, bangkok, smtp_server, run_worker
):
    hanako = make_editor("hanako")
    hanako.email = "hanako@jetro.example"
    hanako.save()
    monday = timezone.make_aware(timezone.datetime(2026, 3, 2, 10, 0))
    old = EnquiryFactory(office=bangkok, created_at=monday)
    EnquiryFactory(office=bangkok, created_at=monday + timezone.timedelta(days=7))  # four working days before
    friday_week = monday + timezone.timedelta(days=11)
    assert remind(now=friday_week) == 1
    assert remind(now=friday_week) == 0, "once"
    run_worker()
    (message,) = smtp_server.messages
    assert message["X-RcptTo"] == "hanako@jetro.example"
    assert old.reference in message["Subject"]
