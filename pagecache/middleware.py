"""A cache of whole public pages and API answers, never stale for an editor.

A view opts in with `@cached_page(seconds)` (or `cached_page(seconds)(view)`
in a URLconf). For such a view, a GET or HEAD is answered from the cache when
a copy rendered in the current generation exists; otherwise the rendered 200
is stored. ETags and 304s are not made here but by Django's
ConditionalGetMiddleware, outside this one (core.middleware), for cached
and uncached answers alike.

Settings: PAGE_CACHE_SECONDS (0 turns the cache off) caps every timeout.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from .generation import current

ATTRIBUTE = "page_cache_seconds"
# Timeouts for views to ask for: a page that never changes by itself, and one
# that shows a clock (an office's local time) and so keeps a copy a minute at most.
PAGE = 24 * 60 * 60
LOCAL_TIME = 60


def cached_page(seconds):
    """Mark a view as cacheable for up to `seconds` (its content is the same for every visitor)."""

    def mark(view):
        setattr(view, ATTRIBUTE, seconds)
        return view

    return mark


def page_key(request, generation):
    parts = [request.get_full_path(), get_language() or ""]
    if request.path_info.startswith("/api/"):
        # The API's schema is JSON or YAML as the Accept header asks.
        parts.append(request.headers.get("Accept", ""))
    digest = hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
    return f"page:{generation}:{digest}"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        entry = getattr(request, "_page_cache", None)
        if entry and self.storable(response):
            key, seconds = entry
            cache.set(key, response, seconds)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        seconds = min(getattr(view_func, ATTRIBUTE, 0), settings.PAGE_CACHE_SECONDS)
        if seconds <= 0 or request.method not in ("GET", "HEAD"):
            return None
        key = page_key(request, current())
        cached = cache.get(key)
        if cached is not None:
            return cached
        request._page_cache = (key, seconds)
        return None

    @staticmethod
    def storable(response):
        # Only what is the same for everybody: no cookie set, nothing that varies by cookie.
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "cookie" not in response.get("Vary", "").lower()
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
        )
