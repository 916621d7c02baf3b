from django import template
from django.contrib import admin
from django.urls import reverse

from core.admin.scope import editable
from core.registry import verified_models

register = template.Library()


@register.simple_tag(takes_context=True)
def listings_due_for_verification(context):
    """For the admin's front page: how many listings of each kind are due, with a link to them.

    An office editor counts only the listings in their scope (core.admin.scope).
    """
    user = context["request"].user
    due = []
    for model in verified_models():
        opts = model._meta
        if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        listings = editable(model.objects.all(), user)
        if listings.query.is_empty():
            continue
        count = listings.needing_verification().count()
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + "?verification=due"
        name = opts.verbose_name if count == 1 else opts.verbose_name_plural
        due.append({"count": count, "name": name, "url": url})
    return [item for item in due if item["count"]]


@register.simple_tag(takes_context=True)
def work_waiting(context):
    """For the admin's front page: what waits for this editor, from each admin that has a queue.

    A ModelAdmin joins by defining `waiting(request)`, returning {"count", "name", "url"}
    or None (the suggestions' review queue does); the core knows none of them.
    """
    request = context["request"]
    waiting = []
    for model_admin in admin.site._registry.values():
        ask = getattr(model_admin, "waiting", None)
        item = ask(request) if ask is not None else None
        if item and item["count"]:
            waiting.append(item)
    return waiting
