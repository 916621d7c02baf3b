"""How often one address may use the correction form.

- At most SUGGESTIONS_PER_HOUR suggestions an hour are kept from one address.
- At most ATTEMPTS_PER_HOUR submissions of the form an hour from one address,
  whatever their outcome (form errors and the honeypot included).

Both are counted by django-ratelimit in the shared cache (Redis when REDIS_URL
is set). The first is also counted in the database, from the suggestions kept
in the last hour under the same address key, because the cache alone does not
hold it everywhere: without Redis each app process has a memory cache of its
own, and while Redis is down it holds nothing. A refused submission is a 429
page that says when to try again.

The address is the one core.middleware.client_ip trusts (TRUSTED_PROXY_COUNT);
an IPv6 address counts by its /64 network, which one household or customer
usually holds whole. Neither the cache nor the database keeps the address
itself: the cache key is django-ratelimit's digest, and a suggestion keeps a
keyed digest (HMAC with SECRET_KEY), erased after a week (suggestions.retention).
"""

import hashlib
import hmac
import ipaddress
import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_ratelimit.core import get_usage

from core.middleware import client_ip

SUGGESTIONS_PER_HOUR = 5
ATTEMPTS_PER_HOUR = 30
WINDOW = timedelta(hours=1)

logger = logging.getLogger("jetro_site.suggestions")


def client_network(request):
    """The sender as counted: the IPv4 address, the IPv6 /64, or "unknown" (all unknown senders share one count)."""
    try:
        address = ipaddress.ip_address(client_ip(request) or "")
    except ValueError:
        return "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def client_key(request):
    """A keyed digest of the sender's network: the same sender, the same key; the address cannot be read back."""
    return hmac.new(settings.SECRET_KEY.encode(), client_network(request).encode(), hashlib.sha256).hexdigest()


def _key(group, request):
    return client_key(request)


def counted(request, group, per_hour):
    """Count this request in `group`: (over the limit, seconds until the count starts again).

    None when the cache cannot answer (django-ratelimit's "failed" answer, or an
    error from a cache that is down): the database count decides alone.
    """
    try:
        usage = get_usage(request, group=group, key=_key, rate=f"{per_hour}/h", method="POST", increment=True)
    except Exception:  # a cache outage must not turn the form into a 500
        logger.warning("The rate limit's cache did not answer; counting in the database only", exc_info=True)
        return None
    if usage is None or usage["time_left"] < 0:
        return None
    return usage["should_limit"], max(int(usage["time_left"]), 1)


def attempt_refused(request):
    """(True, retry after) when this address sent the form too often this hour; counts this attempt."""
    answer = counted(request, "suggestions.attempts", ATTEMPTS_PER_HOUR)
    return answer if answer and answer[0] else (False, 0)


def suggestion_refused(request, kept_recently):
    """(True, retry after) when this address already had its suggestions this hour; counts this one.

    `kept_recently`: how many suggestions the database holds from this address within WINDOW.
    """
    answer = counted(request, "suggestions.kept", SUGGESTIONS_PER_HOUR)
    if answer and answer[0]:
        return answer
    if kept_recently >= SUGGESTIONS_PER_HOUR:
        return True, int(WINDOW.total_seconds())
    return False, 0


def window_start():
    return timezone.now() - WINDOW
