"""A visitor naming another host, port or scheme cannot change the absolute links later visitors get.

Django checks the Host against ALLOWED_HOSTS but not its port, and absolute
links (API `url` fields, JSON-LD, vCards, robots.txt, the sitemap, hsds.json)
are built from the request. The page cache must not hand one visitor's links
to the next (core.origin, pagecache.middleware), and gunicorn must not turn a
client's X-Forwarded-Proto into the request's scheme.
"""

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from core.origin import canonical_origin
from offices.tests.factories import OfficeFactory
from services.tests.factories import ServiceFactory
from tests.support import gunicorn_options_of_make_serve, response_text

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parent.parent
STRANGER = "127.0.0.1:1"
# Every answer the page cache shares that holds an absolute link to the site.
SHARED = [
    "/api/v1/offices/?country=FR",
    "/api/v1/offices/paris/",
    "/api/v1/services/",
    "/api/v1/",
    "/offices/paris/",
    "/offices/paris/vcard/",
    "/robots.txt",
    "/sitemap.xml",
    "/api/",
    "/api/v1/exports/hsds.json",
]


@pytest.fixture(autouse=True)
def page_cache(settings, tmp_path):
    settings.PAGE_CACHE_SECONDS = 3600
    settings.PAGE_CACHE_FILES = tmp_path
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def paris():
    paris = OfficeFactory(slug="paris", name="JETRO Paris", country="FR", city="Paris")
    ServiceFactory(slug="ibsc", offices=[paris])
    return paris


def links(response):
    return set(re.findall(r"https?://[^/\"'<\s\\]+", response_text(response)))


@pytest.mark.parametrize("site_origin", ["", "http://testserver"], ids=["no SITE_ORIGIN", "SITE_ORIGIN set"])
@pytest.mark.parametrize("url", SHARED)
def test_a_request_naming_another_port_cannot_poison_later_visitors(client, settings, paris, site_origin, url):
    settings.SITE_ORIGIN = site_origin
    for _ in range(4):
        stranger = client.get(url, headers={"host": STRANGER})
        assert stranger.status_code == 200
    later = client.get(url)
    assert later.status_code == 200
    assert "http://testserver" in links(later), url
    assert STRANGER not in response_text(later), url


@pytest.mark.parametrize("url", ["/api/v1/offices/?country=FR", "/sitemap.xml", "/offices/paris/"])
def test_behind_a_tls_proxy_an_https_answer_is_not_given_to_http_visitors(client, settings, paris, url):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert "https://testserver" in response_text(client.get(url, headers={"x-forwarded-proto": "https"}))
    later = response_text(client.get(url))
    assert "http://testserver" in later
    assert "https://testserver" not in later


def test_with_site_origin_set_only_its_own_answers_are_cached(client, settings, paris, monkeypatch):
    settings.SITE_ORIGIN = "http://testserver"
    stored = []
    real_set = cache.set
    monkeypatch.setattr(cache, "set", lambda key, *args, **kwargs: stored.append(key) or real_set(key, *args, **kwargs))
    client.get("/api/v1/offices/", headers={"host": STRANGER})
    client.get("/api/v1/offices/", headers={"host": "localhost"})
    assert stored == []
    client.get("/api/v1/offices/")
    assert len(stored) == 1


def test_hsds_links_use_site_origin_whoever_asks(client, settings, paris):
    settings.SITE_ORIGIN = "https://directory.example.org"
    settings.ALLOWED_HOSTS = ["testserver", "directory.example.org", "127.0.0.1"]
    body = response_text(client.get("/api/v1/exports/hsds.json", headers={"host": STRANGER}))
    assert '"url":"https://directory.example.org/services/ibsc/"' in body


# --- gunicorn as `make serve` and the reliability runs start it --------------------------

ECHO_SCHEME = """
def application(environ, start_response):
    start_response("200 OK", [])
    return [environ["wsgi.url_scheme"].encode()]
"""


def loopback_options():
    sys.path.insert(0, str(BASE_DIR / "scripts"))
    try:
        import loopback
    finally:
        sys.path.remove(str(BASE_DIR / "scripts"))
    return loopback.GUNICORN_OPTIONS


def scheme_seen_by_the_app(tmp_path, options):
    """Start gunicorn with `options` on an app that echoes wsgi.url_scheme; send X-Forwarded-Proto: https."""
    (tmp_path / "echo_scheme.py").write_text(ECHO_SCHEME)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    kept = []
    skip = {"--bind", "--workers", "--threads", "--worker-class"}
    iterator = iter(options)
    for option in iterator:
        if option in skip:
            next(iterator)
        elif not option.startswith("$"):
            kept.append(option)
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    command = [gunicorn, "echo_scheme", "--chdir", str(tmp_path), "--bind", f"127.0.0.1:{port}", *kept]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"X-Forwarded-Proto": "https"})
        for _ in range(100):
            try:
                with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310 - loopback
                    return response.read().decode()
            except OSError:
                time.sleep(0.1)
        raise AssertionError("gunicorn did not start")
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize("started_by", ["make serve", "scripts/loopback.py"])
def test_gunicorn_does_not_trust_a_clients_x_forwarded_proto(tmp_path, started_by):
    options = gunicorn_options_of_make_serve() if started_by == "make serve" else loopback_options()
    assert "--forwarded-allow-ips" in options
    assert scheme_seen_by_the_app(tmp_path, options) == "http"


def test_without_the_option_gunicorn_would_trust_it_from_loopback(tmp_path):
    """Why the option is there: gunicorn's default trusts X-Forwarded-Proto from 127.0.0.1."""
    assert scheme_seen_by_the_app(tmp_path, []) == "https"


# --- SITE_ORIGIN as an operator sets it --------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", ""),
        ("https://Directory.Example.org/", "https://directory.example.org"),
        ("https://directory.example.org:443", "https://directory.example.org"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
    ],
)
def test_site_origin_is_kept_as_browsers_send_it(value, expected):
    assert canonical_origin(value, ["directory.example.org", "127.0.0.1"]) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("directory.example.org", "SITE_ORIGIN must be scheme://host[:port]"),
        ("ftp://directory.example.org", "SITE_ORIGIN must be scheme://host[:port]"),
        ("https://directory.example.org/directory/", "SITE_ORIGIN must be scheme://host[:port]"),
        ("https://directory.example.org:99999", "SITE_ORIGIN must be scheme://host[:port]"),
        ("https://user@directory.example.org", "SITE_ORIGIN must be scheme://host[:port]"),
        ("https://elsewhere.example.org", "is not in ALLOWED_HOSTS"),
    ],
)
def test_a_site_origin_that_cannot_be_the_sites_is_refused(value, message):
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        canonical_origin(value, ["directory.example.org"])
