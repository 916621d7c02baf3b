"""The shared cache's state, for /healthz.

With REDIS_URL set the cache is django-redis with IGNORE_EXCEPTIONS (settings,
decision 0013): while Redis cannot be reached a read is a miss and a write goes
nowhere, so pages are rendered as if nothing were cached. Nothing the site needs
to be right is kept only in the cache (the generation and the sessions are in
the database).
"""

from django.core.cache import caches
from django_redis.cache import RedisCache
from redis.exceptions import RedisError


def state():
    """ "ok" (Redis answers), "unavailable" (it does not), or "local" (memory, this process only)."""
    cache = caches["default"]
    if not isinstance(cache, RedisCache):
        return "local"
    try:
        cache.client.get_client(write=True).ping()
    except RedisError:
        return "unavailable"
    return "ok"
