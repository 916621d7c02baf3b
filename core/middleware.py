"""Site-wide middleware: request ids and timing, security headers, body limits, database outages, conditional GET."""

import contextlib
import logging
import re
import time
import uuid

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpResponse
from django.middleware.http import ConditionalGetMiddleware
from django.template import loader
from django.urls import Resolver404, resolve
from django.utils import translation
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
            if response.streaming and getattr(response, "file_to_stream", None) is None:
                # Made while it is sent: logged once it is all sent, or when it fails part-way.
                stream = response.streaming_content
                response.streaming_content = self.logged_stream(request, response.status_code, stream, rid, started)
            else:
                self.log(request, response.status_code, started)
            return response
        finally:
            request_id.reset(token)

    def logged_stream(self, request, status, stream, rid, started):
        token = request_id.set(rid)
        failed = None
        try:
            yield from stream
        except Exception as error:
            # The status has left; the client sees the answer cut off (no end of chunks), the log says why.
            failed = error
            raise
        finally:
            # Sent, failed, or left by a client that went away.
            self.log(request, status, started, failed=failed)
            # No cycle through the error's trace keeps the stream's generators alive (a PostgreSQL
            # cursor, which psycopg would close in the middle of a later query on this connection).
            failed = None
            with contextlib.suppress(ValueError):  # closed in another context than it started in
                request_id.reset(token)

    @staticmethod
    def log(request, status, started, failed=None):
        extra = {
            "method": request.method,
            "path": request.path,
            "status": status,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            "client_ip": client_ip(request),
        }
        if failed is None:
            request_logger.info("%s %s %s", request.method, request.path, status, extra=extra)
        else:
            extra["failed"] = f"{type(failed).__name__}: {failed}"
            request_logger.error(
                "%s %s %s failed part-way: the answer was cut off",
                request.method,
                request.path,
                status,
                exc_info=failed,
                extra=extra,
            )


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


def body_limit(request):
    """The largest body this request may have: the admin's CSV import takes a file, every other form a few fields."""
    path = request.path_info
    with translation.override(translation.get_language_from_path(path) or settings.LANGUAGE_CODE):
        try:
            match = resolve(path)
        except Resolver404:
            return settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    name = match.url_name or ""
    if "admin" in match.namespaces and name.endswith("_import") and not name.endswith("_process_import"):
        return settings.IMPORT_REQUEST_MAX_BYTES
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


class RequestBodyLimitMiddleware:
    """A request whose Content-Length is over its limit gets a 413 before any of its body is read.

    Without it, Django would read the body of any POST (public forms, the admin's sign-in) to
    parse it, writing an uploaded file of any size to the temporary directory. A body without
    a Content-Length (chunked) is not read by Django at all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE and length > (limit := body_limit(request)):
            request_logger.warning("Request body too large: %s bytes, at most %s", length, limit)
            return request_too_large(request, limit)
        return self.get_response(request)


def request_too_large(request, limit):
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        body = loader.render_to_string("413.html", {"limit": f"{limit // 1024:,} kB", "language": language})
    # gunicorn reads at most 64 KiB more of such a body (5 seconds at most), then closes the connection.
    return HttpResponse(body, status=413)


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
