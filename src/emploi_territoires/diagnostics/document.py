"""One territory's diagnostic as a document: the page's data, its figures, and the PDF report.

    diagnostic = load_diagnostic("epci", "200067429")     # Http404 for an unknown territory
    svg = figures(diagnostic, "offers_published")         # charts, cached per territory and refresh
    pdf = build_pdf("epci", "200067429", "offers_published", progress=lambda percent, step: ...)

The page (views_diagnostics) reads the aggregates: one query for the three aggregates shown side by
side (territory, its département, France) and one for the cartogram. The PDF takes seconds
(WeasyPrint lays out about ten pages of tables and charts; docs/diagnostics.md has the figures), so
it is built by a background task (diagnostics/reports.py) that reports its progress through
`progress(percent, step)`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Q
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone

from emploi_territoires.territories.figures import Population
from emploi_territoires.territories.models import Commune, Programme, TerritoryAggregate

from . import aggregates, charts
from .tables import Table, build_tables

Level = TerritoryAggregate.Level
PROGRAMME_CODES = {str(p) for p in Programme}
DEFAULT_INDICATOR = "offers_published"


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
    generation: str = ""  # the refresh these aggregates come from (diagnostics/reports.py)

    @property
    def population_source(self) -> str:
        """The population's definition and vintage, as the territory pages write it (territories.figures)."""
        vintage = self.payload.get("population_vintage") or "millésime non précisé"
        return Population(self.payload.get("population", 0), vintage).source


def check_territory(level: str, code: str) -> None:
    """Http404 for a level or programme that does not exist (no query)."""
    if level not in Level.values or (level == Level.PROGRAMME and code not in PROGRAMME_CODES):
        raise Http404("Territoire inconnu.")


def require_territory(level: str, code: str) -> None:
    """Http404 unless the territory has a diagnostic: a stored aggregate, or a commune (computed on the spot)."""
    check_territory(level, code)
    if TerritoryAggregate.objects.filter(level=level, code=code).exists():
        return
    if level == Level.COMMUNE and Commune.objects.filter(pk=code).exists():
        return
    raise Http404("Ce diagnostic n'a pas encore été calculé, ou ce territoire est inconnu.")


def load_diagnostic(level: str, code: str) -> Diagnostic:
    check_territory(level, code)
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
        build_tables(columns, cartogram_payload), national.computed_at.isoformat() if national else "",
    )  # fmt: skip


def figures(diagnostic: Diagnostic, indicator: str) -> dict[str, str]:
    """SVG figures, cached per territory, refresh time and chosen indicator."""
    stamp = int(diagnostic.computed_at.timestamp()) if diagnostic.computed_at else 0
    key = f"diagnostic:{diagnostic.level}:{diagnostic.code}:{stamp}:{indicator}"
    drawn = cache.get(key)
    if drawn is not None:
        return drawn
    payload = diagnostic.payload
    # Départements, régions, programmes and France have their charts drawn by the refresh.
    drawn = dict(payload.get("figures") or aggregates.bar_figures(payload))
    if payload.get("points") is not None:
        title = f"Organisations et offres ouvertes — {payload['name']}"
        drawn["map"] = charts.points_map_svg(payload["points"], title)
    if diagnostic.cartogram:
        drawn["cartogram"] = diagnostic.cartogram["svg"][indicator]
    cache.set(key, drawn, 3600)
    return drawn


def indicator_from(value: str | None) -> str:
    """The cartogram's indicator asked for (?carte=), or the default one."""
    return value if value in aggregates.CARTOGRAM_INDICATORS else DEFAULT_INDICATOR


Progress = Callable[[int, str], None]


def build_pdf(level: str, code: str, indicator: str, progress: Progress | None = None) -> bytes:
    """The PDF report of a territory, `progress(percent, French step)` called between the steps."""
    import weasyprint

    def step(percent: int, text: str) -> None:
        if progress is not None:
            progress(percent, text)

    step(5, "Lecture des indicateurs du territoire")
    diagnostic = load_diagnostic(level, code)
    step(15, "Dessin des graphiques")
    drawn = figures(diagnostic, indicator_from(indicator))
    step(30, "Mise en page des tableaux et des graphiques")
    html = render_to_string(
        "diagnostics/report.html",
        {"diagnostic": diagnostic, "figures": drawn, "definitions": DEFINITIONS},
    )
    document = weasyprint.HTML(string=html).render()
    step(75, f"Écriture du PDF ({len(document.pages)} pages)")
    return document.write_pdf()


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
        "Offres en ligne",
        "offres publiées dont la date de clôture n'est pas passée au moment du calcul : celles que montre la page "
        "des offres, et que compte la page du territoire.",
    ),
    (
        "Candidats disponibles à 30 km",
        "profils candidats visibles des territoires dont la commune est à 30 km au plus (à vol d'oiseau, entre "
        "centres de communes) d'une commune du territoire ; comptes agrégés, les profils privés ne sont pas comptés.",
    ),
    (
        "Personnes accompagnées",
        "personnes dont l'accompagnement (mission locale, France Travail, Cap emploi, PLIE, CCAS, association, "
        "Apec…) était ouvert pendant la période, situées par la commune de leur profil ; ayant candidaté, reçues en "
        "entretien (candidature ou job dating), en emploi (premier emploi après le début de l'accompagnement), en "
        "mentorat pendant la période ; par public déclaré avec leur accord. De 1 à 4 personnes : « < 5 ».",
    ),
    (
        "Indice de tension",
        "(personnes à recruter déclarées + offres ouvertes) ÷ max(1, candidats disponibles à 30 km), par métier. "
        "Au-dessus de 1 : plus de besoins que de candidats à proximité.",
    ),
]
