"""The benchmark asks for what visitors ask for: hundreds of distinct searches and places, in both languages."""

import math
import sys
from pathlib import Path

import pytest

BENCH_DIR = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(scope="module")
def bench():
    sys.path.insert(0, str(BENCH_DIR))
    try:
        import report
        import workload
    finally:
        sys.path.remove(str(BENCH_DIR))
    return workload, report


def test_the_search_list_holds_500_distinct_queries_in_english_and_japanese(bench):
    workload, _ = bench
    queries = workload.read_list("queries.txt")
    assert len(queries) >= 500
    # Names the forgiving search understands, in both languages, and common misspellings.
    for query in ("UK", "Holland", "saigon", "リヨン", "展示会", "sinagpore", "trade fair", "Düsseldorf"):
        assert query in queries
    assert sum(any("\u3040" <= char <= "\u9fff" for char in query) for query in queries) >= 150


def test_the_nearest_office_list_holds_500_distinct_places(bench):
    workload, _ = bench
    places = workload.read_list("places.txt")
    assert len(places) >= 500
    assert {"Lyon", "リヨン", "35.6762,139.6503", "Paris, Texas"} <= set(places)


def test_each_list_is_walked_as_distinct_urls_with_the_query_encoded(bench):
    workload, _ = bench
    lists = workload.url_lists()
    assert "/offices/?q=%E5%B1%95%E7%A4%BA%E4%BC%9A" in lists["search /offices/ (distinct)"]  # 展示会
    assert "/offices/nearest/?near=Paris%2C%20Texas" in lists["nearest office (distinct)"]
    assert "/offices/?country=DE" in lists["directory, filters varied"]
    for paths in lists.values():
        assert len(paths) == len(set(paths))
        assert all(path.isascii() and " " not in path for path in paths)


def test_the_tables_print_every_page_with_its_target(bench, capsys):
    workload, report = bench
    names = [*workload.PAGES, *workload.LISTS]
    row = {"rps": 300.0, "floor": 1000.0, "p50": 10.0, "p99": 20.0, "non_2xx": 0, "socket_errors": ""}
    labels = ["SQLite hit", "SQLite miss", "PostgreSQL hit", "PostgreSQL miss"]
    results = {label: {name: dict(row) for name in names} for label in labels}
    results["SQLite miss"]["map page"] = {"missing": 500}
    report.print_ratios(names, results, labels)
    report.print_problems(results)
    report.print_growth(
        {"real": {"map page": {"p50": 30.0}}, "10k": {"map page": {"p50": math.inf, "note": "over 10s"}}},
        ["map page"],
        1,
    )
    report.print_growth(
        {"real": {"map page": {"p50": 3.0}}, "10k": {"map page": {"p50": 9.0}}}, ["map page"], 1, kept=True
    )
    out = capsys.readouterr().out
    assert "page cache and pieces of pages off (a first render after an edit)" in out
    assert "pieces of pages kept (as visitors meet a page between edits)" in out
    assert "3.00x!" in out
    directory = next(line for line in out.splitlines() if line.startswith("directory "))
    assert "0.50/0.15" in directory
    assert "0.30 LOW" in directory  # 300 of 1000 req/s: below the hit target of 0.5
    assert "map page answered 500" in out
    assert ">10s" in out
