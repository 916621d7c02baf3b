"""A visitor's journey through the public site in Chromium, and its accessibility."""

import pytest

from offices.models import OfficeKind
from offices.tests.factories import DomesticOfficeFactory, OfficeFactory, OpeningHoursFactory, StaffCountFactory
from services.models import Availability
from services.tests.factories import ContactPointFactory, ServiceFactory

from .conftest import describe, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def directory():
    paris = OfficeFactory(
        slug="paris", name="JETRO Paris", name_ja="ジェトロ・パリ", country="FR", city="Paris",
        phone="+33 1 42 61 27 27", timezone="Europe/Paris",
    )  # fmt: skip
    OpeningHoursFactory(office=paris, weekday=0, opens="09:30", closes="17:30")
    OfficeFactory(slug="berlin", name="JETRO Berlin", country="DE", city="Berlin")
    OfficeFactory(slug="sao-paulo", name="JETRO São Paulo", name_ja="ジェトロ・サンパウロ", country="BR",
                  city="São Paulo", region="latin_america")  # fmt: skip
    DomesticOfficeFactory(slug="hokkaido", name="JETRO Hokkaido", name_ja="ジェトロ北海道")
    OfficeFactory(slug="headquarters", name="JETRO Headquarters", kind=OfficeKind.HEADQUARTERS, country="JP",
                  prefecture="tokyo", city="Tokyo")  # fmt: skip
    contact = ContactPointFactory(division="Invest Japan Department", phone="+81 3-3582-5571")
    ServiceFactory(slug="ibsc", name="Invest Japan Business Support Center", offices=[paris], contact=contact)
    ServiceFactory(slug="j-messe", name="J-messe trade fair database", availability=Availability.ANYWHERE)
    StaffCountFactory(as_of="2019-04-01")
    return paris


PAGES = {
    "home": "/",
    "directory": "/offices/",
    "office": "/offices/paris/",
    "services": "/services/?country=FR",
    "service": "/services/ibsc/",
    "about": "/about/",
    "japanese-directory": "/ja/offices/",
    "japanese-office": "/ja/offices/paris/",
    "search": "/search/?q=paris",
}


def test_a_visitor_searches_filters_opens_an_office_and_switches_language(open_page, directory):
    page = open_page("desktop")
    page.goto("/")
    page.get_by_label("Search offices and services").fill("sao paulo")
    page.get_by_role("button", name="Search").click()
    assert page.get_by_role("link", name="JETRO São Paulo").is_visible()

    page.get_by_role("link", name="Offices", exact=True).click()
    page.get_by_label("Country").select_option("FR")
    page.get_by_role("button", name="Show offices").click()
    assert page.url.endswith("/offices/?q=&kind=&region=&country=FR&prefecture=&service=")
    assert page.get_by_role("status").inner_text() == "1 office"
    assert page.get_by_role("link", name="JETRO Berlin").count() == 0

    page.get_by_role("link", name="JETRO Paris").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("JETRO Paris")
    assert page.get_by_role("link", name="+33 1 42 61 27 27").get_attribute("href") == "tel:+33142612727"
    screenshot(page, "visitor-office-en")

    page.get_by_role("link", name="日本語").click()
    assert page.url.endswith("/ja/offices/paris/")
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.get_by_role("heading", level=1).inner_text().startswith("ジェトロ・パリ")
    screenshot(page, "visitor-office-ja")

    page.get_by_role("link", name="English").click()
    assert page.url.endswith("/offices/paris/")
    assert page.locator("html").get_attribute("lang") == "en"


def test_the_skip_link_takes_keyboard_users_to_the_content(open_page, directory):
    page = open_page("desktop")
    page.goto("/offices/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("width", ["desktop", "phone"])
@pytest.mark.parametrize("name", list(PAGES))
def test_pages_have_no_serious_accessibility_violations(
    open_page, serious_accessibility_violations, directory, name, width
):
    page = open_page(width)
    page.goto(PAGES[name])
    assert page.locator("h1").count() == 1
    violations = serious_accessibility_violations(page)
    screenshot(page, f"{name}-{width}")
    assert not violations, describe(violations)


@pytest.mark.parametrize("name", list(PAGES))
def test_pages_fit_a_320_pixel_screen_without_sideways_scrolling(chromium, live_server, directory, name):
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(PAGES[name])
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 0, f"{PAGES[name]} scrolls sideways by {overflow}px at 320px"


def test_pages_read_without_javascript(chromium, live_server, directory):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/offices/?country=FR")
    assert page.get_by_role("link", name="JETRO Paris").is_visible()
    page.goto("/about/")
    assert page.locator("svg.bar-chart rect.bar").count() >= 1
    context.close()
