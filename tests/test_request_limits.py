"""No request too big: every address answers a body over its limit with a 413, before reading it.

Every public address (found by walking the URL resolver, tests/support.py) and the admin's
(sign-in, each registered model's list, form and import) is sent a body whose Content-Length
is one byte over the limit, and only a few bytes of it: the 413 comes from the length alone
(the test's payload would fail the test if anything tried to read past those bytes). The
admin's CSV import takes a file, so its limit is the import's; the production server shows
that a client sending hundreds of megabytes gets its 413 without sending them.
"""

import re
import socket

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import reverse

from offices.tests.factories import OfficeFactory
from tests.support import fill, public_url_patterns
from tests.test_site import FILL, listings  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("listings")]

LIMIT = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
IMPORT_LIMIT = settings.IMPORT_REQUEST_MAX_BYTES


def public_addresses():
    return [url for pattern in public_url_patterns() for url in fill(pattern, settings.LANGUAGE_CODE, FILL)]


def admin_addresses():
    urls = [reverse("admin:login"), reverse("admin:index")]
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        urls += [reverse("admin:{}_{}_changelist".format(*info)), reverse("admin:{}_{}_add".format(*info))]
    return urls


def imports():
    return [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_import")
        for model, model_admin in admin.site._registry.items()
        if hasattr(model_admin, "import_action")
    ]


def send(client, url, length, method="post"):
    """A request announcing `length` bytes of body; only the first few are there to read."""
    return getattr(client, method)(
        url, data=b"x=1", content_type="application/x-www-form-urlencoded", CONTENT_LENGTH=str(length)
    )


def test_the_walk_finds_the_addresses():
    assert {"/offices/paris/suggest/", "/search/", "/api/v1/offices/"} <= set(public_addresses())
    assert f"/{settings.ADMIN_URL}offices/office/import/" in imports()


@pytest.mark.parametrize("method", ["post", "put"])
def test_every_public_address_answers_a_body_over_the_limit_with_a_413(client, method):
    wrong = {
        url: response.status_code
        for url in public_addresses()
        if (response := send(client, url, LIMIT + 1, method)).status_code != 413
    }
    assert not wrong, wrong


def test_every_admin_address_answers_a_body_over_the_limit_with_a_413(admin_client):
    wrong = {
        url: response.status_code
        for url in admin_addresses()
        if (response := send(admin_client, url, LIMIT + 1)).status_code != 413
    }
    assert not wrong, wrong


def test_the_import_takes_a_file_up_to_its_own_limit_and_no_more(admin_client):
    OfficeFactory()
    for url in imports():
        assert send(admin_client, url, IMPORT_LIMIT + 1).status_code == 413, url
    file = ("x" * (LIMIT + 1)).encode()
    response = admin_client.post(imports()[0], {"format": "0", "resource": "0", "import_file": _upload(file)})
    assert response.status_code == 200
    assert "This file could not be read" in response.text or "columns" in response.text or "lines" in response.text


def _upload(content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("offices.csv", content, content_type="text/csv")


def test_the_413_says_what_the_limit_is_in_the_pages_language(client):
    english = send(client, "/offices/paris/suggest/", LIMIT + 1)
    assert "What you sent is too large" in english.text
    assert f"at most {LIMIT // 1024:,} kB" in english.text
    assert "Content-Security-Policy" in english
    japanese = send(client, "/ja/offices/paris/suggest/", LIMIT + 1)
    assert '<html lang="ja">' in japanese.text


@pytest.mark.parametrize("path", ["/offices/paris/suggest/", f"/{settings.ADMIN_URL}login/"])
def test_the_production_server_answers_413_without_reading_a_huge_upload(production_server, path):
    """500 MB announced, 64 kB sent with a CSRF cookie and token of the client's own choosing: a 413 at once."""
    production_server.start()
    token = "a" * 32
    boundary = "jetro-boundary"
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: csrftoken={token}\r\nX-CSRFToken: {token}\r\n"
        f"Referer: {production_server.url}{path}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {500 * 1024 * 1024}\r\n\r\n"
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n\r\n'
    )
    with socket.create_connection(("127.0.0.1", production_server.port), timeout=10) as connection:
        connection.sendall(head.encode() + b"x" * 64 * 1024)
        answer = connection.recv(4096).decode(errors="replace")
    assert answer.startswith("HTTP/1.1 413"), answer[:200]


def test_the_load_balancers_limit_is_the_largest_body_the_site_takes():
    config = (settings.BASE_DIR / "scripts" / "haproxy.cfg").read_text()
    limits = re.findall(r"deny_status 413 if \{ req.hdr_val\(content-length\) gt (\d+) \}", config)
    assert [int(limit) for limit in limits] == [IMPORT_LIMIT]
