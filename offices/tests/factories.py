import factory
from factory.django import DjangoModelFactory

from offices.geography import Region
from offices.models import Office, OfficeKind, OpeningHours, StaffCount


class OfficeFactory(DjangoModelFactory):
    """An overseas office; every field a test does not care about is plausible."""

    class Meta:
        model = Office

    slug = factory.Sequence(lambda n: f"office-{n}")
    kind = OfficeKind.OVERSEAS
    name = factory.Sequence(lambda n: f"JETRO Test City {n}")
    country = "DE"
    region = Region.EUROPE
    city = "Berlin"


class DomesticOfficeFactory(OfficeFactory):
    kind = OfficeKind.DOMESTIC
    country = "JP"
    prefecture = "hokkaido"
    region = ""  # set from the prefecture on save
    city = "Sapporo"


class OpeningHoursFactory(DjangoModelFactory):
    class Meta:
        model = OpeningHours

    office = factory.SubFactory(OfficeFactory)
    weekday = OpeningHours.Weekday.MONDAY
    opens = "09:00"
    closes = "17:00"


class StaffCountFactory(DjangoModelFactory):
    class Meta:
        model = StaffCount

    as_of = factory.Sequence(lambda n: f"{2000 + n}-04-01")
    domestic = 998
    overseas = 732
    total = 1730
