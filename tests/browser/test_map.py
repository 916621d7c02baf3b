"""The map of offices in Chromium: markers to click, accessibility, small screens, no script, print."""

import pytest

from offices.models import Office, OfficeKind
from offices.tests.factories import DomesticOfficeFactory, OfficeFactory

from .conftest import describe, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

# Offices a visitor would find, at their cities' centres (the gazetteer's positions).
OFFICES = [
    ("paris", "Europe/Paris", "JETRO Paris", "FR", "Paris", "europe", 48.85341, 2.3488),
    ("brussels", "Europe/Brussels", "JETRO Brussels", "BE", "Brussels", "europe", 50.85045, 4.34878),
    ("amsterdam", "Europe/Amsterdam", "JETRO Amsterdam", "NL", "Amsterdam", "europe", 52.37403, 4.88969),
    ("dusseldorf", "Europe/Berlin", "JETRO Düsseldorf", "DE", "Düsseldorf", "europe", 51.22172, 6.77616),
    ("berlin", "Europe/Berlin", "JETRO Berlin", "DE", "Berlin", "europe", 52.52437, 13.41053),
    ("sao-paulo", "America/Sao_Paulo", "JETRO São Paulo", "BR", "São Paulo", "latin_america", -23.5475, -46.63611),
    ("bangkok", "Asia/Bangkok", "JETRO Bangkok", "TH", "Bangkok", "asia", 13.75398, 100.50144),
    ("new-york", "America/New_York", "JETRO New York", "US", "New York", "north_america", 40.71427, -74.00597),
]


@pytest.fixture
def network():
    for slug, zone, name, country, city, region, latitude, longitude in OFFICES:
        OfficeFactory(slug=slug, timezone=zone, name=name, country=country, city=city, region=region,
                      latitude=latitude, longitude=longitude)  # fmt: skip
    for slug, name in [("headquarters", "JETRO Headquarters"), ("jfoodo", "JFOODO"), ("kanto", "JETRO Kanto")]:
        # Three offices at Tokyo's centre: each must keep a marker of its own.
        OfficeFactory(slug=slug, name=name, kind=OfficeKind.HEADQUARTERS, country="JP", prefecture="tokyo",
                      city="Tokyo", region="", latitude=35.6895, longitude=139.69171)  # fmt: skip
    DomesticOfficeFactory(slug="hokkaido", name="JETRO Hokkaido", name_ja="ジェトロ北海道", latitude=43.06667,
                          longitude=141.35)  # fmt: skip
    DomesticOfficeFactory(slug="okinawa", name="JETRO Okinawa", prefecture="okinawa", city="Naha", latitude=26.213,
                          longitude=127.67851)  # fmt: skip
    OfficeFactory(slug="uzbekistan", name="JETRO Uzbekistan", country="UZ", city="", region="russia_cis",
                  timezone="Asia/Tashkent")  # fmt: skip
    # Derived positions are approximate: what the gazetteer gives every office without typed coordinates.
    Office.objects.exclude(slug__in=["paris", "hokkaido"]).exclude(latitude=None).update(coordinates_precision="city")


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_map_page_has_no_serious_accessibility_violations(
    open_page, serious_accessibility_violations, network, width
):
    page = open_page(width)
    page.goto("/offices/map/")
    assert page.locator("h1").count() == 1
    violations = serious_accessibility_violations(page)
    screenshot(page, f"map-{width}")
    assert not violations, describe(violations)


def test_the_japanese_map_page_has_no_serious_accessibility_violations(
    open_page, serious_accessibility_violations, network
):
    page = open_page("phone", locale="ja-JP")
    page.goto("/ja/offices/map/")
    violations = serious_accessibility_violations(page)
    screenshot(page, "map-phone-ja")
    assert not violations, describe(violations)


def test_a_visitor_clicks_a_marker_and_reaches_the_office(open_page, network):
    page = open_page("desktop")
    page.goto("/offices/map/")
    page.locator("svg.map-world").get_by_role("link", name="JETRO Berlin").click()
    assert page.url.endswith("/offices/berlin/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("JETRO Berlin")


def test_offices_at_one_place_each_keep_a_marker_a_pointer_can_reach(open_page, network):
    page = open_page("desktop")
    page.goto("/offices/map/")
    japan = page.locator("svg.map-japan")
    for name in ["JETRO Headquarters", "JFOODO", "JETRO Kanto"]:
        dot = japan.get_by_role("link", name=name).locator("circle.dot")
        dot.scroll_into_view_if_needed()
        box = dot.bounding_box()
        # What is under the centre of the dot is this marker, not a neighbour drawn over it.
        hit = page.evaluate(
            "([x, y]) => document.elementFromPoint(x, y).closest('a').getAttribute('aria-label')",
            [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
        )
        assert hit == name


def test_the_world_map_leads_to_the_map_of_japan(open_page, network):
    page = open_page("desktop")
    page.goto("/offices/map/")
    page.locator("svg.map-world").get_by_role("link", name="5 offices in Japan: see the map of Japan").click()
    assert page.url.endswith("#japan-heading")
    assert page.locator("svg.map-japan").get_by_role("link", name="JETRO Okinawa").is_visible()


def test_the_map_page_fits_a_320_pixel_screen_without_sideways_scrolling(chromium, live_server, network):
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto("/offices/map/")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    map_width = page.locator("svg.map-world").bounding_box()["width"]
    context.close()
    assert overflow <= 0, f"/offices/map/ scrolls sideways by {overflow}px at 320px"
    assert map_width <= 320


def test_the_map_works_without_javascript(chromium, live_server, network):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/offices/map/")
    assert page.locator("svg.map-world a.marker:not(.cluster)").count() == len(OFFICES)
    assert page.locator("svg.map-japan a.marker").count() == 5
    page.locator("#office-index").get_by_role("link", name="JETRO Uzbekistan").click()
    assert page.url.endswith("/offices/uzbekistan/")
    context.close()


def test_the_maps_print(open_page, network):
    page = open_page("desktop")
    page.goto("/offices/map/")
    page.emulate_media(media="print")
    for selector in ("svg.map-world", "svg.map-japan"):
        box = page.locator(selector).bounding_box()
        assert box is not None
        assert box["width"] > 300
        assert box["height"] > 150
    assert page.locator("svg.map-world a.marker circle.dot").first.is_visible()
