"""Filtered, paginated lists: the same steps for every public list page."""

from dataclasses import dataclass
from functools import cached_property, partial

from django import forms
from django.core.paginator import Paginator

from . import text

PAGE_SIZE = 50


@dataclass(frozen=True)
class ActiveFilter:
    name: str
    label: str
    value: str
    remove_url: str


@dataclass(frozen=True)
class Broader:
    """What removing one filter would find, offered when nothing matched."""

    label: str
    value: str
    count: int
    url: str


def filter_errors(filterset):
    """`{field name: [messages]}` of a FilterSet that did not validate, without control characters.

    A choice filter's message repeats the value it refused ("ber\\x00lin is not one of the
    available choices"); the NUL in it (or a bidi override) becomes a visible sign.
    """
    return {
        name: [text.visible_signs(str(message)) for message in messages] for name, messages in filterset.errors.items()
    }


def filter_errors_text(filterset):
    """The errors of a FilterSet as one line of plain text, for a text/plain 400 (the CSV export)."""
    return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in filter_errors(filterset).items())


def first_and_count(rows, shown):
    """The first `shown` of `rows` and how many there are: counted by the database only when there are more."""
    first = list(rows[: shown + 1])
    if len(first) <= shown:
        return first, len(first)
    return first[:shown], rows.count()


def question(params):
    """What a list's query string asks, whatever page it asks for: a key for what the answer's
    size and pages stay, until an edit moves the directory's generation on."""
    return tuple(sorted((name, tuple(values)) for name, values in params.lists() if name != "page"))


class KeptCountPaginator(Paginator):
    """A Paginator whose count is `keep(compute)`: the same question has the same number of answers until an edit."""

    def __init__(self, object_list, per_page, *args, keep, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.keep = keep

    @cached_property
    def count(self):
        return self.keep(partial(Paginator.count.func, self))


def _query(params, without=()):
    params = params.copy()
    for name in (*without, "page"):
        params.pop(name, None)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


def _display(field, value):
    if isinstance(field, forms.ModelChoiceField):
        return str(value)
    if hasattr(field, "label_for"):
        return str(field.label_for(value))  # without a pass over every choice
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))
    return f"“{value}”"


def filtered_page(
    request, filterset_class, queryset, *, keep, per_page=PAGE_SIZE, order=None, paginator_class=KeptCountPaginator
):
    """Apply a FilterSet to the query string and return one page of the result.

    A value that does not validate (country=ZZ, a query too long, a NUL byte)
    is left out of the filtering and reported in `filter_errors`, so the page
    can say what it ignored instead of failing or silently changing the question.
    `order(queryset, cleaned_data)` sorts the filtered result. `keep(request, name, compute, *vary_on)`
    (pagecache.fragments.kept) keeps what the answer's size costs to learn: its count and pages, and
    the counts of the broader questions an empty answer offers.
    """
    params = request.GET
    filterset = filterset_class(params, queryset=queryset, request=request)
    errors = {} if filterset.is_valid() else filter_errors(filterset)
    # Shown back without control or formatting characters (core.text.PublicForm, the FilterSet's form's base).
    form = filterset.form
    active = [
        ActiveFilter(name, str(form.fields[name].label), _display(form.fields[name], value), _query(params, [name]))
        for name, value in form.cleaned_data.items()
        if value not in (None, "") and name not in errors
    ]
    results = order(filterset.qs, form.cleaned_data) if order else filterset.qs
    # The same question (whatever page it asks for) has the same size and pages until an edit.
    size = f"{filterset_class.__name__}-size"
    paginator = paginator_class(results, per_page, keep=lambda compute: keep(request, size, compute, question(params)))
    # A page number that is not a number, or out of range, gives the first or last page.
    page_obj = paginator.get_page(params.get("page"))
    broader = None
    if paginator.count == 0 and active:
        broader = _broader(filterset_class, queryset, request, active, keep)
    return {
        "filterset": filterset,
        "filter_errors": {form.fields[name].label if name in form.fields else name: e for name, e in errors.items()},
        "active_filters": active,
        "clear_url": _query(params, [f.name for f in active] + list(errors)),
        "broader": broader,
        "page_obj": page_obj,
        "paginator": paginator,
    }


def _count(filterset_class, params, queryset, request):
    return filterset_class(params, queryset=queryset, request=request).qs.count()


def _broader(filterset_class, queryset, request, active, keep):
    """The nearest broader question: drop the one filter whose removal finds the fewest results, above none."""
    best = None
    for dropped in active:
        params = request.GET.copy()
        params.pop(dropped.name, None)
        counted = partial(_count, filterset_class, params, queryset, request)
        # A search that finds nothing is often broadened to the same question ("every office").
        count = keep(request, f"{filterset_class.__name__}-broader", counted, question(params))
        if count and (best is None or count < best.count):
            best = Broader(dropped.label, dropped.value, count, _query(request.GET, [dropped.name]))
    return best
