"""A cache of whole public pages and API answers, never stale for an editor.

A view opts in with `@cached_page(seconds)` (or `cached_page(seconds)(view)`
in a URLconf). For such a view, a GET or HEAD is answered from the cache when
a copy rendered in the current generation exists; otherwise the rendered 200
is stored. ETags and 304s are not made here but by Django's
ConditionalGetMiddleware, outside this one (core.middleware), for cached
and uncached answers alike.

A copy is shared by every visitor who asks for the same thing, so:
- it is filed under the origin the request names (scheme, host and port,
  all of which end up in absolute links); with SITE_ORIGIN set, a request
  naming any other origin is answered but never cached (core.origin);
- it is kept only when the view asked for every query parameter by name
  (pagecache.query): unknown parameters cannot add copies.
A cache that cannot be reached is a cache that holds nothing (core.cache).

Copies are kept in Django's default cache, with the generation the request
read as the cache `version`. PAGE_CACHE_SECONDS caps every timeout; with 0
no copy is looked up or kept, and each request is rendered.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.utils.cache import set_response_etag
from django.utils.translation import get_language

from core.origin import is_canonical, request_origin

from .generation import for_request
from .query import TrackedQueryDict

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


def page_key(request):
    parts = [request_origin(request), request.get_full_path(), get_language() or ""]
    if request.path_info.startswith("/api/"):
        # The API's schema is JSON or YAML as the Accept header asks.
        parts.append(request.headers.get("Accept", ""))
    digest = hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
    return f"page:{digest}"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        entry = getattr(request, "_page_cache", None)
        if entry:
            key, generation, seconds, query = entry
            if self.storable(response) and not query.unasked():
                # The ETag Django's ConditionalGetMiddleware would make, made once and kept
                # with the copy, so that a hit does not hash the page again.
                if not response.has_header("ETag"):
                    set_response_etag(response)
                cache.set(key, response, seconds, version=generation)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        seconds = min(getattr(view_func, ATTRIBUTE, 0), settings.PAGE_CACHE_SECONDS)
        # A copy kept for no time is neither looked up nor stored, as Django's cache middleware
        # does with max-age=0: with PAGE_CACHE_SECONDS=0 a page costs its rendering and no more.
        if seconds <= 0 or request.method not in ("GET", "HEAD") or not is_canonical(request):
            return None
        try:
            generation = for_request(request)
        except DatabaseError:
            return None  # the view meets the outage too, and answers it (core.middleware)
        request.GET = query = TrackedQueryDict.of(request.GET)
        key = page_key(request)
        cached = cache.get(key, version=generation)
        if cached is not None:
            return cached
        request._page_cache = (key, generation, seconds, query)
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
