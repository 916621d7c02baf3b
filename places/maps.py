"""The maps of JETRO's offices: projections, outlines and markers, for templates to draw as SVG.

The outlines are Natural Earth's (public domain), converted once by scripts/build_maps.py, with the
projections below, into places/data/*.json; the site reads those files (once per process), never
node_modules. Offices are taken as they come (anything with latitude, longitude, coordinates_precision,
in_japan and get_absolute_url): this app knows nothing of the offices app. Standard library only: the
build script imports this module without Django.
"""

import json
import math
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from urllib.parse import urlencode

from .clip import clip_path

DATA = Path(__file__).resolve().parent / "data"
APPROXIMATE = ("city", "country")


@dataclass(frozen=True)
class Projection:
    """A box of the Earth onto SVG user units `width` wide (y grows southwards).

    "miller" (Miller cylindrical) keeps Europe's shapes readable on a world map;
    "plate" is a plain latitude/longitude grid whose longitudes are shrunk by the
    cosine of the box's middle latitude, true enough for a country the size of Japan.
    """

    name: str
    west: float
    east: float
    south: float
    north: float
    width: int = 1000

    def _raw(self, latitude, longitude):
        if self.name == "miller":
            return math.radians(longitude), 1.25 * math.log(math.tan(math.pi / 4 + 0.4 * math.radians(latitude)))
        middle = math.radians((self.south + self.north) / 2)
        return math.radians(longitude) * math.cos(middle), math.radians(latitude)

    # Worked out once: the map page projects every office (thousands of them).
    @cached_property
    def _scale(self):
        return self.width / (self._raw(0, self.east)[0] - self._raw(0, self.west)[0])

    @cached_property
    def _corner(self):
        return self._raw(self.north, self.west)

    @property
    def height(self):
        return round((self._raw(self.north, 0)[1] - self._raw(self.south, 0)[1]) * self._scale, 1)

    def project(self, latitude, longitude):
        """(x, y) in the map's user units for a point in degrees."""
        x, y = self._raw(float(latitude), float(longitude))
        left, top = self._corner
        return (x - left) * self._scale, (top - y) * self._scale

    def contains(self, latitude, longitude):
        return self.south <= float(latitude) <= self.north and self.west <= float(longitude) <= self.east

    def describe(self):
        return {
            "name": self.name,
            "west": self.west,
            "east": self.east,
            "south": self.south,
            "north": self.north,
            "width": self.width,
            "height": self.height,
        }


# The world without Antarctica (no office is south of 57°S); Japan from Yonaguni to Hokkaido.
WORLD = Projection("miller", west=-180, east=180, south=-57, north=84)
JAPAN = Projection("plate", west=122.5, east=146.5, south=23.5, north=46.0)
# Marker radii in each map's user units (both maps are 1000 units wide).
WORLD_RADIUS = 4.5
JAPAN_RADIUS = 9
# How much of the world a locator map shows around its point (user units of WORLD).
LOCATOR_WIDTH, LOCATOR_HEIGHT = 150, 100


