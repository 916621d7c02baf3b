"""Every rule on services and contact points, both ways."""

import pytest

from services.models import ContactPoint, Service
from tests.support import assert_clean_refuses, assert_database_refuses, constraint_message

from .factories import ContactPointFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def test_a_valid_service_passes_every_rule():
    ServiceFactory(contact=ContactPointFactory()).full_clean()


@pytest.mark.parametrize(
    ("field", "value"),
    [("category", "astrology"), ("audience", "martians"), ("availability", "mars"), ("fee", "maybe")],
)
def test_choice_fields_hold_only_known_values(field, value):
    service = ServiceFactory()
    assert_database_refuses(service, **{field: value})
    assert_clean_refuses(service, field, **{field: value})


def test_a_service_has_a_summary():
    service = ServiceFactory()
    assert_database_refuses(service, summary="")
    assert_clean_refuses(service, "summary", summary="")


def test_service_slugs_are_unique():
    first, second = ServiceFactory(), ServiceFactory()
    assert_database_refuses(second, slug=first.slug)
    assert_clean_refuses(second, "slug", constraint_message(Service, "service_slug_unique"), slug=first.slug)


def test_contact_point_slugs_are_unique():
    first, second = ContactPointFactory(), ContactPointFactory()
    assert_database_refuses(second, slug=first.slug)
    message = constraint_message(ContactPoint, "contactpoint_slug_unique")
    assert_clean_refuses(second, "slug", message, slug=first.slug)
