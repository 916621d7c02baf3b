import factory
from factory.django import DjangoModelFactory

from offices.tests.factories import OfficeFactory
from suggestions.models import Detail, Suggestion


class SuggestionFactory(DjangoModelFactory):
    """A pending suggestion of a website for an office (a value and source any test may replace)."""

    class Meta:
        model = Suggestion

    office = factory.SubFactory(OfficeFactory)
    detail = Detail.WEBSITE
    proposed_value = "https://www.jetro.go.jp/"
    source = "https://www.jetro.go.jp/en/jetro/worldwide/"
