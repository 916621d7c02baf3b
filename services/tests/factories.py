import factory
from factory.django import DjangoModelFactory

from services.models import Audience, ContactPoint, Service, ServiceCategory


class ContactPointFactory(DjangoModelFactory):
    class Meta:
        model = ContactPoint

    slug = factory.Sequence(lambda n: f"contact-{n}")
    organisation = "Japan External Trade Organization (JETRO)"
    division = factory.Sequence(lambda n: f"Test Division {n}")


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
