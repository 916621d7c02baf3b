"""An office's "Directions" link (issue 22, item 3): to its address where the address is known, to the
exact position an editor set, and "to the city centre" only when only the city is known."""

from urllib.parse import quote_plus

import pytest

from .factories import DomesticOfficeFactory, OfficeFactory

pytestmark = pytest.mark.django_db


def directions_link(page):
    start = page.index('<section class="locator-section')
    section = page[start : page.index("</section>", start)]
    return section


@pytest.mark.parametrize("language", ["", "/ja"])
def test_an_office_with_an_address_gets_directions_to_it(client, gazetteer, language):
    DomesticOfficeFactory(
        slug="headquarters",
        name="JETRO Headquarters",
        prefecture="tokyo",
        city="Tokyo",
        address="Ark Mori Building 6F, 12-32 Akasaka 1-chome, Minato-ku, Tokyo",
    )
    section = directions_link(client.get(f"{language}/offices/headquarters/").text)
    query = quote_plus("Ark Mori Building 6F, 12-32 Akasaka 1-chome, Minato-ku, Tokyo, ")
    assert f'href="https://www.openstreetmap.org/search?query={query}' in section
    assert "to the city centre" not in section
    assert "都市の中心までの経路" not in section


def test_an_address_in_japanese_is_searched_without_its_notes(client, gazetteer):
    DomesticOfficeFactory(
        slug="kochi",
        name="JETRO Kochi",
        prefecture="kochi",
        city="Kochi",
        address_local="高知県庁本庁舎3階 (from 2 Dec 2019)",
    )
    section = directions_link(client.get("/offices/kochi/").text)
    assert f"search?query={quote_plus('高知県庁本庁舎3階, Kochi, Japan')}" in section
    assert "Directions to the address (OpenStreetMap)" in section


def test_an_office_known_only_by_its_city_gets_directions_to_the_city_centre(client, gazetteer):
    OfficeFactory(slug="paris", name="JETRO Paris", country="FR", city="Paris")
    section = directions_link(client.get("/offices/paris/").text)
    assert "https://www.openstreetmap.org/directions?to=48.8534%2C2.3488" in section
    assert "Directions to the city centre (OpenStreetMap)" in section


def test_an_exact_position_set_by_an_editor_is_kept_for_directions(client, gazetteer):
    OfficeFactory(
        slug="paris",
        name="JETRO Paris",
        country="FR",
        city="Paris",
        address="1 Rue de Rivoli",
        latitude="48.856613",
        longitude="2.352222",
    )
    section = directions_link(client.get("/offices/paris/").text)
    assert "https://www.openstreetmap.org/directions?to=48.856613%2C2.352222" in section
    assert ">Directions (OpenStreetMap)<" in section
