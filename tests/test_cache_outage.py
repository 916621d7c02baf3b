"""With REDIS_URL set and Redis down, the site still serves, editors still save, and nothing stale comes back.

The cache fails open (django-redis' IGNORE_EXCEPTIONS): a read is a miss, a write goes nowhere,
/healthz still says 200 (the database answers) and names the cache's state.
The page cache files its copies under the generation kept in the database,
so a save made while Redis was away makes the copies Redis still holds
unreachable when it returns.
"""

import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.core.cache import cache
from django.urls import reverse

from offices.tests.factories import OfficeFactory
from services.tests.factories import ServiceFactory
from tests.support import admin_form_data

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parent.parent

NEW_NAME = "JETRO Paris (saved while Redis was away)"
PASSWORD = "a long editor password 4 tests"
PUBLIC = [
    "/",
    "/offices/",
    "/offices/?country=FR",
    "/offices/paris/",
    "/offices/paris/vcard/",
    "/services/",
    "/services/ibsc/",
    "/ja/offices/",
    "/sitemap.xml",
    "/api/v1/offices/",
    "/api/v1/offices/paris/",
    "/api/v1/services/",
    "/api/v1/exports/hsds.json",
]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A private redis-server on a spare loopback port. Stopped with SHUTDOWN SAVE, it comes back with its copies."""

    def __init__(self, directory):
        self.directory = directory
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self):
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=2)

    def start(self):
        self.process = subprocess.Popen(
            [shutil.which("redis-server"), "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
             "--appendonly", "no", "--dir", str(self.directory), "--dbfilename", "copies.rdb"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(100):
            try:
                self.client().ping()
                return
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    def stop(self):
        with contextlib.suppress(redis.exceptions.ConnectionError):  # it closes the connection as it goes
            self.client().shutdown(save=True)
        self.process.wait(timeout=10)

    def keys(self):
        return set(self.client().keys("*"))


@pytest.fixture
def redis_server(tmp_path):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed (Debian: apt-get install redis-server)")
    server = RedisServer(tmp_path)
    server.start()
    yield server
    if server.process.poll() is None:
        server.process.kill()
        server.process.wait()


def use_cache_at(settings, tmp_path, url):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": url, "OPTIONS": settings.REDIS_OPTIONS},
    }
    settings.PAGE_CACHE_SECONDS = 3600
    settings.PAGE_CACHE_FILES = tmp_path / "files"


@pytest.fixture
def paris():
    paris = OfficeFactory(slug="paris", name="JETRO Paris", country="FR", city="Paris")
    ServiceFactory(slug="ibsc", offices=[paris])
    return paris


@pytest.fixture
def editor(make_editor, client):
    make_editor("alice", password=PASSWORD)
    return client


def sign_in(client):
    response = client.post(reverse("admin:login"), {"username": "alice", "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302, response.content
    assert client.get(reverse("admin:index")).status_code == 200


def save_name(client, office, name):
    url = reverse("admin:offices_office_change", args=[office.pk])
    response = client.post(url, admin_form_data(client.get(url), name=name))
    assert response.status_code == 302, response.content


def test_with_the_cache_unreachable_pages_the_api_sign_in_and_saves_all_work(client, settings, tmp_path, paris, editor):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        use_cache_at(settings, tmp_path, f"redis://127.0.0.1:{closed.getsockname()[1]}/0")  # nothing listens
        for url in PUBLIC:
            started = time.perf_counter()
            assert client.get(url).status_code == 200, url
            assert time.perf_counter() - started < 2, url  # no retries with back-off per request
        health = client.get("/healthz")
        assert (health.status_code, health.text) == (200, "ok\ncache: unavailable\n")
        sign_in(editor)
        save_name(editor, paris, NEW_NAME)
        editor.logout()
        assert NEW_NAME in client.get("/offices/paris/").text


def test_a_copy_cached_before_an_outage_is_not_served_after_a_save_made_during_it(
    client, settings, tmp_path, paris, editor, redis_server
):
    use_cache_at(settings, tmp_path, redis_server.url)
    assert client.get("/healthz").text == "ok\ncache: ok\n"
    for url in ("/offices/paris/", "/api/v1/offices/paris/", "/offices/"):
        assert client.get(url).status_code == 200
    copies_before = redis_server.keys()
    assert len(copies_before) == 3

    redis_server.stop()
    assert client.get("/healthz").text == "ok\ncache: unavailable\n"
    for url in PUBLIC:
        assert client.get(url).status_code == 200, url
    sign_in(editor)
    save_name(editor, paris, NEW_NAME)
    assert NEW_NAME in client.get("/offices/paris/").text

    redis_server.start()
    assert redis_server.keys() == copies_before  # Redis came back with the old copies
    assert client.get("/healthz").text == "ok\ncache: ok\n"
    assert NEW_NAME in client.get("/offices/paris/").text
    assert client.get("/api/v1/offices/paris/").json()["name"] == NEW_NAME
    assert NEW_NAME in client.get("/offices/").text
    assert len(redis_server.keys() - copies_before) == 3  # and the cache is used again
    assert NEW_NAME in client.get("/offices/paris/").text


def test_without_redis_the_health_check_says_the_cache_is_per_process(client):
    assert client.get("/healthz").text == "ok\ncache: local\n"


def test_the_health_check_still_fails_on_the_database_and_names_the_cache(client, settings, tmp_path, monkeypatch):
    from django.db import DatabaseError

    def broken(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.text == "database unavailable\ncache: local\n"
    assert response["Retry-After"] == "30"


@pytest.fixture(autouse=True)
def fresh_cache():
    yield
    cache.close()


def test_production_with_redis_url_uses_the_failing_open_cache_and_database_sessions():
    show = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE)"
    env = {
        **{key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "SITE_ORIGIN")},
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "directory.example.org",
        "REDIS_URL": "redis://127.0.0.1:6379/5",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", show], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == [
        "django_redis.cache.RedisCache",
        "django.contrib.sessions.backends.db",
    ]
