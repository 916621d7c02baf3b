import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

H1 = re.compile(r"<h1[\s>]")


@pytest.fixture(autouse=True)
def english_by_default():
    """A request to /ja/ leaves Japanese active in the thread; each test starts in English."""
    with translation.override("en"):
        yield


def count_h1(response):
    return len(H1.findall(response.content.decode()))


@pytest.fixture
def assert_constant_queries(client, django_assert_max_num_queries):
    """Pin a page's query count: the same with 1 row as with 20, and at most `limit`.

    `grow(n)` must add n more rows of whatever the page lists.
    """

    def check(url, grow, limit):
        grow(1)
        with CaptureQueriesContext(connection) as one:
            assert client.get(url).status_code == 200
        grow(19)
        with django_assert_max_num_queries(limit):
            response = client.get(url)
        assert response.status_code == 200
        with CaptureQueriesContext(connection) as twenty:
            client.get(url)
        assert len(twenty) == len(one), f"{url}: {len(one)} queries with 1 row, {len(twenty)} with 20"
        return response

    return check
