"""The precomputed store of diagnostic indicators (`TerritoryAggregate`) and how it is refreshed.

A full refresh (`refresh_all`) runs a handful of grouped SQL aggregates — offers, applications,
organisations, needs and candidate profiles, each GROUP BY commune — then adds the commune rows up
into every territory a commune belongs to (EPCI, département, région, programmes, QPV, France).
No query runs per territory. Candidates "available within 30 km" are the only indicator that does
not add up: they are counted with a k-d tree on commune centroids (chord distance on the unit
sphere, equivalent to the haversine distance) and sparse matrix products, one per level.

`compute_direct(level, code)` computes the same payload for one territory with the same queries
filtered on its communes (bounding box + haversine for the 30 km radius): the tests check that
both agree, and the page falls back to it for a commune without a stored aggregate.

Staleness: `changes_since_refresh()` counts rows written since the last refresh (offers and
profiles by updated_at, needs and applications by created_at — indexed or cheap counts);
`refresh_if_stale()` refreshes when they exceed STALE_CHANGES or the aggregates are older than
STALE_AGE. Run it from cron every 15 minutes (`manage.py refresh_diagnostics --if-stale`).
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from emploi_territoires.accounts.models import Organisation
from emploi_territoires.applications.models import Application, CandidateProfile, Visibility
from emploi_territoires.evaluation.indicators import Period
from emploi_territoires.evaluation.indicators_followup import followup_by_commune
from emploi_territoires.jobdating.models import Event
from emploi_territoires.jobdating.services_outcomes import AFTER_STATUSES, event_figures
from emploi_territoires.mentoring.figures import programme_figures
from emploi_territoires.mentoring.models import Programme as MentoringProgramme
from emploi_territoires.needs.models import NeedDeclaration
from emploi_territoires.offers.models import Offer, OfferStatus, OfferTransition, RomeOccupation
from emploi_territoires.search.indexing import online_offers_q
from emploi_territoires.territories.figures import reference_vintage
from emploi_territoires.territories.geodesy import EARTH_RADIUS_KM, haversine_km
from emploi_territoires.territories.models import (
    EPCI,
    PROGRAMME_FLAG,
    Commune,
    Departement,
    Programme,
    ProgrammeMembership,
    Region,
    TerritoryAggregate,
)
from emploi_territoires.territories.scope import ScopeKind, TerritoryScope

from . import indicators

Level = TerritoryAggregate.Level
PERIOD_DAYS = 365
STALE_CHANGES = 500
STALE_AGE = datetime.timedelta(hours=24)
RANKING_SIZE = 20
POINT_LEVELS = {Level.COMMUNE, Level.EPCI, Level.DEPARTEMENT, Level.REGION, Level.PROGRAMME, Level.QPV}
FLAGS = [(str(programme), flag) for programme, flag in PROGRAMME_FLAG.items()]


@dataclass
class CommuneInfo:
    code: str
    name: str
    epci: str | None
    departement: str
    region: str
    population: int
    latitude: float | None
    longitude: float | None
    programmes: list[str]
    qpvs: list[str] = field(default_factory=list)

    def keys(self, with_commune: bool = True) -> list[tuple[str, str]]:
        keys = [(Level.DEPARTEMENT, self.departement), (Level.REGION, self.region), (Level.NATIONAL, "france")]
        if with_commune:
            keys.append((Level.COMMUNE, self.code))
        if self.epci:
            keys.append((Level.EPCI, self.epci))
        keys += [(Level.PROGRAMME, programme) for programme in self.programmes]
        keys += [(Level.QPV, qpv) for qpv in self.qpvs]
        return keys


def load_communes(where: Q | None = None) -> dict[str, CommuneInfo]:
    communes = Commune.objects.filter(where or Q()).distinct()
    rows = communes.values_list(
        "code", "name", "epci_id", "departement_id", "region_id", "population", "latitude", "longitude",
        *[flag for _, flag in FLAGS],
    )  # fmt: skip
    infos = {}
    for code, name, epci, dep, reg, population, lat, lon, *flags in rows:
        programmes = [programme for (programme, _), on in zip(FLAGS, flags, strict=True) if on]
        infos[code] = CommuneInfo(code, name, epci, dep, reg, population, lat, lon, programmes)
    memberships = ProgrammeMembership.objects.filter(programme=Programme.QPV, commune__isnull=False)
    if where is not None:
        memberships = memberships.filter(commune_id__in=list(infos))
    for local_id, commune_id in memberships.values_list("local_id", "commune_id"):
        if commune_id in infos:
            infos[commune_id].qpvs.append(local_id)
    return infos


def _base() -> dict:
    return {
        "organisations": {},
        "offers": {"published": 0, "open": 0, "filled": 0, "expired": 0},
        "open_by_occupation": {},
        "time_to_fill": {},
        "applications": 0,
        "needs_by_occupation": {},
        "needs_difficult": 0,
        "jobdating": {},
        "mentoring": {},
        "followup": {},
    }


def _followup_by_commune(commune_codes: list[str] | None, now: datetime.datetime) -> dict[str, dict]:
    """People followed per commune of their profile over the period (issue 15): one definition, the
    evaluation's (`evaluation.indicators_followup`); counts only, secrecy applied where shown."""
    today = timezone.localdate(now)
    return followup_by_commune(Period(today - datetime.timedelta(days=PERIOD_DAYS), today), commune_codes)


