"""Does `make serve` spread wrk's connections across its workers? Ratios to /healthz, run after run.

Starts gunicorn as `make serve` does (scripts/loopback.py) on a throwaway SQLite copy of the
directory, several times over (the spread is decided when connections are accepted, so each run
is a fresh server), and drives a few pages with wrk, 1 thread and 8 keep-alive connections, as the
issue that asked for it measured. For each run: each page's ratio to /healthz, and how many of
wrk's connections each worker held. With an even spread the ratios agree from run to run.

    .venv/bin/python bench/spread.py [--runs 3] [--duration 5] [--without --reuse-port]
"""

import argparse
import collections
import http.client
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from harness import connections_by_worker, install_wrk, wrk
from stack import HOST, Server, Site

PAGES = {
    "healthz": "/healthz",
    "directory": "/offices/",
    "office page": "/offices/dusseldorf/",
    "services by country": "/services/?country=DE",
    "search": "/offices/?q=tokyo",
}


def spread_during(server, seconds):
    """wrk's connections per worker, looked at halfway through a run."""
    seen = {}

    def look():
        time.sleep(seconds / 2)
        seen.update(connections_by_worker(server.port))

    thread = threading.Thread(target=look)
    thread.start()
    return thread, seen


def split_counts(server, connections, bursts):
    """How `connections` keep-alive connections opened at once fall on the workers, `bursts` times over:
    {"5/3": times, ...}. No load: the mechanism alone, without the machine's noise."""
    splits = collections.Counter()
    for _ in range(bursts):
        opened = [http.client.HTTPConnection(HOST, server.port, timeout=30) for _ in range(connections)]
        for connection in opened:
            connection.connect()
        for connection in opened:
            connection.request("GET", "/healthz")
            connection.getresponse().read()
        counts = connections_by_worker(server.port)
        splits["/".join(str(count) for count in sorted(counts.values(), reverse=True))] += 1
        for connection in opened:
            connection.close()
        time.sleep(0.05)  # the workers see the closes before the next burst
    return splits


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5, help="seconds per page (default 5)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--bursts", type=int, default=100, help="connection bursts sampled per run (default 100)")
    parser.add_argument(
        "--without", action="append", default=[], metavar="OPTION",
        help="leave this flag out of make serve's gunicorn options, to compare (e.g. --without --reuse-port)",
    )  # fmt: skip
    args = parser.parse_args()
    install_wrk()
    import loopback

    for option in args.without:
        loopback.GUNICORN_OPTIONS.remove(option)
    print(f"gunicorn {' '.join(loopback.GUNICORN_OPTIONS)} --workers {args.workers} --threads {args.threads}")
    print(f"wrk: 1 thread, {args.connections} connections, {args.duration}s per page; SQLite, no Redis\n")
    workdir = Path(tempfile.mkdtemp(prefix="jetro-bench-spread-"))
    try:
        site = Site.sqlite(workdir)
        site.load(collectstatic=True)
        names = [name for name in PAGES if name != "healthz"]
        all_splits = collections.Counter()
        print(f"{'run':<5}{'healthz req/s':>15}" + "".join(f"{name:>22}" for name in names))
        for run in range(1, args.runs + 1):
            server = Server(site, cache=True, workers=args.workers, threads=args.threads).start()
            try:
                results, spread = {}, {}
                for name, path in PAGES.items():
                    wrk(server.base, path, 1, args.connections, threads=1)  # warm up: the page cache, each worker
                    thread, seen = spread_during(server, args.duration)
                    results[name] = wrk(server.base, path, args.duration, args.connections, threads=1)
                    thread.join()
                    spread[name] = "/".join(str(count) for count in sorted(seen.values(), reverse=True))
                splits = split_counts(server, args.connections, args.bursts)
            finally:
                server.stop()
            floor = results["healthz"]["rps"]
            cells = "".join(f"{results[name]['rps'] / floor:>13.2f} ({spread[name]:>5})" for name in names)
            print(f"{run:<5}{floor:>9.0f} ({spread['healthz']:>3})" + cells, flush=True)
            all_splits.update(splits)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print("\nEach cell: the page's throughput over /healthz's in the same run (wrk's connections held by each worker)")
    total = sum(all_splits.values())
    print(
        f"{args.connections} connections opened at once, {total} times on idle servers, held by the workers as: "
        + ", ".join(f"{split} {count / total:.0%}" for split, count in sorted(all_splits.items(), key=lambda i: -i[1]))
    )


if __name__ == "__main__":
    sys.exit(main())
