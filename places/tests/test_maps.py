"""The office maps: projections, outlines, markers, the map page and an office's locator map."""

import json
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from conftest import count_h1
from offices.models import Office, OfficeKind, OfficeStatus
from offices.tests.factories import DomesticOfficeFactory, OfficeFactory
from places import clip, maps

TOKYO = (35.6895, 139.6917)
PARIS = (48.8566, 2.3522)
SYDNEY = (-33.8688, 151.2093)


def world_markers(response):
    """{accessible name: href} of the links drawn on the world map."""
    return svg_links(response, "map-world")


def svg_links(response, css_class):
    svg = re.search(rf'<svg class="map {css_class}".*?</svg>', response.text, re.S).group(0)
    return {name: href for href, name in re.findall(r'<a href="([^"]+)"[^>]*aria-label="([^"]+)"', svg)}


# Projections


def test_tokyo_is_inside_the_map_of_japan():
    assert maps.JAPAN.contains(*TOKYO)
    x, y = maps.JAPAN.project(*TOKYO)
    assert 0 < x < maps.JAPAN.width
    assert 0 < y < maps.JAPAN.height


def test_paris_is_left_of_tokyo_and_sydney_below_both_on_the_world_map():
    paris, tokyo, sydney = (maps.WORLD.project(*point) for point in (PARIS, TOKYO, SYDNEY))
    assert paris[0] < tokyo[0]
    assert paris[1] < tokyo[1] < sydney[1]


def test_the_world_map_spans_its_box_from_corner_to_corner():
    assert maps.WORLD.project(84, -180) == pytest.approx((0, 0))
    assert maps.WORLD.project(-57, 180) == pytest.approx((maps.WORLD.width, maps.WORLD.height), abs=0.05)


@pytest.mark.parametrize(("name", "projection"), [("world_map", maps.WORLD), ("japan_map", maps.JAPAN)])
def test_each_outline_file_is_small_credits_natural_earth_and_matches_the_sites_projection(name, projection):
    path = maps.DATA / f"{name}.json"
    assert path.stat().st_size < 300_000
    content = json.loads(path.read_text(encoding="utf-8"))
    assert "Natural Earth" in content["source"]
    assert "world-atlas 2.0.2" in content["source"]
    assert "public domain" in content["licence"]
    # Drawn with another projection, every marker would sit off its place.
    assert content["projection"] == projection.describe()


def test_the_map_of_japan_is_japan_alone():
    assert [country["id"] for country in maps.outline_file("japan_map")["countries"]] == ["392"]


def test_the_world_map_has_no_antarctica_and_has_france():
    codes = {country["id"] for country in maps.outline_file("world_map")["countries"]}
    assert "010" not in codes
    assert "250" in codes


# Markers


def office(name, latitude, longitude, precision="exact", in_japan=False):
    return SimpleNamespace(
        name=name,
        latitude=None if latitude is None else Decimal(str(latitude)),
        longitude=None if longitude is None else Decimal(str(longitude)),
        coordinates_precision=precision,
        in_japan=in_japan,
        get_absolute_url=lambda: f"/offices/{name.lower()}/",
    )


def test_offices_at_the_same_point_get_markers_that_do_not_cover_each_other():
    offices = [office(f"Tokyo{i}", *TOKYO, "city", in_japan=True) for i in range(4)]
    markers = maps.japan_map(offices).markers
    spots = [(float(m.x), float(m.y)) for m in markers]
    assert len(set(spots)) == 4
    for i, (x1, y1) in enumerate(spots):
        for x2, y2 in spots[i + 1 :]:
            assert (x1 - x2) ** 2 + (y1 - y2) ** 2 >= (2 * maps.JAPAN_RADIUS) ** 2
    # The first stays on the place; the others point back to it.
    assert not markers[0].moved
    assert all(m.moved and (m.anchor_x, m.anchor_y) == (markers[0].x, markers[0].y) for m in markers[1:])


def test_a_marker_says_whether_its_position_is_approximate():
    exact, city = maps.world_map([office("Exact", *PARIS), office("City", *PARIS, "city")]).markers
    assert not exact.approximate
    assert city.approximate


def test_an_office_without_coordinates_gets_no_marker():
    assert maps.world_map([office("Nowhere", None, None, "")]).markers == []
    assert maps.japan_map([office("Nowhere", None, None, "", in_japan=True)]).markers == []


def test_japans_offices_are_one_marker_on_the_world_map_and_each_its_own_on_the_map_of_japan():
    japan = [office("Tokyo", *TOKYO, in_japan=True), office("Sapporo", 43.06, 141.35, in_japan=True)]
    world = maps.world_map([*japan, office("Paris", *PARIS)])
    assert [m.office.name for m in world.markers] == ["Paris"]
    assert world.cluster.count == 2
    assert [m.office.name for m in maps.japan_map(japan).markers] == ["Tokyo", "Sapporo"]


# The locator map and its link


