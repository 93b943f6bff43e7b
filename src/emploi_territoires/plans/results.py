"""Live results of plans and actions, read from the platform's data — never typed by hand.

- `action_results(action)`: what the linked object has produced so far, from the same functions its
  own module shows (job dating: `jobdating.services_outcomes.event_figures`; mentoring programme:
  `mentoring.figures.programme_figures`; needs campaign: `needs.services.response_rate` and its
  declarations; offers: their states, quality score and applications; impact study: its result).
- `plan_results(plan)`: each target of the plan against the value of its indicator, computed by
  `evaluation.indicators.compute_indicators` over the plan's territory and period.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, Q, Sum

from emploi_territoires.evaluation.indicators import DEFINITIONS, INDICATORS, TerritoryScope, compute_indicators
from emploi_territoires.territories.models import PROGRAMME_FLAG, Programme

from .models import Action, Plan, PlanScope


@dataclass(frozen=True)
class ProgrammeInDepartementScope(TerritoryScope):
    """The communes of a programme within one département — a cut evaluation's TerritoryScope lacks.

    `level` is "plan" so compute_indicators finds no evaluation.IndicatorTarget for it: a plan's
    targets are its own (PlanTarget). `code` is the programme, `departement` the département code.
    """

    departement: str = ""

    def commune_q(self, path: str) -> Q:
        flag = PROGRAMME_FLAG[Programme(self.code)]
        return Q(**{f"{path}__departement_id": self.departement, f"{path}__{flag}": True})

    def label(self) -> str:
        return f"Communes du programme {Programme(self.code).label} — département {self.departement}"


def plan_indicator_scope(plan: Plan) -> TerritoryScope:
    """The TerritoryScope compute_indicators reads for a plan's territory."""
    if plan.scope_kind == PlanScope.COMMUNE:
        return TerritoryScope("commune", plan.commune_id or "")
    if plan.scope_kind == PlanScope.EPCI:
        return TerritoryScope("epci", plan.epci_id or "")
    if plan.scope_kind == PlanScope.DEPARTEMENT:
        return TerritoryScope("departement", plan.departement_id or "")
    return ProgrammeInDepartementScope("plan", plan.programme, departement=plan.departement_id or "")


@dataclass(frozen=True)
class ResultLine:
    label: str
    value: int | float | str | None
    unit: str = ""

    @property
    def display(self) -> str:
        """The value in French: "1 234", "33,3 %", "—" when there is nothing to measure."""
        value = self.value
        if value is None:
            return "—"
        if isinstance(value, bool | str):
            text = str(value)
        elif isinstance(value, int):
            text = f"{value:,}".replace(",", "\u202f")
        else:
            text = f"{value:,.1f}".replace(",", "\u202f").replace(".", ",").removesuffix(",0")
        return f"{text} {self.unit}" if self.unit else text


@dataclass(frozen=True)
class TargetLine:
    code: str
    label: str
    unit: str
    target: Decimal | None
    actual: int | float | None
    achievement: float | None  # actual over target, in percent


def _percent(value: float | None) -> float | None:
    return round(value * 100, 1) if value is not None else None


def _jobdating_results(action: Action) -> list[ResultLine]:
    from emploi_territoires.jobdating.services_outcomes import event_figures

    event = action.jobdating_event
    figures = event_figures(event)
    return [
        ResultLine("État du job dating", event.get_status_display()),
        ResultLine("Candidats inscrits", figures.registered),
        ResultLine("Candidats venus sans inscription", figures.walk_ins),
        ResultLine("Recruteurs inscrits", figures.recruiters),
        ResultLine("Entretiens tenus", figures.interviews_held),
        ResultLine("Seconds entretiens", figures.second_interviews),
        ResultLine("Recrutements", figures.hires),
        ResultLine("Taux d'absence", _percent(figures.no_show_rate), "%"),
    ]


def _mentoring_results(action: Action) -> list[ResultLine]:
    from emploi_territoires.mentoring.figures import programme_figures

    figures = programme_figures(action.mentoring_programme)
    satisfaction = figures.average_satisfaction
    return [
        ResultLine("Binômes formés", figures.pairs_started),
        ResultLine("Binômes en cours", figures.pairs_active),
        ResultLine("Binômes terminés", figures.pairs_ended),
        ResultLine("Rencontres", figures.meetings),
        ResultLine("Mentorés en emploi ou en formation à la fin", _percent(figures.job_or_training_share), "%"),
        ResultLine("Satisfaction moyenne", round(float(satisfaction), 1) if satisfaction is not None else None, "/ 5"),
    ]


