#!/usr/bin/env python3
"""Hostile sweep: every public address and parameter, sent hostile values; the answer must never be a 5xx.

Every public URL pattern is found by walking the site's URL resolver (as the site-wide tests do,
tests/support.py), in each of its languages, its slugs filled with real ones (read from the API)
and with junk. Each address is asked plainly, then with each parameter any page reads set to each
hostile value: NUL, control and bidi characters, markup, overlong text, huge and odd numbers, time
offsets beyond PostgreSQL's, bytes that are not UTF-8, path tricks. The correction and enquiry
forms are also sent hostile values through a real POST (with the page's CSRF token). Statuses
are counted; a 5xx is listed and fails the run.

Against a server already running (any database):

    .venv/bin/python scripts/hostile_sweep.py --base http://127.0.0.1:8000

or on the production server (gunicorn as `make serve` runs it) started here on a fresh SQLite
file and on a throwaway PostgreSQL database, each loaded with the shipped directory:

    .venv/bin/python scripts/hostile_sweep.py --databases sqlite,postgresql

`--sample N` sends N requests chosen at random (with `--seed`) instead of all of them
(about 14,000 an address set); tests/test_hostile_sweep.py runs a sample against the test data.
"""

import argparse
import collections
import contextlib
import http.client
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from loopback import BASE_DIR, HOST, production_env, start_gunicorn

