"""Outlines cut to a locator map's window, so that nothing drawn reaches outside it.

The SVG viewport hides what lies outside the viewBox, but each path's box is still
its whole country's: Russia's took up the page around a small map of Paris, and
tools that read the page (axe's contrast check) found the text there covered.
"""

import re

# "M994.8 367.7l.7-.5 .9 .8z": one absolute move, then relative lines, as scripts/build_maps.py writes them.
_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)")


def rings(d):
    """Each closed ring of path data `d` as a list of absolute (x, y)."""
    for piece in d.split("M")[1:]:
        values = [float(value) for value in _NUMBER.findall(piece)]
        x, y = values[0], values[1]
        ring = [(x, y)]
        for dx, dy in zip(values[2::2], values[3::2], strict=True):
            x, y = x + dx, y + dy
            ring.append((x, y))
        yield ring


def _cut(points, inside, crossing):
    kept = []
    for index, point in enumerate(points):
        previous = points[index - 1]
        if inside(point):
            if not inside(previous):
                kept.append(crossing(previous, point))
            kept.append(point)
        elif inside(previous):
            kept.append(crossing(previous, point))
    return kept


def clip_ring(ring, box):
    """The ring cut to the rectangle `box` (x0, y0, x1, y1) (Sutherland–Hodgman); [] if none of it is inside."""
    x0, y0, x1, y1 = box

    def at_x(x):
        return lambda p, q: (x, p[1] + (q[1] - p[1]) * (x - p[0]) / (q[0] - p[0]))

    def at_y(y):
        return lambda p, q: (p[0] + (q[0] - p[0]) * (y - p[1]) / (q[1] - p[1]), y)

    for inside, crossing in (
        (lambda p: p[0] >= x0, at_x(x0)),
        (lambda p: p[0] <= x1, at_x(x1)),
        (lambda p: p[1] >= y0, at_y(y0)),
        (lambda p: p[1] <= y1, at_y(y1)),
    ):
        ring = _cut(ring, inside, crossing)
        if not ring:
            return []
    return ring if len(ring) >= 3 else []


def clip_path(d, box, number):
    """Path data `d` cut to `box`, written with `number`; "" if nothing of it is inside."""
    return "".join(
        "M" + "L".join(f"{number(x)} {number(y)}" for x, y in ring) + "Z"
        for ring in (clip_ring(ring, box) for ring in rings(d))
        if ring
    )
