"""The shared cache (Redis) failing open: a cache that cannot be reached is a cache that holds nothing.

Django's own RedisCache raises redis' ConnectionError from `cache.get` when
Redis is down, and redis-py retries each command three times with back-off
first: every page would be a 500, and a slow one. Here a read during an outage
is a miss and a write goes nowhere, so pages are rendered as if nothing were
cached; nothing the site needs to be right is kept only in the cache (the page
cache's generation and the sessions are in the database).

After a failure the cache is not asked again for `RETRY_SECONDS` by this
thread (Django keeps one cache connection per thread), so that an unreachable
host (a connect that times out rather than one refused at once) costs one
slow request every few seconds, not every request.
`state()` asks Redis directly, for /healthz.
"""

import functools
import logging
import time

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

logger = logging.getLogger("jetro_site.cache")

# Seconds a process leaves the cache alone after it failed to answer.
RETRY_SECONDS = 2.0
# Seconds to connect to Redis and to wait for an answer: it is on the local network.
SOCKET_TIMEOUT = 0.5


class FailFastClient(RedisCacheClient):
    """Django's Redis client without redis-py's retries: the caller decides what a failure means."""

    def get_client(self, key=None, *, write=False):
        return self._client(connection_pool=self._get_connection_pool(write), retry=Retry(NoBackoff(), 0))


def _fail_open(default=None):
    """Run the cache operation; if Redis cannot be reached, note it and return `default`."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if time.monotonic() < self.retry_at:
                return default(args, kwargs) if callable(default) else default
            try:
                result = method(self, *args, **kwargs)
            except RedisError as error:
                self.failed(error)
                return default(args, kwargs) if callable(default) else default
            self.answered()
            return result

        return wrapper

    return decorate


def _default_argument(args, kwargs):
    """cache.get(key, default): the caller's default."""
    return kwargs.get("default", args[1] if len(args) > 1 else None)


class FailOpenRedisCache(RedisCache):
    """RedisCache whose reads miss and whose writes are skipped while Redis is unreachable."""

    def __init__(self, server, params):
        options = params.setdefault("OPTIONS", {})
        options.setdefault("socket_connect_timeout", SOCKET_TIMEOUT)
        options.setdefault("socket_timeout", SOCKET_TIMEOUT)
        super().__init__(server, params)
        self._class = FailFastClient
        self.retry_at = 0.0

    def failed(self, error):
        if not self.retry_at:
            logger.warning("Cache unavailable, pages are rendered without it: %s", error)
        self.retry_at = time.monotonic() + RETRY_SECONDS

    def answered(self):
        if self.retry_at:
            logger.warning("Cache available again")
            self.retry_at = 0.0

    add = _fail_open(False)(RedisCache.add)
    get = _fail_open(_default_argument)(RedisCache.get)
    set = _fail_open(None)(RedisCache.set)
    touch = _fail_open(False)(RedisCache.touch)
    delete = _fail_open(False)(RedisCache.delete)
    get_many = _fail_open({})(RedisCache.get_many)
    has_key = _fail_open(False)(RedisCache.has_key)
    set_many = _fail_open(lambda args, kwargs: list(args[0] if args else kwargs["data"]))(RedisCache.set_many)
    delete_many = _fail_open(None)(RedisCache.delete_many)
    clear = _fail_open(False)(RedisCache.clear)

    def ping(self):
        """Ask Redis itself (not the breaker): True when it answers."""
        try:
            self._cache.get_client(write=True).ping()
        except RedisError:
            return False
        return True


def state():
    """The shared cache's state, for /healthz: "ok", "unavailable", or "local" (memory, this process only)."""
    ping = getattr(cache, "ping", None)
    if ping is None:
        return "local"
    if ping():
        cache.answered()
        return "ok"
    return "unavailable"
