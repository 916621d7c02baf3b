"""A sample of the hostile sweep (scripts/hostile_sweep.py) against the production server: never a 5xx.

The whole sweep (every public address and parameter, about 30,000 requests) runs on its own, on
SQLite and PostgreSQL, for a release; here a fixed sample of 400 of its requests, and every
correction and enquiry form posted hostile values, keeps it honest on the test's own data.
"""

import sys

import pytest

from tests.servers import BASE_DIR
from tests.support import public_url_patterns
from tests.test_site import listings  # noqa: F401 (the fixture)

sys.path.insert(0, str(BASE_DIR / "scripts"))
import hostile_sweep

sys.path.remove(str(BASE_DIR / "scripts"))

# The rows every public page needs (tests/test_site.py), committed for the server to read.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("listings")]


def patterns():
    return [(pattern.name, pattern.params, pattern.languages) for pattern in public_url_patterns() if pattern.name]


def test_the_sweep_walks_every_public_pattern_with_real_and_junk_values(production_server):
    production_server.start()
    every, swept = hostile_sweep.addresses(production_server.url, patterns())
    assert {"/offices/hokkaido/", "/offices/nope/", "/ja/offices/%E2%80%AE/", "/countries/zz/"} <= set(every)
    assert {"/offices/hokkaido/", "/api/v1/offices/hokkaido/", "/countries/fr/", "/api/v1/"} <= set(swept)


def test_a_sample_of_the_hostile_sweep_gets_no_server_error(production_server):
    production_server.start()
    statuses, failed, _paths = hostile_sweep.sweep(production_server.url, sample=400, seed=23, patterns=patterns())
    assert sum(statuses.values()) > 400
    assert not failed, failed
