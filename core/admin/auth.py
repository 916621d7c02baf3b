"""The admin's sign-in and sign-out, leading somewhere that exists when their `next` is refused.

Django refuses a `next` that leads to another site, then falls back on
LOGIN_REDIRECT_URL (/accounts/profile/, a 404 here) after signing in, and on
the sign-out address itself (a GET there is a 405) after signing out. Here a
refused `next` is replaced before the views see it: by the admin's front page
for signing in, by the sign-in page for signing out. jetro_site/urls.py routes
the admin's two addresses to these views.
"""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache


def replace_refused_next(request, fallback):
    """Replace a `next` in the query or the form that Django would refuse (another host, "") by `fallback`."""
    for source in ("GET", "POST"):
        params = getattr(request, source)
        if REDIRECT_FIELD_NAME not in params:
            continue
        allowed = url_has_allowed_host_and_scheme(
            params.get(REDIRECT_FIELD_NAME), allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        if not allowed:
            params = params.copy()
            params[REDIRECT_FIELD_NAME] = fallback
            setattr(request, source, params)


@never_cache
def admin_login(request, extra_context=None):
    replace_refused_next(request, reverse("admin:index", current_app=admin.site.name))
    return admin.site.login(request, extra_context)


def _admin_logout(request, extra_context=None):
    replace_refused_next(request, reverse("admin:login", current_app=admin.site.name))
    return admin.site.logout(request, extra_context)


# As the admin wraps its own sign-out view: staff only, CSRF-protected, never cached.
admin_logout = admin.site.admin_view(_admin_logout)
