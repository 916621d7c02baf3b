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


def test_the_map_page_draws_a_crowded_capital_as_one_marker_leading_to_its_offices_in_the_directory(client, db):
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


def test_a_crowded_prefecture_leads_to_that_prefectures_offices(client, db):
    from offices.models import OfficeKind

    sapporo = {"latitude": 43.0667, "longitude": 141.35, "coordinates_precision": "city", "timezone": "Asia/Tokyo"}
    crowded_directory(700, kind=OfficeKind.DOMESTIC, country="JP", prefecture="hokkaido", region="hokkaido", **sapporo)
    response = client.get(reverse("offices:map"))
    ((href, _, _),) = crowd_links(response, "map-japan")
    assert href == "/offices/?prefecture=hokkaido"
