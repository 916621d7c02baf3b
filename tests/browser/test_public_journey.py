"""A foreign visitor finds JETRO from where they are: country pages and the nearest office, in Chromium."""

import pytest

from offices.tests.factories import OfficeFactory
from services.models import Availability
from services.tests.factories import ServiceFactory

from .conftest import describe, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def network(gazetteer):
    OfficeFactory(slug="vienna", name="JETRO Vienna", country="AT", city="Vienna", region="europe")
    OfficeFactory(slug="geneva", name="JETRO Geneva", country="CH", city="Geneva", region="europe")
    OfficeFactory(slug="paris", name="JETRO Paris", country="FR", city="Paris", region="europe")
    ServiceFactory(slug="j-messe", name="J-messe trade fair database", availability=Availability.ANYWHERE)


PAGES = {
    "country-with-office": "/countries/fr/",
    "country-without-office": "/countries/si/",
    "country-index": "/countries/",
    "nearest": "/offices/nearest/?near=Lyon",
    "nearest-form": "/offices/nearest/",
    "japanese-country": "/ja/countries/si/",
}


def test_a_visitor_from_a_country_without_an_office_finds_the_nearest_one(open_page, network):
    page = open_page("desktop")
    page.goto("/")
    page.get_by_label("Find the JETRO offices nearest to").fill("Lyon")
    page.get_by_role("button", name="Find offices").click()
    first = page.locator("ol.nearest-list li").first
    assert "JETRO Geneva" in first.inner_text()
    page.goto("/")
    page.get_by_label("Or choose a country").select_option("si")
    page.get_by_role("button", name="Go to the country's page").click()
    assert page.url.endswith("/countries/si/")
    assert "JETRO has no office in Slovenia." in page.locator("main").inner_text()
    screenshot(page, "country-without-office-journey")


@pytest.mark.parametrize("width", ["desktop", "phone"])
@pytest.mark.parametrize("name", list(PAGES))
def test_new_pages_have_no_serious_accessibility_violations(
    open_page, serious_accessibility_violations, network, name, width
):
    page = open_page(width)
    page.goto(PAGES[name])
    assert page.locator("h1").count() == 1
    violations = serious_accessibility_violations(page)
    screenshot(page, f"{name}-{width}")
    assert not violations, describe(violations)


@pytest.mark.parametrize("name", list(PAGES))
def test_new_pages_fit_a_320_pixel_screen(chromium, live_server, network, name):
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(PAGES[name])
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 0, f"{PAGES[name]} scrolls sideways by {overflow}px at 320px"
