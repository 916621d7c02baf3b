#!/usr/bin/env python3
"""Reliability run (`make soak`): the production server under mixed traffic while PostgreSQL restarts.

Everything is private and on loopback: a throwaway PostgreSQL cluster in a
temporary directory on a free port, the directory migrated and loaded into it,
gunicorn (gthread, production settings) on another free port, and a few client
threads sending a fixed mix of pages, searches, bad input and static files for
a fixed time. Part-way through, PostgreSQL is stopped and, after a short
outage, started again. The run reports requests, answers by status, 5xx inside
and outside the outage, how long the site took to answer from the database
again, and whether the directory's data changed (a checksum of a full backup
before and after). It exits non-zero on any 5xx or lost request outside the
outage, any 5xx but a 503 with Retry-After inside it, a slow recovery, or
changed data.

Nothing here touches the machine's own PostgreSQL or Redis.
"""

import argparse
import collections
import contextlib
import gzip
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from loopback import BASE_DIR, HOST, production_env, start_gunicorn

PYTHON = sys.executable

# The traffic mix, sent round-robin. Add a path here to include it; "{office}",
# "{service}" and "{stylesheet}" are filled from the running site. Each entry is
# (path, whether its answer needs the database). "{admin}" is ADMIN_URL.
TRAFFIC = [
    ("/", True),
    ("/offices/", True),
    ("/offices/?q=sao+paulo", True),
    ("/offices/?q=デュッセルドルフ", True),
    ("/offices/?q=jetro+tokyo", True),
    ("/offices/?country=DE", True),
    ("/offices/?kind=domestic&page=2", True),
    ("/offices/{office}/", True),
    ("/services/", True),
    ("/services/?country=VN", True),
    ("/services/{service}/", True),
    ("/ja/offices/", True),
    ("/ja/services/?q=投資", True),
    ("/healthz", True),
    ("{stylesheet}", False),
    ("/{admin}login/", False),
    # Bad input: must give 200 with a message, 404 or 405, never a 5xx.
    ("/offices/?country=ZZ", True),
    ("/offices/?q=%00", True),
    ("/offices/?page=99999", True),
    ("/offices/?page=-1&kind=nonsense", True),
    ("/offices/?q=" + "x" * 5000, True),
    ("/offices/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", True),
    ("/offices/no-such-office/", True),
    ("/services/?category=nope&audience=%FF", True),
    ("/static/no-such-file.css", False),
]
# Included only where the running site has them (the API is built on another branch).
OPTIONAL_TRAFFIC = [
    ("/api/v1/offices/", True),
    ("/api/v1/offices/?country=ZZ", True),
    ("/api/v1/services/?q=investment", True),
]


def log(message):
    print(f"[soak {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port(start):
    for port in range(start, start + 200):
        with socket.socket() as probe:
            try:
                probe.bind((HOST, port))
            except OSError:
                continue
            return port
    raise SystemExit(f"No free port from {start}")


def run(command, **kwargs):
    """Run a command (our own tools only: initdb, pg_ctl, manage.py); fail loudly."""
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)  # noqa: S603
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, command))} failed:\n{result.stdout}\n{result.stderr}")
    return result


