"""{% contact_dates office as dates %}: "phone as of 2009" beside a contact detail from an old source.

See offices.freshness."""

from django import template

from ..freshness import old_details

register = template.Library()


@register.simple_tag
def contact_dates(office):
    return old_details(office)
