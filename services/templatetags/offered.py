"""`{% services_offered_at office as services %}`: the published services an office offers, for its page.

The office page belongs to offices; which services an office offers belongs to services, which
defines the relation (decision 0014): the page asks here, and offices never reaches through it.
"""

from django import template

from ..models import Service

register = template.Library()


@register.simple_tag
def services_offered_at(office):
    return list(Service.objects.public().filter(offices=office.pk).order_by("category", "name"))
