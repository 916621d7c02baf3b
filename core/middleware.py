"""Site-wide middleware: request ids and timing, security headers, database outages, conditional GET."""

import logging
import re
import time
import uuid

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.middleware.http import ConditionalGetMiddleware
from ipware import get_client_ip

from .log import request_id
from .outage import database_unavailable, is_database_outage

request_logger = logging.getLogger("jetro_site.request")
error_logger = logging.getLogger("jetro_site.errors")

# A proxy's id is reused only if it cannot smuggle anything into a log line or header.
WELL_FORMED_REQUEST_ID = re.compile(r"[A-Za-z0-9._:@-]{1,128}")


def client_ip(request):
    """The visitor's address, trusting X-Forwarded-For only as far as our own proxies (django-ipware).

    Used by the admin's login throttle (AXES_CLIENT_IP_CALLABLE) and the request
    log. With TRUSTED_PROXY_COUNT = N, each of our N proxies appends the address
    it received the request from, so the client is the N-th entry from the
    right; anything further left was written by the client and is ignored, so a
    forged header cannot pick a fresh address for every password guess. With
    no proxy, the TCP peer (REMOTE_ADDR) is the client.
    """
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return get_client_ip(request, request_header_order=["REMOTE_ADDR"])[0]
    address, _routable = get_client_ip(
        request,
        # python-ipware counts the proxies named inside the header: all ours but the nearest.
        proxy_count=proxies - 1,
        proxy_order="left-most",
        request_header_order=["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"],
        strict=False,
    )
    return address


class RequestLogMiddleware:
    """First in the chain: gives every request an id, echoes it, and logs method, path, status and duration.

    The id comes from the proxy's X-Request-ID when it is well formed, so a
    request can be followed from the load balancer to the app; otherwise one is
    made here. Static files pass through too (whitenoise sits further in).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        rid = incoming if WELL_FORMED_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = rid
        token = request_id.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = rid
            request_logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "client_ip": client_ip(request),
                },
            )
            return response
        finally:
            request_id.reset(token)


class PermissionsPolicyMiddleware:
    """Permissions-Policy on every response: the site uses no camera, microphone, location, payment..."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def is_admin_path(path):
    """An address in the editors' admin, in English (/admin/...) or Japanese (/ja/admin/...)."""
    for code, _name in settings.LANGUAGES:
        if path.startswith(f"/{code}/"):
            path = path[len(code) + 1 :]
            break
    return path.startswith("/" + settings.ADMIN_URL)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's few extra allowances added on admin pages only.

    The public pages keep the strict policy from CONTENT_SECURITY_POLICY; the
    admin (and its import/export screens) needs inline styles and one inline
    event handler, allowed by hash, which CSP_ADMIN_ADDITIONS lists.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and is_admin_path(request.path_info):
            update = {key: list(value) for key, value in (parts.update or {}).items()}
            for directive, sources in settings.CSP_ADMIN_ADDITIONS.items():
                update[directive] = [*update.get(directive, []), *sources]
            parts.update = update
        return parts


class DatabaseUnavailableMiddleware:
    """A request that finds the database gone gets a 503 with Retry-After, never a 500 with a trace.

    Logged with the trace for operators; the visitor's page is rendered from a
    template that needs no database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_outage(exception):
            error_logger.error("Database unavailable: %s %s", request.method, request.path, exc_info=exception)
            return database_unavailable(request)
        return None


class ConditionalGetOn200Middleware(ConditionalGetMiddleware):
    """Django's ConditionalGetMiddleware: the one place that sets ETags and answers 304,
    for pages (cached or not) and the API alike. Only a 200 gets an ETag: an error
    page is not a representation a client should keep."""

    def needs_etag(self, response):
        return response.status_code == 200 and super().needs_etag(response)