def _jobdating_by_commune(commune_codes: list[str] | None) -> dict[str, dict]:
    """Figures of the job datings held, per commune: one `event_figures` per event (not per territory)."""
    events = Event.objects.filter(status__in=AFTER_STATUSES)
    if commune_codes is not None:
        events = events.filter(commune_id__in=commune_codes)
    result: dict[str, dict] = defaultdict(dict)
    for event in events.order_by("pk"):
        figures = event_figures(event)
        indicators.add_counts(
            result[event.commune_id],
            {"events": 1, "registered": figures.registered, "walk_ins": figures.walk_ins,
             "no_shows": figures.no_shows, "interviews_held": figures.interviews_held, "hires": figures.hires},
        )  # fmt: skip
    return result


def _mentoring_attributions() -> list[tuple[str | None, list[tuple[str, str]], dict]]:
    """Each mentoring programme's figures with where they count: (commune, other keys, figures).

    A commune-scoped programme counts in its commune (and so everywhere above it); a programme
    scoped to a département, an EPCI or a territorial programme counts there and in France; a
    national one in France only.
    """
    attributions = []
    for programme in MentoringProgramme.objects.select_related("departement").order_by("pk"):
        figures = programme_figures(programme)
        counts = {
            "programmes": 1,
            "pairs_started": figures.pairs_started,
            "pairs_ended": figures.pairs_ended,
            "ended_with_outcome": figures.ended_with_outcome,
            "job_or_training": figures.job_or_training,
        }
        national = (Level.NATIONAL, "france")
        if programme.scope_kind == ScopeKind.COMMUNE and programme.commune_id:
            attributions.append((programme.commune_id, [], counts))
        elif programme.scope_kind == ScopeKind.DEPARTEMENT and programme.departement_id:
            keys = [(Level.DEPARTEMENT, programme.departement_id), (Level.REGION, programme.departement.region_id)]
            attributions.append((None, [*keys, national], counts))
        elif programme.scope_kind == ScopeKind.EPCI and programme.epci_id:
            attributions.append((None, [(Level.EPCI, programme.epci_id), national], counts))
        elif programme.scope_kind == ScopeKind.PROGRAMME and programme.programme:
            attributions.append((None, [(Level.PROGRAMME, programme.programme), national], counts))
        else:
            attributions.append((None, [national], counts))
    return attributions


