"""Generated query strings and slugs thrown at every endpoint of the schema: never a server error.

Hypothesis builds each request from the OpenAPI document itself, so an
endpoint or a parameter added later is covered without touching this test.
Deterministic (derandomize) and bounded (max_examples), so that CI runs it
quickly and always the same way.
"""

import json
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from offices.tests.factories import DomesticOfficeFactory, OfficeFactory, OpeningHoursFactory
from services.tests.factories import ContactPointFactory, ServiceFactory

pytestmark = pytest.mark.django_db

# Text as a client might send it: any character a URL can carry (no lone
# surrogates), NUL bytes, accents, Japanese, very long strings.
TEXT = st.one_of(
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=30),
    st.sampled_from(["\x00", "ZZ", "-1", "0", "1e9", "9" * 30, "ジェトロ", "São", "%00", "' OR 1=1 --", "x" * 5000]),
    st.integers(min_value=-(10**6), max_value=10**6).map(str),
)
# Date-times from year 1 to 9999, with and without an offset, and near misses.
DATE_TIMES = st.one_of(
    st.sampled_from(["0001-01-01", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", "2025-02-30"]),
    st.datetimes().map(lambda moment: moment.isoformat()),
    st.builds(lambda moment, hours: f"{moment.isoformat()}{hours:+03d}:00", st.datetimes(), st.integers(-23, 23)),
    st.dates().map(lambda day: day.isoformat()),
    st.from_regex(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?)?", fullmatch=True),
)
INTEGERS = st.one_of(st.integers(min_value=-5, max_value=5), st.integers()).map(str)


def values_for(schema):
    """What to send for a parameter: mostly what its schema describes, and sometimes anything."""
    if schema.get("enum"):
        typed = st.sampled_from(schema["enum"])
    elif schema.get("format") == "date-time":
        typed = DATE_TIMES
    elif schema.get("type") == "integer":
        typed = INTEGERS
    else:
        return TEXT
    return st.one_of(typed, TEXT)


def operations():
    client = Client()
    document = json.loads(client.get("/api/v1/schema/").content)
    found = []
    for path, methods in document["paths"].items():
        parameters = methods["get"].get("parameters", [])
        query = {p["name"]: p["schema"] for p in parameters if p["in"] == "query"}
        found.append((path, query))
    return found


@st.composite
def requests(draw, operations):
    path, query = draw(st.sampled_from(operations))
    if "{slug}" in path:
        slug = draw(st.one_of(st.sampled_from(["paris", "ibsc", "hidden", "draft"]), TEXT))
        path = path.replace("{slug}", quote(slug, safe="") or "x")
    names = draw(st.lists(st.sampled_from([*query, "format", "page_size", "unknown"]), max_size=4, unique=True))
    params = {name: draw(values_for(query.get(name, {}))) for name in names}
    return path, params


@pytest.fixture
def directory():
    paris = OfficeFactory(slug="paris", country="FR", city="Paris", phone="+33 1 42 61 27 27")
    OpeningHoursFactory(office=paris)
    DomesticOfficeFactory(slug="hokkaido")
    OfficeFactory(slug="hidden", is_published=False)
    ServiceFactory(slug="ibsc", offices=[paris], contact=ContactPointFactory(), countries=["JP"])
    ServiceFactory(slug="draft", is_published=False)


def test_no_generated_request_causes_a_server_error(directory):
    client = Client(raise_request_exception=True)
    found = operations()
    assert len(found) >= 10  # every endpoint of the schema, downloads included
    seen = set()

    @settings(
        max_examples=200,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(requests(found))
    def answer(request):
        path, params = request
        response = client.get(path, params)
        seen.add(response.status_code)
        assert response.status_code in (200, 301, 400, 404), (path, params, response.status_code)
        if response.status_code == 400:
            # Each error names a parameter that was sent.
            assert set(response.json()) <= set(params), (path, params, response.json())

    answer()
    # The generated requests reached the data, the errors and the misses.
    assert {200, 400, 404} <= seen
