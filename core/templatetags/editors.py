from django import template
from django.urls import reverse

from core.registry import verified_models

register = template.Library()


@register.simple_tag(takes_context=True)
def listings_due_for_verification(context):
    """For the admin's front page: how many listings of each kind are due, with a link to them."""
    user = context["request"].user
    due = []
    for model in verified_models():
        opts = model._meta
        if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        count = model.objects.needing_verification().count()
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + "?verification=due"
        name = opts.verbose_name if count == 1 else opts.verbose_name_plural
        due.append({"count": count, "name": name, "url": url})
    return [item for item in due if item["count"]]
