"""Maps drawn on the server as inline SVG: outlines, a choropleth, points. Pure: no Django.

Entry points:

    national = national_layout({"58": outline, "2A": outline, "971": outline, ...})  # once, cached
    svg = choropleth_svg(national, areas, title="Offres par département", desc="...")
    svg = zoom_svg(outline, neighbours, points, title="Offres dans la Nièvre", desc="...")

An outline is a list of polygons, a polygon a list of rings (exterior first, then holes), a ring a
list of (longitude, latitude) in WGS84 degrees, as in GeoJSON.

Projections (why not a web map's Mercator: no tiles here, and France should look like France):
- metropolitan France, Corsica in place: Lambert conformal conic with the parameters of
  Lambert-93 (standard parallels 44°N and 49°N, origin 46.5°N 3°E) on a sphere. Conformal: shapes
  are right locally; the areas of Flanders and Corsica differ by under 1 % at this scale.
- each overseas département: its own inset, a local equirectangular projection (x = longitude ×
  cos(latitude of its centre)), each at its own scale (the legend says so);
- a zoom on one département: the same local equirectangular projection, which at this size
  (under 200 km) is within 0.5 % of conformal; a scale bar gives the distance.

Accessibility: the root <svg> is a labelled group (<title> and <desc> through aria-labelledby),
not role="img", because an image's children are presentational and the links it holds would be
hidden from screen readers. Every département or point is an <a> with an aria-label naming it and
its count, and a <title> for mouse users; decorative shapes are aria-hidden. The page repeats
every number in a table.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape
from itertools import pairwise

from emploi_territoires.core.formats import number

from .geodesy import EARTH_RADIUS_KM, KM_PER_DEGREE_LAT

Ring = list[tuple[float, float]]
Polygon = list[Ring]
Outline = list[Polygon]
BBox = tuple[float, float, float, float]  # min_lon, min_lat, max_lon, max_lat

# DSFR colours: grey-975 for "no offer", then blue-france tints to its sun-113 (#000091).
EMPTY_FILL = "#f6f6f6"
CLASS_FILLS = ("#e3e3fd", "#cacafb", "#8585f6", "#6a6af4", "#000091")
STROKE = "#666666"
CONTEXT_FILL = "#eeeeee"
POINT_FILL = "#e1000f"  # red-marianne: points stand out on the blue-free zoom outline
OUTLINE_FILL = "#f5f5fe"  # blue-france-975
OUTLINE_STROKE = "#000091"

# Layout of the national map, in SVG user units.
WIDTH, HEIGHT = 1000, 820
METRO_BOX = (200.0, 10.0, 790.0, 800.0)  # x, y, width, height
INSET_X, INSET_WIDTH, INSET_HEIGHT, INSET_GAP, INSET_LABEL = 10.0, 170.0, 118.0, 42.0, 18.0
ZOOM_WIDTH, ZOOM_HEIGHT, ZOOM_MARGIN = 800, 640, 24.0


# --- geometry -------------------------------------------------------------------------------------


def outline_bbox(outline: Outline) -> BBox:
    lons = [p[0] for polygon in outline for ring in polygon for p in ring]
    lats = [p[1] for polygon in outline for ring in polygon for p in ring]
    if not lons:
        raise ValueError("empty outline")
    return min(lons), min(lats), max(lons), max(lats)


def _perpendicular(point, start, end) -> float:
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return math.hypot(x - x1, y - y1)
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / math.hypot(dx, dy)


def simplify_ring(ring: Ring, tolerance: float) -> Ring:
    """Douglas-Peucker on a closed ring, distances in degrees of latitude (longitudes scaled by
    cos(latitude)); keeps the ring closed. Returns [] when fewer than 4 points would remain."""
    if len(ring) < 4:
        return []
    k = math.cos(math.radians(sum(p[1] for p in ring) / len(ring)))
    points = [(lon * k, lat) for lon, lat in ring]
    # A closed ring: split at the point farthest from the first, simplify both halves.
    far = max(range(len(points)), key=lambda i: math.hypot(points[i][0] - points[0][0], points[i][1] - points[0][1]))
    keep = {0, far, len(points) - 1}
    stack = [(0, far), (far, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        if last <= first + 1:
            continue
        index, distance = first, -1.0
        for i in range(first + 1, last):
            d = _perpendicular(points[i], points[first], points[last])
            if d > distance:
                index, distance = i, d
        if distance > tolerance:
            keep.add(index)
            stack.extend([(first, index), (index, last)])
    result = [ring[i] for i in sorted(keep)]
    return result if len(result) >= 4 else []


def simplify_outline(outline: Outline, tolerance: float, decimals: int) -> Outline:
    """Every ring simplified and rounded; islands and holes smaller than the tolerance dropped."""
    result: Outline = []
    for polygon in outline:
        rings: Polygon = []
        for index, ring in enumerate(polygon):
            lons, lats = [p[0] for p in ring], [p[1] for p in ring]
            if max(max(lons) - min(lons), max(lats) - min(lats)) < 2 * tolerance:
                if index == 0:
                    break  # the exterior is too small: the whole polygon goes
                continue
            simplified = simplify_ring(ring, tolerance)
            if not simplified:
                if index == 0:
                    break
                continue
            rings.append([(round(lon, decimals), round(lat, decimals)) for lon, lat in simplified])
        if rings:
            result.append(rings)
    return result


# --- projections ----------------------------------------------------------------------------------


class Lambert93:
    """Lambert conformal conic, Lambert-93's parameters, spherical; kilometres, y to the north."""

    def __init__(self) -> None:
        phi1, phi2, self.phi0, self.lam0 = (math.radians(v) for v in (44.0, 49.0, 46.5, 3.0))
        t1, t2 = math.tan(math.pi / 4 + phi1 / 2), math.tan(math.pi / 4 + phi2 / 2)
        self.n = math.log(math.cos(phi1) / math.cos(phi2)) / math.log(t2 / t1)
        self.f = math.cos(phi1) * t1**self.n / self.n
        self.rho0 = self._rho(self.phi0)

    def _rho(self, phi: float) -> float:
        return EARTH_RADIUS_KM * self.f / math.tan(math.pi / 4 + phi / 2) ** self.n

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        rho, theta = self._rho(math.radians(lat)), self.n * (math.radians(lon) - self.lam0)
        return rho * math.sin(theta), self.rho0 - rho * math.cos(theta)


