"""What the benchmark asks for: the pages people open, and the distinct searches they type.

One-URL pages are asked for again and again, as a popular page is. The searches
(bench/queries.txt), the places typed into "nearest office" (bench/places.txt) and the
directory with its filters varied are lists of distinct URLs that wrk walks through in
turn (bench/rotate.lua): a visitor's search is rarely someone else's.
"""

import csv
import itertools
import random
import urllib.parse
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
BASE_DIR = BENCH_DIR.parent
MINIMUM_DISTINCT = 500

# Pages asked for by one URL; "static file" is filled in from the home page's stylesheet link.
PAGES = {
    "healthz": "/healthz",
    "static file": None,
    "home": "/",
    "directory": "/offices/",
    "office page": "/offices/dusseldorf/",
    "services": "/services/",
    "services by country": "/services/?country=DE",
    "country page": "/countries/de/",
    "country without office": "/countries/si/",
    "map page": "/offices/map/",
    "contacts": "/contacts/",
    "api list": "/api/v1/offices/",
    "geojson export": "/api/v1/exports/offices.geojson",
}
# Lists of distinct URLs, walked in turn.
LISTS = (
    "search /search/ (distinct)",
    "search /offices/ (distinct)",
    "nearest office (distinct)",
    "directory, filters varied",
)
NOT_PAGES = {"healthz", "static file"}  # not the site's pages: the floor, and whitenoise
EXPORTS = {"api list", "geojson export"}

# Minimum throughput as a ratio of /healthz (docs/performance.md). "hit": the page cache answers (the same URL
# again, or a list asked for once before); "miss": a server with the page cache off renders every time.
HIT_TARGETS = {"directory": 0.5, "office page": 0.5, "country page": 0.5, "api list": 0.4}
MISS_TARGETS = {
    **{name: 0.15 for name in [*PAGES, *LISTS] if name not in NOT_PAGES | EXPORTS},
    # Visitors' searches are distinct, so they are misses as served: the stricter target applies here.
    "search /search/ (distinct)": 0.25,
    "search /offices/ (distinct)": 0.25,
    "nearest office (distinct)": 0.25,
    "api list": 0.1,
}
# Pages followed as the directory grows (PostgreSQL, page cache off, one connection).
SCALE_PAGES = (
    "healthz", "directory", "office page", "services by country", "country page", "map page",
    "search /search/ (distinct)", "search /offices/ (distinct)", "nearest office (distinct)",
)  # fmt: skip


def read_list(name):
    """The lines of bench/<name> that are not blank or comments, each once."""
    lines = (line.strip() for line in (BENCH_DIR / name).read_text(encoding="utf-8").splitlines())
    items = list(dict.fromkeys(line for line in lines if line and not line.startswith("#")))
    if len(items) < MINIMUM_DISTINCT:
        raise SystemExit(f"bench/{name} holds {len(items)} distinct lines; the benchmark needs {MINIMUM_DISTINCT}.")
    return items


def with_query(path, **params):
    return f"{path}?{urllib.parse.urlencode(params, quote_via=urllib.parse.quote)}"


def directory_filters():
    """The directory with its filters varied: each kind, region, country, prefecture and service, a few
    combinations, the later pages, and the same in Japanese (values from the shipped data)."""
    with open(BASE_DIR / "offices" / "data" / "offices.csv", encoding="utf-8") as data:
        offices = list(csv.DictReader(data))
    with open(BASE_DIR / "services" / "data" / "services.csv", encoding="utf-8") as data:
        services = [row["slug"] for row in csv.DictReader(data)]
    kinds = sorted({row["kind"] for row in offices})
    regions = sorted({row["region"] for row in offices if row["region"]})
    countries = sorted({row["country"] for row in offices})
    prefectures = sorted({row["prefecture"] for row in offices if row["prefecture"]})
    paths = ["/offices/?page=2", "/offices/?page=3"]
    paths += [with_query("/offices/", kind=kind) for kind in kinds]
    paths += [with_query("/offices/", region=region) for region in regions]
    paths += [with_query("/offices/", country=country) for country in countries]
    paths += [with_query("/offices/", prefecture=prefecture) for prefecture in prefectures]
    paths += [with_query("/offices/", service=service) for service in services]
    paths += [with_query("/offices/", kind="overseas", region=region) for region in regions]
    paths += [with_query("/offices/", kind="domestic", prefecture=prefecture) for prefecture in prefectures[:10]]
    paths += [with_query("/offices/", region=r, service=s) for r, s in itertools.product(regions[:4], services[:5])]
    paths += ["/ja" + path for path in paths[:: len(paths) // 40 or 1]]
    return list(dict.fromkeys(paths))


def url_lists():
    """{list name: [path, ...]}: what wrk walks through for each list, in a shuffled but fixed order, so
    that the part a short run reaches (or the hit run's sample) is like the whole list."""
    queries, places = read_list("queries.txt"), read_list("places.txt")
    lists = {
        "search /search/ (distinct)": [with_query("/search/", q=query) for query in queries],
        "search /offices/ (distinct)": [with_query("/offices/", q=query) for query in queries],
        "nearest office (distinct)": [with_query("/offices/nearest/", near=place) for place in places],
        "directory, filters varied": directory_filters(),
    }
    for paths in lists.values():
        random.Random(15).shuffle(paths)  # noqa: S311 - a fixed order, not a secret
    return lists
