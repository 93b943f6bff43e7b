"""Territory diagnostic pages: read the precomputed aggregates (territories/diagnostics/aggregates.py).

Who: any signed-in professional (advisors, collectivités, companies, staff); candidates and
mentors get a 403, anonymous visitors the login page. The figures are aggregate counts only.
One query for the three aggregates shown side by side (territory, its département, France) and
one for the cartogram; charts are cached per territory and refresh time.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from emploi_territoires.accounts.models import User
from emploi_territoires.offers.exports import to_csv, to_xlsx

from .diagnostics import aggregates, charts
from .diagnostics.tables import Table, build_tables
from .figures import Population
from .models import Programme, TerritoryAggregate

Level = TerritoryAggregate.Level
PROGRAMME_CODES = {str(p) for p in Programme}


@dataclass
class Column:
    title: str
    payload: dict | None


@dataclass
class Diagnostic:
    level: str
    code: str
    payload: dict
    computed_at: object
    columns: list[Column]
    cartogram: dict | None
    tables: dict[str, Table]

    @property
    def population_source(self) -> str:
        """The population's definition and vintage, as the territory pages write it (territories.figures)."""
        vintage = self.payload.get("population_vintage") or "millésime non précisé"
        return Population(self.payload.get("population", 0), vintage).source


def _check_access(request: HttpRequest) -> None:
    if request.user.kind != User.Kind.PROFESSIONAL and not request.user.is_staff:
        raise PermissionDenied("Le diagnostic territorial est réservé aux professionnels.")


def _load(level: str, code: str) -> Diagnostic:
    if level not in Level.values or (level == Level.PROGRAMME and code not in PROGRAMME_CODES):
        raise Http404("Territoire inconnu.")
    wanted = Q(level=level, code=code) | Q(level=Level.NATIONAL, code__in=["france", aggregates.CARTOGRAM_CODE])
    stored = {(a.level, a.code): a for a in TerritoryAggregate.objects.filter(wanted)}
    current = stored.get((level, code))
    if current is None and level == Level.COMMUNE:
        # Communes without any activity are not stored: compute theirs on the spot (one commune is cheap).
        if not aggregates.load_communes(Q(code=code)):
            raise Http404("Commune inconnue.")
        current = TerritoryAggregate(
            level=level, code=code, payload=aggregates.compute_direct(level, code), computed_at=timezone.now()
        )
    if current is None:
        raise Http404("Ce diagnostic n'a pas encore été calculé, ou ce territoire est inconnu.")
    payload = current.payload
    departement = None
    if level in {Level.COMMUNE, Level.EPCI, Level.QPV} and payload.get("departement"):
        departement = TerritoryAggregate.objects.filter(level=Level.DEPARTEMENT, code=payload["departement"]).first()
    national = stored.get((Level.NATIONAL, "france"))
    columns = [Column(payload["name"], payload)]
    if level not in {Level.DEPARTEMENT, Level.REGION, Level.PROGRAMME, Level.NATIONAL}:
        if departement is not None:
            columns.append(Column(departement.payload["name"], departement.payload))
        else:
            columns.append(Column("Département", None))
    if level != Level.NATIONAL:
        columns.append(Column("France entière", national.payload if national else None))
    cartogram = stored.get((Level.NATIONAL, aggregates.CARTOGRAM_CODE))
    cartogram_payload = cartogram.payload if cartogram else None
    return Diagnostic(
        level, code, payload, current.computed_at, columns, cartogram_payload,
        build_tables(columns, cartogram_payload),
    )  # fmt: skip


def _figures(diagnostic: Diagnostic, indicator: str) -> dict[str, str]:
    """SVG figures, cached per territory, refresh time and chosen indicator."""
    stamp = int(diagnostic.computed_at.timestamp()) if diagnostic.computed_at else 0
    key = f"diagnostic:{diagnostic.level}:{diagnostic.code}:{stamp}:{indicator}"
    figures = cache.get(key)
    if figures is not None:
        return figures
    payload = diagnostic.payload
    # Départements, régions, programmes and France have their charts drawn by the refresh.
    figures = dict(payload.get("figures") or aggregates.bar_figures(payload))
    if payload.get("points") is not None:
        title = f"Organisations et offres ouvertes — {payload['name']}"
        figures["map"] = charts.points_map_svg(payload["points"], title)
    if diagnostic.cartogram:
        figures["cartogram"] = diagnostic.cartogram["svg"][indicator]
    cache.set(key, figures, 3600)
    return figures


def _indicator(request: HttpRequest) -> str:
    indicator = request.GET.get("carte", "offers_published")
    return indicator if indicator in aggregates.CARTOGRAM_INDICATORS else "offers_published"


@login_required
def diagnostic(request: HttpRequest, level: str, code: str) -> HttpResponse:
    _check_access(request)
    diagnostic = _load(level, code)
    indicator = _indicator(request)
    return render(
        request,
        "territories/diagnostics/page.html",
        {
            "diagnostic": diagnostic,
            "figures": _figures(diagnostic, indicator),
            "indicator": indicator,
            "indicators": {key: value[0] for key, value in aggregates.CARTOGRAM_INDICATORS.items()},
            "definitions": DEFINITIONS,
        },
    )


@login_required
def export_table(request: HttpRequest, level: str, code: str, table: str, fmt: str) -> HttpResponse:
    _check_access(request)
    diagnostic = _load(level, code)
    if table not in diagnostic.tables or fmt not in {"csv", "xlsx"}:
        raise Http404("Tableau ou format inconnu (formats : csv, xlsx).")
    selected = diagnostic.tables[table]
    filename = f"diagnostic-{level}-{code}-{table}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(to_csv(selected.headers, selected.rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            to_xlsx(selected.headers, selected.rows, title=selected.title),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def report_pdf(request: HttpRequest, level: str, code: str) -> HttpResponse:
    import weasyprint

    _check_access(request)
    diagnostic = _load(level, code)
    indicator = _indicator(request)
    html = render_to_string(
        "territories/diagnostics/report.html",
        {
            "diagnostic": diagnostic,
            "figures": _figures(diagnostic, indicator),
            "definitions": DEFINITIONS,
        },
        request=request,
    )
    pdf = weasyprint.HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="diagnostic-{level}-{code}.pdf"'
    return response


DEFINITIONS = [
    ("Période", f"les {aggregates.PERIOD_DAYS} derniers jours avant le calcul."),
    (
        "Taux de pourvoi",
        "offres pourvues ÷ (offres pourvues + offres expirées), parmi les offres arrivées à l'une de ces deux "
        "issues pendant la période.",
    ),
    ("Délai médian de pourvoi", "jours entre la publication d'une offre et son passage à « pourvue » (médiane)."),
    ("Candidatures par offre", "candidatures reçues pendant la période ÷ offres publiées pendant la période."),
    (
        "Candidats disponibles à 30 km",
        "profils candidats visibles des territoires dont la commune est à 30 km au plus (à vol d'oiseau, entre "
        "centres de communes) d'une commune du territoire ; comptes agrégés, les profils privés ne sont pas comptés.",
    ),
    (
        "Indice de tension",
        "(personnes à recruter déclarées + offres ouvertes) ÷ max(1, candidats disponibles à 30 km), par métier. "
        "Au-dessus de 1 : plus de besoins que de candidats à proximité.",
    ),
]