def _needs_results(action: Action) -> list[ResultLine]:
    from emploi_territoires.needs.services import response_rate

    campaign = action.needs_campaign
    rate = response_rate(campaign)
    declared = campaign.declarations.aggregate(n=Count("pk"), positions=Sum("count"))
    return [
        ResultLine("État de la campagne", campaign.get_state_display()),
        ResultLine("Organisations invitées", rate.invited),
        ResultLine("Organisations qui ont répondu", rate.answered),
        ResultLine("Taux de réponse", rate.percent if rate.invited else None, "%"),
        ResultLine("Besoins déclarés", declared["n"]),
        ResultLine("Postes à pourvoir déclarés", declared["positions"] or 0),
    ]


def _offer_results(action: Action) -> list[ResultLine]:
    from emploi_territoires.applications.models import Application, ApplicationStatus
    from emploi_territoires.offers.models import OfferStatus

    offers = action.offers.all()
    figures = offers.aggregate(
        linked=Count("pk"),
        published=Count("pk", filter=Q(published_at__isnull=False)),
        filled=Count("pk", filter=Q(status=OfferStatus.FILLED)),
        score=Avg("quality_score"),
    )
    applications = Application.objects.filter(offer__in=offers).aggregate(
        n=Count("pk"), hired=Count("pk", filter=Q(status=ApplicationStatus.HIRED))
    )
    score = figures["score"]
    return [
        ResultLine("Offres suivies", figures["linked"]),
        ResultLine("Offres publiées", figures["published"]),
        ResultLine("Offres pourvues", figures["filled"]),
        ResultLine("Score de qualité moyen", round(float(score), 1) if score is not None else None, "/ 100"),
        ResultLine("Candidatures reçues sur la plateforme", applications["n"]),
        ResultLine("Candidatures retenues (recrutement)", applications["hired"]),
    ]


def _study_results(action: Action) -> list[ResultLine]:
    from emploi_territoires.evaluation.impact.summary import summary_text

    study = action.impact_study
    if not study.result:
        return [ResultLine("État de l'étude", "Pas encore de résultat")]
    lines = [ResultLine("État de l'étude", "Résultat disponible"), ResultLine("Méthode", study.get_estimator_display())]
    try:
        meaning = summary_text(study.result).get("meaning") or []
    except (KeyError, TypeError, ValueError):  # an older result format: the study page still shows it
        meaning = []
    if meaning:
        lines.append(ResultLine("Estimation principale", str(meaning[0])))
    return lines


def action_results(action: Action) -> list[ResultLine]:
    """The live results of the object linked to an action (an empty list without a link)."""
    if action.jobdating_event_id:
        return _jobdating_results(action)
    if action.mentoring_programme_id:
        return _mentoring_results(action)
    if action.needs_campaign_id:
        return _needs_results(action)
    if action.impact_study_id:
        return _study_results(action)
    if action.pk and action.offers.exists():
        return _offer_results(action)
    return []


def plan_results(plan: Plan, *, include_untargeted: bool = False) -> list[TargetLine]:
    """Each target of the plan against its indicator over the plan's territory and period (INDICATORS order).

    With include_untargeted, every indicator is listed (target None for those without one).
    """
    targets = dict(plan.targets.values_list("indicator_code", "target"))
    if not targets and not include_untargeted:
        return []
    values = {v.code: v.value for v in compute_indicators(plan.indicator_scope(), plan.indicator_period())}
    lines = []
    for definition in INDICATORS:
        target = targets.get(definition.code)
        if target is None and not include_untargeted:
            continue
        actual = values.get(definition.code)
        achievement = None
        if target is not None and target > 0 and actual is not None:
            achievement = round(float(actual) / float(target) * 100, 1)
        lines.append(TargetLine(definition.code, definition.label, definition.unit, target, actual, achievement))
    return lines


def indicator_label(code: str) -> str:
    definition = DEFINITIONS.get(code)
    return definition.label if definition else code
