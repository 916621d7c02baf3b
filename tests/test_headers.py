"""Security headers on every kind of response: pages, errors, the health check and the admin."""

import base64
import hashlib
import re

import pytest
from django.conf import settings

from offices.tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db

RESPONSES = {
    "home page": "/",
    "list page": "/offices/",
    "Japanese page": "/ja/offices/",
    "404 page": "/offices/no-such-office/",
    "health check": "/healthz",
    "admin login": f"/{settings.ADMIN_URL}login/",
}


def policy(response):
    """The Content-Security-Policy as {directive: [sources]}."""
    header = response.headers["Content-Security-Policy"]
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in directives}


@pytest.mark.parametrize("url", RESPONSES.values(), ids=RESPONSES.keys())
def test_every_response_carries_the_security_headers(client, url):
    response = client.get(url)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]
    csp = policy(response)
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]


@pytest.mark.parametrize("url", ["/", "/offices/", "/offices/no-such-office/"])
def test_public_pages_allow_no_inline_script_or_style(client, url):
    csp = policy(client.get(url))
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]


def test_public_pages_contain_no_inline_script_that_the_policy_would_block(client):
    office = OfficeFactory(slug="paris", country="FR", city="Paris")
    for url in ["/", "/offices/", office.get_absolute_url(), "/services/", "/ja/"]:
        html = client.get(url).text
        executable = [
            tag
            for tag in re.findall(r"<script\b[^>]*>", html)
            if "src=" not in tag and "application/ld+json" not in tag and "application/json" not in tag
        ]
        assert executable == [], url
        assert not re.search(r"\son[a-z]+\s*=", html), url
        assert not re.search(r"\sstyle\s*=", html), url


def test_admin_scripts_are_files_and_its_inline_handlers_are_allowed_by_hash(admin_client):
    OfficeFactory()
    csp = policy(admin_client.get(f"/{settings.ADMIN_URL}"))
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    allowed = set(csp["script-src"])
    for url in ["", "offices/office/", "offices/office/add/", "services/service/", "services/service/add/"]:
        response = admin_client.get(f"/{settings.ADMIN_URL}{url}")
        assert response.status_code == 200, url
        html = response.text
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or "application/json" in tag, f"inline script on {url}: {tag}"
        for handler in re.findall(r'\son[a-z]+="([^"]*)"', html):
            digest = base64.b64encode(hashlib.sha256(handler.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in allowed, f"inline handler {handler!r} on {url} is blocked by the CSP"


def test_the_admin_allowances_stay_off_the_public_pages(client):
    csp = policy(client.get("/offices/"))
    assert "'unsafe-inline'" not in csp["style-src"]
    assert "'unsafe-hashes'" not in csp["script-src"]


def test_the_public_site_sets_no_cookie(client):
    OfficeFactory(slug="paris", country="FR", city="Paris")
    for url in ["/", "/offices/", "/offices/paris/", "/offices/?q=paris", "/services/", "/ja/"]:
        assert client.get(url).cookies == {}, url


# Cross-Origin-Resource-Policy: other sites may load the open data, never the pages or the admin.
RESOURCE_POLICY = {
    "/": "same-origin",
    "/ja/offices/paris/": "same-origin",
    "/offices/no-such-office/": "same-origin",
    f"/{settings.ADMIN_URL}login/": "same-origin",
    f"/{settings.ADMIN_URL}autocomplete/?app_label=services&model_name=service&field_name=offices": "same-origin",
    "/api/v1/offices/": "cross-origin",
    "/api/v1/offices/no-such-office/": "cross-origin",
    "/api/v1/exports/hsds.json": "cross-origin",
    "/offices/export.csv": "cross-origin",
    "/offices/paris/vcard/": "cross-origin",
    "/sitemap.xml": "cross-origin",
    "/favicon.ico": "cross-origin",
}


@pytest.mark.parametrize(("url", "expected"), RESOURCE_POLICY.items(), ids=RESOURCE_POLICY.keys())
def test_pages_are_for_this_site_and_the_open_data_for_any(admin_client, url, expected):
    OfficeFactory(slug="paris", country="FR", city="Paris")
    response = admin_client.get(url)
    assert response.headers["Cross-Origin-Resource-Policy"] == expected
