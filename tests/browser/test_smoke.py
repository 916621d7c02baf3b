import pytest

from offices.tests.factories import OfficeFactory

from .conftest import describe, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_home_has_no_serious_accessibility_violations(open_page, serious_accessibility_violations, width):
    OfficeFactory(name="JETRO Paris", country="FR", city="Paris")
    page = open_page(width)
    page.goto("/")
    assert page.locator("h1").count() == 1
    screenshot(page, f"home-{width}")
    violations = serious_accessibility_violations(page)
    assert not violations, describe(violations)