class LocalEquirectangular:
    """x = longitude × cos(lat0), y = latitude, in kilometres: good enough at a département's size."""

    def __init__(self, lat0: float) -> None:
        self.k = math.cos(math.radians(lat0))
        self.km = KM_PER_DEGREE_LAT

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return lon * self.k * self.km, lat * self.km


@dataclass(frozen=True)
class Frame:
    """Fits projected kilometres into a box of the SVG, centred, aspect kept, y flipped."""

    scale: float  # SVG units per kilometre
    offset_x: float
    offset_y: float

    @classmethod
    def fit(cls, extent: tuple[float, float, float, float], box: tuple[float, float, float, float]) -> Frame:
        min_x, min_y, max_x, max_y = extent
        x, y, width, height = box
        scale = min(width / max(max_x - min_x, 1e-9), height / max(max_y - min_y, 1e-9))
        offset_x = x + (width - (max_x - min_x) * scale) / 2 - min_x * scale
        offset_y = y + (height - (max_y - min_y) * scale) / 2 + max_y * scale
        return cls(scale, offset_x, offset_y)

    def __call__(self, x: float, y: float) -> tuple[float, float]:
        return self.offset_x + x * self.scale, self.offset_y - y * self.scale


def projected_extent(outlines: Iterable[Outline], project) -> tuple[float, float, float, float]:
    xs, ys = [], []
    for outline in outlines:
        for polygon in outline:
            for lon, lat in polygon[0]:
                x, y = project(lon, lat)
                xs.append(x)
                ys.append(y)
    return min(xs), min(ys), max(xs), max(ys)


def path_d(outline: Outline, project, frame: Frame, decimals: int = 1) -> str:
    """The SVG path of an outline: rounded to `decimals`, relative moves after each ring's first
    point (a third shorter), points that round to the previous one dropped."""
    parts = []
    for polygon in outline:
        for ring in polygon:
            points: list[tuple[float, float]] = []
            for lon, lat in ring:
                sx, sy = frame(*project(lon, lat))
                point = (round(sx, decimals), round(sy, decimals))
                if not points or point != points[-1]:
                    points.append(point)
            if len(points) < 4:
                continue
            steps = " ".join(
                f"{_num(x - px, decimals)} {_num(y - py, decimals)}" for (px, py), (x, y) in pairwise(points)
            )
            parts.append(f"M{_num(points[0][0], decimals)} {_num(points[0][1], decimals)}l{steps}z")
    return "".join(parts)


