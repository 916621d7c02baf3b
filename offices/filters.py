"""The directory's filters: one FilterSet shared by the HTML list, the CSV export and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import CountryFilter, FilterSelect, ListFilterSet, MenuChoiceFilter, SearchFilter

from .geography import Prefecture, Region
from .models import Office, OfficeKind


class OfficeFilter(ListFilterSet):
    q = SearchFilter(method="filter_q")
    kind = MenuChoiceFilter(choices=OfficeKind.choices, label=_("Kind of office"), empty_label=_("Any kind"))
    region = MenuChoiceFilter(choices=Region.choices, label=_("Region"), empty_label=_("Any region"))
    country = CountryFilter()
    prefecture = MenuChoiceFilter(
        choices=Prefecture.choices, label=_("Prefecture (Japan)"), empty_label=_("Any prefecture"), widget=FilterSelect
    )
    # The services are reached through the relation the services app defines, not by importing it.
    service = django_filters.ModelChoiceFilter(
        field_name="services",
        to_field_name="slug",
        queryset=Office.objects.related_public("services").order_by("name"),
        label=_("Service offered"),
        empty_label=_("Any service"),
        widget=FilterSelect,
    )

    class Meta:
        model = Office
        fields = ["q", "kind", "region", "country", "prefecture", "service"]

    def filter_q(self, queryset, name, value):
        return queryset.search_directory(value)
