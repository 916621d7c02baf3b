"""Where a page's time goes: render it in-process under cProfile (the standard library's profiler).

With production settings (DEBUG off) and the page cache off (with --cache: a page-cache hit),
against the database in DATABASE_URL (default: the embedded SQLite database, which `make run`
fills). Prints each page's mean time per request, its database queries, then the functions that
cost most, by their own time and by the time spent inside them.

    .venv/bin/python bench/profile_pages.py /offices/ "/search/?q=tokyo" --repeat 50 [--top 25]
"""

import argparse
import atexit
import cProfile
import io
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def setup_django(cache):
    """Settings as the benchmark's servers have them (scripts/loopback.py), in this process."""
    sys.path.insert(0, str(BASE_DIR / "scripts"))
    from loopback import production_env

    database_url = os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    os.environ.update(production_env(database_url, ALLOWED_HOSTS="testserver", LOG_LEVEL="WARNING"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jetro_site.settings")
    os.environ["PAGE_CACHE_SECONDS"] = os.environ.get("PAGE_CACHE_SECONDS", "3600") if cache else "0"
    collect = "STATIC_ROOT" not in os.environ
    if collect:  # DEBUG off needs the static files' manifest: collected here, not into the working tree
        os.environ["STATIC_ROOT"] = tempfile.mkdtemp(prefix="jetro-profile-static-")
        atexit.register(shutil.rmtree, os.environ["STATIC_ROOT"], ignore_errors=True)
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    if collect:
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)


def profile(client, path, repeat, top, sort_keys):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(path)  # the first render loads templates and fills per-process caches
    if response.status_code != 200:
        print(f"{path}: answered {response.status_code}; not profiled")
        return
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    queries = len(captured)  # now: the next request clears the connection's log
    started = time.perf_counter()
    for _ in range(repeat):
        client.get(path)
    plain = (time.perf_counter() - started) / repeat * 1000
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(repeat):
        client.get(path)
    profiler.disable()
    each = (time.perf_counter() - started) / repeat * 1000
    print(
        f"\n=== {path}: {plain:.1f} ms a request ({each:.1f} ms under the profiler), {queries} queries, {repeat} times"
    )
    for key in sort_keys:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(key).print_stats(top)
        body = out.getvalue()
        print(f"--- by {key} ---")
        print(body[body.index("   ncalls") :].rstrip())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help="paths to render, e.g. /offices/")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--sort", default="tottime,cumulative", help="pstats keys, comma-separated")
    parser.add_argument("--cache", action="store_true", help="page cache on: profile a cache hit (after one miss)")
    args = parser.parse_args()
    setup_django(args.cache)
    from django.test import Client

    client = Client()
    for path in args.paths:
        profile(client, path, args.repeat, args.top, args.sort.split(","))


if __name__ == "__main__":
    sys.exit(main())
