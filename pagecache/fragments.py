"""Rendered pieces of public pages, kept in each worker's memory for the directory's generation.

A page the page cache cannot answer (a visitor's own search, a filter
combination nobody asked for yet, the first visit after an edit) is still
made mostly of pieces some other page has already rendered: a directory row,
a filter menu, the list of countries. `{% fragment %}` (templatetags.fragments)
keeps each piece, by name, language and what it varies on, for as long as the
generation it was rendered in is current. Every change to a listing moves the
generation on (pagecache.signals), and a piece of an older generation is never
served, so an editor's save shows at once, as with whole pages.

The store is a plain dict in the worker's memory, not the cache backend: a
piece costs microseconds to look up here, where a round trip to Redis for
each of fifty rows would cost more than rendering them. It holds one
generation at a time, at most MAX_ENTRIES pieces and MAX_CHARACTERS of
rendered text; when full it starts again. PAGE_FRAGMENTS = False turns it
off (the tests do, so that they measure what a page really costs;
pagecache/tests turn it on).
"""

from functools import partial

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .generation import for_request

MAX_ENTRIES = 20_000
# And at most this many characters of rendered text (about 16-32 MB a worker): at 100,000
# offices, a crawler reading every office page would otherwise fill 20,000 large pieces.
MAX_CHARACTERS = 8_000_000
# What a remembered value that is not text (a count, a page layout) is taken to weigh.
OTHER_WEIGHT = 1_000


class Store:
    def __init__(self, generation):
        self.generation = generation
        self.pieces = {}
        self.characters = 0


_store = Store(-1)


def get(generation, key):
    store = _store
    if store.generation != generation:
        return None
    return store.pieces.get(key)


def put(generation, key, text):
    global _store
    store = _store
    if generation > store.generation:
        # A newer generation: every piece held is out of date. (Threads of one worker may
        # race here; the loser's pieces are simply rendered again.)
        store = _store = Store(generation)
    elif generation < store.generation:
        return  # rendered by a request that began before the last change: not kept
    weight = len(text) if isinstance(text, str) else OTHER_WEIGHT
    if len(store.pieces) >= MAX_ENTRIES or store.characters + weight > MAX_CHARACTERS:
        store.pieces, store.characters = {}, 0
    store.pieces[key] = text
    store.characters += weight


def clear():
    global _store
    _store = Store(-1)


def enabled():
    return getattr(settings, "PAGE_FRAGMENTS", True)


def computed_on_use(build, names):
    """Context values for `{% fragment %}`s, computed (by one call of `build`, which returns a
    dict with some or all of these names; a name left out is None) only if a fragment that uses
    them has to be rendered: when every piece comes from the store, their queries are not run."""
    values = SimpleLazyObject(build)
    return {name: SimpleLazyObject(partial(_value, values, name)) for name in names}


def _value(values, name):
    return values.get(name)


def remembered(request, key, compute):
    """`compute()`, kept like a rendered piece: for the generation the request read, in this worker.

    For what a page works out from the whole directory (how its offices fall into pages, the
    counts behind the map): any change to a listing moves the generation on, and it is worked out again.
    """
    if not enabled():
        return compute()
    generation = for_request(request)
    value = get(generation, key)
    if value is None:
        value = compute()
        put(generation, key, value)
    return value
