#!/usr/bin/env python3
"""Cluster run (`make cluster-soak`): two app servers behind HAProxy, sharing PostgreSQL and Redis, while parts fail.

Everything is private and on loopback: a throwaway PostgreSQL (as `make soak`
makes one), a redis-server without persistence, two gunicorns started as
`make serve` starts them, and Debian's HAProxy in front (health checks on
/healthz; installed with apt-get if missing). Clients read through the load
balancer and an editor signs in and saves a service again and again, while,
in turn: one app server (with its background worker) is killed with kill -9
and brought back; Redis is stopped for 10 s; PostgreSQL is restarted; the
SMTP server the workers mail to is stopped and started. Visitors send
enquiries through the load balancer all along (scripts/soak_enquiries.py). The run reports requests, statuses
and latency per phase, and fails on: a 5xx (or no answer) outside the
PostgreSQL outage, anything but a 503 with Retry-After inside it; an
acknowledged save missing from the database or its history; a save not shown
at once by both app servers; any other change to the data (a checksum of a
full backup, before and after, apart from the saves); an enquiry a visitor
saw confirmed missing from the database, or not delivered exactly once by
the end. Then it stops every
process it started and removes its temporary directory.
"""

import argparse
import collections
import contextlib
import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from cluster_parts import (
    AppServer,
    Editor,
    Haproxy,
    PrivateRedis,
    backup_objects,
    compare_backups,
    install_haproxy,
    log_tails,
    spare_port,
    wait_for,
)
from loopback import BASE_DIR, HOST, production_env
from soak import OPTIONAL_TRAFFIC, PYTHON, TRAFFIC, PrivatePostgres, fill_in, run
from soak_enquiries import ENV as ENQUIRIES_ENV
from soak_enquiries import SmtpServer, Visitors, offices_of, report, wait_delivered

# Besides `make soak`'s mix: the downloads (one with a parameter they ignore) and what search engines read.
EXTRA_TRAFFIC = [
    ("/api/v1/exports/offices.csv", True),
    ("/api/v1/exports/hsds.json?x=1", True),
    ("/robots.txt", True),
    ("/sitemap.xml", True),
]
EDITOR = "soak-editor"


def log(message):
    print(f"[cluster-soak {time.strftime('%H:%M:%S')}] {message}", flush=True)


TRUNCATED = "(answer cut off)"


def get(url, host=None, timeout=20):
    """(status, headers, text); (None, {}, error) when no HTTP answer came; text TRUNCATED when the body broke off."""
    headers = {"User-Agent": "jetro-cluster-soak", **({"Host": host} if host else {})}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback only
    try:
        response = urllib.request.urlopen(request, timeout=timeout)  # noqa: S310 - loopback only
    except urllib.error.HTTPError as error:
        response = error
    except (OSError, http.client.HTTPException) as error:
        return None, {}, str(error)
    with response:
        try:
            return response.status, response.headers, response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            return response.status, response.headers, TRUNCATED


def announce_huge_body(port, path="/offices/?q=x"):
    """(status, headers) of a POST announcing 500 MB of which 64 kB are sent; (None, {}) without an answer."""
    head = f"POST {path} HTTP/1.1\r\nHost: {HOST}\r\nContent-Length: {500 * 1024 * 1024}\r\n\r\n"
    try:
        with socket.create_connection((HOST, port), timeout=20) as connection:
            connection.sendall(head.encode() + b"x" * 64 * 1024)
            answer = connection.makefile("rb").read(4096).decode("latin-1")
    except OSError:
        return None, {}
    lines = answer.split("\r\n\r\n")[0].split("\r\n")
    status = int(lines[0].split()[1]) if lines and len(lines[0].split()) > 1 else None
    # HAProxy writes header names in lower case (HTTP/1 names are case-insensitive).
    return status, {name.lower(): value for name, _, value in (line.partition(": ") for line in lines[1:]) if value}


def backup(env, workdir, name):
    path = workdir / f"{name}.xml.gz"
    run([PYTHON, "manage.py", "backup_directory", "--output", str(path)], cwd=BASE_DIR, env=env)
    return backup_objects(path)