def test_the_locator_map_is_cut_from_the_world_around_its_point():
    drawn = maps.locator(*PARIS)
    left, top, width, height = (float(n) for n in drawn.viewbox.split())
    assert left < float(drawn.x) < left + width
    assert top < float(drawn.y) < top + height
    assert width < maps.WORLD.width / 4
    # Only the land near Paris, not the whole world.
    assert 0 < len(drawn.land) < len(maps.parts_within("world_map", (0, 0, maps.WORLD.width, maps.WORLD.height))) / 4


@pytest.mark.parametrize("point", [PARIS, (55.75, 37.62), (1.29, 103.85), (-33.92, 18.42)])
def test_the_locator_maps_land_stays_inside_its_window(point):
    # The SVG hides what lies outside its viewBox, but a path's box is the whole country's: Russia's
    # covered the page around a map of Paris, and axe could not tell the colours of the text there.
    drawn = maps.locator(*point)
    left, top, width, height = (float(n) for n in drawn.viewbox.split())
    points = []
    for d in drawn.land:
        if "L" in d:  # cut to the window, written with absolute coordinates
            values = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", d)]
            points += list(zip(values[0::2], values[1::2], strict=True))
        else:  # inside the window as it was drawn
            points += [point for ring in clip.rings(d) for point in ring]
    assert points
    xs, ys = [x for x, _ in points], [y for _, y in points]
    assert left - 0.1 <= min(xs) and max(xs) <= left + width + 0.1
    assert top - 0.1 <= min(ys) and max(ys) <= top + height + 0.1


def test_a_ring_cut_to_a_box_keeps_what_is_inside_and_follows_the_edge():
    square = [(0, 0), (10, 0), (10, 10), (0, 10)]
    assert clip.clip_ring(square, (5, -1, 20, 20)) == [(5, 0), (10, 0), (10, 10), (5, 10)]
    assert clip.clip_ring(square, (20, 20, 30, 30)) == []
    assert clip.clip_path("M0 0l10 0 0 10-10 0z", (5, -1, 20, 20), maps.number) == "M5 0L10 0L10 10L5 10Z"


def test_the_locator_map_of_an_office_in_japan_is_the_map_of_japan():
    drawn = maps.locator(*TOKYO, in_japan=True)
    assert drawn.viewbox == f"0 0 {maps.JAPAN.width} {maps.number(maps.JAPAN.height)}"


def test_a_point_without_coordinates_has_no_locator_map():
    assert maps.locator(None, None) is None


@pytest.mark.parametrize(
    ("precision", "url"),
    [
        ("exact", "https://www.openstreetmap.org/directions?to=48.856613%2C2.352222"),
        ("city", "https://www.openstreetmap.org/directions?to=48.8566%2C2.3522"),
        ("country", "https://www.openstreetmap.org/?mlat=48.8566&mlon=2.3522#map=6/48.8566/2.3522"),
    ],
)
def test_openstreetmap_link_is_as_precise_as_the_position(precision, url):
    assert maps.openstreetmap_url(Decimal("48.856613"), Decimal("2.352222"), precision) == url


def test_the_locator_include_gives_directions_to_an_exact_position():
    html = render_to_string("offices/includes/locator_map.html", {"office": office("Paris", *PARIS)})
    assert 'href="https://www.openstreetmap.org/directions?to=48.8566%2C2.3522"' in html
    assert "Directions (OpenStreetMap)" in html
    assert "Position: exact, set by an editor." in html
    assert 'role="img"' in html
    assert "approximate" not in html


def test_the_locator_include_says_a_city_centre_is_approximate_and_not_an_address():
    html = render_to_string("offices/includes/locator_map.html", {"office": office("Paris", *PARIS, "city")})
    assert "approximate (city centre)" in html
    assert "Directions to the city centre (OpenStreetMap)" in html


def test_the_locator_include_leads_to_the_country_for_a_capitals_position():
    html = render_to_string(
        "offices/includes/locator_map.html", {"office": office("Tashkent", 41.26, 69.22, "country")}
    )
    assert "approximate (the country's capital)" in html
    assert "directions" not in html
    assert "#map=6/41.26/69.22" in html


def test_the_locator_include_is_empty_without_coordinates():
    html = render_to_string("offices/includes/locator_map.html", {"office": office("Nowhere", None, None, "")})
    assert html.strip() == ""


def test_the_locator_include_costs_an_office_page_no_query(network, django_assert_num_queries):
    hokkaido = Office.objects.get(slug="hokkaido")
    with django_assert_num_queries(0):
        html = render_to_string("offices/includes/locator_map.html", {"office": hokkaido})
    assert f'viewBox="0 0 {maps.JAPAN.width} {maps.number(maps.JAPAN.height)}"' in html
    assert "Where JETRO Hokkaido is</title>" in html


# The map page


