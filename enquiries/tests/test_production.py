"""Enquiries on the production path: gunicorn as `make serve` runs it, the worker as a process beside it,
a real SMTP server on loopback. Parallel posts hold the limits; a worker killed mid-send delivers once."""

import os
import signal
import time

import pytest

from enquiries.limits import enquiries_per_day
from offices.tests.factories import OfficeFactory

from .conftest import VISITOR


@pytest.fixture
def bangkok(make_office_editor):
    office = OfficeFactory(slug="bangkok", name="JETRO Bangkok", country="TH", region="asia", city="Bangkok")
    make_office_editor("somchai", offices=[office], email="somchai@jetro.example")
    return office


def mail_env(smtp_server, **more):
    return {
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_server.port),
        "EMAIL_TIMEOUT": "5",
        **more,
    }


def wait_for(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_twenty_parallel_enquiries_from_one_address_keep_the_days_limit_and_never_a_500(production_server, bangkok):
    production_server.start()
    visitor = production_server.session()
    data = {**VISITOR, **visitor.form_fields("/offices/bangkok/contact/")}
    time.sleep(3)  # the form's minimum time between showing and sending
    statuses = visitor.post_in_parallel("/offices/bangkok/contact/", data, 20)
    kept = enquiries_per_day()
    assert statuses == [302] * kept + [429] * (20 - kept)
    assert production_server.rows("SELECT COUNT(*) FROM enquiries_enquiry") == [(kept,)]


def test_a_worker_killed_mid_send_delivers_the_message_once(production_server, bangkok, smtp_server):
    production_server.start(**mail_env(smtp_server))
    visitor = production_server.session()
    data = {**VISITOR, **visitor.form_fields("/offices/bangkok/contact/")}
    time.sleep(3)
    smtp_server.mailbox.stall.set()  # the server will hang once the worker is in the conversation
    assert visitor.post("/offices/bangkok/contact/", data) == 302
    worker = production_server.start_worker(**mail_env(smtp_server, ENQUIRIES_MAIL_LEASE_SECONDS="3"))
    claimed = "SELECT state FROM enquiries_delivery"
    assert smtp_server.mailbox.stalled.wait(30), "the worker is in the middle of sending"
    assert production_server.rows(claimed) == [("sending",)]
    os.killpg(worker.pid, signal.SIGKILL)  # mid-send: connected, the message not yet handed over
    worker.wait()
    smtp_server.mailbox.stall.clear()
    production_server.start_worker(**mail_env(smtp_server, ENQUIRIES_MAIL_LEASE_SECONDS="3"))
    assert wait_for(lambda: production_server.rows(claimed) == [("sent",)], seconds=60)
    time.sleep(2)  # and nothing more comes
    (message_id, attempts) = production_server.rows("SELECT message_id, attempts FROM enquiries_delivery")[0]
    assert smtp_server.mailbox.message_ids() == [message_id]
    assert attempts == 2
