"""`{% fragment "name" value ... %}…{% endfragment %}`: Django's `{% cache %}` for a piece of a public page.

    {% load fragments %}
    {% fragment "office-row" office.pk %}<li>…</li>{% endfragment %}

The piece is kept (pagecache.fragments) under its name, the active language
and the values given, for the directory's generation: it must depend on
nothing else, in particular not on the request's query string or the
visitor, unless that is among the values. A whole list varies on the
listings it shows, in order: `page_obj.object_list|pks`; a filter form's
menus on the choices made in them: `form|menu_values`. Never kept: the
admin's preview of a listing (what is not public), and a page rendered
while the database, and so the generation, cannot be read (the outage page).
"""

from django import template
from django.core.cache import caches
from django.db import DatabaseError
from django.templatetags.cache import CacheNode
from django.utils.translation import get_language

from ..fragments import ALIAS, key
from ..generation import for_request

register = template.Library()


class FragmentNode(CacheNode):
    def render(self, context):
        request = getattr(context, "request", None)
        if request is None or context.get("preview"):
            return self.nodelist.render(context)
        try:
            generation = for_request(request)
        except DatabaseError:
            return self.nodelist.render(context)
        vary_on = [get_language(), *(value.resolve(context) for value in self.vary_on)]
        pieces = caches[ALIAS]
        piece_key = key(self.fragment_name, vary_on)
        text = pieces.get(piece_key, version=generation)
        if text is None:
            text = self.nodelist.render(context)
            pieces.set(piece_key, text, None, version=generation)
        return text


@register.tag("fragment")
def do_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError("{% fragment %} takes a quoted name, then the values it varies on.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    vary_on = [parser.compile_filter(bit) for bit in bits[2:]]
    return FragmentNode(nodelist, parser.compile_filter("None"), bits[1][1:-1], vary_on, None)


@register.filter
def pks(listings):
    """The primary keys of the listings, in order: what a list of them varies on."""
    return tuple(listing.pk for listing in listings)


@register.filter
def menu_values(form):
    """What is chosen in each of a filter form's menus (every field but the search box `q`), as given."""
    return tuple((field.name, str(field.value())) for field in form.visible_fields() if field.name != "q")
