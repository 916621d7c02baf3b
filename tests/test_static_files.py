"""Static files as production serves them: hashed names, gzip and brotli, cached for a year, same headers.

Tests run with plain storage (nothing to collect first), so these collect the
files with production settings in a fresh process, then serve them in-process
through whitenoise as `make serve` does.
"""

import re
import secrets

import pytest
from django.test import Client

from tests.test_settings import start

pytestmark = pytest.mark.django_db

ONE_YEAR_OR_MORE = re.compile(r"max-age=(\d+)")


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    root = tmp_path_factory.mktemp("staticfiles")
    env = {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "testserver",
        "STATIC_ROOT": str(root),
    }
    result = start(env, "collectstatic", "--noinput", "--verbosity", "0")
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def production_static(collected, settings):
    settings.STATIC_ROOT = collected
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    return Client()  # a new client builds its middleware, so whitenoise reads the collected files


def stylesheet_url(client):
    (url,) = re.findall(r'<link rel="stylesheet" href="([^"]+)"', client.get("/").text)
    return url


def test_pages_link_the_stylesheet_by_a_hashed_name(production_static):
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", stylesheet_url(production_static))


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_the_stylesheet_is_served_compressed_and_cached_for_a_year(production_static, encoding):
    response = production_static.get(stylesheet_url(production_static), headers={"Accept-Encoding": encoding})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in response.headers["Vary"]
    cache = response.headers["Cache-Control"]
    assert int(ONE_YEAR_OR_MORE.search(cache).group(1)) >= 365 * 24 * 3600
    assert "immutable" in cache and "public" in cache


def test_static_files_carry_the_security_headers_and_a_request_id(production_static):
    response = production_static.get(stylesheet_url(production_static))
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert len(response.headers["X-Request-ID"]) == 32


def test_the_admin_static_files_are_collected_and_served(production_static):
    response = production_static.get("/static/admin/css/base.css")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/css")


def test_the_site_has_an_icon_at_the_root_and_every_page_names_it(production_static):
    icons = re.findall(r'<link rel="icon" href="([^"]+)"[^>]*>', production_static.get("/ja/about/").text)
    assert len(icons) == 2
    for url in ["/favicon.ico", *icons]:
        response = production_static.get(url)
        assert response.status_code == 200, url
        assert response.headers["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon", "image/svg+xml")
    icon = b"".join(production_static.get("/favicon.ico").streaming_content)
    assert icon.startswith(b"\x00\x00\x01\x00")  # an icon resource


def test_the_icon_is_at_the_root_without_collecting_the_static_files(client):
    assert client.get("/favicon.ico").status_code == 200
