"""Who receives an enquiry: one rule (enquiries.routing), in its order."""

import pytest

from enquiries.routing import route
from offices.tests.factories import OfficeFactory
from services.tests.factories import ContactPointFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def national(make_editor):
    hanako = make_editor("hanako")
    hanako.email = "hanako@jetro.example"
    hanako.save()
    return hanako


def test_an_office_goes_first_to_its_office_editors_with_an_email(make_office_editor, national):
    office = OfficeFactory(country="TH", region="asia", email="office@jetro.example")
    make_office_editor("somchai", offices=[office], email="somchai@jetro.example")
    make_office_editor("nomail", offices=[office], email="")
    make_office_editor("berlin", countries=["DE"], email="berlin@jetro.example")
    make_office_editor("asia", regions=["asia"], email="asia@jetro.example")
    assert route(office).recipients == ["asia@jetro.example", "somchai@jetro.example"]


def test_without_an_office_editor_to_the_offices_own_email(make_office_editor, national):
    office = OfficeFactory(country="TH", region="asia", email="office@jetro.example")
    make_office_editor("nomail", offices=[office], email="")
    found = route(office)
    assert found.recipients == ["office@jetro.example"]
    assert "its own listed email" in found.reason


def test_without_either_to_the_national_editors(national):
    found = route(OfficeFactory(email=""))
    assert found.recipients == ["hanako@jetro.example"]
    assert "the national editors, hanako" in found.reason
    assert found.public == "JETRO's national editors"


def test_a_service_goes_to_its_contact_points_email_else_the_national_editors(national):
    desk = ContactPointFactory(email="desk@jetro.example")
    assert route(ServiceFactory(contact=desk)).recipients == ["desk@jetro.example"]
    assert route(ServiceFactory(contact=ContactPointFactory(email=""))).recipients == ["hanako@jetro.example"]
    unpublished = ContactPointFactory(email="hidden@jetro.example", is_published=False)
    assert route(ServiceFactory(contact=unpublished)).recipients == ["hanako@jetro.example"]


def test_with_nobody_to_mail_the_fallback_address_else_the_admin_only(settings):
    office = OfficeFactory(email="")
    assert route(office).recipients == []
    assert "kept in the admin only" in route(office).reason
    settings.ENQUIRIES_FALLBACK_RECIPIENTS = ["enquiries@jetro.example"]
    assert route(office).recipients == ["enquiries@jetro.example"]