def commune_rows(commune_codes: list[str] | None, now: datetime.datetime) -> dict[str, dict]:
    """Additive figures per commune, from grouped queries (all communes when codes is None)."""
    start = now - datetime.timedelta(days=PERIOD_DAYS)
    # "Open" is what the board shows at `now` (one definition: the territory pages count the same).
    online = online_offers_q(timezone.localdate(now))
    rows: dict[str, dict] = defaultdict(_base)

    def scoped(queryset, lookup="commune_id"):
        return queryset if commune_codes is None else queryset.filter(**{f"{lookup}__in": commune_codes})

    for commune, kind, n in (
        scoped(Organisation.objects.all()).values_list("commune_id", "kind").annotate(n=Count("pk")).order_by()
    ):
        rows[commune]["organisations"][kind] = n
    offers = (
        scoped(Offer.objects.all())
        .values("commune_id")
        .annotate(
            published=Count("pk", filter=Q(published_at__gte=start)),
            open=Count("pk", filter=online),
            filled=Count("pk", filter=Q(status=OfferStatus.FILLED, status_changed_at__gte=start)),
            expired=Count("pk", filter=Q(status=OfferStatus.EXPIRED, status_changed_at__gte=start)),
        )
        .order_by()
    )
    for row in offers:
        rows[row["commune_id"]]["offers"] = {k: row[k] for k in ("published", "open", "filled", "expired")}
    open_offers = scoped(Offer.objects.filter(online, occupation__isnull=False))
    for commune, occupation, n in (
        open_offers.values_list("commune_id", "occupation_id").annotate(n=Count("pk")).order_by()
    ):
        rows[commune]["open_by_occupation"][occupation] = n
    applications = scoped(Application.objects.filter(created_at__gte=start), "offer__commune_id")
    for commune, n in applications.values_list("offer__commune_id").annotate(n=Count("pk")).order_by():
        rows[commune]["applications"] = n
    # One row per offer filled in the period; the days are bucketed here (portable across SQLite/PG).
    transitions = scoped(
        OfferTransition.objects.filter(
            to_status=OfferStatus.FILLED, created_at__gte=start, offer__published_at__isnull=False
        ),
        "offer__commune_id",
    )
    for commune, published_at, filled_at in transitions.values_list(
        "offer__commune_id", "offer__published_at", "created_at"
    ).iterator(chunk_size=20000):
        days = str(max(0, (filled_at - published_at).days))
        histogram = rows[commune]["time_to_fill"]
        histogram[days] = histogram.get(days, 0) + 1
    needs = (
        scoped(NeedDeclaration.objects.all())
        .values_list("commune_id", "occupation_id")
        .annotate(n=Sum("count"), difficult=Sum("count", filter=Q(is_difficult=True)))
        .order_by()
    )
    for commune, occupation, n, difficult in needs:
        row = rows[commune]
        row["needs_by_occupation"][occupation or ""] = n
        row["needs_difficult"] += difficult or 0
    for commune, figures in _jobdating_by_commune(commune_codes).items():
        rows[commune]["jobdating"] = figures
    for commune, _, figures in _mentoring_attributions():
        if commune and (commune_codes is None or commune in commune_codes):
            indicators.add_counts(rows[commune]["mentoring"], figures)
    for commune, figures in _followup_by_commune(commune_codes, now).items():
        rows[commune]["followup"] = figures
    return dict(rows)


def candidate_rows(commune_codes: list[str] | None = None) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """Candidate profiles per commune (total) and per (commune, wanted occupation).

    Only profiles whose owner chose to be visible to territories are counted, and only as counts:
    a private profile is not part of any statistic (see docs/diagnostics.md).
    """
    profiles = CandidateProfile.objects.filter(visibility=Visibility.TERRITORIES)
    if commune_codes is not None:
        profiles = profiles.filter(commune_id__in=commune_codes)
    totals = dict(profiles.values_list("commune_id").annotate(n=Count("pk")).order_by())
    through = CandidateProfile.wanted_occupations.through
    links = through.objects.filter(candidateprofile__in=profiles)
    by_occupation: dict[str, dict[str, int]] = defaultdict(dict)
    for commune, occupation, n in (
        links.values_list("candidateprofile__commune_id", "romeoccupation_id").annotate(n=Count("pk")).order_by()
    ):
        by_occupation[commune][occupation] = n
    return totals, dict(by_occupation)


def _programmes_indicator(level: str, communes: list[CommuneInfo]) -> dict:
    if level == Level.COMMUNE and communes:
        return dict.fromkeys(communes[0].programmes, 1)
    counts: dict[str, int] = {}
    for commune in communes:
        for programme in commune.programmes:
            counts[programme] = counts.get(programme, 0) + 1
    return counts


