"""What the benchmark serves: throwaway databases (SQLite, PostgreSQL), a private Redis, gunicorn as `make serve`.

Everything lives in a temporary directory or a throwaway database and is removed by the caller.
"""

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PY = str(BASE_DIR / ".venv" / "bin" / "python")
# The production server's settings and options, shared with the soak runs; the cluster run's Redis.
sys.path.insert(0, str(BASE_DIR / "scripts"))
from cluster_parts import PrivateRedis, spare_port  # noqa: E402
from harness import worker_rss_mb  # noqa: E402
from loopback import HOST, production_env, start_gunicorn  # noqa: E402

__all__ = ["HOST", "PrivateRedis", "Server", "Site", "spare_port"]


def manage(env, *args):
    subprocess.run([PY, "manage.py", *args], cwd=BASE_DIR, env=env, check=True, stdout=subprocess.DEVNULL)


def postgres(admin_url, sql):
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(sql)


class Site:
    """One database with the shipped directory in it, and the settings every server on it shares."""

    def __init__(self, label, workdir, database_url, admin_url=None, redis=None):
        self.label, self.workdir, self.database_url, self.admin_url = label, workdir, database_url, admin_url
        self.redis = redis
        self.env = production_env(
            database_url,
            STATIC_ROOT=str(workdir / "static"),  # not the working tree's: other runs may be collecting there
            PAGE_CACHE_FILES=str(workdir / f"exports-{label.split()[0].lower()}"),
            REDIS_URL=redis.url if redis else "",
        )

    @classmethod
    def sqlite(cls, workdir):
        return cls("SQLite", workdir, f"sqlite:///{workdir / 'bench.sqlite3'}")

    @classmethod
    def postgresql(cls, workdir, admin_url, name, redis):
        database_url = admin_url.rsplit("/", 1)[0] + f"/{name}"
        postgres(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        postgres(admin_url, f'CREATE DATABASE "{name}"')
        return cls("PostgreSQL + Redis", workdir, database_url, admin_url, redis)

    def load(self, collectstatic):
        """As `make serve` prepares a database: migrate, places, the directory, the offices' positions."""
        manage(self.env, "migrate", "--noinput")
        manage(self.env, "load_places")
        manage(self.env, "load_directory")
        manage(self.env, "locate_offices")
        if collectstatic:
            manage(self.env, "collectstatic", "--noinput", "--verbosity", "0")

    def grow(self, offices, services, links):
        manage(
            self.env, "generate_scale_data", "--alongside-real-data", "--offices", str(offices),
            "--services", str(services), "--links", str(links),
        )  # fmt: skip

    def vacuum_analyze(self):
        postgres(self.database_url, "VACUUM ANALYZE")  # what autovacuum does to a table after a bulk load

    def drop(self):
        if self.admin_url:
            postgres(self.admin_url, f'DROP DATABASE IF EXISTS "{self.database_url.rsplit("/", 1)[1]}" WITH (FORCE)')


class Server:
    """gunicorn exactly as `make serve` starts it (scripts/loopback.py), on a spare port."""

    def __init__(self, site, cache, workers, threads, fragments=True):
        self.site, self.cache, self.workers, self.threads = site, cache, workers, threads
        self.env = dict(site.env) if cache else {**site.env, "PAGE_CACHE_SECONDS": "0"}
        if not fragments:  # every piece rendered afresh: a page as it costs right after an edit
            self.env["PAGE_FRAGMENTS"] = "0"
        self.port, self.process = spare_port(), None
        self.log = site.workdir / f"gunicorn-{site.label.split()[0].lower()}-{'cache' if cache else 'nocache'}.log"

    @property
    def shared_cache(self):
        return self.site.redis is not None

    def start(self, attempts=2):
        """Started and answering /healthz; a second try on another port if the first did not come up."""
        for attempt in range(attempts):
            with open(self.log, "a") as log:
                try:
                    # The app's request log (stdout) is formatted as when served, then dropped; errors are kept.
                    self.process = start_gunicorn(
                        self.env, self.port, self.workers, self.threads, stdout=subprocess.DEVNULL, stderr=log,
                        start_new_session=True,  # its own process group: kill() takes the workers too
                    )  # fmt: skip
                    return self
                except SystemExit:
                    if attempt == attempts - 1:
                        print(*self.log.read_text(errors="replace").splitlines()[-20:], sep="\n", file=sys.stderr)
                        raise
                    self.port = spare_port()
        return self

    @property
    def base(self):
        return f"http://{HOST}:{self.port}"

    def rss_mb(self):
        return worker_rss_mb(self.process.pid)

    def kill(self):
        """At once, workers too: a request still rendering (a page that does not scale) is abandoned."""
        if self.process:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.process = None

    def stop(self, grace=10):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                self.kill()
        self.process = None
