"""The admin's "View on site" shortcut (`<ADMIN_URL>r/<type>/<id>/`), within what the editor may see.

Django's own shortcut redirects any staff member to the public address of any
object by its id: an office editor could read a draft's slug, or an office's
outside their scope, from the redirect. Here the object is looked up through
its model admin, which applies the editor's scope, and the redirect is where
the admin's own link leads: a published listing's page, a draft's preview.
jetro_site/urls.py routes the shortcut's address to this view.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect


def _view_on_site(request, content_type_id, object_id):
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        raise Http404 from None
    model_admin = admin.site._registry.get(model)
    if model_admin is None or not model_admin.view_on_site:
        raise Http404
    try:
        obj = model_admin.get_queryset(request).get(pk=unquote(object_id))
    except (model.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    if not model_admin.has_view_or_change_permission(request, obj):
        raise Http404
    if callable(model_admin.view_on_site):
        url = model_admin.view_on_site(obj)
    else:
        url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else None
    if not url:
        raise Http404
    return redirect(url)


# As the admin wraps its own views: staff only, never cached.
view_on_site = admin.site.admin_view(_view_on_site)
