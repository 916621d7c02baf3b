"""A visitor filling in the enquiry form (the SMTP server and the worker are tests/mail.py's)."""

import re

import pytest


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
