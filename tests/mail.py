"""A real SMTP server on loopback (aiosmtpd) for the tests that send mail (`smtp_server`), and the worker
that sends it (`run_worker`).

It receives what the site sends, parsed (headers decoded), with the envelope's recipients in
X-RcptTo; it can be stopped and started (a mail server that is down and comes back), and made to
hang in the middle of a conversation (`mailbox.stall`), to kill a worker mid-send.
"""

import asyncio
import email
import email.policy
import socket
import threading

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from enquiries.management.commands.run_worker import run_once


class Mailbox(Message):
    """What the server received: each message parsed, with its envelope recipients."""

    def __init__(self):
        super().__init__()
        self.messages = []
        self.lock = threading.Lock()
        self.stall = threading.Event()  # set: the server hangs in the middle of a conversation
        self.stalled = threading.Event()  # the server is hanging there now

    def prepare_message(self, session, envelope):
        # Headers decoded (a subject in UTF-8 reads as the editor sees it).
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message["X-RcptTo"] = ", ".join(envelope.rcpt_tos)
        return message

    def handle_message(self, message):
        with self.lock:
            self.messages.append(message)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        while self.stall.is_set():
            self.stalled.set()
            await asyncio.sleep(0.05)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    def to(self, address):
        return [message for message in self.messages if address in message["X-RcptTo"]]

    def message_ids(self):
        return [message["Message-ID"] for message in self.messages]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    def __init__(self):
        self.port = free_port()
        self.mailbox = Mailbox()
        self.controller = None

    def start(self):
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self):
        return self.mailbox.messages


@pytest.fixture
def smtp_server(settings):
    """A running SMTP server on loopback; the site's mail settings point to it."""
    server = SmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_TIMEOUT = 5
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield server
    server.stop()


@pytest.fixture
def run_worker(monkeypatch):
    """Run what the worker would run now: the ready tasks, after recovering what a dead worker left.

    In the test's transaction: the worker's check for stale connections would close the test's own
    (outside a test, the worker runs in autocommit and the check is what keeps it alive).
    """
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    return run_once
