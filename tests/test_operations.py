"""What operators rely on: request ids, one JSON log line per request, and a 503 when the database is lost."""

import base64
import hashlib
import json
import logging
import re
import socket

import environ
import pytest
from django.db import connections
from django.db.backends.postgresql.base import DatabaseWrapper as PostgreSQLWrapper
from django.test import Client

from core.log import RequestIdFilter
from offices.tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db


def test_every_response_carries_a_fresh_request_id(client):
    first = client.get("/healthz").headers["X-Request-ID"]
    second = client.get("/healthz").headers["X-Request-ID"]
    assert len(first) == 32
    assert first != second


def test_a_proxys_request_id_is_kept(client):
    response = client.get("/healthz", headers={"X-Request-ID": "lb-4f1c2a9e-0001"})
    assert response.headers["X-Request-ID"] == "lb-4f1c2a9e-0001"


@pytest.mark.parametrize("forged", ["a\nb", "x" * 300, "<script>", "id with spaces"])
def test_a_malformed_request_id_is_replaced(client, forged):
    response = client.get("/healthz", headers={"X-Request-ID": forged})
    assert response.headers["X-Request-ID"] != forged
    assert len(response.headers["X-Request-ID"]) == 32


def test_each_request_is_logged_with_its_id_status_and_duration(client, caplog):
    with caplog.at_level(logging.INFO, logger="jetro_site.request"):
        response = client.get("/offices/", headers={"X-Request-ID": "trace-1"})
    (record,) = [r for r in caplog.records if r.name == "jetro_site.request"]
    assert (record.method, record.path, record.status) == ("GET", "/offices/", 200)
    assert record.duration_ms >= 0
    assert record.client_ip == "127.0.0.1"
    assert response.headers["X-Request-ID"] == "trace-1"


def test_production_log_lines_are_json_with_the_request_id():
    from pythonjsonlogger.json import JsonFormatter

    from core import log
    from jetro_site.settings import LOGGING

    options = {k: v for k, v in LOGGING["formatters"]["json"].items() if k != "()"}
    formatter = JsonFormatter(**options)
    record = logging.LogRecord("jetro_site.request", logging.INFO, __file__, 1, "GET /offices/ 200", (), None)
    record.status = 200
    token = log.request_id.set("abc123")
    try:
        RequestIdFilter().filter(record)
    finally:
        log.request_id.reset(token)
    line = json.loads(formatter.format(record))
    assert line["request_id"] == "abc123"
    assert line["level"] == "INFO"
    assert line["status"] == 200
    assert line["message"] == "GET /offices/ 200"
    assert line["time"].endswith("+00:00")


@pytest.fixture
def lost_database(db):
    """The default database alias now points at a PostgreSQL port where nothing listens.

    Put back before the test database's own teardown (hence `db`, and no monkeypatch).
    """
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    parsed = environ.Env.db_url_config(f"postgres://postgres@127.0.0.1:{port}/gone")
    parsed["CONN_HEALTH_CHECKS"] = True
    parsed["OPTIONS"] = {"connect_timeout": 2}
    dead = PostgreSQLWrapper(connections.configure_settings({"default": parsed})["default"], alias="default")
    real = connections["default"]
    connections["default"] = dead
    try:
        yield
    finally:
        connections["default"] = real
        dead.close()


@pytest.mark.parametrize("url", ["/", "/offices/", "/offices/paris/", "/ja/services/"])
def test_a_lost_database_gives_a_503_page_with_retry_after(lost_database, caplog, url):
    # The page cache and the 503 page's header and footer (kept pieces) are filed under the
    # generation, which cannot be read without the database.
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR):
        response = client.get(url)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert "no-store" in response.headers["Cache-Control"]
    heading = (
        "ディレクトリは一時的に利用できません" if url.startswith("/ja/") else "The directory is temporarily unavailable"
    )
    assert heading in response.text
    assert "Traceback" not in response.text
    assert "OperationalError" not in response.text
    assert "Content-Security-Policy" in response.headers
    (logged,) = [r for r in caplog.records if r.name == "jetro_site.errors"]
    assert logged.exc_info is not None, "the trace is logged for operators"


def test_the_drivers_own_connection_error_is_a_503_too(monkeypatch):
    """psycopg's error escapes Django's wrapping when a server-side cursor is closed on a dropped connection."""
    from django.db import connection

    def dropped(*args, **kwargs):
        raise connection.Database.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("offices.views.render_office", dropped)
    OfficeFactory(slug="paris", country="FR", city="Paris")
    response = Client(raise_request_exception=False).get("/offices/paris/")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"


def test_the_health_check_says_503_while_the_database_is_lost(lost_database):
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"


def test_a_database_error_outside_the_views_is_a_503_too(rf, monkeypatch):
    """handler500 recognises a lost database even where no middleware could catch it."""
    from django.db import OperationalError

    from core.views import server_error

    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(rf.get("/"))
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"


