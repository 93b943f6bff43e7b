"""Charts, the points map and the département tile-grid cartogram, as inline SVG.

Every figure is readable without colour: bars carry hatch patterns and their value as text,
the map uses two shapes (circle = organisations, square = open offers) and a legend, and each
cartogram tile shows its value and a class number next to a pattern whose density grows with the
class. Each figure has a text alternative and the page shows the same values in a table.

No département geometry is available offline (the COG copy has commune centroids only), so the
map is a scatter in an equirectangular projection without outline, and the "choropleth" is a
tile-grid cartogram: one square per département placed near its centroid (mean of its communes'
centroids), overseas départements in a row of their own.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from html import escape
from typing import Any

from emploi_territoires.core import formats
from emploi_territoires.core.charts import pyplot

# Line hatches only: dots and circles would make the SVG ten times heavier.
HATCHES = ["//", "\\\\", "xx", "--", "||", "++", "/", "\\\\\\"]


def _number(value: float | int | None, decimals: int = 0) -> str:
    if value is None:
        return "—"
    return formats.number(value, decimals)


def bar_chart_svg(title: str, labels: Sequence[str], values: Sequence[float], unit: str = "") -> str:
    """A horizontal bar chart (matplotlib), hatched bars and values written at the end of each bar."""
    labels = [label if len(label) <= 45 else label[:44] + "…" for label in labels]
    height = 1.2 + 0.42 * max(1, len(labels))
    plt = pyplot()  # matplotlib, with text kept as text in the SVG: imported at the first chart
    figure, axes = plt.subplots(figsize=(8, height))
    positions = list(range(len(labels)))[::-1]
    bars = axes.barh(positions, values, color="#dddddd", edgecolor="#000091")
    for bar, hatch in zip(bars, HATCHES * (len(labels) // len(HATCHES) + 1), strict=False):
        bar.set_hatch(hatch)
    for position, value in zip(positions, values, strict=True):
        axes.text(value, position, f" {_number(value, 0 if float(value).is_integer() else 2)}{unit}", va="center")
    axes.set_yticks(positions, labels)
    axes.set_title(title)
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_xlim(0, max([*values, 1]) * 1.2)
    figure.tight_layout()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg")
    plt.close(figure)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" ', 1)


def _frame(width: int, height: int, label: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}" class="diagnostic-figure">',
        f"<title>{escape(label)}</title>",
        f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" fill="#fff" stroke="#000"/>',
    ]


def points_map_svg(points: Sequence[Sequence[Any]], title: str) -> str:
    """Organisations (circles) and open offers (squares) per commune, equirectangular lon/lat."""
    width, height, margin = 640, 480, 50
    parts = _frame(width, height, title)
    located = [p for p in points if p[1] is not None]
    if not located:
        parts.append(f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle">Aucun point à afficher</text></svg>')
        return "".join(parts)
    lons = [p[1] for p in located]
    lats = [p[2] for p in located]
    lat0 = math.radians(sum(lats) / len(lats))
    pad = 0.05
    min_x, max_x = min(lons) * math.cos(lat0) - pad, max(lons) * math.cos(lat0) + pad
    min_y, max_y = min(lats) - pad, max(lats) + pad
    scale = min((width - 2 * margin) / (max_x - min_x), (height - 2 * margin - 40) / (max_y - min_y))

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return margin + (lon * math.cos(lat0) - min_x) * scale, margin + (max_y - lat) * scale

    biggest = max(max(p[3], p[4]) for p in located) or 1
    for name, lon, lat, organisations, offers in located:
        x, y = xy(lon, lat)
        label = escape(f"{name} : {organisations} organisation(s), {offers} offre(s) ouverte(s)")
        if organisations:
            r = 3 + 9 * math.sqrt(organisations / biggest)
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="none" stroke="#000091" stroke-width="1.5">'
                f"<title>{label}</title></circle>"
            )
        if offers:
            side = 4 + 12 * math.sqrt(offers / biggest)
            parts.append(
                f'<rect x="{x - side / 2:.1f}" y="{y - side / 2:.1f}" width="{side:.1f}" height="{side:.1f}" '
                f'fill="#e1000f" fill-opacity="0.35" stroke="#000"><title>{label}</title></rect>'
            )
    # Axes labels (degrees) and legend.
    parts.append(f'<text x="{margin}" y="{height - 12}" font-size="12">Longitude {min(lons):.2f}° à {max(lons):.2f}°')
    parts.append(f" — latitude {min(lats):.2f}° à {max(lats):.2f}° (projection équirectangulaire)</text>")
    parts.append(
        f'<g font-size="12"><circle cx="{width - 230}" cy="22" r="6" fill="none" stroke="#000091" stroke-width="1.5"/>'
        f'<text x="{width - 218}" y="26">organisations</text>'
        f'<rect x="{width - 120}" y="16" width="12" height="12" fill="#e1000f" fill-opacity="0.35" stroke="#000"/>'
        f'<text x="{width - 102}" y="26">offres ouvertes</text></g>'
    )
    parts.append("</svg>")
    return "".join(parts)


def classes(values: Sequence[float], count: int = 5) -> list[float]:
    """Upper bounds of `count` classes of equal size (quantiles) of the known values."""
    known = sorted(v for v in values if v is not None)
    if not known:
        return []
    return [known[min(len(known) - 1, math.ceil(len(known) * (i + 1) / count) - 1)] for i in range(count)]


def class_of(value: float | None, bounds: Sequence[float]) -> int:
    if value is None or not bounds:
        return 0
    for index, bound in enumerate(bounds, start=1):
        if value <= bound:
            return index
    return len(bounds)


def tile_layout(centroids: dict[str, tuple[float, float]]) -> dict[str, tuple[int, int]]:
    """A grid position (column, row) per département, near its centroid, one département per cell."""
    metro = {c: ll for c, ll in centroids.items() if not c.startswith("97")}
    overseas = sorted(c for c in centroids if c.startswith("97"))
    taken: set[tuple[int, int]] = set()
    layout: dict[str, tuple[int, int]] = {}
    # North to south, west to east: each département takes the free cell nearest its centroid.
    for code, (lat, lon) in sorted(metro.items(), key=lambda item: (-item[1][0], item[1][1])):
        want = (round((lon + 5.0) / 1.15), round((51.2 - lat) / 0.78))
        best = None
        for radius in range(6):
            ring = [
                (want[0] + dx, want[1] + dy)
                for dx in range(-radius, radius + 1)
                for dy in range(-radius, radius + 1)
                if max(abs(dx), abs(dy)) == radius and (want[0] + dx, want[1] + dy) not in taken
            ]
            if ring:
                best = min(ring, key=lambda cell: (abs(cell[0] - want[0]) + abs(cell[1] - want[1]), cell))
                break
        layout[code] = best or want
        taken.add(layout[code])
    bottom = max((row for _, row in layout.values()), default=0) + 2
    for index, code in enumerate(overseas):
        layout[code] = (index, bottom)
    return layout


def cartogram_svg(tiles: dict[str, Sequence[int]], values: dict[str, float | None], title: str, decimals: int) -> str:
    """One square per département, its code, value and class number; patterns denser with the class."""
    size = 46
    columns = max((c for c, _ in tiles.values()), default=0) + 1
    rows = max((r for _, r in tiles.values()), default=0) + 1
    width, height = columns * size + 20, rows * size + 110
    bounds = classes([v for v in values.values() if v is not None])
    parts = _frame(width, height, title)
    parts.append("<defs>")
    for index in range(1, 6):
        spacing = 12 - 2 * index
        parts.append(
            f'<pattern id="class{index}" width="{spacing}" height="{spacing}" patternUnits="userSpaceOnUse" '
            f'patternTransform="rotate(45)"><rect width="{spacing}" height="{spacing}" fill="#f6f6f6"/>'
            f'<line x1="0" y1="0" x2="0" y2="{spacing}" stroke="#000091" stroke-width="{0.5 + index * 0.5}"/></pattern>'
        )
    parts.append("</defs>")
    for code, (column, row) in sorted(tiles.items()):
        value = values.get(code)
        klass = class_of(value, bounds)
        x, y = 10 + column * size, 10 + row * size
        fill = f"url(#class{klass})" if klass else "#ffffff"
        label = escape(f"{code} : {_number(value, decimals)} (classe {klass or 'sans donnée'})")
        parts.append(
            f'<g><title>{label}</title><rect x="{x}" y="{y}" width="{size - 3}" height="{size - 3}" fill="{fill}" '
            f'stroke="#000"/><rect x="{x + 2}" y="{y + 2}" width="{size - 7}" height="24" fill="#fff" '
            'fill-opacity="0.85"/>'
            f'<text x="{x + 4}" y="{y + 12}" font-size="10" font-weight="bold">{escape(code)}</text>'
            f'<text x="{x + 4}" y="{y + 24}" font-size="9">{_number(value, decimals)}</text>'
            f'<text x="{x + size - 8}" y="{y + 12}" font-size="9" text-anchor="end">{klass or ""}</text></g>'
        )
    legend_y = height - 90
    lower = None
    for index, bound in enumerate(bounds, start=1):
        x = 10 + (index - 1) * 120
        text = f"{index} : {'≤' if lower is None else _number(lower, decimals) + ' à'} {_number(bound, decimals)}"
        parts.append(
            f'<rect x="{x}" y="{legend_y}" width="20" height="20" fill="url(#class{index})" stroke="#000"/>'
            f'<text x="{x + 26}" y="{legend_y + 15}" font-size="11">{escape(text)}</text>'
        )
        lower = bound
    parts.append(
        f'<text x="10" y="{legend_y + 45}" font-size="11">Classes par quintiles ; le numéro de classe est écrit '
        "dans chaque case. Case blanche : pas de donnée.</text>"
    )
    parts.append(
        f'<text x="10" y="{legend_y + 62}" font-size="11">Carte en cases : une case par département, placée '
        "près de son centre ; départements d'outre-mer sur la dernière ligne.</text></svg>"
    )
    return "".join(parts)
