"""The national view of territorial action plans: plans by région and programme, actions done and
their results, and the gaps — territories with declared needs and no action planned.

    filters = read_filters(request.GET)          # NationalFilterError (French message) on bad input
    overview = national_overview(filters, today)  # plain dataclasses, a fixed number of queries
    gaps = needs_gaps(filters, today)

The gap rule (docs/plans-reporting.md says it in French for the partners):

* a need counts when it was declared in the last 12 months (`created_at` within the 365 days up to
  today) or belongs to a campaign still open;
* a need is *covered* when its commune lies in the territory of a plan that has at least one action
  not cancelled whose end date is on or after the start of that 12-month window (a plan whose
  actions are all cancelled, or all over for more than a year, covers nothing);
* a gap is an intercommunality (EPCI) — or a commune outside any EPCI — with at least one counted
  need left uncovered; the figures shown are those of its uncovered needs.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone

from emploi_territoires.territories.models import PROGRAMME_FLAG, Commune, Programme, Region
from emploi_territoires.territories.scope import ScopeKind, TerritoryScope, union_q

from .models import Action, ActionStatus, Plan
from .results import ResultLine, action_results

NEEDS_WINDOW_DAYS = 365
DONE_ACTIONS_SHOWN = 20
STATUSES = [ActionStatus.PLANNED, ActionStatus.RUNNING, ActionStatus.DONE, ActionStatus.CANCELLED]


class NationalFilterError(ValueError):
    """A filter the national view cannot apply (the message is shown as is)."""


@dataclass(frozen=True)
class NationalFilters:
    region: str = ""  # Region.code, "" for every région
    programme: str = ""  # Programme value, "" for every programme

    @property
    def is_empty(self) -> bool:
        return not (self.region or self.programme)

    def querystring(self) -> str:
        parts = [f"region={self.region}"] if self.region else []
        if self.programme:
            parts.append(f"programme={self.programme}")
        return "&".join(parts)


def read_filters(params: Mapping[str, str]) -> NationalFilters:
    """Filters from the query string: `region` (INSEE code of a région) and `programme` (acv, pvd…)."""
    region = (params.get("region") or "").strip().upper()
    programme = (params.get("programme") or "").strip().lower()
    if region and (len(region) > 3 or not Region.objects.filter(pk=region).exists()):
        raise NationalFilterError(f"Région inconnue : « {region[:20]} ». Choisissez une région dans la liste.")
    if programme and programme not in Programme.values:
        raise NationalFilterError(
            f"Programme inconnu : « {programme[:20]} ». Choisissez un programme dans la liste "
            f"({', '.join(Programme.values)})."
        )
    return NationalFilters(region=region, programme=programme)


# --- Plans: where they are and which programmes they serve -------------------------------------------


@dataclass
class PlanRow:
    plan: Plan
    regions: list[tuple[str, str]]  # (code, name): an EPCI may straddle two régions
    programmes: list[str]  # Programme values
    counts: dict[str, int]  # ActionStatus value -> number of actions
    late: int
    partners: list[str]

    @property
    def region_label(self) -> str:
        return ", ".join(name for _code, name in self.regions) or "—"

    @property
    def programme_labels(self) -> list[str]:
        labels = dict(Programme.choices)
        return [labels[p] for p in self.programmes]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class GroupRow:
    key: str
    label: str
    plans: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    late: int = 0

    def add(self, row: PlanRow) -> None:
        self.plans += 1
        self.late += row.late
        for status, count in row.counts.items():
            self.counts[status] = self.counts.get(status, 0) + count

    @property
    def status_cells(self) -> list[int]:
        return [self.counts.get(status, 0) for status in STATUSES]


@dataclass
class DoneAction:
    action: Action
    plan_row: PlanRow
    results: list[ResultLine]


@dataclass
class NationalOverview:
    filters: NationalFilters
    plans: list[PlanRow]
    by_region: list[GroupRow]
    by_programme: list[GroupRow]
    totals: GroupRow
    done_actions: list[DoneAction]
    done_total: int


def _plan_places(plans: list[Plan]) -> dict[int, tuple[list[tuple[str, str]], list[str]]]:
    """Régions and programmes of each plan, in two queries whatever the number of plans.

    Programmes: the programme of a programme-scope plan; the programmes held by the commune of a
    commune plan or by at least one commune of an EPCI plan; none for a département plan (it serves
    every programme of the département, so listing them all would only add noise).
    """
    epci_ids = {p.epci_id for p in plans if p.scope_kind == ScopeKind.EPCI and p.epci_id}
    epci_regions: dict[str, set[tuple[str, str]]] = defaultdict(set)
    epci_programmes: dict[str, set[str]] = defaultdict(set)
    if epci_ids:
        flags = list(PROGRAMME_FLAG.values())
        for row in Commune.objects.filter(epci_id__in=epci_ids).values("epci_id", "region_id", "region__name", *flags):
            epci_regions[row["epci_id"]].add((row["region_id"], row["region__name"]))
            epci_programmes[row["epci_id"]].update(p.value for p, flag in PROGRAMME_FLAG.items() if row[flag])
    places: dict[int, tuple[list[tuple[str, str]], list[str]]] = {}
    for plan in plans:
        regions: set[tuple[str, str]] = set()
        programmes: set[str] = set()
        if plan.scope_kind == ScopeKind.COMMUNE and plan.commune is not None:
            regions.add((plan.commune.region_id, plan.commune.region.name))
            programmes.update(p.value for p, flag in PROGRAMME_FLAG.items() if getattr(plan.commune, flag))
        elif plan.scope_kind == ScopeKind.EPCI and plan.epci_id:
            regions |= epci_regions.get(plan.epci_id, set())
            programmes |= epci_programmes.get(plan.epci_id, set())
        elif plan.departement is not None:
            regions.add((plan.departement.region_id, plan.departement.region.name))
            if plan.scope_kind == ScopeKind.PROGRAMME and plan.programme:
                programmes.add(plan.programme)
        order = {value: index for index, value in enumerate(Programme.values)}
        places[plan.pk] = (sorted(regions, key=lambda r: r[1]), sorted(programmes, key=order.__getitem__))
    return places


def plan_rows(filters: NationalFilters, today: datetime.date | None = None) -> list[PlanRow]:
    """Every plan matching the filters, with its places and its actions counted by status."""
    today = today or timezone.localdate()
    plans = list(
        Plan.objects.select_related("commune__region", "departement__region", "epci")
        .prefetch_related("partners__organisation")
        .order_by("-starts_on", "title", "pk")
    )
    places = _plan_places(plans)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    late: dict[int, int] = defaultdict(int)
    open_statuses = [ActionStatus.PLANNED, ActionStatus.RUNNING]
    for row in (
        Action.objects.filter(plan__in=[p.pk for p in plans])
        .values("plan_id", "status")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(status__in=open_statuses, ends_on__lt=today)))
    ):
        counts[row["plan_id"]][row["status"]] = row["n"]
        late[row["plan_id"]] += row["late"]
    rows = []
    for plan in plans:
        regions, programmes = places[plan.pk]
        if filters.region and filters.region not in {code for code, _name in regions}:
            continue
        if filters.programme and filters.programme not in programmes:
            continue
        rows.append(
            PlanRow(
                plan=plan,
                regions=regions,
                programmes=programmes,
                counts={status: counts[plan.pk].get(status, 0) for status in STATUSES},
                late=late[plan.pk],
                partners=sorted(p.organisation.name for p in plan.partners.all()),
            )
        )
    return rows


def national_overview(filters: NationalFilters, today: datetime.date | None = None) -> NationalOverview:
    today = today or timezone.localdate()
    rows = plan_rows(filters, today)
    by_region: dict[str, GroupRow] = {}
    by_programme: dict[str, GroupRow] = {}
    totals = GroupRow("", "Total")
    programme_labels = dict(Programme.choices)
    for row in rows:
        totals.add(row)
        for code, name in row.regions or [("", "Région non renseignée")]:
            by_region.setdefault(code, GroupRow(code, name)).add(row)
        for programme in row.programmes or [""]:
            label = programme_labels.get(programme, "Hors programme ou plan départemental")
            by_programme.setdefault(programme, GroupRow(programme, label)).add(row)
    programme_order = {value: index for index, value in enumerate(Programme.values)}
    row_by_plan = {row.plan.pk: row for row in rows}
    done = (
        Action.objects.filter(plan__in=list(row_by_plan), status=ActionStatus.DONE)
        .select_related(
            "plan",
            "lead__organisation",
            "jobdating_event__commune",
            "mentoring_programme",
            "needs_campaign",
            "impact_study",
        )
        .order_by("-ends_on", "-pk")
    )
    done_total = done.count() if row_by_plan else 0
    done_actions = [
        DoneAction(action, row_by_plan[action.plan_id], action_results(action))
        for action in (done[:DONE_ACTIONS_SHOWN] if row_by_plan else [])
    ]
    return NationalOverview(
        filters=filters,
        plans=rows,
        by_region=sorted(by_region.values(), key=lambda g: (g.key == "", g.label)),
        by_programme=sorted(by_programme.values(), key=lambda g: programme_order.get(g.key, len(programme_order))),
        totals=totals,
        done_actions=done_actions,
        done_total=done_total,
    )


# --- Gaps: declared needs, no action ------------------------------------------------------------------


@dataclass
class Gap:
    level: str  # "epci" or "commune" (a commune outside any EPCI)
    code: str  # SIREN of the EPCI or INSEE code of the commune
    name: str
    departements: list[str]  # "Nièvre (58)"
    regions: list[str]
    declarations: int
    positions: int
    organisations: int
    communes: int
    last_declared: datetime.datetime | None
    programmes: list[str] = field(default_factory=list)

    @property
    def level_label(self) -> str:
        return "Intercommunalité" if self.level == "epci" else "Commune"

    @property
    def programme_labels(self) -> list[str]:
        labels = dict(Programme.choices)
        return [labels[p] for p in self.programmes]


def window_start(today: datetime.date) -> datetime.date:
    return today - datetime.timedelta(days=NEEDS_WINDOW_DAYS - 1)


def counted_needs(today: datetime.date) -> QuerySet:
    """Needs declared in the last 12 months (365 days up to today) or in a campaign still open."""
    from emploi_territoires.needs.models import CampaignState, NeedDeclaration

    tz = timezone.get_current_timezone()
    since = datetime.datetime.combine(window_start(today), datetime.time.min, tzinfo=tz)
    return NeedDeclaration.objects.filter(Q(created_at__gte=since) | Q(campaign__state=CampaignState.OPEN))


def covered_communes_q(today: datetime.date, path: str = "commune") -> Q:
    """Q over objects whose commune (reached by `path`) lies in the territory of a plan with at least
    one action not cancelled ending on or after the start of the 12-month window. Set-based: one query
    for the plans, then one Q per kind of territory (not one per plan)."""
    acting = (
        Action.objects.exclude(status=ActionStatus.CANCELLED)
        .filter(ends_on__gte=window_start(today))
        .values_list("plan_id", flat=True)
    )
    plans = Plan.objects.filter(pk__in=acting).only("scope_kind", "commune", "epci", "departement", "programme")
    return union_q((plan.scope for plan in plans), path)


def filters_q(filters: NationalFilters, path: str = "commune") -> Q:
    where = Q()
    if filters.region:
        where &= TerritoryScope(ScopeKind.REGION, filters.region).q(path)
    if filters.programme:
        where &= TerritoryScope(ScopeKind.PROGRAMME, filters.programme).q(path)
    return where


def needs_gaps(filters: NationalFilters, today: datetime.date | None = None) -> list[Gap]:
    """Territories with counted needs left uncovered by any plan's action, most positions first."""
    today = today or timezone.localdate()
    uncovered = counted_needs(today).filter(filters_q(filters)).exclude(covered_communes_q(today))
    figures = {
        "declarations": Count("pk"),
        "positions": Sum("count"),
        "organisations": Count("organisation_id", distinct=True),
        "communes": Count("commune_id", distinct=True),
        "last_declared": Max("created_at"),
    }
    gaps: dict[tuple[str, str], Gap] = {}
    for row in (
        uncovered.filter(commune__epci__isnull=False)
        .values("commune__epci_id", "commune__epci__name")
        .annotate(**figures)
        .order_by()
    ):
        key = ("epci", row["commune__epci_id"])
        gaps[key] = Gap("epci", key[1], row["commune__epci__name"], [], [], **_figures(row))
    for row in (
        uncovered.filter(commune__epci__isnull=True)
        .values("commune_id", "commune__name")
        .annotate(**figures)
        .order_by()
    ):
        key = ("commune", row["commune_id"])
        gaps[key] = Gap("commune", key[1], row["commune__name"], [], [], **_figures(row))
    if not gaps:
        return []
    # Where each gap lies and which programmes its concerned communes carry (one query).
    flags = list(PROGRAMME_FLAG.values())
    places = (
        uncovered.values(
            "commune_id",
            "commune__epci_id",
            "commune__departement_id",
            "commune__departement__name",
            "commune__region__name",
            *[f"commune__{flag}" for flag in flags],
        )
        .distinct()
        .order_by()
    )
    departements: dict[tuple[str, str], set[str]] = defaultdict(set)
    regions: dict[tuple[str, str], set[str]] = defaultdict(set)
    programmes: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in places:
        key = ("epci", row["commune__epci_id"]) if row["commune__epci_id"] else ("commune", row["commune_id"])
        departements[key].add(f"{row['commune__departement__name']} ({row['commune__departement_id']})")
        regions[key].add(row["commune__region__name"])
        programmes[key].update(p.value for p, flag in PROGRAMME_FLAG.items() if row[f"commune__{flag}"])
    order = {value: index for index, value in enumerate(Programme.values)}
    for key, gap in gaps.items():
        gap.departements = sorted(departements[key])
        gap.regions = sorted(regions[key])
        gap.programmes = sorted(programmes[key], key=order.__getitem__)
    return sorted(gaps.values(), key=lambda g: (-g.positions, -g.declarations, g.name))


def _figures(row: dict) -> dict:
    return {
        "declarations": row["declarations"],
        "positions": row["positions"] or 0,
        "organisations": row["organisations"],
        "communes": row["communes"],
        "last_declared": row["last_declared"],
    }