def test_any_other_error_is_the_friendly_500_page_without_a_trace(monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr("offices.views.render_office", broken)
    OfficeFactory(slug="paris", country="FR", city="Paris")
    # A fresh client: the default one re-raises the exception for the test.
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = Client(raise_request_exception=False).get("/offices/paris/")
    (logged,) = [r for r in caplog.records if r.name == "django.request"]
    assert logged.exc_info[0] is ValueError, "the trace is logged for operators"
    assert response.status_code == 500
    assert "Something went wrong" in response.text
    assert "ValueError" not in response.text


def inline_style_allowed(response):
    """The page's one <style>, if the Content-Security-Policy allows it by its hash (and nothing else is linked)."""
    html = response.content.decode()
    assert 'rel="stylesheet"' not in html, "an error page cannot count on the static files"
    (style,) = re.findall(r"<style>(.*?)</style>", html, flags=re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    policy = dict(part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))
    assert f"'sha256-{digest}'" in policy["style-src"].split()
    return style


@pytest.mark.parametrize(
    ("url", "heading"), [("/offices/paris/", "Something went wrong"), ("/ja/offices/paris/", "エラーが発生しました")]
)
def test_the_500_page_has_the_sites_look_in_the_pages_language(monkeypatch, caplog, url, heading):
    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr("offices.views.render_office", broken)
    OfficeFactory(slug="paris", country="FR", city="Paris")
    with caplog.at_level(logging.CRITICAL, logger="django.request"):
        response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 500
    assert heading in response.text
    style = inline_style_allowed(response)
    assert "--accent: #b3001b" in style and "font-family: system-ui" in style
    assert '<header class="site-header">' in response.text


def test_the_500_page_needs_neither_the_database_nor_a_request(rf, django_assert_num_queries):
    from core.views import server_error

    try:
        raise ValueError("a bug")
    except ValueError:
        with django_assert_num_queries(0):
            response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.text and "<style>" in response.text


def test_the_503_page_has_the_sites_look_too(lost_database, caplog):
    with caplog.at_level(logging.CRITICAL):
        response = Client(raise_request_exception=False).get("/ja/offices/")
    assert response.status_code == 503
    assert "ディレクトリは一時的に利用できません" in response.text
    assert "--accent: #b3001b" in inline_style_allowed(response)


# --- Every download while the database is lost: a 503 before the first byte, never a cut-off 200 ---


def downloads():
    from tests.support import fill, public_url_patterns
    from tests.test_site import FILL, NOT_HTML

    return [
        pytest.param(url, id=url)
        for pattern in public_url_patterns()
        if pattern.name in NOT_HTML
        for url in fill(pattern, "en", FILL)
    ]


@pytest.mark.parametrize("page_cache", [0, 3600], ids=["built per request", "built once per generation"])
@pytest.mark.parametrize("url", downloads())
def test_every_download_is_a_503_with_retry_after_while_the_database_is_lost(
    lost_database, settings, tmp_path, url, page_cache
):
    settings.PAGE_CACHE_SECONDS = page_cache
    settings.PAGE_CACHE_FILES = tmp_path
    response = Client(raise_request_exception=False).get(url)
    if response.status_code == 200:
        # Only what needs no database (robots.txt, the API's root and schema): whole, never cut off.
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body, url
    else:
        assert response.status_code == 503, url
        assert response.headers["Retry-After"] == "30"


def test_a_download_that_fails_part_way_is_logged_as_failed(client, caplog, monkeypatch):
    from django.db import OperationalError, connection

    from offices.resources import OfficeResource

    # The log keeps the error, and with it the export's rows: on PostgreSQL, a server-side cursor that
    # the test's transaction would no longer hold when they are let go.
    monkeypatch.setitem(connection.settings_dict, "DISABLE_SERVER_SIDE_CURSORS", True)
    OfficeFactory.create_batch(3)
    exported = OfficeResource.export_resource
    rows = []

    def lost_after_two(self, office, *args, **kwargs):
        if len(rows) == 2:
            raise OperationalError("server closed the connection unexpectedly")
        rows.append(office)
        return exported(self, office, *args, **kwargs)

    monkeypatch.setattr(OfficeResource, "export_resource", lost_after_two)
    with caplog.at_level(logging.INFO, logger="jetro_site.request"):
        response = client.get("/offices/export.csv")
        assert response.status_code == 200  # the status left with the first bytes
        with pytest.raises(OperationalError):
            b"".join(response.streaming_content)
    (logged,) = [r for r in caplog.records if r.name == "jetro_site.request"]
    assert logged.levelno == logging.ERROR
    assert logged.getMessage() == "GET /offices/export.csv 200 failed part-way: the answer was cut off"
    assert logged.failed == "OperationalError: server closed the connection unexpectedly"
