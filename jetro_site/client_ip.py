"""The visitor's IP address, trusting X-Forwarded-For only as far as our own proxies.

Used by the admin's login throttle (django-axes) and the request log. A client
can write anything into X-Forwarded-For; only the entries appended by the
TRUSTED_PROXY_COUNT proxies in front of the site are facts. Believing the
left-most entry would let an attacker pick a fresh address for every
password guess, and so never be locked out.
"""

import ipaddress

from django.conf import settings


def _valid(address):
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request):
    """REMOTE_ADDR, or with N trusted proxies the N-th address from the right of X-Forwarded-For."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        # Each trusted proxy appends the address it received the request from;
        # fewer entries than proxies means the first one is the nearest we know.
        candidate = hops[-proxies] if len(hops) >= proxies else hops[0] if hops else ""
        address = _valid(candidate)
        if address:
            return address
    return _valid(remote) or remote or None
