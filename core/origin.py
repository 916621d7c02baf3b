"""The origin (scheme://host[:port]) a request names, and the site's own (settings.SITE_ORIGIN).

Absolute links are built from the request (`request.build_absolute_uri`, the
sitemap), so an answer shared between visitors may only be one rendered for
the site's own origin: Django checks the host against ALLOWED_HOSTS but lets
any port through, and the scheme comes from the connection (or from
X-Forwarded-Proto when BEHIND_TLS_PROXY says a proxy sets it).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http.request import validate_host

DEFAULT_PORTS = {"http": "80", "https": "443"}


def canonical_origin(value, allowed_hosts):
    """settings.SITE_ORIGIN from the environment: "" or scheme://host[:port], as browsers send it.

    Lower case, no default port; the host must be one of ALLOWED_HOSTS.
    """
    value = value.strip().rstrip("/")
    if not value:
        return ""
    parts = urlsplit(value)
    try:
        port = parts.port
    except ValueError:  # not a number, or out of range
        port = -1
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname or port == -1 or parts.username is not None:
        port = -1
    if port == -1 or parts.path or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"SITE_ORIGIN must be scheme://host[:port], e.g. https://example.org; got {value!r}."
        )
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    if not validate_host(host, allowed_hosts):
        raise ImproperlyConfigured(f"SITE_ORIGIN's host {host!r} is not in ALLOWED_HOSTS.")
    return f"{parts.scheme}://{host}" + (f":{port}" if port and str(port) != DEFAULT_PORTS[parts.scheme] else "")


def request_origin(request):
    """scheme://host[:port] as the request names it, lower case, without the scheme's default port."""
    scheme = request.scheme
    host = request.get_host().lower()
    name, _, port = host.rpartition(":")
    if name and not host.endswith("]") and port == DEFAULT_PORTS.get(scheme):
        host = name
    return f"{scheme}://{host}"


def site_origin(request):
    """The origin absolute links should use: SITE_ORIGIN, or the request's own when it is not set."""
    return settings.SITE_ORIGIN or request_origin(request)


def is_canonical(request):
    """True unless SITE_ORIGIN is set and the request names another origin."""
    return not settings.SITE_ORIGIN or request_origin(request) == settings.SITE_ORIGIN
