"""The directory under load, as users meet it: each page's throughput as a ratio of /healthz.

Loopback only, bounded in time (7.5 to 8.5 minutes with the defaults on a 2-core machine;
`--duration 1 --sizes real` takes 4 to 6). It loads the shipped directory into two throwaway databases, SQLite (the
embedded default, no Redis) and PostgreSQL with a private Redis, and serves each with gunicorn
exactly as `make serve` starts it (scripts/loopback.py) twice: with the page cache as deployed,
and with PAGE_CACHE_SECONDS=0. wrk drives the popular pages one URL at a time and the visitors'
searches as lists of distinct URLs (bench/queries.txt, bench/places.txt, the directory's filters).
Absolute numbers on a shared machine are noise; the ratios to /healthz, measured on the same
server just before each page, are the result.

It times the preview of the largest CSV import an editor may upload (bench/import_preview.py).
Then it grows the PostgreSQL directory (10k offices and 100k office-service links, then 100k
offices) and reports how each page's median latency, with the page cache off, grows with size.

    .venv/bin/python bench/run.py [--duration 3] [--sizes real,10k,100k]
"""

import argparse
import math
import os
import shutil
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import import_preview
from grow import BASE, base_spec, copy_offices
from harness import install_wrk, paths_file, warm, wrk
from report import print_growth, print_latency, print_memory, print_problems, print_ratios
from stack import HOST, PrivateRedis, Server, Site, spare_port
from workload import LISTS, PAGES, SCALE_PAGES, url_lists

STARTED = time.monotonic()
SIZES = {  # synthetic offices added to the shipped ones, services, office-service links
    "10k": {"offices": 10 * BASE, "services": 60, "links": 100_000},
    "100k": {"offices": 100 * BASE, "services": 60, "links": 550_000},  # links copied for half the new offices
}
# A list's hit run asks for its first HIT_SAMPLE URLs, each asked for once before: few enough that
# every worker's own cache (LocMemCache keeps 300 entries by default) holds them all.
HIT_SAMPLE = 250
PROBE_SECONDS = 10
FLOOR_SECONDS = 1


def progress(message):
    print(f"  [{time.monotonic() - STARTED:4.0f}s] {message}", file=sys.stderr, flush=True)


def static_path(server):
    html = urllib.request.urlopen(server.base + "/", timeout=30).read().decode()  # noqa: S310 - loopback
    start = html.index('href="/static/css/')
    return html[start + 6 : html.index('"', start + 6)]


class Bench:
    def __init__(self, args, workdir):
        self.args, self.workdir = args, workdir
        self.lists = url_lists()
        self.files = {name: paths_file(paths, workdir) for name, paths in self.lists.items()}
        self.samples = {name: paths_file(paths[:HIT_SAMPLE], workdir) for name, paths in self.lists.items()}
        self.redirected = {}

    def measure(self, server, name, connections, duration=None):
        """wrk on one page or list of `server`, after each of its URLs (a list's first HIT_SAMPLE on a
        cached server, a few on the other) was asked for once on every worker: the page cache is filled
        where there is one, templates are loaded, and an error page would not be measured."""
        if name in LISTS:
            paths = self.lists[name][: HIT_SAMPLE if server.cache else 4]
            target = self.samples[name] if server.cache else self.files[name]
        else:
            paths = target = PAGES[name]
            paths = [paths]
        moved, failed = warm(HOST, server.port, server.workers, paths, server.shared_cache and name in LISTS)
        if failed:
            return {"missing": failed[0].rsplit(" ", 1)[-1] if len(paths) == 1 else f"{len(failed)} errors"}
        if name in LISTS and server.cache:
            self.redirected[name] = len(moved)
        threads = 2 if connections > 1 else 1
        return wrk(server.base, target, duration or self.args.duration, connections, threads)


def load_sites(sites):
    """Both databases at once: each load is one process waiting on its own database much of the time."""
    with ThreadPoolExecutor(len(sites)) as pool:
        for future in [pool.submit(site.load, collectstatic=index == 0) for index, site in enumerate(sites)]:
            future.result()


def real_size(bench, sites, args):
    """The main tables: every page on the four servers, interleaved so that a change in the machine's
    load falls on all of them alike. Each page's ratio is to /healthz measured on the same server just
    before it (FLOOR_SECONDS): on a shared machine the load changes within minutes."""
    servers = {}
    for site in sites:
        for cache in (True, False):
            label = f"{site.label.split()[0]} {'hit' if cache else 'miss'}"
            servers[label] = Server(site, cache, args.workers, args.threads).start()
    try:
        PAGES["static file"] = static_path(servers["SQLite hit"])
        names = [*PAGES, *LISTS]
        results = {label: {} for label in servers}
        for name in names:
            for label, server in servers.items():
                if name == "static file" and not server.cache:
                    continue  # whitenoise's, the page cache has no part in it
                floor = None if name == "healthz" else wrk(server.base, "/healthz", FLOOR_SECONDS, args.connections)
                results[label][name] = row = bench.measure(server, name, args.connections)
                row["floor"] = floor["rps"] if floor else row.get("rps")
            progress(f"measured {name}")
        memory = {label: [("after run 1", server.rss_mb())] for label, server in servers.items()}
        # The lists again, briefly: memory that grows with each distinct URL shows here.
        for name in LISTS:
            for server in servers.values():
                wrk(server.base, bench.files[name], 1, args.connections)
        for label, server in servers.items():
            memory[label].append(("after the lists again", server.rss_mb()))
    finally:
        for server in servers.values():
            server.stop()
    print_ratios(names, results, list(servers))
    drift = ", ".join(
        f"{label} {min(row['floor'] for row in rows.values()):.0f}-{max(row['floor'] for row in rows.values()):.0f}"
        for label, rows in results.items()
    )
    print(f"(/healthz req/s just before each page, lowest-highest, as the machine's load changed: {drift})")
    lists = ", ".join(f"{name} {len(bench.lists[name])}" for name in LISTS)
    print(f"Distinct URLs per list (miss runs walk the whole list; hit runs the first {HIT_SAMPLE}): {lists}")
    if any(bench.redirected.values()):
        print(
            "Answered with a redirect (a country's name sends /search/ to the country page), of the first "
            f"{HIT_SAMPLE}: " + ", ".join(f"{name} {count}" for name, count in bench.redirected.items() if count)
        )
    print_latency(names, results, list(servers))
    print_problems(results)
    print_memory(memory)


