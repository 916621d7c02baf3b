import factory
from factory.django import DjangoModelFactory

from services.models import (
    Audience,
    ContactCategory,
    ContactPoint,
    InvestmentFigure,
    InvestmentSeries,
    InvestmentUnit,
    Service,
    ServiceCategory,
)


class ContactPointFactory(DjangoModelFactory):
    class Meta:
        model = ContactPoint

    slug = factory.Sequence(lambda n: f"contact-{n}")
    organisation = "Japan External Trade Organization (JETRO)"
    division = factory.Sequence(lambda n: f"Test Division {n}")
    category = ContactCategory.INVESTING_IN_JAPAN


class ServiceFactory(DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"service-{n}")
    name = factory.Sequence(lambda n: f"Test service {n}")
    category = ServiceCategory.INVESTMENT_SUPPORT
    audience = Audience.FOREIGN_COMPANIES
    summary = "Helps foreign companies set up in Japan."

    @factory.post_generation
    def offices(self, create, extracted, **kwargs):
        if create and extracted:
            self.offices.set(extracted)


class InvestmentFigureFactory(DjangoModelFactory):
    class Meta:
        model = InvestmentFigure

    slug = factory.Sequence(lambda n: f"figure-{n}")
    series = InvestmentSeries.STOCK_BY_REGION
    position = factory.Sequence(lambda n: n)
    name = factory.Sequence(lambda n: f"Region {n}")
    value = "10.0"
    decimals = 1
    unit = InvestmentUnit.PERCENT
    published_on = "2019-11-27"
    source = "JETRO Invest Japan Report 2019"