def number(value):
    """A coordinate for an SVG attribute: one decimal, "." whatever the page's language."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


# --- Outlines ------------------------------------------------------------


@cache
def outline_file(name):
    """places/data/<name>.json, read once per process."""
    with (DATA / f"{name}.json").open(encoding="utf-8") as file:
        return json.load(file)


@dataclass(frozen=True)
class Outline:
    code: str  # ISO 3166-1 numeric ("392"), "" where Natural Earth has none
    name: str
    d: str
    highlighted: bool = False


@cache
def country_paths(name):
    """(numeric code, name, path data) of each country of a map file, its polygons joined into one path."""
    return tuple(
        (country["id"], country["name"], "".join(part[4] for part in country["parts"]))
        for country in outline_file(name)["countries"]
    )


def outlines(name, highlight=frozenset()):
    """Each country of a map file as one SVG path; `highlight`: numeric codes to shade."""
    return [Outline(code, title, d, code in highlight) for code, title, d in country_paths(name)]


def parts_within(name, box):
    """The path data of a map file's polygons that meet `box` (x0, y0, x1, y1), cut to it: a locator map's land."""
    x0, y0, x1, y1 = box
    parts = []
    for country in outline_file(name)["countries"]:
        for left, top, right, bottom, d in country["parts"]:
            if left >= x0 and right <= x1 and top >= y0 and bottom <= y1:
                parts.append(d)
            elif left <= x1 and right >= x0 and top <= y1 and bottom >= y0 and (cut := clip_path(d, box, number)):
                parts.append(cut)
    return parts


# --- Markers -------------------------------------------------------------


def position(office):
    """(latitude, longitude) as floats, or None for an office without coordinates."""
    if office.latitude is None or office.longitude is None:
        return None
    return float(office.latitude), float(office.longitude)


def is_approximate(office):
    return office.coordinates_precision in APPROXIMATE


def spread(points, radii, width, height):
    """Where to draw markers at `points` so that none covers another, each as near its point as it can be.

    Markers are placed in order, each on the first free spot on rings around its point
    (several offices in one city, a capital's offices): every one stays clickable.
    Returns (x, y, placed) for each; placed is False where the rings were full, and
    (x, y) is then where the markers that found no room near there are drawn as one.
    Linear in the markers, however many share a place (a country's
    thousands at its capital): a point's search resumes where its last one stopped,
    and once a point found no room, later points that near it no longer search.
    """
    if not points:
        return []
    margin = max(radii) * 0.5
    cell = 2 * max(radii) + margin
    grid = {}  # cell -> the markers dropped there, each circle once: a try meets only a few
    searches = {}  # (x, y, r) -> the spots of that point's rings not tried yet
    full = {}  # cell -> where the markers whose point is in that cell go once one found no room
    placed = []

    def cell_of(x, y):
        return int(x // cell), int(y // cell)

    def free(x, y, r):
        if not (r <= x <= width - r and r <= y <= height - r):
            return False
        cx, cy = cell_of(x, y)
        for i in (cx - 1, cx, cx + 1):
            for j in (cy - 1, cy, cy + 1):
                for px, py, pr in grid.get((i, j), ()):
                    if (px - x) ** 2 + (py - y) ** 2 < (pr + r + margin) ** 2:
                        return False
        return True

    for (x0, y0), r in zip(points, radii, strict=True):
        home = cell_of(x0, y0)
        if home in full:
            placed.append((*full[home], False))
            continue
        # Markers are only ever added, so a spot found taken stays taken: resume after the tried ones.
        spots = searches.setdefault((x0, y0, r), _rings(x0, y0, 2 * r + margin))
        spot = next((spot for spot in spots if free(*spot, r)), None)
        if spot is None:
            full[home] = (x0, y0)
            grid.setdefault(home, set()).add((x0, y0, r))
            placed.append((x0, y0, False))
        else:
            grid.setdefault(cell_of(*spot), set()).add((*spot, r))
            placed.append((*spot, True))
    return placed


def _rings(x0, y0, step, rings=12):
    yield x0, y0
    for ring in range(1, rings + 1):
        count = 6 * ring
        for i in range(count):
            angle = 2 * math.pi * i / count - math.pi / 2
            yield x0 + ring * step * math.cos(angle), y0 + ring * step * math.sin(angle)


@dataclass(frozen=True)
class Marker:
    """One office on a map: drawn at (x, y), pointing with a line at (anchor_x, anchor_y) when moved aside."""

    office: object
    x: str
    y: str
    anchor_x: str
    anchor_y: str
    moved: bool
    approximate: bool


@dataclass(frozen=True)
class Cluster:
    """Several offices drawn as one marker that leads elsewhere (Japan's, on the world map)."""

    x: str
    y: str
    count: int
    r: str


class Counted:
    """A marker that stands for `count` offices, their number written in its circle of radius `r`."""

    @property
    def font_size(self):
        """The count's digits fit inside the circle."""
        return number(float(self.r) * min(1, 2.4 / len(str(self.count))))

    @property
    def dy(self):
        return number(float(self.font_size) * 0.35)


@dataclass(frozen=True)
class Crowd(Counted):
    """The offices with no room left around their place: one marker there that says how many and leads to them."""

    x: str
    y: str
    r: str
    offices: list
    href: str

    @property
    def count(self):
        return len(self.offices)


@dataclass(frozen=True)
class DrawnMap:
    width: int
    height: float
    outlines: list
    markers: list
    radius: float
    cluster: Cluster | None = None
    crowds: list = field(default_factory=list)

    @property
    def viewbox(self):
        return f"0 0 {self.width} {number(self.height)}"

    # Sizes for the template, as SVG attribute values.
    @property
    def r(self):
        return number(self.radius)

    @property
    def hit(self):
        """The radius a pointer can hit: wider than the dot, where no other marker is nearer."""
        return number(self.radius * 1.6)

    @property
    def dot(self):
        return number(max(self.radius * 0.3, 1))

    @property
    def stroke(self):
        return number(self.radius * 0.45)


def _markers(items, projection, radius, fixed=(), crowd_link=None):
    """Markers and crowds for (office, (x, y)) items, kept clear of `fixed` (((x, y), radius)) drawn first.

    `crowd_link(offices)`: where a crowd's marker leads (the caller knows the site's pages).
    """
    points = [point for point, _ in fixed] + [point for _, point in items]
    radii = [r for _, r in fixed] + [radius] * len(items)
    spots = spread(points, radii, projection.width, projection.height)[len(fixed) :]
    markers, crowded = [], {}
    for (office, (ax, ay)), (x, y, placed) in zip(items, spots, strict=True):
        if not placed:
            crowded.setdefault((number(x), number(y)), []).append(office)
            continue
        markers.append(
            Marker(office, number(x), number(y), number(ax), number(ay), (x, y) != (ax, ay), is_approximate(office))
        )
    # A crowd is drawn on its place, over the office drawn there: that office is counted in it instead.
    beneath = {(m.x, m.y): m for m in markers if not m.moved and (m.x, m.y) in crowded}
    crowds = []
    for (x, y), offices in crowded.items():
        if (x, y) in beneath:
            offices.insert(0, beneath[x, y].office)
        crowds.append(Crowd(x, y, number(radius * 1.5), offices, crowd_link(offices) if crowd_link else ""))
    hidden = {id(m) for m in beneath.values()}
    return [m for m in markers if id(m) not in hidden], crowds


def world_map(offices, highlight=frozenset(), crowd_link=None):
    """The world with every located office abroad; Japan's offices as one marker for the map of Japan."""
    items, japan = [], []
    for office in offices:
        found = position(office)
        if found is None or not WORLD.contains(*found):
            continue
        (japan if office.in_japan else items).append((office, WORLD.project(*found)))
    cluster, fixed = None, ()
    if japan:
        x = sum(point[0] for _, point in japan) / len(japan)
        y = sum(point[1] for _, point in japan) / len(japan)
        cluster = Cluster(number(x), number(y), len(japan), number(WORLD_RADIUS * 2))
        fixed = (((x, y), WORLD_RADIUS * 2),)
    markers, crowds = _markers(items, WORLD, WORLD_RADIUS, fixed, crowd_link)
    return DrawnMap(
        WORLD.width, WORLD.height, outlines("world_map", frozenset(highlight)), markers, WORLD_RADIUS, cluster, crowds
    )


def japan_map(offices, crowd_link=None):
    """Japan with its located offices."""
    items = [
        (office, JAPAN.project(*found))
        for office in offices
        if office.in_japan and (found := position(office)) and JAPAN.contains(*found)
    ]
    markers, crowds = _markers(items, JAPAN, JAPAN_RADIUS, crowd_link=crowd_link)
    return DrawnMap(JAPAN.width, JAPAN.height, outlines("japan_map"), markers, JAPAN_RADIUS, crowds=crowds)


# --- A locator map for one office ---------------------------------------


@dataclass(frozen=True)
class Locator:
    viewbox: str
    land: list
    x: str
    y: str
    radius: str


def locator(latitude, longitude, in_japan=False):
    """A small map around a point: all of Japan for a point in Japan, else the region cut from the world map.

    None for a point without coordinates or outside the maps.
    """
    if latitude is None or longitude is None:
        return None
    latitude, longitude = float(latitude), float(longitude)
    if in_japan and JAPAN.contains(latitude, longitude):
        x, y = JAPAN.project(latitude, longitude)
        box = (0, 0, JAPAN.width, JAPAN.height)
        return Locator(
            f"0 0 {JAPAN.width} {number(JAPAN.height)}",
            parts_within("japan_map", box),
            number(x),
            number(y),
            number(JAPAN_RADIUS * 2),
        )
    if not WORLD.contains(latitude, longitude):
        return None
    x, y = WORLD.project(latitude, longitude)
    left = min(max(x - LOCATOR_WIDTH / 2, 0), WORLD.width - LOCATOR_WIDTH)
    top = min(max(y - LOCATOR_HEIGHT / 2, 0), WORLD.height - LOCATOR_HEIGHT)
    box = (left, top, left + LOCATOR_WIDTH, top + LOCATOR_HEIGHT)
    return Locator(
        f"{number(left)} {number(top)} {LOCATOR_WIDTH} {LOCATOR_HEIGHT}",
        parts_within("world_map", box),
        number(x),
        number(y),
        number(LOCATOR_WIDTH / 60),
    )


# --- Links to OpenStreetMap ----------------------------------------------


def _degrees(value, places):
    return f"{float(value):.{places}f}".rstrip("0").rstrip(".")


def openstreetmap_search_url(place):
    """OpenStreetMap's search for a written address: from its answer, a visitor asks for directions."""
    return f"https://www.openstreetmap.org/search?{urlencode({'query': place})}"


def openstreetmap_url(latitude, longitude, precision):
    """Directions to an exact position; to a city centre for a derived one; a country's map for a capital."""
    if precision == "country":
        lat, lon = _degrees(latitude, 4), _degrees(longitude, 4)
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=6/{lat}/{lon}"
    places = 6 if precision == "exact" else 4
    return f"https://www.openstreetmap.org/directions?to={_degrees(latitude, places)}%2C{_degrees(longitude, places)}"