def build_payload(
    level: str,
    code: str,
    name: str,
    communes: list[CommuneInfo],
    merged: dict,
    candidates_total: int,
    candidates_by_occupation: dict[str, int],
    labels: dict[str, str],
    active_points: list[list] | None,
    vintage: str = "",
) -> dict:
    offers = merged["offers"]
    needs_total = sum(merged["needs_by_occupation"].values())
    ranking = indicators.tension_ranking(
        merged["needs_by_occupation"], merged["open_by_occupation"], candidates_by_occupation, labels, RANKING_SIZE
    )
    departements = sorted({c.departement for c in communes})
    top_candidates = sorted(candidates_by_occupation.items(), key=lambda item: (-item[1], item[0]))[:10]
    return {
        "name": name,
        "departement": departements[0] if len(departements) == 1 else "",
        # The one definition of a territory's population (territories.figures), with its vintage.
        "population": sum(c.population for c in communes),
        "population_vintage": vintage,
        "communes": len(communes),
        "programmes": _programmes_indicator(level, communes),
        "organisations": merged["organisations"],
        "organisations_total": sum(merged["organisations"].values()),
        "offers": offers,
        "fill_rate": indicators.fill_rate(offers["filled"], offers["expired"]),
        "median_time_to_fill": indicators.median_from_histogram(merged["time_to_fill"]),
        "filled_with_time": sum(merged["time_to_fill"].values()),
        "applications": merged["applications"],
        "applications_per_offer": indicators.applications_per_offer(merged["applications"], offers["published"]),
        "needs_total": needs_total,
        "needs_difficult": merged["needs_difficult"],
        "needs_difficult_share": indicators.share(merged["needs_difficult"], needs_total),
        "needs_by_family": dict(
            sorted(indicators.by_family(merged["needs_by_occupation"]).items(), key=lambda item: -item[1])
        ),
        "candidates_total": candidates_total,
        "candidates_top": [{"code": c, "label": labels.get(c, c), "candidates": n} for c, n in top_candidates],
        "tension": ranking,
        "points": active_points if level in POINT_LEVELS else None,
        "jobdating": merged["jobdating"],
        "mentoring": merged["mentoring"],
        "mentoring_job_or_training_share": indicators.share(
            merged["mentoring"].get("job_or_training", 0), merged["mentoring"].get("ended_with_outcome", 0)
        ),
        "followup": merged.get("followup", {}),
    }


def _point(info: CommuneInfo, row: dict) -> list | None:
    organisations = sum(row["organisations"].values())
    offers = row["offers"]["open"]
    if info.latitude is None or not (organisations or offers):
        return None
    return [info.name, round(info.longitude, 4), round(info.latitude, 4), organisations, offers]


def _labels(codes: set[str]) -> dict[str, str]:
    return dict(RomeOccupation.objects.filter(code__in=codes).values_list("code", "label")) if codes else {}


def _name(level: str, code: str) -> str:
    if level == Level.NATIONAL:
        return "France entière"
    if level == Level.PROGRAMME:
        return Programme(code).label
    model = {Level.COMMUNE: Commune, Level.EPCI: EPCI, Level.DEPARTEMENT: Departement, Level.REGION: Region}.get(level)
    if model is not None:
        obj = model.objects.filter(pk=code).first()
        return str(obj) if obj else code
    membership = ProgrammeMembership.objects.filter(programme=Programme.QPV, local_id=code).first()
    return membership.local_name if membership and membership.local_name else f"QPV {code}"


