"""The worker run in the test, and a visitor filling in the form (the SMTP server is tests/mail.py's)."""

import re

import pytest

from enquiries.management.commands.run_worker import run_once


@pytest.fixture
def run_worker(monkeypatch):
    """Run what the worker would run now: the ready tasks, after recovering what a dead worker left.

    In the test's transaction: the worker's check for stale connections would close the test's own
    (outside a test, the worker runs in autocommit and the check is what keeps it alive).
    """
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    return run_once


def body(message):  # the text of a message the SMTP server received
    return message.get_content()


@pytest.fixture(autouse=True)
def quick_visitors(settings):
    """Test visitors send the form at once; the test of the minimum time sets it back for itself."""
    settings.ENQUIRIES_MIN_SECONDS = 0


VISITOR = {
    "name": "Amina Otieno",
    "company": "Savannah Foods Ltd",
    "country": "KE",
    "email": "amina@example.org",
    "subject": "Exporting tea to Japan",
    "message": "Which trade fairs in Japan suit a Kenyan tea exporter?",
    "website": "",
}


def write(client, path, address="127.0.0.1", **changes):
    """Fill in the form at `path` as a visitor would (its hidden fields included) and send it."""
    page = client.get(path, REMOTE_ADDR=address).text
    shown = re.search(r'name="shown" value="([^"]*)"', page).group(1)
    return client.post(path, {**VISITOR, "shown": shown, **changes}, REMOTE_ADDR=address)
