"""Convert Natural Earth's outlines (npm world-atlas 2.0.2) into the SVG path data the office maps draw.

Run once, after `npm ci`, whenever the outlines or a projection in places/maps.py change:

    python3 scripts/build_maps.py

It writes places/data/world_map.json (countries-110m.json, the world) and
places/data/japan_map.json (countries-50m.json, Japan only: ISO 3166-1
numeric 392), projected with places.maps.WORLD and places.maps.JAPAN,
simplified and rounded to 0.1 user unit. The site reads those files, never
node_modules. Standard library only.
"""

import itertools
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from places.maps import JAPAN, WORLD, Projection  # noqa: E402 - needs the project on sys.path

ATLAS = ROOT / "node_modules" / "world-atlas"
OUT = ROOT / "places" / "data"
VERSION = "2.0.2"
LICENCE = (
    "Natural Earth data: public domain (https://www.naturalearthdata.com/about/terms-of-use/). "
    "world-atlas packaging: ISC licence, copyright 2013-2019 Michael Bostock."
)
ANTARCTICA = "010"
JAPAN_CODE = "392"


def decode_arcs(topology):
    """Each arc as a list of (longitude, latitude): undo the delta encoding and the quantization."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def polygons(geometry):
    """A geometry's polygons, each a list of rings, each a list of arc indexes (~i: arc i reversed)."""
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def simplify(points, tolerance):
    """Douglas-Peucker: drop points nearer than `tolerance` to the line their neighbours make."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        length = math.hypot(x2 - x1, y2 - y1)
        farthest, index = 0.0, None
        for i in range(first + 1, last):
            x0, y0 = points[i]
            if length:
                distance = abs((x2 - x1) * (y1 - y0) - (x1 - x0) * (y2 - y1)) / length
            else:
                distance = math.hypot(x0 - x1, y0 - y1)
            if distance > farthest:
                farthest, index = distance, i
        if index is not None and farthest > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def projected_arcs(arcs, projection, tolerance):
    """Each arc projected and simplified once, so that neighbouring countries keep one shared border."""
    result = []
    for arc in arcs:
        points = [projection.project(max(min(lat, projection.north), projection.south), lon) for lon, lat in arc]
        result.append(simplify(points, tolerance))
    return result


def ring_points(ring, arcs):
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points += arc[1:] if points else arc
    return points


def across_the_antimeridian(rings, width):
    """A polygon as drawn: itself, or, where it crosses 180° (Russia's far east, Fiji), twice.

    Its longitudes are made continuous (some run past the map's edge), then a copy
    is shifted by the whole map's width; the SVG viewport clips both.
    """
    if not any(abs(b[0] - a[0]) > width / 2 for ring in rings for a, b in itertools.pairwise(ring)):
        return [rings]
    continuous = []
    for ring in rings:
        shift, previous, points = 0.0, ring[0][0], []
        for x, y in ring:
            if x - previous > width / 2:
                shift -= width
            elif previous - x > width / 2:
                shift += width
            previous = x
            points.append((x + shift, y))
        continuous.append(points)
    xs = [x for ring in continuous for x, _ in ring]
    offset = -width if max(xs) > width else width
    if min(xs) >= 0 and max(xs) <= width:
        return [continuous]
    return [continuous, [[(x + offset, y) for x, y in ring] for ring in continuous]]


def path_data(rings):
    """SVG path data in tenths of a unit: an absolute move, then relative lines, each ring closed."""
    parts = []
    for ring in rings:
        tenths = []
        for x, y in ring:
            point = (round(x * 10), round(y * 10))
            if not tenths or point != tenths[-1]:
                tenths.append(point)
        if len(tenths) > 1 and tenths[0] == tenths[-1]:
            tenths.pop()
        if len(tenths) < 3:
            continue
        (x0, y0), text = tenths[0], [f"M{tenth(tenths[0][0])} {tenth(tenths[0][1])}l"]
        for x, y in tenths[1:]:
            text.append(joined(tenth(x - x0), tenth(y - y0)))
            x0, y0 = x, y
        parts.append("".join(text).replace("l ", "l") + "z")
    return "".join(parts)


def tenth(value):
    """An integer number of tenths as the shortest decimal: 15 -> "1.5", -3 -> "-.3", 20 -> "2"."""
    sign, value = ("-" if value < 0 else ""), abs(value)
    whole, fraction = divmod(value, 10)
    text = f"{whole}.{fraction}" if fraction else f"{whole}"
    return sign + (text[1:] if text.startswith("0.") else text)


def joined(*numbers):
    """Numbers for path data: a space only where a minus sign does not already separate them."""
    return "".join(n if n.startswith("-") else f" {n}" for n in numbers)


def box_of(rings):
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    return [round(min(xs), 1), round(min(ys), 1), round(max(xs), 1), round(max(ys), 1)]


def area(ring):
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def build(source, projection: Projection, *, keep, tolerance, smallest, title):
    topology = json.loads((ATLAS / source).read_text(encoding="utf-8"))
    arcs = projected_arcs(decode_arcs(topology), projection, tolerance)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = geometry.get("id") or ""
        if not keep(code):
            continue
        parts = []
        for polygon in polygons(geometry):
            rings = [ring_points(ring, arcs) for ring in polygon]
            # An island smaller than `smallest` square units would be a speck: left out.
            if not rings or area(rings[0]) < smallest:
                continue
            for drawn in across_the_antimeridian(rings, projection.width):
                d = path_data(drawn)
                if d:
                    parts.append([*box_of(drawn), d])
        if parts:
            countries.append({"id": code, "name": geometry.get("properties", {}).get("name", ""), "parts": parts})
    return {
        "title": title,
        "source": f"Natural Earth 1:{source.split('-')[1].removesuffix('.json')} Admin 0 countries (v4.1.0), "
        f"from the npm package world-atlas {VERSION} ({source})",
        "licence": LICENCE,
        "generated_by": "scripts/build_maps.py",
        "projection": projection.describe(),
        "countries": countries,
    }


def main():
    if not ATLAS.exists():
        sys.exit(f"{ATLAS.relative_to(ROOT)} is missing: run `npm ci` first.")
    installed = json.loads((ATLAS / "package.json").read_text(encoding="utf-8"))["version"]
    if installed != VERSION:
        sys.exit(f"world-atlas {installed} is installed; this script expects {VERSION} (package-lock.json).")
    maps = {
        "world_map.json": build(
            "countries-110m.json",
            WORLD,
            keep=lambda code: code != ANTARCTICA,
            tolerance=0.15,
            smallest=0.5,
            title="The world (without Antarctica), Miller projection",
        ),
        "japan_map.json": build(
            "countries-50m.json",
            JAPAN,
            keep=lambda code: code == JAPAN_CODE,
            tolerance=0.4,
            smallest=4,
            title="Japan, latitude/longitude box",
        ),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    for name, content in maps.items():
        path = OUT / name
        path.write_text(json.dumps(content, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
        points = sum(part[4].count(" ") for country in content["countries"] for part in country["parts"])
        print(
            f"{path.relative_to(ROOT)}: {len(content['countries'])} countries, ~{points} points, "
            f"{path.stat().st_size // 1024} KB"
        )


if __name__ == "__main__":
    main()
