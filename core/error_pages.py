"""The pages a visitor gets when the site fails (500) or its database is away (503).

They use nothing that could fail with the rest of the site: no database, no
URL reversing, no context processors, and no static files served (the
stylesheet may be what went missing). They still look like the site: its
stylesheet is read from the source once and written into the page, and the
Content-Security-Policy allows that one <style> by its hash.
"""

import base64
import hashlib
from functools import cache

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template import loader

STYLESHEET = "css/site.css"


@cache
def inline_style():
    """(the site's stylesheet, its CSP source 'sha256-...'); ("", None) if it cannot be read."""
    path = finders.find(STYLESHEET)
    try:
        with open(path, encoding="utf-8") as handle:
            css = handle.read()
    except (TypeError, OSError):
        return "", None
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    return css, f"'sha256-{digest}'"


def error_page(template_name, status):
    css, source = inline_style()
    response = HttpResponse(loader.render_to_string(template_name, {"style": css}), status=status)
    if source:
        response._csp_update = {"style-src": [source]}  # django-csp reads it as @csp_update would set it
    return response