def compute_direct(level: str, code: str, now: datetime.datetime | None = None) -> dict:
    """The payload of one territory computed from the source tables (no stored aggregate)."""
    now = now or timezone.now()
    infos = load_communes(None if level == Level.NATIONAL else TerritoryScope(level, code).q(""))
    codes = None if level == Level.NATIONAL else list(infos)
    rows = commune_rows(codes, now)
    merged = _base()
    for row in rows.values():
        indicators.add_counts(merged, row)
    for _, keys, figures in _mentoring_attributions():
        if (level, code) in keys:
            indicators.add_counts(merged["mentoring"], figures)
    # Candidates within 30 km of any commune of the territory: bounding box, then haversine.
    located = [c for c in infos.values() if c.latitude is not None]
    candidates_total, candidates_by_occupation = 0, {}
    if located:
        margin_lat = indicators.RADIUS_KM / 111.0
        max_abs_lat = max(abs(c.latitude) for c in located)
        margin_lon = indicators.RADIUS_KM / (111.0 * max(0.05, math.cos(math.radians(min(89.0, max_abs_lat + 1)))))
        box = Q(
            latitude__gte=min(c.latitude for c in located) - margin_lat,
            latitude__lte=max(c.latitude for c in located) + margin_lat,
            longitude__gte=min(c.longitude for c in located) - margin_lon,
            longitude__lte=max(c.longitude for c in located) + margin_lon,
        )
        near = Commune.objects.filter(box).values_list("code", "latitude", "longitude")
        totals, by_occupation = candidate_rows(None if level == Level.NATIONAL else [c for c, _, _ in near])
        coords = {c: (lat, lon) for c, lat, lon in near}
        for commune, n in totals.items():
            if commune not in coords:
                continue
            lat, lon = coords[commune]
            if any(haversine_km(lat, lon, c.latitude, c.longitude) <= indicators.RADIUS_KM for c in located):
                candidates_total += n
                indicators.add_counts(candidates_by_occupation, by_occupation.get(commune, {}))
    points = [p for c in infos.values() if c.code in rows and (p := _point(c, rows[c.code]))]
    used = set(merged["needs_by_occupation"]) | set(merged["open_by_occupation"]) | set(candidates_by_occupation)
    labels = _labels(used)
    return build_payload(
        level, code, _name(level, code), list(infos.values()), merged, candidates_total, candidates_by_occupation,
        labels, points, reference_vintage(),
    )  # fmt: skip


# --- Full refresh --------------------------------------------------------------------------------


def _candidates_by_key(
    infos: dict[str, CommuneInfo], key_index: dict[tuple[str, str], int], active: set[str]
) -> tuple[list[int], list[dict[str, int]]]:
    """Candidates within 30 km for every key, with sparse matrices (keys × candidate communes × occupations)."""
    import numpy as np
    from scipy import sparse
    from scipy.spatial import cKDTree

    totals, by_occupation = candidate_rows()
    n_keys = len(key_index)
    empty = [0] * n_keys, [{} for _ in range(n_keys)]
    located = [c for c in infos.values() if c.latitude is not None]
    candidate_communes = [c for c in totals if c in infos and infos[c].latitude is not None]
    if not candidate_communes or not located:
        return empty

    def xyz(items):
        lat = np.radians([c.latitude for c in items])
        lon = np.radians([c.longitude for c in items])
        return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])

    chord = 2 * math.sin(indicators.RADIUS_KM / EARTH_RADIUS_KM / 2)
    cand_infos = [infos[c] for c in candidate_communes]
    pairs = cKDTree(xyz(cand_infos)).sparse_distance_matrix(cKDTree(xyz(located)), chord, output_type="coo_matrix")
    # pairs.row: candidate commune index, pairs.col: territory commune index (distance ≤ 30 km; 0 kept below).
    cand_idx, near_idx = pairs.row, pairs.col
    # The k-d tree omits exact zero distances (a commune and itself): add them back.
    position = {c.code: i for i, c in enumerate(located)}
    self_near = np.array([position[c] for c in candidate_communes])
    cand_idx = np.concatenate([cand_idx, np.arange(len(candidate_communes))])
    near_idx = np.concatenate([near_idx, self_near])

    # One row per (territory commune, key); A = keys × candidate communes, deduplicated to 0/1.
    commune_key_rows, commune_key_cols = [], []
    for i, commune in enumerate(located):
        for key in commune.keys(with_commune=commune.code in active):
            commune_key_rows.append(key_index[key])
            commune_key_cols.append(i)
    membership = sparse.csr_matrix(
        (np.ones(len(commune_key_rows), dtype=np.int8), (commune_key_rows, commune_key_cols)),
        shape=(n_keys, len(located)),
    )
    near = sparse.csr_matrix(
        (np.ones(len(cand_idx), dtype=np.int32), (near_idx, cand_idx)), shape=(len(located), len(candidate_communes))
    )
    reach = (membership @ near).tocsr()
    reach.data[:] = 1
    occupations = sorted({o for occ in by_occupation.values() for o in occ})
    occ_index = {o: j for j, o in enumerate(occupations)}
    b_rows, b_cols, b_data = [], [], []
    for i, commune in enumerate(candidate_communes):
        b_rows.append(i)
        b_cols.append(len(occupations))  # last column: all profiles
        b_data.append(totals[commune])
        for occupation, n in by_occupation.get(commune, {}).items():
            b_rows.append(i)
            b_cols.append(occ_index[occupation])
            b_data.append(n)
    counts = sparse.csr_matrix(
        (np.array(b_data, dtype=np.int64), (b_rows, b_cols)), shape=(len(candidate_communes), len(occupations) + 1)
    )
    result = (reach @ counts).tocsr()
    key_totals, key_occupations = [0] * n_keys, []
    for k in range(n_keys):
        start, end = result.indptr[k], result.indptr[k + 1]
        occ = {}
        for j, value in zip(result.indices[start:end], result.data[start:end], strict=True):
            if j == len(occupations):
                key_totals[k] = int(value)
            else:
                occ[occupations[j]] = int(value)
        key_occupations.append(occ)
    return key_totals, key_occupations