# Every parameter a public page or the API reads by name (and one none reads).
PARAMETERS = [
    "q", "page", "p", "near", "country", "kind", "region", "prefecture", "service", "category", "audience",
    "office", "modified_since", "format", "unknown",
]  # fmt: skip
# Hostile values, already percent-encoded as they go on the wire.
VALUES = [
    "%00", "a%00b", "%E2%80%AE", "%E2%80%8B", "%C2%85", "%0D%0ABcc:%20x@example.org",
    "%3Cscript%3Ealert(1)%3C/script%3E", "%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E", "'%20OR%201=1%20--",
    "x" * 5000, "%E3%81%82" * 700, "9" * 30, "-1", "0", "1.5", "2.0", "1e309", "1e999999999", "NaN", "-inf",
    "%FF%FE", "%ED%A0%80", "%C3%28", "%25", "%", "%ZZ", "..%2F..%2Fetc%2Fpasswd", "%EF%BC%AA%EF%BC%A5%EF%BC%B4",
    "2020-01-01T00:00:00-16:00", "2020-01-01T00:00:00%2B24:00", "0001-01-01T00:00:00%2B09:00",
    "9999-12-31T23:59:59-23:59", "2020-13-45", "ZZ", "zz", "S%C3%A3o%20Paulo", "12.5,-200", "91,181",
]  # fmt: skip
JUNK = {
    "slug": ["%00", "nope", "x" * 300, "%E2%80%AE", "..", "%C3%9C", "-1", "%3Cb%3E", "%FF"],
    "code": ["zz", "ZZ", "f", "%00", "xx1", "%E2%80%AE", "9" * 30, "%FF"],
}
FORM_VALUES = ["\x00", "\u202e", "\u200b", "\u0085", "<script>", "x" * 100_000, "a\r\nBcc: x@example.org"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def public_patterns():
    """(name, params, languages) of every public URL pattern: the site-wide tests' walk of the resolver."""
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jetro_site.settings")
    import django

    django.setup()
    from tests.support import public_url_patterns

    return [(pattern.name, pattern.params, pattern.languages) for pattern in public_url_patterns() if pattern.name]


def real_values(base):
    """A real slug of each kind of listing, read from the site's API (a slug pattern takes them all)."""
    slugs = {}
    for kind in ("offices", "services", "contacts"):
        status, body = request(base, "GET", f"/api/v1/{kind}/")
        results = json.loads(body).get("results", []) if status == 200 else []
        slugs[kind] = [row["slug"] for row in results[:1]]
    return slugs


LISTINGS = {"office": "offices", "service": "services", "contact": "contacts"}
PLACEHOLDER = "PLACEHOLDER0"


def addresses(base, patterns):
    """(every address, the addresses whose parameters are swept): each pattern in each language, its
    parameters filled with real values and with junk; parameters are swept on one real address a pattern."""
    from django.urls import NoReverseMatch, reverse
    from django.utils import translation

    slugs = real_values(base)
    every, swept = [], []
    for name, params, languages in patterns:
        namespace, _, rest = name.rpartition(":")
        # api:office-detail, suggestions:offices, enquiries:service: the kind of listing a slug names.
        kind = LISTINGS.get(rest.split("-")[0].split("_")[0].removesuffix("s"), namespace)
        for language in languages:
            with translation.override(language):
                if not params:
                    every.append(reverse(name))
                    swept.append(every[-1])
                    continue
                try:
                    path = reverse(name, kwargs=dict.fromkeys(params, PLACEHOLDER))
                except NoReverseMatch:
                    continue
            real = slugs.get(kind, []) if params[0] == "slug" else ["fr", "si"]
            filled = [path.replace(PLACEHOLDER, value) for value in [*real, *JUNK.get(params[0], JUNK["slug"])]]
            every += filled
            if real and language == languages[0]:
                swept.append(filled[0])
    return list(dict.fromkeys(every)), list(dict.fromkeys(swept))


def requests_for(every, swept):
    return [("GET", path) for path in every] + [
        ("GET", f"{path}?{parameter}={value}") for path in swept for parameter in PARAMETERS for value in VALUES
    ]


def request(base, method, path, body=None, headers=None):
    """(status, body) of one request, or (None, error) when no HTTP answer came."""
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        if body is not None:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    except (OSError, http.client.HTTPException) as error:
        return None, str(error)
    finally:
        connection.close()


# The public forms that keep what is sent: (the end of their address, the fields filled, the fields swept).
FORMS = [
    (
        "/suggest/",
        {"detail": "website", "proposed_value": "x"},
        ("detail", "proposed_value", "source", "email", "homepage"),
    ),
    (
        "/contact/",
        {"name": "A", "country": "FR", "email": "a@example.org", "subject": "S", "message": "M"},
        ("name", "company", "country", "email", "subject", "message"),
    ),
]


def post_forms(base, paths):
    """The correction and enquiry forms sent hostile values, each field in turn, with the page's own CSRF token."""
    results, tokens = [], {}
    for path in (path for path in paths if path.endswith(tuple(end for end, _filled, _swept in FORMS))):
        status, page = request(base, "GET", path)
        if status == 200 and (token := CSRF.search(page)):
            tokens[path] = token  # a real listing's form (junk slugs are 404s)
    # A limited form answers 429 once an address has sent its share: still never a 5xx.
    for path, token in tokens.items():
        headers = {
            "Cookie": f"csrftoken={token.group(1)}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": base + path,
        }
        filled, swept = next((filled, swept) for end, filled, swept in FORMS if path.endswith(end))
        for field in swept:
            for value in FORM_VALUES:
                data = {"csrfmiddlewaretoken": token.group(1), **filled, field: value}
                body = urllib.parse.urlencode(data).encode()
                results.append(("POST", f"{path} {field}={value[:20]!r}", *request(base, "POST", path, body, headers)))
    return results


def sweep(base, sample=None, seed=0, threads=4, patterns=None):
    """Counter of statuses, and the requests answered 5xx (or not at all), of a sweep of `base`."""
    paths, swept = addresses(base, patterns or public_patterns())
    planned = requests_for(paths, swept)
    if sample is not None:
        planned = random.Random(seed).sample(planned, min(sample, len(planned)))  # noqa: S311 - a repeatable sample

    def one(item):
        method, path = item
        return method, path, *request(base, method, path)

    with ThreadPoolExecutor(max_workers=threads) as pool:
        results = list(pool.map(one, planned))
    results += post_forms(base, paths)
    statuses = collections.Counter(str(status or "no answer") for _method, _path, status, _body in results)
    failed = [(method, path, status) for method, path, status, _body in results if status is None or status >= 500]
    return statuses, failed, len(paths)


def report(label, statuses, failed, paths, seconds):
    total = sum(statuses.values())
    print(f"\n=== hostile sweep: {label} ===")
    print(f"addresses:  {paths} (every public pattern, each language, real and junk slugs)")
    print(f"requests:   {total} in {seconds:.0f} s; by status: {dict(sorted(statuses.items()))}")
    print(f"5xx:        {len(failed)}")
    for method, path, status in failed[:20]:
        print(f"            {status} {method} {path[:150]}")


def run(command, env):
    subprocess.run(command, cwd=BASE_DIR, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603 - manage.py


@contextlib.contextmanager
def production_server(database, workdir, admin_url):
    """gunicorn as `make serve` runs it, on a fresh database of `database` loaded with the shipped directory."""
    name = f"jetro_sweep_{os.getpid()}"
    if database == "sqlite":
        url = f"sqlite:///{workdir / 'sweep.sqlite3'}"
    else:
        import psycopg

        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')
        url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    env = production_env(url, STATIC_ROOT=str(workdir / "static"), PAGE_CACHE_FILES=str(workdir / f"files-{database}"))
    env["LOG_LEVEL"] = "ERROR"
    python = sys.executable
    for command in (["migrate", "--noinput"], ["load_places"], ["load_directory"], ["locate_offices"]):
        run([python, "manage.py", *command], env)
    run([python, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], env)
    port = free_port()
    with open(workdir / f"gunicorn-{database}.log", "ab") as log:
        process = start_gunicorn(env, port, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield f"http://{HOST}:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)
        if database != "sqlite":
            import psycopg

            with psycopg.connect(admin_url, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port():
    import socket

    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", help="sweep a server already running at this address")
    parser.add_argument("--databases", default="sqlite,postgresql", help="started here: sqlite, postgresql")
    parser.add_argument(
        "--admin-url",
        default=os.environ.get("BENCH_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
        help="a PostgreSQL server where a throwaway database may be created",
    )
    parser.add_argument("--sample", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    patterns = public_patterns()
    failures = 0
    targets = [("server at " + args.base, contextlib.nullcontext(args.base))] if args.base else []
    workdir = Path(tempfile.mkdtemp(prefix="jetro-sweep-"))
    try:
        if not args.base:
            targets = [(database, None) for database in args.databases.split(",")]
        for label, server in targets:
            started = time.monotonic()
            context = server if server is not None else production_server(label, workdir, args.admin_url)
            with context as base:
                statuses, failed, paths = sweep(base, args.sample, args.seed, patterns=patterns)
            report(label, statuses, failed, paths, time.monotonic() - started)
            failures += len(failed)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"\nresult: {'PASS' if not failures else 'FAIL'} ({failures} requests answered 5xx or not at all)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