def _num(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# --- classes --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountClass:
    number: int  # 1..5; 0 is "no offer"
    low: int
    high: int
    fill: str

    @property
    def label(self) -> str:
        if self.low == self.high:
            return f"{number(self.low)} offre{'s' if self.low > 1 else ''}"
        return f"{number(self.low)} à {number(self.high)} offres"


def count_classes(counts: Iterable[int], size: int = len(CLASS_FILLS)) -> list[CountClass]:
    """Up to `size` classes of the non-zero counts, by quantiles, as whole-number ranges.

    The last class always ends at the largest count; two quantiles that coincide make one class
    (few distinct values give few classes). The darkest colours go to the highest classes.
    """
    values = sorted(c for c in counts if c > 0)
    if not values:
        return []
    bounds: list[int] = []
    for i in range(1, size + 1):
        bound = values[min(len(values) - 1, math.ceil(len(values) * i / size) - 1)]
        if not bounds or bound > bounds[-1]:
            bounds.append(bound)
    fills = CLASS_FILLS[len(CLASS_FILLS) - len(bounds) :]
    classes, low = [], 1
    for index, (high, fill) in enumerate(zip(bounds, fills, strict=True), start=1):
        classes.append(CountClass(index, low, high, fill))
        low = high + 1
    return classes


def class_for(count: int, classes: Sequence[CountClass]) -> CountClass | None:
    if count <= 0:
        return None
    for klass in classes:
        if count <= klass.high:
            return klass
    return classes[-1] if classes else None


def offers_label(count: int) -> str:
    return f"{number(count)} offre{'s' if count > 1 else ''}" if count else "aucune offre"


# --- the national map -----------------------------------------------------------------------------


@dataclass
class NationalLayout:
    """Path of every département at national zoom, and the boxes of the overseas insets."""

    paths: dict[str, str] = field(default_factory=dict)
    insets: list[tuple[str, str, tuple[float, float, float, float]]] = field(default_factory=list)  # code, name, box

    @property
    def codes(self) -> set[str]:
        return set(self.paths)


def is_overseas(code: str) -> bool:
    return code.startswith("97")


def national_layout(outlines: dict[str, Outline], names: dict[str, str]) -> NationalLayout:
    """Metropolitan France (Corsica in place) in Lambert-93, each overseas département in an inset."""
    layout = NationalLayout()
    metro = {code: o for code, o in outlines.items() if not is_overseas(code) and o}
    if metro:
        lambert = Lambert93()
        frame = Frame.fit(projected_extent(metro.values(), lambert), METRO_BOX)
        for code, outline in sorted(metro.items()):
            layout.paths[code] = path_d(outline, lambert, frame, decimals=0)
    overseas = sorted(code for code, o in outlines.items() if is_overseas(code) and o)
    for index, code in enumerate(overseas):
        y = 10 + index * (INSET_HEIGHT + INSET_GAP)
        box = (INSET_X, y + INSET_LABEL, INSET_WIDTH, INSET_HEIGHT - INSET_LABEL)
        _, min_lat, _, max_lat = outline_bbox(outlines[code])
        local = LocalEquirectangular((min_lat + max_lat) / 2)
        inner = (box[0] + 4, box[1] + 4, box[2] - 8, box[3] - 8)
        frame = Frame.fit(projected_extent([outlines[code]], local), inner)
        layout.paths[code] = path_d(outlines[code], local, frame, decimals=0)
        layout.insets.append((code, names.get(code, code), (INSET_X, y, INSET_WIDTH, INSET_HEIGHT)))
    return layout


@dataclass(frozen=True)
class Area:
    """One département on the choropleth: its count and where its link goes."""

    code: str
    name: str
    count: int
    href: str


def _svg_open(width: int, height: int, title: str, desc: str, ident: str, css: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="{css}" '
        f'role="group" aria-labelledby="{ident}-title {ident}-desc" id="{ident}">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
    ]


def area_label(area: Area) -> str:
    return f"{area.name} ({area.code}) : {offers_label(area.count)}"


def choropleth_svg(
    layout: NationalLayout,
    areas: Sequence[Area],
    classes: Sequence[CountClass],
    title: str,
    desc: str,
    ident: str = "carte-france",
) -> str:
    """The national map: each département filled by the class of its count, and a link."""
    parts = _svg_open(WIDTH, HEIGHT, title, desc, ident, "offer-map offer-map--national")
    parts.append('<g aria-hidden="true" class="offer-map__insets">')
    for _code, name, (x, y, width, height) in layout.insets:
        parts.append(
            f'<rect x="{x}" y="{y}" width="{width}" height="{height}" fill="#ffffff" stroke="#929292" '
            f'stroke-width="1"/><text x="{x + 6}" y="{y + 16}" font-size="16" fill="#161616">{escape(name)}</text>'
        )
    parts.append("</g>")
    parts.append(f'<g class="offer-map__areas" stroke="{STROKE}" stroke-width="0.6" stroke-linejoin="round">')
    for area in sorted(areas, key=lambda a: a.code):
        d = layout.paths.get(area.code)
        if not d:
            continue
        klass = class_for(area.count, classes)
        fill = klass.fill if klass else EMPTY_FILL
        label = escape(area_label(area))
        parts.append(
            f'<a href="{escape(area.href)}" aria-label="{label}" class="offer-map__link">'
            f"<title>{label}</title>"
            f'<path d="{d}" fill="{fill}" class="offer-map__area"/></a>'
        )
    parts.append("</g></svg>")
    return "".join(parts)


# --- the zoom on one département ------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """Offers of one commune at département zoom."""

    key: str  # the commune's INSEE code
    name: str
    latitude: float
    longitude: float
    count: int
    href: str
    titles: tuple[str, ...] = ()  # a few offer titles, for the tooltip

    @property
    def label(self) -> str:
        text = f"{self.name} : {offers_label(self.count)}"
        if self.titles:
            more = self.count - len(self.titles)
            text += (
                " — "
                + " ; ".join(self.titles)
                + (f" ; et {number(more)} autre{'s' if more > 1 else ''}" if more > 0 else "")
            )
        return text


def point_radius(count: int, largest: int) -> float:
    return 5 + 11 * math.sqrt(count / max(largest, 1))


def _scale_bar(frame: Frame, width: int, height: int) -> str:
    """A bar of a round length near 1/5 of the map width, bottom left."""
    target_km = width / 5 / frame.scale
    magnitude = 10 ** math.floor(math.log10(target_km))
    length_km = max(m * magnitude for m in (1, 2, 5) if m * magnitude <= target_km)
    pixels = length_km * frame.scale
    x, y = 16, height - 18
    label = f"{length_km:g} km"
    return (
        f'<g aria-hidden="true" class="offer-map__scale"><rect x="{x - 6}" y="{y - 30}" width="{pixels + 12:.1f}" '
        f'height="40" fill="#ffffff" fill-opacity="0.85"/><path d="M{x} {y - 6}V{y}H{x + pixels:.1f}V{y - 6}" '
        f'fill="none" stroke="#161616" stroke-width="2.5"/>'
        f'<text x="{x}" y="{y - 10}" font-size="20" fill="#161616">{label}</text></g>'
    )


def zoom_svg(
    outline: Outline | None,
    neighbours: Sequence[Outline],
    points: Sequence[Point],
    title: str,
    desc: str,
    ident: str = "carte-departement",
) -> str:
    """One département: its outline, neighbours in grey for context, one circle per commune
    with offers (area proportional to the count), a scale bar. Without an outline the frame
    fits the points."""
    width, height = ZOOM_WIDTH, ZOOM_HEIGHT
    located = [p for p in points if p.latitude is not None and p.longitude is not None]
    if outline:
        min_lon, min_lat, max_lon, max_lat = outline_bbox(outline)
    elif located:
        min_lon, max_lon = min(p.longitude for p in located) - 0.05, max(p.longitude for p in located) + 0.05
        min_lat, max_lat = min(p.latitude for p in located) - 0.05, max(p.latitude for p in located) + 0.05
    else:
        min_lon, min_lat, max_lon, max_lat = -0.1, -0.1, 0.1, 0.1
    local = LocalEquirectangular((min_lat + max_lat) / 2)
    corners = [local(min_lon, min_lat), local(max_lon, max_lat)]
    extent = (corners[0][0], corners[0][1], corners[1][0], corners[1][1])
    box = (ZOOM_MARGIN, ZOOM_MARGIN, width - 2 * ZOOM_MARGIN, height - 2 * ZOOM_MARGIN)
    frame = Frame.fit(extent, box)
    parts = _svg_open(width, height, title, desc, ident, "offer-map offer-map--zoom")
    parts.append(f'<rect width="{width}" height="{height}" fill="#ffffff" aria-hidden="true"/>')
    if neighbours:
        parts.append(f'<g aria-hidden="true" fill="{CONTEXT_FILL}" stroke="#929292" stroke-width="0.8">')
        parts.extend(f'<path d="{path_d(n, local, frame)}"/>' for n in neighbours)
        parts.append("</g>")
    if outline:
        parts.append(
            f'<path d="{path_d(outline, local, frame)}" fill="{OUTLINE_FILL}" stroke="{OUTLINE_STROKE}" '
            'stroke-width="2" stroke-linejoin="round" aria-hidden="true"/>'
        )
    largest = max((p.count for p in located), default=1)
    parts.append(
        f'<g class="offer-map__points" fill="{POINT_FILL}" fill-opacity="0.75" stroke="#ffffff" stroke-width="1.5">'
    )
    # Biggest first, so small circles stay on top and clickable.
    for point in sorted(located, key=lambda p: (-p.count, p.key)):
        x, y = frame(*local(point.longitude, point.latitude))
        label = escape(point.label)
        parts.append(
            f'<a href="{escape(point.href)}" aria-label="{label}" class="offer-map__link">'
            f"<title>{label}</title>"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{point_radius(point.count, largest):.1f}" '
            'class="offer-map__point"/></a>'
        )
    parts.append("</g>")
    parts.append(_scale_bar(frame, width, height))
    parts.append("</svg>")
    return "".join(parts)
