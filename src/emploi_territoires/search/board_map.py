"""The map of the board's results (/offres/carte/), drawn on the server as inline SVG.

The same query string as the board (search/params.py), so « Voir sur la carte » and « Voir la
liste » only change the path. Without `departement`: the map of France, each département
coloured by its number of matching offers (search.mapping), and the same numbers in a table.
With `departement=58` (or by choosing a département on the map): its outline, one circle per
commune with offers, and the board's results list below (board_context, the board's own view
code: same search, same pagination, same messages). No JavaScript is needed: départements and
communes are links. A bad `departement` is left out with the board's French message, and the
map of France is shown.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from emploi_territoires.search.mapping import offers_by_commune, offers_by_departement
from emploi_territoires.search.offers import OfferSearchParams
from emploi_territoires.search.params import query_string
from emploi_territoires.territories import cartography, outlines
from emploi_territoires.territories.models import Commune, Departement

from .board import board_context

TITLES_PER_POINT = 3


def _url(path: str, params: OfferSearchParams) -> str:
    query = query_string(params)
    return f"{path}?{query}" if query else path


def _national(params: OfferSearchParams, map_url: str, board_url: str) -> dict[str, object]:
    counts = offers_by_departement(params)
    departements = list(Departement.objects.order_by("code").values_list("code", "name"))
    areas = [
        cartography.Area(code, name, counts.get(code, 0), _url(map_url, replace(params, departement=code)))
        for code, name in departements
    ]
    classes = cartography.count_classes(counts.values())
    layout = outlines.national_layout()
    total = sum(counts.values())
    with_offers = sum(1 for a in areas if a.count)
    svg = ""
    if layout.paths:
        title = f"Carte des offres par département : {cartography.offers_label(total)}"
        desc = (
            "Carte de France, chaque département coloré selon le nombre d'offres de la recherche "
            f"({len(classes)} classe{'s' if len(classes) > 1 else ''}, du plus clair au plus foncé). "
            "Choisissez un département pour voir ses offres sur la carte. "
            "Le tableau qui suit la carte donne les mêmes nombres."
        )
        # Every text in the SVG (names, titles, links) is escaped by cartography.
        svg = mark_safe(cartography.choropleth_svg(layout, areas, classes, title, desc))  # noqa: S308
    rows = [
        {
            "area": area,
            "board_url": _url(board_url, replace(params, departement=area.code)),
            "klass": cartography.class_for(area.count, classes),
            "drawn": area.code in layout.paths,
        }
        for area in areas
    ]
    return {
        "svg": svg,
        "classes": classes,
        "empty_fill": cartography.EMPTY_FILL,
        "rows": rows,
        "map_total": total,
        "with_offers": with_offers,
        "without_outline": [a for a in areas if a.code not in layout.paths] if layout.paths else [],
        "insets": [name for _code, name, _box in layout.insets],
    }


def _zoom(params: OfferSearchParams, departement: Departement, hits: list, map_url: str) -> dict[str, object]:
    communes = offers_by_commune(params)
    titles: dict[str, list[str]] = defaultdict(list)
    for hit in hits:
        if len(titles[hit.commune_code]) < TITLES_PER_POINT:
            titles[hit.commune_code].append(hit.title)
    points = [
        cartography.Point(
            key=c.code,
            name=c.name,
            latitude=c.latitude,  # type: ignore[arg-type]
            longitude=c.longitude,  # type: ignore[arg-type]
            count=c.count,
            # The board's commune filter (without radius): this commune's offers, in the list below.
            href=_url(map_url, replace(params, commune=Commune(code=c.code, name=c.name), radius_km=None, sort="")),
            titles=tuple(titles.get(c.code, ())),
        )
        for c in communes
        if c.latitude is not None and c.longitude is not None
    ]
    unlocated = sum(c.count for c in communes if c.latitude is None or c.longitude is None)
    outline, neighbours = outlines.zoom_outlines(departement.code)
    total = sum(c.count for c in communes)
    title = f"Carte des offres : {departement.name} ({departement.code}), {cartography.offers_label(total)}"
    desc = (
        f"Contour du département {departement.name} et départements voisins en gris. "
        "Un cercle par commune qui a des offres, d'autant plus grand qu'elle en a ; "
        "choisissez une commune pour n'afficher que ses offres. La liste des offres suit la carte."
    )
    largest = max((p.count for p in points), default=0)
    return {
        # Every text in the SVG (commune names, offer titles, links) is escaped by cartography.
        "svg": mark_safe(cartography.zoom_svg(outline, neighbours, points, title, desc)),  # noqa: S308
        "has_outline": outline is not None,
        "points": points,
        "map_total": total,
        "unlocated": unlocated,
        "point_fill": cartography.POINT_FILL,
        # (count, radius as SVG text: the template would localise a float as « 5,0 »).
        "legend_sizes": [(n, f"{cartography.point_radius(n, largest):.1f}") for n in sorted({1, largest})]
        if largest
        else [],
        "france_url": _url(map_url, replace(params, departement="")),
        "whole_departement_url": _url(map_url, replace(params, commune=None, radius_km=None, sort=""))
        if params.commune is not None
        else "",
    }


@require_safe
def offer_map(request: HttpRequest) -> HttpResponse:
    context = board_context(request)
    params: OfferSearchParams = context["params"]  # type: ignore[assignment]
    map_url, board_url = reverse("offers:map"), reverse("offers:board")
    departement = Departement.objects.filter(pk=params.departement).first() if params.departement else None
    if departement is not None:
        context |= _zoom(params, departement, context["result"].hits, map_url)  # type: ignore[attr-defined]
        heading = f"Carte des offres : {departement.name} ({departement.code})"
    else:
        context |= _national(params, map_url, board_url)
        heading = "Carte des offres par département"
    summary = context["summary"]
    provenance = outlines.provenance()
    context |= {
        "departement": departement,
        "heading": heading,
        "list_url": _url(board_url, params),
        "provenance": provenance,
        "title": f"{heading} — {summary}" if summary else heading,
        "breadcrumb_data": {
            "links": [{"url": _url(board_url, params), "title": "Offres d'emploi"}]
            + ([{"url": context["france_url"], "title": "Carte"}] if departement is not None else []),
            "current": "Carte" if departement is None else f"{departement.name} ({departement.code})",
        },
    }
    return render(request, "offers/board/map.html", context)