def probe(server, path):
    """One request's time in ms; None when it took more than PROBE_SECONDS (a page that does not scale)."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(server.base + path, timeout=PROBE_SECONDS) as response:  # noqa: S310 - loopback
            response.read()
    except TimeoutError:
        return None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            return None
        raise
    return (time.perf_counter() - started) * 1000


def growth(bench, site, args):
    """p50 of each page, one request at a time, at each size (PostgreSQL), with the page cache off: with
    nothing kept (the pieces of pages off too: a page as it costs the first time after an edit), then with
    the pieces of pages a worker keeps for the generation (as visitors meet a page between edits).

    A page is first asked for once: one that takes longer than half the run's duration is reported
    by that one request, and one that takes more than PROBE_SECONDS is abandoned (its server is killed
    and another started, so the pages after it are measured on idle workers)."""
    cold, kept, state = {}, {}, 0
    for size in args.sizes.split(","):
        if size != "real":
            spec = SIZES[size]
            if state == 0:
                site.grow(**base_spec(SIZES["10k"]))
                copy_offices(site.database_url, 1, SIZES["10k"]["offices"] // BASE - 1)
                state = SIZES["10k"]["offices"]
            if spec["offices"] > state:
                copy_offices(site.database_url, state // BASE, spec["offices"] // BASE - 1, link_share=1 / 2)
                state = spec["offices"]
            site.vacuum_analyze()
            progress(f"grew the directory to {size}")
        cold[size] = measure_growth(bench, site, args, fragments=False)
        kept[size] = measure_growth(bench, site, args, fragments=True)
        progress(f"measured the growth at {size}")
    print_growth(cold, SCALE_PAGES, args.scale_connections, kept=False)
    print_growth(kept, SCALE_PAGES, args.scale_connections, kept=True)


def measure_growth(bench, site, args, fragments):
    def start():
        return Server(site, False, args.workers, args.threads, fragments=fragments).start()

    server, measured = start(), {}
    try:
        for name in SCALE_PAGES:
            first = bench.lists[name][0] if name in LISTS else PAGES[name]
            took = probe(server, first)
            if took is None:
                measured[name] = {"p50": math.inf, "note": f"over {PROBE_SECONDS}s"}
                server.kill()
                server = start()
            elif took > args.scale_duration * 1000 / 2:
                measured[name] = {"p50": took, "note": "one request"}
            else:
                measured[name] = bench.measure(server, name, args.scale_connections, args.scale_duration)
    finally:
        server.stop()
    return measured


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=3, help="seconds per URL or list and server (default 3)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--scale-connections", type=int, default=1,
        help="connections for the growth-with-size runs (default 1: a request's own latency, without queueing)",
    )  # fmt: skip
    parser.add_argument(
        "--scale-duration", type=int, default=None, help="seconds per page in those runs (default 2, or --duration)"
    )
    parser.add_argument("--workers", type=int, default=2, help="as make serve's WEB_CONCURRENCY (default 2)")
    parser.add_argument("--threads", type=int, default=4, help="as make serve's GUNICORN_THREADS (default 4)")
    parser.add_argument("--sizes", default="real,10k,100k", help="comma-separated: real, 10k, 100k")
    parser.add_argument(
        "--admin-url",
        default=os.environ.get("BENCH_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
        help="a PostgreSQL server where a throwaway database may be created",
    )
    args = parser.parse_args()
    args.scale_duration = args.scale_duration or min(2, args.duration)
    if not set(args.sizes.split(",")) <= {"real", *SIZES}:
        raise SystemExit(f"--sizes takes real, {', '.join(SIZES)}")
    install_wrk()
    workdir = Path(tempfile.mkdtemp(prefix="jetro-bench-"))
    redis = PrivateRedis(workdir, spare_port())
    sites = []
    try:
        redis.start()
        sites = [
            Site.sqlite(workdir),
            Site.postgresql(workdir, args.admin_url, f"jetro_bench_{os.getpid()}", redis),
        ]
        load_sites(sites)
        progress("loaded both databases")
        bench = Bench(args, workdir)
        print(
            f"Load average before the run: {' '.join(f'{load:.2f}' for load in os.getloadavg())} "
            f"({os.cpu_count()} cores; other work on the machine makes every figure noisy)\n"
            f"gunicorn as make serve: {args.workers} gthread workers x {args.threads} threads, --reuse-port; "
            f"wrk: 2 threads, {args.connections} connections, {args.duration}s per page and server\n"
            "SQLite: the embedded default, per-worker memory cache; PostgreSQL: with a private Redis (shared cache)",
            flush=True,
        )
        real_size(bench, sites, args)
        lines = import_preview.max_lines()
        import_preview.report({site.label: import_preview.measure(site, lines) for site in sites}, lines)
        progress("measured the CSV import's preview")
        growth(bench, sites[1], args)
        print(f"\nLoad average after the run: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")
        print(f"Total time: {time.monotonic() - STARTED:.0f}s")
    finally:
        for site in sites:
            site.drop()
        redis.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
