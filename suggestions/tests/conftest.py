import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """django-ratelimit counts in the cache, which outlives a test: each test starts with no submission counted."""
    cache.clear()
    yield
    cache.clear()
