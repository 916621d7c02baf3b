"""Pieces of public pages, and what they are made from, kept for the directory's generation.

A page the page cache cannot answer (a visitor's own search, a filter
combination nobody asked for yet, the first visit after an edit) is still
made mostly of pieces some other page has already rendered: a directory row,
a filter menu, the list of countries. `{% fragment %}` (templatetags.fragments)
keeps each piece, and `kept()` keeps a value a page works out from the whole
directory (how its offices fall into pages, a country's services), in
Django's cache: the "template_fragments" alias (each worker's memory), with
the generation the request read as the cache `version`. Every change to a
listing moves the generation on (pagecache.signals), so a piece of an older
generation is never read again, on any worker: an editor's save shows at
once, as with whole pages. An API list's rows are kept the same way (KeptRows).

The cache pickles what it keeps. The two values a request reads whole, the
spelling vocabulary and the offices' positions, are therefore kept as they
are, in the worker's memory for the generation (functools.lru_cache on it:
offices.querysets, offices.views; decision 0013).
"""

from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.utils.translation import get_language

from core.origin import request_origin

from .generation import for_request

ALIAS = "template_fragments"


def key(name, vary_on):
    """Django's key for a {% cache %} fragment: the name, and a hash of what it varies on."""
    return make_template_fragment_key(name, vary_on)


def kept(request, name, compute, *vary_on):
    """`compute()`, kept under `name` and `vary_on` for the generation the request read."""
    return caches[ALIAS].get_or_set(key(name, vary_on), compute, None, version=for_request(request))


def kept_rows(request, name, pks, rows_for, *vary_on):
    """The rows of these listings, in this order, each kept under `name`, its pk and `vary_on` for the
    generation; `rows_for(missing pks)` gives {pk: row} for those not kept yet, in one go."""
    pieces, generation = caches[ALIAS], for_request(request)
    keys = {pk: key(name, [*vary_on, pk]) for pk in pks}
    found = pieces.get_many(keys.values(), version=generation)
    missing = [pk for pk in pks if keys[pk] not in found]
    if missing:
        made = {keys[pk]: row for pk, row in rows_for(missing).items()}
        pieces.set_many(made, None, version=generation)
        found.update(made)
    return [found[keys[pk]] for pk in pks if keys[pk] in found]


class KeptRows:
    """For a DRF list of listings (core.api.base.ListingViewSet): each row, as the serializer gives it for a
    detail, kept like a piece of a page, for the language and the origin its links are written for."""

    def rows(self, pks):
        request = self.request._request
        return kept_rows(request, f"api-{self.basename}", pks, self.rows_for, get_language(), request_origin(request))
