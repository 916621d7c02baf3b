"""Cross-Origin-Resource-Policy: which responses another site's page may load into itself.

The open data (the API and its downloads under /api/v1/, as CORS opens them), the directory's
other downloads (CSV, vCard, the sitemap) and the static files are public and meant to be
reused: `cross-origin`. The pages and everything in the editors' admin are for this site's own
pages only: `same-origin`, so that no other site can pull them into its process with an <img>
or <script> (the reads Spectre-style attacks rely on). A response that sets its own keeps it.
"""

import re

from django.conf import settings

from .middleware import is_admin_path


def resource_policy(request, response):
    path = request.path_info
    if re.match(settings.CORS_URLS_REGEX, path):
        return "cross-origin"
    if is_admin_path(path) or response.get("Content-Type", "").startswith("text/html"):
        return "same-origin"
    return "cross-origin"


class CrossOriginResourcePolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", resource_policy(request, response))
        return response
