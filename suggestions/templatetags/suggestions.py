from django import template

from core.links import listing_url

register = template.Library()


@register.simple_tag
def suggest_url(listing):
    """The correction form of an office or a service: /offices/<slug>/suggest/ (in the page's language)."""
    return listing_url(f"suggestions:{listing._meta.app_label}", listing.slug)
