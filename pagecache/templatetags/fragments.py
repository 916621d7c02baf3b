"""`{% fragment "name" value ... %}…{% endfragment %}`: a piece of a public page rendered once per generation.

    {% load fragments %}
    {% fragment "office-row" office.pk %}<li>…</li>{% endfragment %}

The piece is kept under its name, the active language and the values given
(pagecache.fragments): it must depend on nothing else, in particular not on
the request's query string or the visitor, unless that is among the values.
A whole list varies on the listings it shows, in order: `page_obj.object_list|pks`; a filter
form's menus on the choices made in them: `form|menu_values`.
"""

from functools import partial

from django import template
from django.db import DatabaseError
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .. import fragments
from ..generation import for_request

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, name, vary_on, nodelist):
        self.name = name
        self.vary_on = vary_on
        self.nodelist = nodelist

    def render(self, context):
        request = getattr(context, "request", None)
        # The admin's preview of a listing shows what is not public: never kept, never reused.
        if request is None or context.get("preview") or not fragments.enabled():
            return self.nodelist.render(context)
        try:
            for_request(request)  # read here, once a request: the outage pages render without the database
        except DatabaseError:
            return self.nodelist.render(context)
        key = (self.name, get_language(), *(value.resolve(context) for value in self.vary_on))
        text = fragments.remembered(request, key, partial(self.nodelist.render, context))
        return mark_safe(text)  # noqa: S308 (the template engine's own output, escaped as it rendered)


@register.tag("fragment")
def do_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError("{% fragment %} takes a quoted name, then the values it varies on.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]], nodelist)


@register.filter
def pks(listings):
    """The primary keys of the listings, in order: what a list of them varies on."""
    return tuple(listing.pk for listing in listings)


@register.filter
def menu_values(form):
    """What is chosen in each of a filter form's menus (every field but the search box `q`), as given."""
    return tuple((field.name, str(field.value())) for field in form.visible_fields() if field.name != "q")
