from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()


@register.filter
def english(value):
    """Content that exists only in English, marked as such on a page in another language."""
    if not value or (get_language() or "en").startswith("en"):
        return value
    return format_html('<span lang="en">{}</span>', value)


def _prefers_japanese(listing):
    return (get_language() or "en").startswith("ja") and bool(getattr(listing, "name_ja", ""))


@register.filter
def display_name(listing):
    """The listing's name in the page's language when it has one (plain text, for <title>)."""
    return listing.name_ja if _prefers_japanese(listing) else listing.name


@register.filter
def display_name_html(listing):
    """As display_name, with an English name marked lang="en" on a Japanese page."""
    return listing.name_ja if _prefers_japanese(listing) else english(listing.name)


@register.filter
def other_name_html(listing):
    """The listing's name in the other script, marked with its language, or ""."""
    if not getattr(listing, "name_ja", ""):
        return ""
    if _prefers_japanese(listing):
        return english(listing.name)
    return format_html('<span lang="ja">{}</span>', listing.name_ja)


@register.inclusion_tag("includes/tel.html")
def tel(number):
    """A phone or fax number as a tap-to-call link in E.164, shown in international form."""
    return {"number": number}
