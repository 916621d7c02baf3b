from django import template
from django.db.models import Q

from services.contact_points import ContactPoint

register = template.Library()


@register.simple_tag
def reachable_contact_points(limit=10):
    """Published contact points with a phone or an email: the routes that answer when an office's own detail is
    not listed (the headquarters page shows them)."""
    points = ContactPoint.objects.public().filter(~Q(phone="") | ~Q(email="")).in_contacts_order()
    return list(points[:limit])
