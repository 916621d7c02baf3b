"""The FilterSets' per-request copies of their filters (core.filters.ListFilterSet)."""

import pytest
from django.http import QueryDict

from offices.filters import OfficeFilter
from offices.tests.factories import OfficeFactory
from services.filters import ServiceFilter


def test_each_request_filters_through_its_own_filterset_and_leaves_the_class_as_it_was(db):
    OfficeFactory(name="JETRO Paris", country="FR", city="Paris")
    OfficeFactory(name="JETRO Lyon", country="FR", city="Lyon")
    paris = OfficeFilter(QueryDict("q=paris"))
    lyon = OfficeFilter(QueryDict("q=lyon"))
    for filterset in (paris, lyon):
        for filter_ in filterset.filters.values():
            assert filter_.parent is filterset
        # A `method=` filter calls the method through this request's copy.
        assert filterset.filters["q"].filter.f is filterset.filters["q"]
    assert [office.name for office in paris.qs] == ["JETRO Paris"]
    assert [office.name for office in lyon.qs] == ["JETRO Lyon"]
    assert not any(hasattr(filter_, "parent") for filter_ in OfficeFilter.base_filters.values())
    assert ServiceFilter(QueryDict("country=FR")).filters["country"].filter.f.parent is not None


@pytest.mark.parametrize("url", ["/offices/", "/ja/offices/", "/services/", "/ja/services/"])
def test_the_country_menu_offers_any_country_once_and_it_alone_is_chosen(client, db, url):
    OfficeFactory(country="FR")
    html = client.get(url).text
    menu = html.split('<select name="country"')[1].split("</select>")[0]
    assert menu.count('<option value=""') == 1
    assert menu.count(" selected") == 1 and '<option value="" selected>' in menu
    # The search and filter forms send to the page they are on (no empty action="", which HTML forbids).
    assert 'action=""' not in html
