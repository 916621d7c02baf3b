"""Rate limits that hold under concurrency: one atomic counter per sender (or recipient) and window, in the database.

`hit(name, limit, period)` adds one to the count of `name` in the current
fixed window (an hour, a day) and says whether the count is still within
`limit`. The count is one statement, `INSERT ... ON CONFLICT DO UPDATE ...
RETURNING` (SQLite 3.35+ and PostgreSQL alike), so parallel requests each see
their own number: twenty posts at once against a limit of five keep five,
whatever the database and however many app servers. Nothing is read first
and written later, and nothing lives only in a cache that may be down.

Senders are counted by `client_key(request)`: a keyed digest (HMAC with
SECRET_KEY) of the address core.middleware.client_ip trusts, an IPv6 address
by its /64 network, which one household or customer usually holds whole. The
address itself is never stored. Counts of past windows are deleted by `prune()`
(run by the daily purge commands).
"""

import hashlib
import hmac
import ipaddress
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from .middleware import client_ip
from .models import RateCount


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    count: int
    retry_after: int  # seconds until the window closes


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


def hit(name, limit, period, now=None):
    """Count one more for `name` in the current window of `period` (a timedelta); allowed while within `limit`."""
    seconds = int(period.total_seconds())
    now = time.time() if now is None else now
    until = (int(now) // seconds + 1) * seconds
    table = connection.ops.quote_name(RateCount._meta.db_table)
    count_column = connection.ops.quote_name("count")
    sql = (
        f"INSERT INTO {table} (name, until, {count_column}) VALUES (%s, %s, 1) "  # noqa: S608 (the model's own table)
        f"ON CONFLICT (name, until) DO UPDATE SET {count_column} = {table}.{count_column} + 1 "
        f"RETURNING {count_column}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [name[:200], until])
        (count,) = cursor.fetchone()
    return Verdict(allowed=count <= limit, count=count, retry_after=max(1, int(until - now)))


def prune(now=None):
    """Delete the counts of windows that have closed; how many."""
    now = time.time() if now is None else now
    return RateCount.objects.filter(until__lt=int(now)).delete()[0]