@pytest.fixture
def network(db):
    paris = OfficeFactory(slug="paris", name="JETRO Paris", country="FR", city="Paris", latitude=PARIS[0],
                          longitude=PARIS[1])  # fmt: skip
    OfficeFactory(slug="berlin", name="JETRO Berlin", country="DE", city="Berlin", latitude=52.52, longitude=13.405)
    OfficeFactory(slug="headquarters", name="JETRO Headquarters", name_ja="日本貿易振興機構 本部",
                  kind=OfficeKind.HEADQUARTERS, country="JP", prefecture="tokyo", city="Tokyo",
                  latitude=TOKYO[0], longitude=TOKYO[1])  # fmt: skip
    DomesticOfficeFactory(slug="hokkaido", name="JETRO Hokkaido", name_ja="ジェトロ北海道", latitude=43.0667,
                          longitude=141.35)  # fmt: skip
    OfficeFactory(slug="tashkent", name="JETRO Uzbekistan", country="UZ", city="", region="russia_cis",
                  timezone="Asia/Tashkent")  # fmt: skip
    OfficeFactory(slug="hidden", name="JETRO Hidden", latitude=50, longitude=8, is_published=False)
    return paris


def test_the_map_page_has_one_h1_and_every_marker_is_a_link_named_for_its_office(client, network):
    response = client.get(reverse("offices:map"))
    assert response.status_code == 200
    assert count_h1(response) == 1
    assert world_markers(response) == {
        "JETRO Paris": "/offices/paris/",
        "JETRO Berlin": "/offices/berlin/",
        "2 offices in Japan: see the map of Japan": "#japan-heading",
    }
    assert svg_links(response, "map-japan") == {
        "JETRO Headquarters": "/offices/headquarters/",
        "JETRO Hokkaido": "/offices/hokkaido/",
    }
    assert "<title>JETRO Paris</title>" in response.text


def test_the_map_page_lists_the_same_offices_as_plain_links_by_region(client, network):
    response = client.get(reverse("offices:map"))
    listed = response.text[response.text.index('id="office-index"') :]
    for name, url in [("JETRO Paris", "/offices/paris/"), ("JETRO Hokkaido", "/offices/hokkaido/")]:
        assert f'<a href="{url}">{name}</a>' in listed
    assert "<h3>Europe</h3>" in listed
    assert "<h3>Japan: Hokkaido</h3>" in listed


def test_an_office_without_coordinates_is_listed_with_a_note_but_has_no_marker(client, network):
    response = client.get(reverse("offices:map"))
    assert "JETRO Uzbekistan" not in world_markers(response)
    listed = response.text[response.text.index('id="office-index"') :]
    assert '<a href="/offices/tashkent/">JETRO Uzbekistan</a>' in listed
    assert "no position on the map yet" in listed
    assert "1 office has no position yet and is on no map" in response.text


def test_the_map_page_shows_only_published_offices(client, network):
    response = client.get(reverse("offices:map"))
    assert "JETRO Hidden" not in response.text


def test_the_map_page_says_approximate_positions_are_city_centres_not_addresses(client, network):
    Office.objects.filter(slug="berlin").update(coordinates_precision="city")
    response = client.get(reverse("offices:map"))
    assert "<title>JETRO Berlin (city centre, approximate)</title>" in response.text
    assert "city centres or capitals (“city centre, approximate”), never an address" in response.text


def test_a_closed_office_says_so_on_its_marker_and_in_the_list(client, network):
    Office.objects.filter(slug="berlin").update(status=OfficeStatus.TEMPORARILY_CLOSED)
    response = client.get(reverse("offices:map"))
    assert "<title>JETRO Berlin · Temporarily closed</title>" in response.text
    assert "Germany · <strong>Temporarily closed</strong>" in response.text


def test_the_map_page_needs_no_script_and_no_other_site(client, network):
    response = client.get(reverse("offices:map"))
    assert "<script" not in response.text
    assert " style=" not in response.text
    assert not re.search(r'(?:href|src)="(?:https?:)?//', response.text.split("<footer")[0].split("</header>")[-1])
    assert '<link rel="stylesheet" href="/static/css/map.css">' in response.text


def test_the_japanese_map_page_names_markers_in_japanese_and_marks_english_names(client, network):
    response = client.get("/ja/offices/map/")
    assert response.status_code == 200
    assert count_h1(response) == 1
    japan = svg_links(response, "map-japan")
    assert japan["ジェトロ北海道"] == "/ja/offices/hokkaido/"
    assert world_markers(response)["JETRO Paris"] == "/ja/offices/paris/"
    assert 'aria-label="JETRO Paris" lang="en"' in response.text


def test_the_japanese_map_page_is_in_japanese(client, network):
    # Fails until /tmp/ja-map.po is merged into locale/.
    response = client.get("/ja/offices/map/")
    assert "<h1>ジェトロ事務所の地図</h1>" in response.text


def test_the_map_page_query_count_does_not_grow_with_offices(db, assert_constant_queries):
    def grow(n):
        for i in range(n):
            OfficeFactory(latitude=40 + i / 10, longitude=i / 10)
            DomesticOfficeFactory(latitude=35 + i / 10, longitude=135 + i / 10)

    assert_constant_queries(reverse("offices:map"), grow, limit=2)
