import factory
from factory.django import DjangoModelFactory

from enquiries.models import Enquiry
from offices.tests.factories import OfficeFactory


class EnquiryFactory(DjangoModelFactory):
    """An unanswered enquiry to an office, as the public form saves one (pass `service=` for a service's)."""

    class Meta:
        model = Enquiry

    service = None
    office = factory.Maybe("service", yes_declaration=None, no_declaration=factory.SubFactory(OfficeFactory))
    name = "Amina Otieno"
    company = "Savannah Foods Ltd"
    country = "KE"
    email = factory.Sequence(lambda n: f"visitor{n}@example.org")
    subject = "Exporting tea to Japan"
    message = "We would like to know which trade fairs suit a tea exporter."
    language = "en"