class PrivatePostgres:
    """A throwaway cluster: initdb in a temp directory, loopback only, removed afterwards."""

    def __init__(self, workdir, port):
        self.data = workdir / "pgdata"
        self.socket_dir = workdir / "pgsocket"
        self.logfile = workdir / "postgres.log"
        self.port = port
        # initdb refuses to run as root: run the server as the postgres (or nobody) account.
        self.as_user = []
        if os.geteuid() == 0:
            account = "postgres" if shutil.which("runuser") and _account_exists("postgres") else "nobody"
            self.as_user = ["runuser", "-u", account, "--"]
            self.socket_dir.mkdir()
            shutil.chown(workdir, account)
            shutil.chown(self.socket_dir, account)
        else:
            self.socket_dir.mkdir()

    def pg_ctl(self, *args):
        options = (
            f"-c listen_addresses={HOST} -c port={self.port} -c unix_socket_directories={self.socket_dir} "
            "-c fsync=off -c synchronous_commit=off -c max_connections=50"
        )
        return run([*self.as_user, "pg_ctl", "-D", str(self.data), "-l", str(self.logfile), "-o", options, *args])

    def create(self):
        initdb = ["initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]
        run([*self.as_user, *initdb])
        self.start()
        import psycopg

        with psycopg.connect(host=HOST, port=self.port, user="postgres", dbname="postgres", autocommit=True) as db:
            db.execute("CREATE DATABASE jetro_soak")

    def start(self):
        self.pg_ctl("start", "-w", "-t", "30")

    def stop(self, mode="fast"):
        self.pg_ctl("stop", "-w", "-t", "30", "-m", mode)

    @property
    def url(self):
        return f"postgres://postgres@{HOST}:{self.port}/jetro_soak"


def _account_exists(name):
    try:
        import pwd

        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def directory_checksum(env, workdir, name):
    """sha256 of a full backup (offices, services, accounts, admin log) as XML."""
    path = workdir / f"{name}.xml.gz"
    run([PYTHON, "manage.py", "backup_directory", "--output", str(path)], cwd=BASE_DIR, env=env)
    with gzip.open(path, "rb") as handle:
        content = handle.read()
    return hashlib.sha256(content).hexdigest(), content.count(b"<object ")


def fetch(url, timeout=10):
    """(status, headers) or (None, error) when no HTTP answer came."""
    headers = {"User-Agent": "jetro-soak", "Accept-Encoding": "gzip"}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback only
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - loopback only
            response.read()
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        error.read()
        return error.code, error.headers
    except (urllib.error.URLError, OSError) as error:
        return None, error


def fill_in(base, paths):
    """Resolve {office}, {service} and {stylesheet} from the running site."""

    def first(pattern, path):
        with urllib.request.urlopen(base + path, timeout=10) as response:  # noqa: S310 - loopback only
            found = re.search(pattern, response.read().decode())
        if not found:
            raise SystemExit(f"No match for {pattern} on {path}")
        return found.group(1)

    values = {
        "office": first(r'href="/offices/([a-z0-9-]+)/"', "/offices/"),
        "service": first(r'href="/services/([a-z0-9-]+)/"', "/services/"),
        "stylesheet": first(r'<link rel="stylesheet" href="([^"]+)"', "/"),
        "admin": "admin/",
    }
    return [(path.format(**values), needs_db) for path, needs_db in paths]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds of traffic (default 60)")
    parser.add_argument("--outage", type=float, default=5, help="seconds PostgreSQL stays down (default 5)")
    parser.add_argument("--clients", type=int, default=4, help="client threads (default 4)")
    parser.add_argument("--recovery-limit", type=float, default=10, help="seconds allowed to answer again")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs) afterwards")
    args = parser.parse_args()
    if not 10 <= args.duration <= 300:
        raise SystemExit("--duration must be between 10 and 300 seconds: the run is bounded.")

    workdir = Path(tempfile.mkdtemp(prefix="jetro-soak-"))
    postgres = PrivatePostgres(workdir, free_port(55432))
    server = None
    try:
        log(f"private PostgreSQL on {HOST}:{postgres.port} in {workdir}")
        postgres.create()
        web_port = free_port(58000)
        env = production_env(postgres.url, STATIC_ROOT=str(workdir / "static"), LOG_FORMAT="json")
        for variable in ("REDIS_URL", "ADMIN_URL", "BEHIND_TLS_PROXY", "TRUSTED_PROXY_COUNT"):
            env.pop(variable, None)
        log("migrate, load the directory, collect static files")
        run([PYTHON, "manage.py", "migrate", "--noinput"], cwd=BASE_DIR, env=env)
        run([PYTHON, "manage.py", "load_directory", "--if-empty"], cwd=BASE_DIR, env=env)
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], cwd=BASE_DIR, env=env)
        checksum_before, objects_before = directory_checksum(env, workdir, "before")

        server_log = open(workdir / "gunicorn.log", "w")  # noqa: SIM115 - closed in finally
        server = start_gunicorn(
            env, web_port, options=["--error-logfile", "-"], stdout=server_log, stderr=subprocess.STDOUT
        )
        base = f"http://{HOST}:{web_port}"
        traffic = fill_in(base, TRAFFIC)
        traffic += [(path, needs_db) for path, needs_db in OPTIONAL_TRAFFIC if fetch(base + path)[0] != 404]
        log(f"gunicorn on {base}; {len(traffic)} kinds of request, {args.clients} clients, {args.duration:.0f} s")

        results = []  # (started, finished, path, needs_db, status, retry_after)
        lock = threading.Lock()
        counter = iter(range(10**9))
        started_at = time.monotonic()
        deadline = started_at + args.duration

        def client():
            while time.monotonic() < deadline:
                with lock:
                    path, needs_db = traffic[next(counter) % len(traffic)]
                began = time.monotonic()
                status, headers = fetch(base + urllib.parse.quote(path, safe="/?=&%+-"))
                retry_after = headers.get("Retry-After") if status else None
                with lock:
                    results.append((began, time.monotonic(), path, needs_db, status, retry_after))

        threads = [threading.Thread(target=client, daemon=True) for _ in range(args.clients)]
        for thread in threads:
            thread.start()

        time.sleep(args.duration * 0.4)
        log("stopping PostgreSQL")
        outage_began = time.monotonic()
        postgres.stop("fast")
        time.sleep(args.outage)
        log("starting PostgreSQL")
        postgres.start()
        database_back = time.monotonic()
        log(f"PostgreSQL accepting connections again after {database_back - outage_began:.1f} s")

        for thread in threads:
            thread.join(timeout=args.duration + 30)
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        server_log.close()
        checksum_after, objects_after = directory_checksum(env, workdir, "after")

        # Report.
        inside = [r for r in results if r[0] < database_back and r[1] > outage_began]
        outside = [r for r in results if not (r[0] < database_back and r[1] > outage_began)]
        by_status = collections.Counter(str(r[4] or "no answer") for r in results)
        failures_outside = [r for r in outside if r[4] is None or r[4] >= 500]
        inside_5xx = [r for r in inside if r[4] is not None and r[4] >= 500]
        recovered = [r for r in results if r[0] >= database_back and r[3] and r[4] == 200]
        recovery = (min(r[1] for r in recovered) - database_back) if recovered else None
        latencies = sorted((r[1] - r[0]) * 1000 for r in outside if r[4] and r[4] < 500)
        log_levels = collections.Counter()
        for line in (workdir / "gunicorn.log").read_text(errors="replace").splitlines():
            try:
                log_levels[json.loads(line).get("level", "?")] += 1
            except ValueError:
                log_levels["non-JSON (gunicorn's own)"] += 1

        elapsed = max(r[1] for r in results) - started_at
        p95 = latencies[int(len(latencies) * 0.95)]
        all_503_with_retry = all(r[4] == 503 and r[5] for r in inside_5xx)
        same = checksum_before == checksum_after
        report = [
            ("traffic", f"{elapsed:.0f} s, {args.clients} clients, {len(traffic)} kinds of request"),
            ("requests", f"{len(results)} ({len(results) / elapsed:.0f}/s)"),
            ("answers by status", str(dict(sorted(by_status.items())))),
            ("latency (ok, ms)", f"p50 {statistics.median(latencies):.0f}, p95 {p95:.0f}"),
            (
                "outage",
                f"PostgreSQL down {database_back - outage_began:.1f} s (stop, {args.outage:.0f} s pause, start)",
            ),
            (
                "requests in outage",
                f"{len(inside)}; 5xx {len(inside_5xx)}, all 503 with Retry-After: {all_503_with_retry}",
            ),
            *((" ", f"{r[4]} {r[2][:80]} at {r[0] - started_at:.1f} s") for r in inside_5xx if r[4] != 503 or not r[5]),
            ("5xx outside outage", f"{len(failures_outside)} (including requests with no answer)"),
            *((" ", f"{r[4]} {r[2][:80]} at {r[0] - started_at:.1f} s") for r in failures_outside[:10]),
            (
                "recovery",
                f"first database page answered {recovery:.2f} s after PostgreSQL was back"
                if recovery is not None
                else "NONE: no database page answered after the restart",
            ),
            (
                "data",
                f"{objects_before} objects before, {objects_after} after; checksum "
                f"{'unchanged' if same else 'CHANGED'} ({checksum_after[:16]})",
            ),
            ("server log lines", str(dict(log_levels))),
        ]
        print("\n=== soak report ===")
        for label, text in report:
            print(f"{label + ':' if label.strip() else '':21}{text}")
        ok = (
            not failures_outside
            and all_503_with_retry
            and recovery is not None
            and recovery <= args.recovery_limit
            and checksum_before == checksum_after
        )
        print(f"result:              {'PASS' if ok else 'FAIL'}")
        return 0 if ok else 1
    finally:
        if server and server.poll() is None:
            server.kill()
            server.wait()
        with contextlib.suppress(SystemExit):  # already stopped
            postgres.stop("immediate")
        if args.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
