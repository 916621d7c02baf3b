"""The maps of a directory too big to draw each office: one marker for the offices of each place.

Past a few hundred offices (tens of thousands, at the benchmark's sizes) a marker for each office is more than a
visitor can tell apart and than a page can afford; the database counts the offices of each place
(a country's part of a grid cell, a prefecture) and each place gets one marker that says how many
and leads to their list. Places are taken as they come (anything with latitude, longitude, count,
name, href and in_japan), so that this app knows nothing of the offices app.
"""

from dataclasses import dataclass

from .maps import JAPAN, JAPAN_RADIUS, WORLD, WORLD_RADIUS, Cluster, Counted, DrawnMap, number, outlines, spread

# A place's marker is as big as a crowd's (places.maps.Crowd): the same kind of marker.
SIZE = 1.5


@dataclass(frozen=True)
class Group(Counted):
    """The offices of one place, drawn as one marker at (x, y) that says how many and links to them.

    Moved aside to stay clickable where places are close (Europe's capitals), it points with a
    line at (anchor_x, anchor_y), as an office's marker does.
    """

    x: str
    y: str
    r: str
    count: int
    place: str
    href: str
    anchor_x: str
    anchor_y: str
    moved: bool


def _groups(places, projection, radius, fixed=()):
    """Groups for places (projected), kept clear of `fixed` (((x, y), radius)) drawn first."""
    items = [(place, projection.project(place.latitude, place.longitude)) for place in places]
    points = [point for point, _ in fixed] + [point for _, point in items]
    radii = [r for _, r in fixed] + [radius] * len(items)
    spots = spread(points, radii, projection.width, projection.height)[len(fixed) :]
    # A place with no room left is drawn on its point, over its neighbours: still named and linked.
    return [
        Group(
            number(x),
            number(y),
            number(radius),
            place.count,
            place.name,
            place.href,
            number(ax),
            number(ay),
            placed and (x, y) != (ax, ay),
        )
        for (place, (ax, ay)), (x, y, placed) in zip(items, spots, strict=True)
    ]


def grouped_world_map(places, highlight=frozenset()):
    """The world with a marker for each place abroad; Japan's offices as one marker for the map of Japan."""
    shown = [place for place in places if WORLD.contains(place.latitude, place.longitude)]
    japan = [place for place in shown if place.in_japan]
    cluster, fixed = None, ()
    if japan:
        count = sum(place.count for place in japan)
        points = [(WORLD.project(place.latitude, place.longitude), place.count) for place in japan]
        x = sum(point[0] * n for point, n in points) / count
        y = sum(point[1] * n for point, n in points) / count
        cluster = Cluster(number(x), number(y), count, number(WORLD_RADIUS * 2))
        fixed = (((x, y), WORLD_RADIUS * 2),)
    abroad = [place for place in shown if not place.in_japan]
    groups = _groups(abroad, WORLD, WORLD_RADIUS * SIZE, fixed)
    world = outlines("world_map", frozenset(highlight))
    return DrawnMap(WORLD.width, WORLD.height, world, [], WORLD_RADIUS, cluster, groups)


def grouped_japan_map(places):
    """Japan with a marker for each of its places."""
    shown = [place for place in places if place.in_japan and JAPAN.contains(place.latitude, place.longitude)]
    groups = _groups(shown, JAPAN, JAPAN_RADIUS * SIZE)
    return DrawnMap(JAPAN.width, JAPAN.height, outlines("japan_map"), [], JAPAN_RADIUS, crowds=groups)
