"""Filter pieces every list shares: the HTML page, the CSV export and the API use the same FilterSets."""

import copy
from functools import cache

import django_filters
from django import forms
from django.forms.utils import flatatt
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_filters.filters import FilterMethod

from .search import MAX_QUERY_LENGTH
from .text import PlainTextField, PublicForm


class FilterCopies(dict):
    """A FilterSet's filters, copied for each request without deep-copying their settings.

    django-filter deep-copies every filter for each request, with its choices, labels and
    querysets: a tenth of a search's time. A request only sets a filter's `parent` and `model`;
    the settings (`extra`) are read, never changed, once the form class is made (ListFilterSet).
    """

    def __deepcopy__(self, memo):
        return {name: _request_copy(filter_) for name, filter_ in self.items()}


def _request_copy(filter_):
    result = copy.copy(filter_)
    if isinstance(filter_.__dict__.get("filter"), FilterMethod):
        # A `method=` filter calls its FilterSet's method through the copy, not the original.
        result.filter = FilterMethod(result)
    return result


class ListFilterSet(django_filters.FilterSet):
    """A list's FilterSet (HTML, CSV and API share it) whose form class is made once.

    django-filter builds a new form class, and a new field for each filter, on every request.
    The class depends on the filters alone: no filter's choices depend on the request (they are
    fixed lists, a callable, or a queryset each form copies afresh), so one serves every request.
    """

    @classmethod
    def get_filters(cls):
        return FilterCopies(super().get_filters())

    def get_form_class(self):
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            # A public form (core.text): what it shows back holds no control or formatting character.
            fields = {name: filter_.field for name, filter_ in self.filters.items()}
            cls._form_class = type(f"{cls.__name__}Form", (PublicForm, self._meta.form), fields)
        return cls._form_class


class FilterSelect(forms.Select):
    """A <select> written in Python rather than one template per <option>.

    The directory's filter menus hold a few hundred options; rendering each
    through Django's option template cost more than the rest of the page.
    They are plain options (no groups, no attributes), so a loop will do.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(item) for item in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((key, " selected" if str(key) in chosen else "", label) for key, label in self.choices),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)), options
        )


class FilterTextInput(forms.TextInput):
    """The search box, written in Python as FilterSelect is: the same markup as Django's template."""

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            self.input_type,
            name,
            format_html(' value="{}"', value) if value is not None else "",
            flatatt(self.build_attrs(self.attrs, attrs)),
        )


def country_choices():
    """(code, name) for every country, in the active language's order: django-countries
    translates and sorts all of them on each pass, and every list page's menu asks."""
    return _country_choices(translation.get_language() or "en")


@cache
def _country_names(language):
    return dict(_country_choices(language))


@cache
def _country_choices(language):
    with translation.override(language):
        return tuple((code, str(name)) for code, name in countries)


class MenuChoiceField(django_filters.fields.ChoiceField):
    """A filter menu whose fixed choices every request's form shares.

    Django deep-copies a form's fields for each request, and a menu's choices with them: copying
    the translated labels of the kinds, regions and 47 prefectures cost a fifth of a search's
    render. The choices are never changed in place (a page that narrows a menu assigns new ones).
    """

    def __deepcopy__(self, memo):
        result = forms.Field.__deepcopy__(self, memo)
        result._choices = self._choices
        return result


class MenuChoiceFilter(django_filters.ChoiceFilter):
    field_class = MenuChoiceField


class CountryCodeField(django_filters.fields.ChoiceField):
    """An ISO 3166-1 alpha-2 code in any case ("de" is Germany)."""

    def to_python(self, value):
        return super().to_python(value).strip().upper()

    def valid_value(self, value):
        # Every country is a choice: one lookup, not a pass over 250 translated choices.
        return str(value) in countries

    def label_for(self, value):
        """The chosen country's name, as its menu gives it."""
        return _country_names(translation.get_language() or "en").get(value, value)


class CountryFilter(django_filters.ChoiceFilter):
    field_class = CountryCodeField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", lambda: list(country_choices()))
        kwargs.setdefault("label", _("Country"))
        kwargs.setdefault("empty_label", _("Any country"))
        kwargs.setdefault("widget", FilterSelect)
        super().__init__(*args, **kwargs)


class SearchFilter(django_filters.CharFilter):
    """Every word of the query must appear in the listing's normalised search text.

    The query follows the rule for all public text (core.text): a control or formatting character
    is refused with a message, and a query with nothing visible in it is no query.
    """

    field_class = PlainTextField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Search"))
        kwargs.setdefault("max_length", MAX_QUERY_LENGTH)
        kwargs.setdefault("widget", FilterTextInput)
        # A search for "<script>" is shown as text, and finds nothing.
        kwargs.setdefault("markup", True)
        # No validator for NUL of its own: a CharField has one (a second said "Null characters are not allowed." twice).
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return qs.search(value)


def offer_only_countries(form, codes):
    """Offer in a form's country menu only `codes` (those that have offices), and the one asked for.

    The menu's "Any country" is not among the choices given: django-filter puts its empty_label first itself.
    """
    present = set(codes)
    chosen = form.data.get("country", "").strip().upper()
    field = form.fields["country"]
    field.choices = [(code, name) for code, name in country_choices() if code in present or code == chosen]
    return present
