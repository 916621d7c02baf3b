"""The API page and the Open data page in a real browser: no serious accessibility violation."""

import pytest

from offices.tests.factories import OfficeFactory
from services.tests.factories import ServiceFactory

from .conftest import describe, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.mark.parametrize("width", ["desktop", "phone"])
@pytest.mark.parametrize("path", ["/api/", "/ja/open-data/"])
def test_open_data_pages_have_no_serious_accessibility_violations(
    open_page, serious_accessibility_violations, path, width
):
    ServiceFactory(slug="ibsc", offices=[OfficeFactory(slug="paris", country="FR", city="Paris")])
    page = open_page(width)
    page.goto(path)
    assert page.locator("h1").count() == 1
    screenshot(page, f"opendata-{path.strip('/').replace('/', '-')}-{width}")
    violations = serious_accessibility_violations(page)
    assert not violations, describe(violations)
