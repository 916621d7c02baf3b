"""The enquiries' mail: sent by the worker over SMTP (a real server on loopback), never in the request,
retried with back-off while the server is down, and delivered once."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from enquiries.delivery import MAX_ATTEMPTS
from enquiries.models import Delivery, Enquiry
from offices.tests.factories import OfficeFactory

from .conftest import body, write

pytestmark = pytest.mark.django_db


def its_time_comes():
    """As if the wait before the next attempt had passed."""
    Delivery.objects.update(next_attempt_at=timezone.now())
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


@pytest.fixture
def bangkok(make_office_editor):
    office = OfficeFactory(slug="bangkok", name="JETRO Bangkok", country="TH", region="asia", city="Bangkok")
    make_office_editor("somchai", offices=[office], email="somchai@jetro.example")
    return office


def test_an_enquiry_to_bangkok_reaches_the_bangkok_office_editor_by_smtp(client, bangkok, smtp_server, run_worker):
    assert write(client, "/offices/bangkok/contact/").status_code == 302
    assert smtp_server.messages == [], "nothing is sent while the visitor waits"
    run_worker()
    (message,) = smtp_server.messages
    enquiry = Enquiry.objects.get()
    assert message["X-RcptTo"] == "somchai@jetro.example"
    assert enquiry.reference in message["Subject"]
    assert "JETRO Bangkok" in message["Subject"]
    assert "Exporting tea to Japan" in message["Subject"]
    text = body(message)
    assert "Which trade fairs in Japan suit a Kenyan tea exporter?" in text
    assert f"/admin/enquiries/enquiry/{enquiry.pk}/change/" in text
    assert "amina@example.org" not in text, "the visitor's address stays in the admin"
    delivery = enquiry.deliveries.get()
    assert message["Message-ID"] == delivery.message_id
    assert (delivery.state, delivery.attempts) == (Delivery.State.SENT, 1)
    assert delivery.sent_at is not None


def test_nothing_is_ever_mailed_to_the_address_a_visitor_typed_but_a_reply(client, bangkok, smtp_server, run_worker):
    write(client, "/offices/bangkok/contact/", email="victim@example.org")
    run_worker()
    assert all("victim@example.org" not in message["X-RcptTo"] for message in smtp_server.messages)
    assert all("victim@example.org" not in str(message) for message in smtp_server.messages)


def test_a_header_injected_through_the_form_never_reaches_a_mail(client, bangkok, smtp_server, run_worker):
    write(client, "/offices/bangkok/contact/", subject="Hello\r\nBcc: x@y.example", name="a\r\nBcc: x@y.example")
    write(client, "/offices/bangkok/contact/", subject="Hello Bcc: x@y.example")
    run_worker()
    (message,) = smtp_server.messages
    assert message["Bcc"] is None
    assert message["X-RcptTo"] == "somchai@jetro.example"


def test_with_the_smtp_server_down_the_visitor_is_confirmed_and_the_mail_goes_once_it_is_back(
    client, bangkok, smtp_server, run_worker
):
    smtp_server.stop()
    response = write(client, "/offices/bangkok/contact/")
    assert response.status_code == 302
    assert "Your enquiry has been sent" in client.get(response["Location"]).text
    run_worker()
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts) == (Delivery.State.PENDING, 1)
    assert "Connection refused" in delivery.last_error or "Errno" in delivery.last_error
    smtp_server.start()
    run_worker()
    assert smtp_server.messages == [], "not before its next attempt is due"
    its_time_comes()
    run_worker()
    run_worker()
    assert len(smtp_server.messages) == 1
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_error) == (Delivery.State.SENT, 2, "")


def test_a_failed_send_is_tried_again_later_and_later(client, bangkok, smtp_server, run_worker, settings):
    settings.ENQUIRIES_MAIL_RETRY_SECONDS = 30
    smtp_server.stop()
    write(client, "/offices/bangkok/contact/")
    started = timezone.now()
    run_worker()
    delivery = Delivery.objects.get()
    assert timedelta(seconds=25) < delivery.next_attempt_at - started < timedelta(seconds=40)
    run_worker()
    assert Delivery.objects.get().attempts == 1, "not tried again before its time"
    its_time_comes()
    run_worker()
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert timedelta(seconds=55) < delivery.next_attempt_at - timezone.now() < timedelta(seconds=70), "twice as long"


def test_after_its_last_attempt_a_message_is_marked_failed_and_can_be_sent_again(
    client, bangkok, smtp_server, run_worker, editor_client
):
    smtp_server.stop()
    write(client, "/offices/bangkok/contact/")
    Delivery.objects.update(attempts=MAX_ATTEMPTS - 1)
    run_worker()
    delivery = Delivery.objects.get()
    assert delivery.state == Delivery.State.FAILED
    enquiry = Enquiry.objects.get()
    listed = editor_client.get("/admin/enquiries/enquiry/?mail=failed")
    assert enquiry.reference in listed.text
    page = editor_client.get(f"/admin/enquiries/enquiry/{enquiry.pk}/change/")
    assert "Not sent: gave up" in page.text
    smtp_server.start()
    editor_client.post(f"/admin/enquiries/enquiry/{enquiry.pk}/change/", {"action": "resend"})
    run_worker()
    assert len(smtp_server.messages) == 1
    assert Delivery.objects.get().state == Delivery.State.SENT


def test_a_message_a_dead_worker_left_half_sent_is_sent_once_its_lease_runs_out(
    client, bangkok, smtp_server, run_worker
):
    write(client, "/offices/bangkok/contact/")
    # As a worker leaves it when killed mid-send: claimed, its task marked running forever.
    DBTaskResult.objects.update(status="RUNNING")
    Delivery.objects.update(state=Delivery.State.SENDING, attempts=1, lease_until=timezone.now() + timedelta(minutes=1))
    run_worker()
    assert smtp_server.messages == [], "not while another worker may still be sending it"
    Delivery.objects.update(lease_until=timezone.now() - timedelta(seconds=1))
    run_worker()
    run_worker()
    assert len(smtp_server.messages) == 1
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts) == (Delivery.State.SENT, 2)


def test_a_sent_message_is_never_sent_again(client, bangkok, smtp_server, run_worker):
    from enquiries.delivery import deliver

    write(client, "/offices/bangkok/contact/")
    run_worker()
    deliver.enqueue(Delivery.objects.get().pk)  # a second task for it, as a recovery race could make
    run_worker()
    assert len(smtp_server.messages) == 1
