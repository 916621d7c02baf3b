"""The directory's filters: one FilterSet shared by the HTML list, the CSV export and the API."""

import django_filters
from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from services.models import Service

from .geography import Prefecture, Region
from .models import Office
from .search import MAX_QUERY_LENGTH, search_terms


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


class CountryCodeField(django_filters.fields.ChoiceField):
    """An ISO 3166-1 alpha-2 code in any case ("de" is Germany)."""

    def to_python(self, value):
        return super().to_python(value).strip().upper()


class CountryFilter(django_filters.ChoiceFilter):
    field_class = CountryCodeField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", lambda: list(countries))
        kwargs.setdefault("label", _("Country"))
        kwargs.setdefault("empty_label", _("Any country"))
        kwargs.setdefault("widget", FilterSelect)
        super().__init__(*args, **kwargs)


def filter_by_search(queryset, value):
    for term in search_terms(value or ""):
        queryset = queryset.filter(search_text__contains=term)
    return queryset


class SearchFilter(django_filters.CharFilter):
    """Every word of the query must appear in the listing's normalised search text."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Search"))
        kwargs.setdefault("max_length", MAX_QUERY_LENGTH)
        kwargs.setdefault("validators", [ProhibitNullCharactersValidator()])
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return filter_by_search(qs, value)


class OfficeFilter(django_filters.FilterSet):
    q = SearchFilter(method="filter_q")
    kind = django_filters.ChoiceFilter(
        choices=Office.Kind.choices, label=_("Kind of office"), empty_label=_("Any kind")
    )
    region = django_filters.ChoiceFilter(choices=Region.choices, label=_("Region"), empty_label=_("Any region"))
    country = CountryFilter()
    prefecture = django_filters.ChoiceFilter(
        choices=Prefecture.choices, label=_("Prefecture (Japan)"), empty_label=_("Any prefecture"), widget=FilterSelect
    )
    service = django_filters.ModelChoiceFilter(
        field_name="services",
        to_field_name="slug",
        queryset=Service.objects.public().order_by("name"),
        label=_("Service offered"),
        empty_label=_("Any service"),
        widget=FilterSelect,
    )

    class Meta:
        model = Office
        fields = ["q", "kind", "region", "country", "prefecture", "service"]

    def filter_q(self, queryset, name, value):
        # A bare country code ("DE", "jp") means that country, not the letters inside words.
        code = value.strip().upper()
        if len(code) == 2 and code in countries:
            return queryset.filter(country=code)
        return filter_by_search(queryset, value)
