"""Schemathesis against /api/v1/schema/: every check, a bounded and repeatable number of generated requests.

Each operation of the OpenAPI document is called with requests generated from
it (valid ones, and invalid ones that must be refused), through the WSGI
application, and every answer is checked against the document: no server
error, the documented status codes, content types, headers and response
schemas, valid data accepted and invalid data refused. `derandomize` makes a
run repeatable, so a failure in CI fails the same way on a developer's machine.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS, load_all_checks

from offices.tests.factories import DomesticOfficeFactory, OfficeFactory, OpeningHoursFactory
from opendata.schema import openapi_document
from services.tests.factories import ContactPointFactory, ServiceFactory

load_all_checks()
# Every check Schemathesis has; those it cannot apply to this API (no authentication,
# no links between operations) pass without a request of their own.
ALL_CHECKS = [check for check in CHECKS.get_all() if callable(check)]

schema = schemathesis.openapi.from_dict(openapi_document())
schema.app = get_wsgi_application()


@pytest.fixture
def directory(db, settings):
    """Listings with every kind of value the answers can hold: blanks, nulls, hours, coordinates, a successor."""
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    paris = OfficeFactory(
        slug="paris",
        name="JETRO Paris",
        country="FR",
        city="Paris",
        phone="+33 1 42 61 27 27",
        email="paris@example.org",
        website="https://example.org/paris/",
        latitude="48.870000",
        longitude="2.330000",
        last_verified="2025-01-31",
    )
    OpeningHoursFactory(office=paris)
    berlin = OfficeFactory(slug="berlin", email="", website="", phone="")
    DomesticOfficeFactory(slug="hokkaido")
    OfficeFactory(slug="bonn", status="closed", successor=berlin)
    OfficeFactory(slug="draft", is_published=False)
    contact = ContactPointFactory(email="", website="", phone="+81 3-3582-5511")
    ServiceFactory(slug="ibsc", offices=[paris, berlin], contact=contact, countries=["JP"], fee="free")
    ServiceFactory(slug="bare")
    # As Django's test client does: the test's transaction holds the data, so a request must not close
    # the connection (on PostgreSQL, close_old_connections closes one that is inside a transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=25, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_the_api_answers_as_its_schema_says(case, directory):
    case.call_and_validate(checks=ALL_CHECKS)
