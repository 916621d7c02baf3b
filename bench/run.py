"""The directory under load: throughput and latency of each page as a ratio of /healthz.

Loopback only, bounded in time (about three to five minutes). It creates a
throwaway PostgreSQL database, loads the shipped directory, serves it with
gunicorn exactly as `make serve` does (production settings, gthread workers),
and drives each URL with wrk. Absolute numbers on a shared machine are noise;
the ratios to /healthz, measured in the same run, are the result.

Then it grows the directory with synthetic listings (10k offices / 100k links,
then 100k offices) and reports how the median latency of the directory, the
search and services-by-country grows with size.

    .venv/bin/python bench/run.py [--duration 5] [--sizes real,10k,100k]
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PY = str(BASE_DIR / ".venv" / "bin" / "python")
# The production server's settings and options, shared with the soak run.
sys.path.insert(0, str(BASE_DIR / "scripts"))
from loopback import HOST, production_env, start_gunicorn  # noqa: E402

TARGETS = {  # minimum throughput as a ratio of /healthz
    "directory": 0.5,
    "office page": 0.5,
    "search": 0.25,
    "services by country": 0.25,
    "api list": 0.4,
    "country page": 0.5,
    "nearest office": 0.25,
}
SIZES = {
    "real": None,
    "10k": {"offices": 10_000, "services": 60, "links": 100_000},
    "100k": {"offices": 90_000, "services": 0, "links": 400_000},  # on top of 10k: 100k offices in all
}
SCALE_PAGES = ("directory", "search", "services by country", "country page", "nearest office")


def pages(static_path):
    return {
        "healthz": "/healthz",
        "static file": static_path,
        "directory": "/offices/",
        "office page": "/offices/dusseldorf/",
        "services by country": "/services/?country=DE",
        "search": "/offices/?q=tokyo",
        "api list": "/api/v1/offices/",
        "country page": "/countries/de/",
        "country without an office": "/countries/si/",
        "nearest office": "/offices/nearest/?near=Lyon",
        "map page": "/offices/map/",
        "contacts": "/contacts/",
        "geojson export": "/api/v1/exports/offices.geojson",
    }


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def manage(env, *args):
    subprocess.run([PY, "manage.py", *args], cwd=BASE_DIR, env=env, check=True, stdout=subprocess.DEVNULL)


def recreate_database(admin_url, name):
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def vacuum_analyze(database_url):
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def drop_database(admin_url, name):
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Server:
    """gunicorn as `make serve` runs it."""

    def __init__(self, env, workers, threads, connections):
        self.env, self.workers, self.threads = env, workers, threads
        # Each worker takes at most its share of wrk's keep-alive connections, as behind a
        # load balancer; otherwise one worker may accept them all and leave a core idle,
        # halving a run's throughput at random.
        self.worker_connections = -(-connections // workers)
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = start_gunicorn(
            self.env, self.port, self.workers, self.threads,
            options=["--worker-connections", str(self.worker_connections), "--log-level", "warning"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        return self

    def url(self, path):
        return f"http://{HOST}:{self.port}{path}"

    def worker_rss_mb(self):
        out = subprocess.run(
            ["ps", "--ppid", str(self.process.pid), "-o", "rss="], capture_output=True, text=True, check=False
        ).stdout
        return [int(line) / 1024 for line in out.split()]

    def stop(self):
        if self.process:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url, duration, connections, threads=2):
    threads = min(threads, connections)  # wrk wants at least one connection per thread
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip

    def latency(percent):
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        return float(match.group(1)) * UNITS[match.group(2)] if match else float("nan")

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": latency(50),
        "p99": latency(99),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": errors.group(1).strip() if errors else "",
    }


def status_of(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def static_path(server):
    html = urllib.request.urlopen(server.url("/"), timeout=10).read().decode()  # noqa: S310 - loopback
    return re.search(r'href="(/static/css/site[^"]*\.css)"', html).group(1)


def measure(server, names, urls, duration, connections):
    results = {}
    for name in names:
        url = server.url(urls[name])
        code = status_of(url)
        if code != 200:
            results[name] = {"missing": code}
            continue
        wrk(url, 1, connections)  # warm up
        results[name] = wrk(url, duration, connections)
    return results


def print_table(results, title, targets=TARGETS):
    floor = results["healthz"]["rps"]
    print(f"\n{title}")
    print(f"{'page':<22}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'non-2xx':>9}{'ratio':>8}{'target':>8}  ")
    for name, row in results.items():
        if "missing" in row:
            print(f"{name:<22}{'(answers ' + str(row['missing']) + ', not measured)':>60}")
            continue
        ratio = row["rps"] / floor
        target = targets.get(name)
        verdict = "" if target is None else ("ok" if ratio >= target else "BELOW")
        print(
            f"{name:<22}{row['rps']:>9.0f}{row['p50']:>9.2f}{row['p99']:>9.2f}{row['non_2xx']:>9}"
            f"{ratio:>8.2f}{(f'{target:.2f}' if target else ''):>8}  {verdict}"
        )


def print_growth(scale, connections):
    """p50 at each size, and each size's p50 as a multiple of the real size's (goal: under 2x)."""
    grown = [size for size in scale if size != "real"]
    print(f"\nMedian latency (p50, ms) with the page cache off, {connections} connection(s), as the directory grows")
    header = "".join(f"{size:>10}" for size in scale) + "".join(f"{size + '/real':>12}" for size in grown)
    print(f"{'page':<22}{header}")
    for page in ("healthz", *SCALE_PAGES):
        values = {size: scale[size].get(page, {}).get("p50", float("nan")) for size in scale}
        growth = [values[size] / values["real"] if values["real"] else float("nan") for size in grown]
        print(
            f"{page:<22}"
            + "".join(f"{value:>10.2f}" for value in values.values())
            + "".join(f"{ratio:>11.2f}x" for ratio in growth)
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds per URL (default 5)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--scale-connections", type=int, default=1,
        help="connections for the growth-with-size runs (default 1: a request's own latency, without queueing)",
    )  # fmt: skip
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--sizes", default="real,10k,100k", help="comma-separated: real, 10k, 100k")
    parser.add_argument(
        "--admin-url",
        default=os.environ.get("BENCH_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
        help="a PostgreSQL server where a throwaway database may be created",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt install wrk")
    sizes = args.sizes.split(",")
    name = f"jetro_bench_{os.getpid()}"
    admin = args.admin_url
    database_url = admin.rsplit("/", 1)[0] + f"/{name}"
    started = time.monotonic()
    recreate_database(admin, name)
    env = production_env(database_url)
    server = None
    try:
        manage(env, "migrate", "--noinput")
        manage(env, "load_places")
        manage(env, "load_directory")
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        server = Server(env, args.workers, args.threads, args.connections).start()
        urls = pages(static_path(server))
        print(f"gunicorn: {args.workers} gthread workers x {args.threads} threads; wrk: 2 threads, "
              f"{args.connections} connections, {args.duration}s per URL; PostgreSQL")  # fmt: skip

        first = measure(server, list(urls), urls, args.duration, args.connections)
        print_table(first, "Real size (the shipped directory)")
        memory = [server.worker_rss_mb()]
        again = measure(server, list(urls), urls, args.duration, args.connections)
        memory.append(server.worker_rss_mb())
        print_table(again, "Real size, second run (warm)")
        print("\nWorker resident memory (MB) after run 1: "
              + ", ".join(f"{m:.0f}" for m in memory[0]) + "; after run 2: "
              + ", ".join(f"{m:.0f}" for m in memory[1]))  # fmt: skip

        # The growth with size is measured with the page cache off, at every size, one request
        # at a time by default, so that the latency is the page's own and not time in a queue.
        uncached = {**env, "PAGE_CACHE_SECONDS": "0"}
        measured = ["healthz", *SCALE_PAGES]
        server.stop()
        server = Server(uncached, args.workers, args.threads, args.connections).start()
        scale = {"real": measure(server, measured, urls, args.duration, args.scale_connections)}
        print_table(
            scale["real"],
            f"Real size with the page cache off (rendering every time), {args.scale_connections} connection(s);"
            " the targets apply to pages as served, above",
            targets={},
        )
        for size in sizes:
            if size == "real" or SIZES.get(size) is None:
                continue
            spec = SIZES[size]
            manage(
                env, "generate_scale_data", "--alongside-real-data", "--offices", str(spec["offices"]),
                "--services", str(spec["services"]), "--links", str(spec["links"]),
            )  # fmt: skip
            vacuum_analyze(database_url)  # what autovacuum does to a table after a bulk load
            server.stop()
            server = Server(uncached, args.workers, args.threads, args.connections).start()
            scale[size] = measure(server, measured, urls, args.duration, args.scale_connections)
        if len(scale) > 1:
            print_growth(scale, args.scale_connections)
        print(f"\nTotal time: {time.monotonic() - started:.0f}s")
    finally:
        if server:
            server.stop()
        drop_database(admin, name)


if __name__ == "__main__":
    sys.exit(main())