def percentile(values, share):
    return values[min(len(values) - 1, int(len(values) * share))] if values else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=6, help="reading clients (default 6)")
    parser.add_argument("--steady", type=float, default=8, help="seconds between faults (default 8)")
    parser.add_argument("--server-down", type=float, default=5, help="seconds the killed app server stays down")
    parser.add_argument("--redis-outage", type=float, default=10, help="seconds Redis stays stopped (default 10)")
    parser.add_argument("--outage", type=float, default=5, help="seconds PostgreSQL stays down (default 5)")
    parser.add_argument("--smtp-outage", type=float, default=8, help="seconds the SMTP server stays down (default 8)")
    parser.add_argument("--recovery-limit", type=float, default=10, help="seconds allowed to serve again")
    parser.add_argument("--time-limit", type=int, default=600, help="the whole run stops after this many seconds")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs) afterwards")
    args = parser.parse_args()
    if not (0 < args.steady <= 60 and 0 < args.redis_outage <= 60 and 0 < args.outage <= 60):
        raise SystemExit("--steady, --redis-outage and --outage must be between 0 and 60 seconds: the run is bounded.")

    def out_of_time(*_):
        raise SystemExit(f"FAIL: the run passed its time limit ({args.time_limit} s)")

    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(args.time_limit)
    started = time.monotonic()
    haproxy_binary = install_haproxy()
    workdir = Path(tempfile.mkdtemp(prefix="jetro-cluster-soak-"))
    postgres = PrivatePostgres(workdir, spare_port())
    redis = PrivateRedis(workdir, spare_port())
    smtp = SmtpServer(HOST, spare_port())
    parts = []
    try:
        log(f"private PostgreSQL on {HOST}:{postgres.port}, Redis on {HOST}:{redis.port}, in {workdir}")
        postgres.create()
        redis.start()
        parts.append(redis)
        smtp.start()
        parts.append(smtp)
        lb_port, ports = spare_port(), [spare_port(), spare_port()]
        env = production_env(
            postgres.url,
            STATIC_ROOT=str(workdir / "static"),
            PAGE_CACHE_FILES=str(workdir / "exports"),
            LOG_FORMAT="json",
            REDIS_URL=redis.url,
            SITE_ORIGIN=f"http://{HOST}:{lb_port}",
            TRUSTED_PROXY_COUNT="1",
            EDITOR_PASSWORD=os.urandom(12).hex() + "-Soak",
            EMAIL_HOST=HOST,
            EMAIL_PORT=str(smtp.port),
            EMAIL_TIMEOUT="5",
            DEFAULT_FROM_EMAIL="directory@example.org",
            **ENQUIRIES_ENV,
        )
        for variable in ("ADMIN_URL", "BEHIND_TLS_PROXY"):
            env.pop(variable, None)
        log("migrate, load the directory, collect static files, create an editor")
        for command in (
            ["migrate", "--noinput"],
            ["load_directory", "--if-empty"],
            ["collectstatic", "--noinput", "--verbosity", "0"],
            ["create_editor", EDITOR, "--no-input", "--email", "soak-editor@example.org"],
        ):
            run([PYTHON, "manage.py", *command], cwd=BASE_DIR, env=env)
        servers = [
            AppServer(name, port, env, workdir / f"app-{name}.log") for name, port in zip("ab", ports, strict=True)
        ]
        for server in servers:
            server.start()
            parts.append(server)
        a, b = servers
        lb = Haproxy(workdir, lb_port, servers, workdir / "haproxy.log")
        lb.start(haproxy_binary)
        parts.append(lb)
        wait_for(lambda: lb.up() == {"a", "b"}, 20, "HAProxy seeing both app servers up")
        log(f"HAProxy on {lb.base} in front of {a.base} and {b.base}")

        traffic = fill_in(lb.base, TRAFFIC) + EXTRA_TRAFFIC
        traffic += [(path, needs) for path, needs in OPTIONAL_TRAFFIC if get(lb.base + path)[0] != 404]
        service = next(path for path, _ in traffic if path.startswith("/services/") and path.count("/") == 3)
        slug = service.split("/")[2]
        editor = Editor(lb.base, EDITOR, env["EDITOR_PASSWORD"])
        editor.sign_in()
        _status, _headers, page = editor.request(f"/admin/services/service/?q={slug}")
        change_path = re.findall(r'href="(/admin/services/service/\d+/change/)', page)[0]
        before = backup(env, workdir, "before")
        edited = ("services.service", change_path.split("/")[4])
        original = (before[edited].find("field[@name='description']").text or "").strip()

        results, saves, checks = [], [], collections.Counter()
        phases, lock, stop = [], threading.Lock(), threading.Event()
        counter = iter(range(10**9))

        def mark(name):
            phases.append((time.monotonic(), name))
            log(name)

        def reader():
            while not stop.is_set():
                with lock:
                    path, _needs_db = traffic[next(counter) % len(traffic)]
                began = time.monotonic()
                status, headers, text = get(lb.base + urllib.parse.quote(path, safe="/?=&%+-"))
                retry_after = headers.get("Retry-After") if status else None
                served_by = headers.get("X-Served-By")
                with lock:
                    results.append((began, time.monotonic(), path, status, retry_after, served_by, text == TRUNCATED))

        def shown_on_both_servers(marker):
            for server in servers:
                if server.process.poll() is not None or server.name not in lb.up():
                    checks["skipped: that server was down"] += 1
                    continue
                for path in (service, f"/api/v1/services/{slug}/"):
                    status, _headers, text = get(server.base + path, host=f"{HOST}:{lb_port}")
                    if status is None and (server.process.poll() is not None or server.name not in lb.up()):
                        checks["skipped: that server was down"] += 1  # killed while it was being asked
                    elif status == 503:
                        checks["skipped: database away"] += 1
                    elif status == 200 and marker in text:
                        checks[f"shown at once by {server.name}"] += 1
                    else:
                        checks[f"NOT SHOWN by {server.name} ({status})"] += 1

        def editing():
            for n in range(1, 10**6):
                if stop.is_set():
                    return
                marker = f"[cluster-soak save {n}]"
                value = f"{original}\n\n{marker}".strip()
                began = time.monotonic()
                status, served_by, stage = editor.save(change_path, "description", value)
                saves.append((n, marker, began, time.monotonic(), status, served_by, stage))
                if status == 302:
                    shown_on_both_servers(marker)
                time.sleep(0.5)

        threads = [threading.Thread(target=reader, daemon=True) for _ in range(args.clients)]
        threads.append(threading.Thread(target=editing, daemon=True))
        visitors = Visitors(lb.base, offices_of(lb.base), stop)
        mark("steady")
        for thread in threads:
            thread.start()
        visitors.start()
        time.sleep(args.steady)

        mark("app server a killed (kill -9)")
        a.kill()
        time.sleep(args.server_down)
        a.start()
        wait_for(lambda: "a" in lb.up(), 30, "HAProxy seeing a up again")
        mark("app server a back")
        time.sleep(args.steady)

        mark(f"Redis stopped for {args.redis_outage:.0f} s")
        redis.stop()
        time.sleep(args.redis_outage)
        redis.start()
        mark("Redis back (empty)")
        time.sleep(args.steady)

        outage_phase = f"PostgreSQL outage ({args.outage:.0f} s, and until HAProxy sees it)"
        mark(outage_phase)
        outage_began = time.monotonic()
        postgres.stop("fast")
        time.sleep(args.outage)
        postgres.start()
        database_back = time.monotonic()
        wait_for(lambda: lb.up(), args.recovery_limit + 20, "HAProxy seeing an app server up after PostgreSQL")
        outage_ended = time.monotonic()
        mark("PostgreSQL back")
        time.sleep(args.steady)

        mark(f"SMTP server stopped for {args.smtp_outage:.0f} s")
        smtp.stop()
        time.sleep(args.smtp_outage)
        smtp.start()
        mark("SMTP server back")
        time.sleep(args.steady)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        visitors.join()
        mark("traffic stopped")
        waited = wait_delivered(visitors, smtp, 90)

        # Checks through the load balancer, after the faults.
        for _ in range(4):
            get(lb.base + "/robots.txt", host=f"{HOST}:1")
        robots = get(lb.base + "/robots.txt")[2]
        too_long = "/offices/?q=" + "x" * 9000
        via_lb, direct = get(lb.base + too_long), get(b.base + too_long)
        too_large = announce_huge_body(lb.port)
        after = backup(env, workdir, "after")

        # Report.
        def phase_of(moment):
            return next(name for at, name in reversed(phases) if at <= moment)

        def in_outage(result):
            return result[0] < outage_ended and result[1] > outage_began

        by_phase = collections.defaultdict(list)
        for result in results:
            by_phase[outage_phase if in_outage(result) else phase_of(result[0])].append(result)
        # An answer cut off by kill -9 after its first bytes left (HAProxy can resend a request, not half an
        # answer) is reported; anywhere else it fails the run.
        kill_phase = phases[1][1]
        cut_off = [r for r in results if r[6]]
        outside_failures = [
            r
            for r in results
            if not in_outage(r) and (r[3] is None or r[3] >= 500 or (r[6] and phase_of(r[0]) != kill_phase))
        ]
        inside = [r for r in results if in_outage(r)]
        inside_bad = [r for r in inside if r[3] is None or (r[3] >= 500 and not (r[3] == 503 and r[4]))]
        editor_outside = [s for s in saves if not (s[2] < outage_ended and s[3] > outage_began)]
        editor_failures = [s for s in editor_outside if s[4] is None or s[4] >= 500 or s[4] not in (200, 302)]
        acknowledged = [s for s in saves if s[4] == 302]
        differences, history, current = compare_backups(before, after, edited, {"description", "version", "updated_at"})
        missing = [s[1] for s in acknowledged if not any(s[1] in (text or "") for text in history)]
        attempted_after_last_ack = [s[1] for s in saves if acknowledged and s[0] >= acknowledged[-1][0]]
        current_ok = bool(acknowledged) and any(marker in (current or "") for marker in attempted_after_last_ack)
        not_shown = [name for name in checks if name.startswith("NOT")]
        refused_large = too_large[0] == 413 and all(
            too_large[1].get(name) for name in ("x-content-type-options", "content-security-policy")
        )
        headers_added = via_lb[0] == 414 and all(
            via_lb[1].get(name) for name in ("X-Content-Type-Options", "Content-Security-Policy", "X-Frame-Options")
        )

        print("\n=== cluster soak report ===")
        print(f"cluster:             HAProxy {lb.base} -> app servers a {a.base}, b {b.base} (gunicorn, 2 workers x 4")
        print(f"                     threads each); PostgreSQL {HOST}:{postgres.port}; Redis {HOST}:{redis.port}")
        print(f"traffic:             {args.clients} clients reading {len(traffic)} kinds of request, 1 editor saving")
        columns = f"{'requests':>8}  {'p50 ms':>6} {'p95 ms':>6} {'max ms':>6}  statuses"
        print(f"{'phase (requests through HAProxy)':54} {columns}")
        for _at, name in phases[:-1]:
            group = by_phase.get(name, [])
            latencies = sorted((r[1] - r[0]) * 1000 for r in group if r[3] and r[3] < 500)
            statuses = dict(sorted(collections.Counter(str(r[3] or "no answer") for r in group).items()))
            print(
                f"{name[:54]:54} {len(group):8}  {statistics.median(latencies) if latencies else 0:6.0f} "
                f"{percentile(latencies, 0.95):6.0f} {latencies[-1] if latencies else 0:6.0f}  {statuses}"
            )
        served = collections.Counter(r[5] or "HAProxy itself" for r in results)
        print(f"answered by:         {dict(sorted(served.items()))}")
        print(
            f"PostgreSQL outage:   down {database_back - outage_began:.1f} s; HAProxy had a server up again "
            f"{outage_ended - database_back:.1f} s after it was back"
        )
        print(f"in the outage:       {len(inside)} requests; not a 503 with Retry-After: {len(inside_bad)}")
        for r in inside_bad[:10]:
            print(f"                     {r[3]} {r[2][:70]} at {r[0] - started:.1f} s")
        print(f"5xx outside it:      {len(outside_failures)} (including requests with no answer)")
        for r in outside_failures[:10]:
            print(f"                     {r[3]} {r[2][:70]} at {r[0] - started:.1f} s ({phase_of(r[0])})")
        print(f"answers cut off:     {len(cut_off)} (a server killed while sending them)")
        for r in cut_off[:10]:
            print(f"                     {r[3]} {r[2][:70]} at {r[0] - started:.1f} s ({phase_of(r[0])})")
        save_statuses = dict(sorted(collections.Counter(str(s[4] or "no answer") for s in saves).items()))
        by_server = dict(sorted(collections.Counter(s[5] or "?" for s in acknowledged).items()))
        print(
            f"editor's saves:      {len(saves)} attempted {save_statuses}; {len(acknowledged)} acknowledged {by_server}"
        )
        print(f"                     failed outside the outage: {len(editor_failures)}")
        kept = len(acknowledged) - len(missing)
        print(f"saves in database:   {kept} of {len(acknowledged)} acknowledged saves are in the history;")
        print(f"                     the service holds the last of them (or a later one): {current_ok}")
        print(f"shown at once:       {dict(sorted(checks.items()))}")
        print(
            f"data checksum:       {len(before)} objects before, {len(after)} after; apart from the saves and their "
            f"history: {'unchanged' if not differences else dict(differences)}"
        )
        print(f"Host poisoning:      later visitors' robots.txt names {lb.base}: {lb.base + '/sitemap.xml' in robots}")
        print(
            f"414 (gunicorn's):    through HAProxy {via_lb[0]}, security headers added: {headers_added}; "
            f"direct {direct[0]}, nosniff: {bool(direct[1].get('X-Content-Type-Options'))}"
        )
        print(f"413 (HAProxy's):     500 MB announced, 64 kB sent: {too_large[0]}, security headers: {refused_large}")
        ok = (
            refused_large
            and not outside_failures
            and not inside_bad
            and not editor_failures
            and acknowledged
            and not missing
            and current_ok
            and not not_shown
            and not differences
            and outage_ended - database_back <= args.recovery_limit
            and lb.base + "/sitemap.xml" in robots
            and headers_added
        )
        enquiries_ok = report(visitors, smtp, postgres.url, waited)
        ok = ok and enquiries_ok
        print(f"run time:            {time.monotonic() - started:.0f} s")
        print(f"result:              {'PASS' if ok else 'FAIL'}")
        return 0 if ok else 1
    except BaseException:
        log_tails(workdir)
        raise
    finally:
        signal.alarm(0)
        for part in reversed(parts):
            with contextlib.suppress(Exception):
                part.stop()
        with contextlib.suppress(SystemExit):  # already stopped
            postgres.stop("immediate")
        if args.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