def compute_all(now: datetime.datetime | None = None) -> dict[tuple[str, str], dict]:
    """Every territory's payload, from grouped queries rolled up (no query per territory)."""
    now = now or timezone.now()
    infos = load_communes()
    rows = commune_rows(None, now)
    totals, _ = candidate_rows()
    active = {c for c in rows if c in infos} | {c for c in totals if c in infos}
    key_communes: dict[tuple[str, str], list[CommuneInfo]] = defaultdict(list)
    merged: dict[tuple[str, str], dict] = defaultdict(_base)
    points: dict[tuple[str, str], list] = defaultdict(list)
    for info in infos.values():
        row = rows.get(info.code)
        point = _point(info, row) if row else None
        for key in info.keys(with_commune=info.code in active):
            key_communes[key].append(info)
            if row:
                indicators.add_counts(merged[key], row)
            if point and key[0] in POINT_LEVELS:
                points[key].append(point)
    for _, other_keys, figures in _mentoring_attributions():
        for key in other_keys:
            if key in key_communes:
                indicators.add_counts(merged[key]["mentoring"], figures)
    keys = list(key_communes)
    key_index = {key: i for i, key in enumerate(keys)}
    cand_totals, cand_occupations = _candidates_by_key(infos, key_index, active)
    codes: set[str] = set()
    for key in keys:
        codes |= set(merged[key]["needs_by_occupation"]) | set(merged[key]["open_by_occupation"])
    for occupations in cand_occupations:
        codes |= set(occupations)
    labels = _labels(codes)
    names = _names()
    vintage = reference_vintage()
    payloads = {}
    for key, i in key_index.items():
        level, code = key
        name = infos[code].name + f" ({infos[code].departement})" if level == Level.COMMUNE else names.get(key, code)
        payloads[key] = build_payload(
            level, code, name, key_communes[key], merged[key], cand_totals[i], cand_occupations[i], labels,
            points.get(key, []), vintage,
        )  # fmt: skip
    return payloads


def _names() -> dict[tuple[str, str], str]:
    names: dict[tuple[str, str], str] = {(Level.NATIONAL, "france"): "France entière"}
    names.update({(Level.EPCI, s): n for s, n in EPCI.objects.values_list("siren", "name")})
    names.update({(Level.DEPARTEMENT, c): f"{n} ({c})" for c, n in Departement.objects.values_list("code", "name")})
    names.update({(Level.REGION, c): n for c, n in Region.objects.values_list("code", "name")})
    names.update({(Level.PROGRAMME, str(p)): p.label for p in Programme})
    qpvs = ProgrammeMembership.objects.filter(programme=Programme.QPV).values_list("local_id", "local_name")
    names.update({(Level.QPV, local_id): name or f"QPV {local_id}" for local_id, name in qpvs})
    return names


# Indicators the cartogram can show: payload key -> (label, decimals, multiplier).
CARTOGRAM_INDICATORS = {
    "offers_published": ("Offres publiées sur 12 mois", 0, 1),
    "fill_rate": ("Taux de pourvoi (%)", 0, 100),
    "median_time_to_fill": ("Délai médian de pourvoi (jours)", 0, 1),
    "needs_total": ("Besoins déclarés (personnes)", 0, 1),
    "candidates_total": ("Candidats disponibles à 30 km", 0, 1),
}
CARTOGRAM_CODE = "departements"


