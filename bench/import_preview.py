"""How long an editor waits for the preview of the largest CSV import the admin takes (docs/editors.md).

A file of core.admin.csv_import.MAX_LINES lines (the header and new offices, each a copy of a shipped
office under a new slug: every line is validated, worked out and written, then rolled back) is
uploaded to the production server, as `make serve` runs it, by a signed-in administrator, on
SQLite and on PostgreSQL. `make bench` runs it after the pages; alone:

    .venv/bin/python bench/import_preview.py [--lines 500] [--sizes sqlite,postgresql]
"""

import argparse
import csv
import http.cookiejar
import io
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from stack import BASE_DIR, PY, PrivateRedis, Server, Site, spare_port

OFFICES = BASE_DIR / "offices" / "data" / "offices.csv"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def import_file(lines):
    """The shipped offices file's header, then `lines - 1` new offices copied from its rows."""
    with open(OFFICES, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for number in range(lines - 1):
        row = rows[number % len(rows)]
        writer.writerow({**row, "slug": f"{row['slug']}-copy-{number}"[:80], "successor": ""})
    return out.getvalue().encode("utf-8")


def administrator(site):
    password = secrets.token_urlsafe(24)
    env = {**site.env, "DJANGO_SUPERUSER_PASSWORD": password}
    subprocess.run(
        [PY, "manage.py", "createsuperuser", "--noinput", "--username", "bench", "--email", "bench@example.org"],
        cwd=BASE_DIR, env=env, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return password


def multipart(fields, file_field, file_name, content):
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{file_name}"\r\n'
        "Content-Type: text/csv\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def preview_seconds(server, password, content):
    """Sign in, upload `content` to the offices' import, and time the preview's answer."""
    jar = urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    opener = urllib.request.build_opener(jar)
    login = server.base + "/admin/login/"
    token = CSRF.search(opener.open(login, timeout=30).read().decode()).group(1)
    form = {"username": "bench", "password": password, "csrfmiddlewaretoken": token, "next": "/admin/"}
    signing_in = urllib.request.Request(login, urllib.parse.urlencode(form).encode(), headers={"Referer": login})  # noqa: S310 - loopback
    opener.open(signing_in)
    url = server.base + "/admin/offices/office/import/"
    token = CSRF.search(opener.open(url, timeout=30).read().decode()).group(1)
    body, content_type = multipart(
        {"csrfmiddlewaretoken": token, "format": "0", "resource": "0"}, "import_file", "offices.csv", content
    )
    request = urllib.request.Request(url, body, headers={"Content-Type": content_type, "Referer": url})  # noqa: S310
    started = time.perf_counter()
    with opener.open(request, timeout=600) as response:
        page = response.read().decode()
    took = time.perf_counter() - started
    if 'name="import_file_name"' not in page:
        raise SystemExit(f"no preview on {server.site.label}: {page[:500]}")
    return took


def measure(site, lines, workers=2, threads=4):
    """Seconds for the preview of a `lines`-line file on `site` (loaded), served as `make serve` serves it."""
    password = administrator(site)
    server = Server(site, True, workers, threads).start()
    try:
        return preview_seconds(server, password, import_file(lines))
    finally:
        server.stop()


def report(results, lines):
    print(f"\nCSV import preview of {lines} lines (new offices), as an editor waits for it:")
    for label, seconds in results.items():
        print(f"  {label:20} {seconds:6.1f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=None, help="default: core.admin.csv_import.MAX_LINES")
    parser.add_argument("--sizes", default="sqlite,postgresql")
    parser.add_argument(
        "--admin-url",
        default=os.environ.get("BENCH_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
        help="a PostgreSQL server where a throwaway database may be created",
    )
    args = parser.parse_args()
    lines = args.lines or max_lines()
    workdir = Path(tempfile.mkdtemp(prefix="jetro-bench-import-"))
    redis = PrivateRedis(workdir, spare_port())
    sites, results = [], {}
    try:
        if "postgresql" in args.sizes:
            redis.start()
        if "sqlite" in args.sizes:
            sites.append(Site.sqlite(workdir))
        if "postgresql" in args.sizes:
            sites.append(Site.postgresql(workdir, args.admin_url, f"jetro_bench_import_{os.getpid()}", redis))
        for number, site in enumerate(sites):
            site.load(collectstatic=number == 0)
            results[site.label] = measure(site, lines)
        report(results, lines)
    finally:
        for site in sites:
            site.drop()
        if "postgresql" in args.sizes:
            redis.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def max_lines():
    """settings.IMPORT_FILE_MAX_LINES, as the site reads it."""
    script = "from django.conf import settings; print(settings.IMPORT_FILE_MAX_LINES)"
    command = [PY, "manage.py", "shell", "--no-imports", "-c", script]
    return int(subprocess.run(command, cwd=BASE_DIR, capture_output=True, check=True).stdout)


if __name__ == "__main__":
    sys.exit(main())
