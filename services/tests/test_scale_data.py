import io

import pytest
from django.core.management import CommandError, call_command

from offices.filters import OfficeFilter
from offices.models import Office, OfficeKind
from offices.tests.factories import OfficeFactory
from services.models import Service

pytestmark = pytest.mark.django_db


def generate(**options):
    out = io.StringIO()
    call_command("generate_scale_data", stdout=out, **options)
    return out.getvalue()


def test_synthetic_listings_are_never_mixed_into_the_real_directory_unasked():
    OfficeFactory(slug="paris")
    with pytest.raises(CommandError, match="never mixed into it unless asked"):
        generate(offices=10)
    assert Office.objects.count() == 1


def test_synthetic_listings_are_valid_clearly_named_and_searchable():
    assert "Created 50 synthetic offices, 4 synthetic services, 200 links." in generate(
        offices=50, services=4, links=200
    )
    offices = Office.objects.all()
    assert offices.count() == 50
    assert all(office.name.startswith("Synthetic office ") for office in offices)
    for office in offices[:10]:
        office.full_clean()
    assert Service.offices.through.objects.count() == 200
    assert OfficeFilter({"q": "synthetic"}, queryset=Office.objects.all()).qs.count() == 50
    assert Office.objects.filter(kind=OfficeKind.DOMESTIC).exists()


def test_remove_deletes_synthetic_listings_and_nothing_else():
    OfficeFactory(slug="paris")
    generate(offices=20, services=2, alongside_real_data=True)
    assert "Removed" in generate(remove=True)
    assert list(Office.objects.values_list("slug", flat=True)) == ["paris"]
    assert not Service.objects.exists()
