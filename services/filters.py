"""The service catalogue's and the contact points' filters, shared by the HTML pages and the API."""

from functools import partial

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import CountryFilter, FilterSelect, ListFilterSet, MenuChoiceFilter, SearchFilter
from offices.models import Office
from pagecache.fragments import kept

from .models import Audience, ContactCategory, ContactPoint, Service, ServiceCategory


class ServiceFilter(ListFilterSet):
    q = SearchFilter()
    country = CountryFilter(method="filter_country", label=_("Country where it is offered"))
    category = MenuChoiceFilter(
        choices=ServiceCategory.choices, label=_("Category"), empty_label=_("Any category"), widget=FilterSelect
    )
    audience = MenuChoiceFilter(choices=Audience.choices, label=_("For"), empty_label=_("Anyone"), widget=FilterSelect)
    office = django_filters.ModelChoiceFilter(
        field_name="offices",
        to_field_name="slug",
        queryset=Office.objects.public().order_by("name"),
        label=_("Office"),
        empty_label=_("Any office"),
    )

    class Meta:
        model = Service
        fields = ["q", "country", "category", "audience", "office"]

    def filter_country(self, queryset, name, value):
        # Which services are offered in a country is kept for the directory's generation: finding them
        # reads the links of every office there (thousands, at 100,000 offices).
        return queryset.filter(pk__in=kept(self.request, "offered-in", partial(_offered_in, value), value))


def _offered_in(code):
    return tuple(Service.objects.offered_in_country(code).values_list("pk", flat=True))


class ContactPointFilter(ListFilterSet):
    """Shared by /contacts/ (its `q`) and the API."""

    q = SearchFilter()
    category = django_filters.ChoiceFilter(
        choices=ContactCategory.choices, label=_("Subject"), empty_label=_("Any subject"), widget=FilterSelect
    )

    class Meta:
        model = ContactPoint
        fields = ["q", "category"]