def _cartogram_value(payload: dict, key: str) -> float | None:
    value = payload["offers"]["published"] if key == "offers_published" else payload.get(key)
    return None if value is None else round(value * CARTOGRAM_INDICATORS[key][2], 1)


def cartogram_payload(payloads: dict[tuple[str, str], dict], infos: dict[str, CommuneInfo]) -> dict:
    """Tile positions and each indicator's value per département, for the cartogram (one row)."""
    from .charts import cartogram_svg, tile_layout

    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for info in infos.values():
        if info.latitude is not None:
            total = sums[info.departement]
            total[0] += info.latitude
            total[1] += info.longitude
            total[2] += 1
    centroids = {code: (lat / n, lon / n) for code, (lat, lon, n) in sums.items()}
    departements = {code: p for (level, code), p in payloads.items() if level == Level.DEPARTEMENT}
    tiles = {code: list(cell) for code, cell in tile_layout(centroids).items()}
    values = {key: {code: _cartogram_value(p, key) for code, p in departements.items()} for key in CARTOGRAM_INDICATORS}
    return {
        "tiles": tiles,
        "names": {code: p["name"] for code, p in departements.items()},
        "values": values,
        # The same figure for every territory: drawn once here, for each indicator.
        "svg": {
            key: cartogram_svg(tiles, values[key], f"{label} par département", decimals)
            for key, (label, decimals, _) in CARTOGRAM_INDICATORS.items()
        },
    }


PREDRAWN_LEVELS = {Level.DEPARTEMENT, Level.REGION, Level.PROGRAMME, Level.NATIONAL}


def bar_figures(payload: dict) -> dict[str, str]:
    """The needs and tension bar charts of a payload (SVG)."""
    from .charts import bar_chart_svg

    figures = {}
    families = payload["needs_by_family"]
    if families:
        figures["needs"] = bar_chart_svg(
            "Besoins déclarés par famille de métiers (personnes)", list(families), list(families.values())
        )
    if payload["tension"]:
        top = payload["tension"][:10]
        figures["tension"] = bar_chart_svg(
            "Indice de tension par métier (10 premiers)", [row["label"] for row in top], [row["tension"] for row in top]
        )
    return figures


def refresh_all(now: datetime.datetime | None = None) -> int:
    """Recomputes and replaces every aggregate in one transaction; returns how many were written."""
    now = now or timezone.now()
    payloads = compute_all(now)
    for (level, _), payload in payloads.items():
        if level in PREDRAWN_LEVELS:
            # Drawn here so that the pages of large territories never wait for matplotlib.
            payload["figures"] = bar_figures(payload)
    payloads[(Level.NATIONAL, CARTOGRAM_CODE)] = cartogram_payload(payloads, load_communes())
    objects = [
        TerritoryAggregate(level=level, code=code, payload=payload, computed_at=now)
        for (level, code), payload in payloads.items()
    ]
    with transaction.atomic():
        TerritoryAggregate.objects.all().delete()
        TerritoryAggregate.objects.bulk_create(objects, batch_size=2000)
    return len(objects)


def last_refresh() -> datetime.datetime | None:
    return TerritoryAggregate.objects.aggregate(at=Max("computed_at"))["at"]


def changes_since_refresh(since: datetime.datetime) -> int:
    """Rows written since `since` in the tables the diagnostic reads (a few COUNT queries)."""
    changes = (
        Offer.objects.filter(updated_at__gt=since).count()
        + CandidateProfile.objects.filter(updated_at__gt=since).count()
        + Application.objects.filter(created_at__gt=since).count()
        + Organisation.objects.filter(created_at__gt=since).count()
    )
    changes += NeedDeclaration.objects.filter(created_at__gt=since).count()
    return changes


def is_stale(now: datetime.datetime | None = None) -> bool:
    """True when never computed, older than STALE_AGE, or STALE_CHANGES rows changed since."""
    now = now or timezone.now()
    at = last_refresh()
    if at is None or now - at > STALE_AGE:
        return True
    return changes_since_refresh(at) >= STALE_CHANGES


def refresh_if_stale() -> int | None:
    return refresh_all() if is_stale() else None
