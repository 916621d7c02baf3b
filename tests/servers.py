"""The site as `make serve` runs it (gunicorn, DEBUG off, collected static files), for tests that need real
parallel requests: rate limits under concurrency, the background worker beside the web server.

`production_server` starts gunicorn on the test's database with what the test committed
(`transactional_db`): on PostgreSQL the test database itself; on SQLite, whose test database
lives in memory, a copy of it in a file (the SQLite backup API) taken by `start()`, which the
server and the test then share. `server.rows(sql)` reads the server's database either way.
"""

import http.cookiejar
import re
import socket
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR / "scripts"))
import loopback  # noqa: E402

sys.path.remove(str(BASE_DIR / "scripts"))

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HIDDEN_INPUT = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """The static files collected once for the session, as `make serve` collects them."""
    root = tmp_path_factory.mktemp("static")
    env = loopback.production_env("sqlite://:memory:", STATIC_ROOT=str(root))
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
    )
    return root


class Server:
    def __init__(self, database_url, sqlite_path, static_root, tmp_path):
        self.database_url = database_url
        self.sqlite_path = sqlite_path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = loopback.production_env(
            database_url, STATIC_ROOT=str(static_root), LOG_LEVEL="WARNING", PAGE_CACHE_FILES=str(tmp_path / "files")
        )
        self.log_path = tmp_path / "gunicorn.log"
        self.process = None
        self.workers = []

    def start(self, **env):
        """Start serving what the test has committed so far (on SQLite, a copy of it taken now)."""
        if self.sqlite_path:
            connection.ensure_connection()
            with sqlite3.connect(self.sqlite_path) as copy:
                connection.connection.backup(copy)
        self.env.update(env)
        with open(self.log_path, "ab") as log:
            self.process = loopback.start_gunicorn(
                self.env,
                self.port,
                workers=2,
                threads=8,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def start_worker(self, **env):
        """The background worker (`manage.py run_worker`) beside this server, as `make serve` starts it."""
        log = open(self.log_path, "ab")  # noqa: SIM115 - the worker writes to it until it stops
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--interval", "0.2"],
            cwd=BASE_DIR,
            env={**self.env, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.workers.append(worker)
        return worker

    def stop(self):
        for process in [self.process, *self.workers]:
            if process and process.poll() is None:
                process.terminate()
                process.wait(timeout=30)

    def rows(self, sql, params=()):
        """Rows of `sql` in the server's database."""
        if self.sqlite_path:
            with sqlite3.connect(self.sqlite_path, timeout=30) as database:
                return database.execute(sql, params).fetchall()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def session(self):
        return Visitor(self.url)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """One browser: its cookies (the CSRF cookie), and the form's hidden fields read from the page."""

    def __init__(self, base):
        self.base = base
        self.cookies = urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        self.opener = urllib.request.build_opener(self.cookies, NoRedirect)

    def get(self, path):
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.status, response.read().decode()

    def form_fields(self, path):
        """The hidden fields of the form at `path`: the CSRF token, and any other the form carries."""
        _status, html = self.get(path)
        fields = dict(HIDDEN_INPUT.findall(html))
        fields["csrfmiddlewaretoken"] = CSRF_INPUT.search(html).group(1)
        return fields

    def post(self, path, data):
        """The status of a POST (a redirect is not followed: 302 is the answer)."""
        request = urllib.request.Request(  # noqa: S310 - http on loopback, from self.base
            self.base + path,
            data=urllib.parse.urlencode(data).encode(),
            headers={"Referer": self.base + path, "Content-Type": "application/x-www-form-urlencoded"},
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def post_in_parallel(self, path, data, times):
        with ThreadPoolExecutor(max_workers=times) as pool:
            return sorted(pool.map(lambda _n: self.post(path, data), range(times)))


@pytest.fixture
def production_server(transactional_db, collected_static, tmp_path):
    """gunicorn as `make serve` runs it, on the test's committed data; call `.start()` once the data is in."""
    if connection.vendor == "sqlite":
        path = tmp_path / "site.sqlite3"
        server = Server(f"sqlite:///{path}", path, collected_static, tmp_path)
    else:
        settings = connection.settings_dict
        user = settings["USER"] or "postgres"
        url = f"postgres://{user}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"
        server = Server(url, None, collected_static, tmp_path)
    yield server
    server.stop()
