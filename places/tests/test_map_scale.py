"""The maps stay cheap when thousands of offices share a place (issue 15: a country's offices at its capital).

Work is counted, not timed: the spots tried on the rings around a point and the distance checks
against markers already dropped. The counters stop a run that goes over its budget, so the old
quadratic search fails quickly instead of running for minutes.
"""

import re
from types import SimpleNamespace

import pytest
from django.urls import reverse

from places import maps

BERLIN = (52.52, 13.405)


class TooMuchWork(Exception):
    pass


class Work:
    def __init__(self, budget):
        self.count, self.budget = 0, budget

    def add(self):
        self.count += 1
        if self.count > self.budget:
            raise TooMuchWork(f"over {self.budget}")


@pytest.fixture
def spots_tried(monkeypatch):
    """Counts every spot spread() tries on the rings around a point."""
    work = Work(budget=200_000)
    rings = maps._rings

    def counted(*args, **kwargs):
        for spot in rings(*args, **kwargs):
            work.add()
            yield spot

    monkeypatch.setattr(maps, "_rings", counted)
    return work


class Radius(float):
    """A marker's radius that counts the distance checks made against its marker once dropped."""

    work = None

    def __add__(self, other):
        self.work.add()
        return float(self) + other


def crowd(count, at, jitter=0.0):
    """`count` points at `at` (world map units), spread over `jitter` units if asked."""
    return [(at[0] + jitter * (i % 50) / 50, at[1] + jitter * (i // 50) / 100) for i in range(count)]


def test_5000_markers_at_one_point_try_a_bounded_number_of_spots(spots_tried):
    spots = maps.spread(crowd(5000, (500, 200)), [maps.WORLD_RADIUS] * 5000, maps.WORLD.width, maps.WORLD.height)
    assert len(spots) == 5000
    # The 469 spots of the 12 rings once, then none: not 469 for each of the 4,500 markers with no room.
    assert spots_tried.count < 6 * 5000


def test_5000_markers_at_one_point_check_a_bounded_number_of_distances():
    work = Work(budget=400_000)
    Radius.work = work
    radii = [Radius(maps.WORLD_RADIUS)] * 5000
    maps.spread(crowd(5000, (500, 200)), radii, maps.WORLD.width, maps.WORLD.height)
    # Each try meets the few markers around it, never every marker already stacked on the point.
    assert work.count < 80 * 5000


def test_5000_markers_at_nearby_but_distinct_points_try_a_bounded_number_of_spots(spots_tried):
    points = crowd(5000, (500, 200), jitter=2.0)
    maps.spread(points, [maps.WORLD_RADIUS] * 5000, maps.WORLD.width, maps.WORLD.height)
    assert spots_tried.count < 30 * 5000


def office(number, in_japan=False):
    return SimpleNamespace(
        name=f"Office {number}",
        latitude=BERLIN[0],
        longitude=BERLIN[1],
        coordinates_precision="country",
        in_japan=in_japan,
        get_absolute_url=lambda: f"/offices/office-{number}/",
    )


def test_offices_beyond_the_room_around_their_place_are_one_marker_that_says_how_many_and_links_to_them():
    offices = [office(i) for i in range(2000)]
    drawn = maps.world_map(offices, crowd_link=lambda crowd: f"/offices/?country=DE&n={len(crowd)}")
    (group,) = drawn.crowds
    # Every office is on the map once: drawn on its own, or counted in the group.
    assert len(drawn.markers) + group.count == 2000
    assert {id(m.office) for m in drawn.markers}.isdisjoint(id(o) for o in group.offices)
    assert group.href == f"/offices/?country=DE&n={group.count}"
    x, y = maps.WORLD.project(*BERLIN)
    assert (group.x, group.y) == (maps.number(x), maps.number(y))
    # The group is on the place itself: no office marker is left beneath it.
    assert all(m.moved for m in drawn.markers)


def test_a_few_offices_at_one_place_are_each_drawn_and_make_no_group():
    drawn = maps.world_map([office(i) for i in range(30)])
    assert len(drawn.markers) == 30
    assert drawn.crowds == []


# The map page


def crowded_directory(count, **fields):
    """`count` published offices at one position, inserted at once (as `generate_scale_data` does)."""
    from offices.models import Office
    from offices.tests.factories import OfficeFactory

    Office.objects.bulk_create(OfficeFactory.build_batch(count, **fields))


def crowd_links(response, css_class):
    svg = re.search(rf'<svg class="map {css_class}".*?</svg>', response.text, re.S).group(0)
    return re.findall(
        r'<a href="([^"]+)" class="marker cluster crowd" aria-label="([^"]+)"><title>([^<]+)</title>', svg
    )


@pytest.fixture
def draw_each_office(monkeypatch):
    """The page draws each office (as for the real directory), even the crowds below: past its threshold it counts."""
    from offices import map_views

    monkeypatch.setattr(map_views, "DRAW_EACH_UP_TO", 1000)


def test_the_map_page_draws_a_crowded_capital_as_one_marker_leading_to_its_offices_in_the_directory(
    client, db, draw_each_office
):
    crowded_directory(700, country="DE", timezone="Europe/Berlin", latitude=BERLIN[0], longitude=BERLIN[1],
                      coordinates_precision="country")  # fmt: skip
    response = client.get(reverse("offices:map"))
    assert response.status_code == 200
    ((href, name, title),) = crowd_links(response, "map-world")
    count = int(name.split()[0])
    assert name == title == f"{count} offices here: see the list"
    assert href == "/offices/?country=DE"
    # Every office is a marker of its own or counted in the crowd's.
    assert response.text.count('class="marker approximate"') + count == 700
    assert "Too many offices at one place to draw each" in response.text


def test_a_crowded_prefecture_leads_to_that_prefectures_offices(client, db, draw_each_office):
    from offices.models import OfficeKind

    sapporo = {"latitude": 43.0667, "longitude": 141.35, "coordinates_precision": "city", "timezone": "Asia/Tokyo"}
    crowded_directory(700, kind=OfficeKind.DOMESTIC, country="JP", prefecture="hokkaido", region="hokkaido", **sapporo)
    response = client.get(reverse("offices:map"))
    ((href, _, _),) = crowd_links(response, "map-japan")
    assert href == "/offices/?prefecture=hokkaido"


# A directory too big to draw each office: its places are drawn and listed, with their number


@pytest.fixture
def counted_directory(db, monkeypatch):
    """12 offices in Germany, France (Paris and Marseille, far apart) and Japan, past a threshold of 5."""
    from offices import map_views
    from offices.tests.factories import DomesticOfficeFactory, OfficeFactory

    monkeypatch.setattr(map_views, "DRAW_EACH_UP_TO", 5)
    for i in range(3):
        OfficeFactory(name=f"JETRO Berlin {i}", latitude=BERLIN[0], longitude=BERLIN[1] + i / 10)
    OfficeFactory(
        name="JETRO Nowhere", city="", timezone="Europe/Berlin"
    )  # no position: counted in the list, on no map
    for i, (city, latitude, longitude) in enumerate(
        [("Paris", 48.8566, 2.3522)] * 3 + [("Marseille", 43.2965, 5.3698)]
    ):
        OfficeFactory(name=f"JETRO {city} {i}", country="FR", city=city, latitude=latitude, longitude=longitude)
    for i in range(2):
        DomesticOfficeFactory(name=f"JETRO Sapporo {i}", latitude=43.0667, longitude=141.35)
        DomesticOfficeFactory(
            name=f"JETRO Tokyo {i}", prefecture="tokyo", city="Tokyo", latitude=35.69, longitude=139.69
        )


def svg_markers(response, css_class):
    """(href, accessible name, title) of every link drawn on a map."""
    svg = re.search(rf'<svg class="map {css_class}".*?</svg>', response.text, re.S).group(0)
    links = re.findall(r"<a [^>]*>", svg)
    markers = re.findall(r'<a href="([^"]+)" class="[^"]+" aria-label="([^"]+)"><title>([^<]+)</title>', svg)
    assert len(markers) == len(links), "every marker is a link with an accessible name and a title"
    return sorted(markers)


def test_past_the_threshold_each_place_is_one_marker_that_counts_its_offices_and_links_to_them(
    client, counted_directory
):
    response = client.get(reverse("offices:map"))
    assert response.status_code == 200
    assert [(href, name) for href, name, _ in svg_markers(response, "map-world")] == [
        ("#japan-heading", "4 offices in Japan: see the map of Japan"),
        ("/offices/?country=DE", "3 offices in Germany: see the list"),
        # Paris and Marseille are far apart: a marker each, both leading to France's offices.
        ("/offices/?country=FR", "1 office in France: see the list"),
        ("/offices/?country=FR", "3 offices in France: see the list"),
    ]
    assert [(href, name) for href, name, _ in svg_markers(response, "map-japan")] == [
        ("/offices/?prefecture=hokkaido", "2 offices in Hokkaido: see the list"),
        ("/offices/?prefecture=tokyo", "2 offices in Tokyo: see the list"),
    ]
    assert all(
        name == title for _, name, title in svg_markers(response, "map-world") + svg_markers(response, "map-japan")
    )
    assert "11 offices are on the maps below, counted by place" in response.text
    assert "The offices of a place (a country or a prefecture)" in response.text


def test_past_the_threshold_the_list_counts_the_offices_of_each_country_and_prefecture(client, counted_directory):
    response = client.get(reverse("offices:map"))
    listed = response.text[response.text.index('id="office-index"') :]
    entries = re.findall(r'<li><a href="([^"]+)">([^<]+)</a>\s*<span class="meta">([^<]+)</span></li>', listed)
    assert entries == [
        ("/offices/?prefecture=hokkaido", "Hokkaido", "2 offices"),
        ("/offices/?prefecture=tokyo", "Tokyo", "2 offices"),
        ("/offices/?country=FR", "France", "4 offices"),
        ("/offices/?country=DE", "Germany", "4 offices"),
    ]
    assert re.findall(r"<h3>([^<]+)</h3>", listed) == ["Japan: Hokkaido", "Japan: Kanto", "Europe"]
    assert "1 office has no position yet and is on no map; it is counted below." in response.text


def test_past_the_threshold_no_office_appears_by_itself(client, counted_directory):
    from offices.models import Office

    response = client.get(reverse("offices:map"))
    for office in Office.objects.all():
        assert office.name not in response.text
        assert f'href="{office.get_absolute_url()}"' not in response.text


def test_past_the_threshold_the_query_count_does_not_grow_with_offices(db, assert_constant_queries, monkeypatch):
    from offices import map_views
    from offices.tests.factories import DomesticOfficeFactory, OfficeFactory

    monkeypatch.setattr(map_views, "DRAW_EACH_UP_TO", 0)

    def grow(n):
        for i in range(n):
            OfficeFactory(latitude=40 + i, longitude=i)
            DomesticOfficeFactory(latitude=35 + i / 10, longitude=135 + i / 10)

    response = assert_constant_queries(reverse("offices:map"), grow, limit=3)
    assert "offices are on the maps below, counted by place" in response.text


def test_past_the_threshold_the_counts_are_kept_for_the_generation_and_an_edit_shows_at_once(
    client, counted_directory, django_assert_num_queries
):
    from offices.tests.factories import OfficeFactory

    assert "3 offices in Germany: see the list" in client.get(reverse("offices:map")).text
    # Counted once for the generation: the next visit reads no office.
    with django_assert_num_queries(1):  # the generation
        client.get(reverse("offices:map"))
    OfficeFactory(name="JETRO Potsdam", latitude=52.39, longitude=13.06)
    assert "4 offices in Germany: see the list" in client.get(reverse("offices:map")).text
