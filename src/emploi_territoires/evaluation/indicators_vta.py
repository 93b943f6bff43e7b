"""The VTA's indicators (issue 16): eligible collectivités, recruitments, the State aid against the
envelopes, missions ended and the volunteers' outcomes — by territory and period, like every indicator
of `evaluation.indicators` (its INDICATORS list holds their definitions; `compute_indicators` calls
`vta_figures`). Four grouped queries whatever the territory
(three below the département level, where no envelope applies).

Located through communes as everything else: a collectivité by its commune, a mission (and its aid)
by the commune of its VTA offer. The VTA offers themselves (`vta_published`, `vta_filled`) are counted
with the other offers in `indicators._offer_figures`.
"""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.utils import timezone

RURAL = "vta_eligible_collectivites"
VTA_CODES = (
    RURAL,
    "vta_recruitments",
    "vta_aid_granted",
    "vta_aid_granted_eur",
    "vta_envelope_consumed",
    "vta_missions_ended",
    "vta_job_at_end",
    "vta_job_at_six_months",
    "vta_stayed",
)
# The levels at which the envelope exists: a département, or départements whole.
ENVELOPE_LEVELS = {"departement": "departement_id", "region": "departement__region_id", "national": ""}


def _share(part: int, whole: int) -> float | None:
    return round(part / whole * 100, 1) if whole else None


def vta_figures(scope, period) -> dict[str, float | int | None]:
    """`scope`: territories.scope.TerritoryScope (a plan's too); `period`: indicators.Period."""
    from emploi_territoires.accounts.models import Organisation
    from emploi_territoires.territories.density import RURAL_LEVELS
    from emploi_territoires.vta.models import AidStatus, Envelope, Mission, MissionOutcome, Situation

    low, high = period.bounds()
    figures: dict[str, float | int | None] = {}
    # The main rule (rural communes, levels 5-7 of INSEE's grid); the exceptions are judged one by one
    # on the eligibility page and are not counted here.
    figures[RURAL] = Organisation.objects.filter(
        scope.q("commune"),
        kind=Organisation.Kind.COLLECTIVITE,
        commune__density_level__in=sorted(RURAL_LEVELS),
        created_at__lt=high,
    ).count()

    today = timezone.localdate()
    ended_by = min(period.end, today)
    granted = Q(aid__status=AidStatus.GRANTED)
    missions = Mission.objects.filter(scope.q("commune")).aggregate(
        vta_recruitments=Count("pk", filter=Q(created_at__gte=low, created_at__lt=high)),
        vta_aid_granted=Count("pk", filter=granted & period.date_q("aid__decided_on")),
        vta_aid_granted_eur=Sum("aid__granted_eur", filter=granted & period.date_q("aid__decided_on")),
        vta_missions_ended=Count(
            "pk", filter=granted & Q(ends_on__gte=period.start, ends_on__lte=ended_by, ends_on__lt=today)
        ),
        # A mission's envelope is its commune's département's: the territory's missions are its envelopes'.
        spent=Sum(
            "aid__granted_eur",
            filter=granted & Q(aid__envelope__year__gte=period.start.year, aid__envelope__year__lte=period.end.year),
        ),
    )
    spent_on_envelopes = missions.pop("spent") or 0
    missions["vta_aid_granted_eur"] = missions["vta_aid_granted_eur"] or 0
    figures.update(missions)

    # Outcomes of the missions ended during the period (recorded so far).
    ended = Q(mission__ends_on__gte=period.start, mission__ends_on__lte=period.end) & Q(
        mission__aid__status=AidStatus.GRANTED
    )
    outcomes = MissionOutcome.objects.filter(scope.q("mission__commune")).aggregate(
        at_end=Count("pk", filter=ended & Q(moment="end")),
        job_at_end=Count("pk", filter=ended & Q(moment="end", situation=Situation.JOB)),
        stayed=Count("pk", filter=ended & Q(moment="end", situation=Situation.JOB, same_collectivite=True)),
        at_six=Count("pk", filter=ended & Q(moment="six_months")),
        job_at_six=Count("pk", filter=ended & Q(moment="six_months", situation=Situation.JOB)),
    )
    figures["vta_job_at_end"] = _share(outcomes["job_at_end"], outcomes["at_end"])
    figures["vta_job_at_six_months"] = _share(outcomes["job_at_six"], outcomes["at_six"])
    figures["vta_stayed"] = _share(outcomes["stayed"], outcomes["job_at_end"])

    # The envelopes of the years of the period, where the territory holds whole départements.
    figures["vta_envelope_consumed"] = None
    if scope.kind in ENVELOPE_LEVELS:
        field = ENVELOPE_LEVELS[scope.kind]
        where = Q(year__gte=period.start.year, year__lte=period.end.year)
        if field:
            where &= Q(**{field: scope.code})
        total = Envelope.objects.filter(where).aggregate(total=Sum("amount_eur"))["total"] or 0
        figures["vta_envelope_consumed"] = _share(spent_on_envelopes, total)
    return figures
