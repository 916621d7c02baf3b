"""Links to listings' pages, without a full URL reverse for each one.

A directory page links fifty offices; reversing each link through the URL
resolver cost more than rendering its row. The pattern is reversed once per
language (and script prefix) and the slug put in its place.
"""

from functools import lru_cache

from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

PLACEHOLDER = "slug-placeholder"


@lru_cache(maxsize=64)
def _pattern(name, language, prefix):
    return reverse(name, args=[PLACEHOLDER])


def listing_url(name, slug):
    return _pattern(name, get_language(), get_script_prefix()).replace(PLACEHOLDER, slug, 1)
