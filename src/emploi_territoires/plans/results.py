"""Live results of plans and actions, read from the platform's data — never typed by hand.

- `action_results(action)`: what the linked object has produced so far **on the plan's territory**,
  from the same functions its own module shows (job dating: `jobdating.services_outcomes.event_figures`;
  mentoring programme: `mentoring.figures.programme_figures`; needs campaign:
  `needs.services.response_rate` and its declarations; offers: their states, quality score and
  applications; impact study: its result). A linked object often reaches beyond the plan (a
  programme over two départements, a campaign over the whole Nièvre): each figure is cut with the
  plan's own scope (`plan.scope.q`, territories.scope), locating things as the evaluation indicators do — a pair by
  its mentee's commune, an invitation by the invited organisation's, a need or an offer by its
  commune, a job dating where it is held. The whole object's figure comes second, labelled
  (`ResultLine.whole`, `whole_label`: « ensemble du programme »).
- `plan_results(plan)`: each target of the plan against the value of its indicator, computed by
  `evaluation.indicators.compute_indicators` over the plan's territory and period.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, Q, Sum

from emploi_territoires.core import formats
from emploi_territoires.evaluation.indicators import INDICATORS, compute_indicators

from .models import Action, Plan


def _format(value: int | float | str | None, unit: str) -> str:
    """A value in French: "1 234", "33,3 %", "—" when there is nothing to measure."""
    if value is None:
        return "—"
    if isinstance(value, bool | str):
        text = str(value)
    elif isinstance(value, int):
        text = formats.number(value)
    else:
        text = formats.number(value, 1, trim=True)
    return f"{text} {unit}" if unit else text


@dataclass(frozen=True)
class ResultLine:
    """One figure of an action's linked object: `value` on the plan's territory and, for a figure the
    territory cuts, `whole` for the object as a whole, named by `whole_label` (« ensemble du programme »).
    A line without `whole_label` describes the object itself (its state, a study's method)."""

    label: str
    value: int | float | str | None
    unit: str = ""
    whole: int | float | str | None = None
    whole_label: str = ""

    @property
    def is_cut(self) -> bool:
        return bool(self.whole_label)

    @property
    def display(self) -> str:
        """The value in French: "1 234", "33,3 %", "—" when there is nothing to measure."""
        return _format(self.value, self.unit)

    @property
    def whole_display(self) -> str:
        return _format(self.whole, self.unit) if self.is_cut else ""

    @property
    def text(self) -> str:
        """« 4 sur le territoire du plan (ensemble du programme : 39) » — the value and, second, the whole."""
        if not self.is_cut:
            return self.display
        return f"{self.display} sur le territoire du plan ({self.whole_label} : {self.whole_display})"


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


Value = int | float | str | None


def _cut(label: str, territory: Value, whole: Value, unit: str = "", *, of: str) -> ResultLine:
    """A figure on the plan's territory, then for the whole object (`of`: « ensemble du programme »)."""
    return ResultLine(label, territory, unit, whole=whole, whole_label=of)


def _jobdating_results(action: Action) -> list[ResultLine]:
    from emploi_territoires.jobdating.models import Event
    from emploi_territoires.jobdating.services_outcomes import event_figures

    event = action.jobdating_event
    figures = event_figures(event)
    # A job dating counts where it is held (as in the indicators): all of it, or nothing of it.
    held_here = Event.objects.filter(pk=event.pk).filter(action.plan.scope.q("commune")).exists()

    def line(label: str, value, unit: str = "") -> ResultLine:
        nothing = None if unit else 0
        return _cut(label, value if held_here else nothing, value, unit, of="ensemble du job dating")

    return [
        ResultLine("État du job dating", event.get_status_display()),
        ResultLine("Lieu", f"{event.commune.name}{'' if held_here else ', hors du territoire du plan'}"),
        line("Candidats inscrits", figures.registered),
        line("Candidats venus sans inscription", figures.walk_ins),
        line("Recruteurs inscrits", figures.recruiters),
        line("Entretiens tenus", figures.interviews_held),
        line("Seconds entretiens", figures.second_interviews),
        line("Recrutements", figures.hires),
        line("Taux d'absence", _percent(figures.no_show_rate), "%"),
    ]


def _satisfaction(figures) -> float | None:
    value = figures.average_satisfaction
    return round(float(value), 1) if value is not None else None


def _mentoring_results(action: Action) -> list[ResultLine]:
    from emploi_territoires.mentoring.figures import programme_figures

    programme = action.mentoring_programme
    whole = programme_figures(programme)
    here = programme_figures(programme, in_territory=action.plan.scope.q)
    of = "ensemble du programme"
    return [
        _cut("Binômes formés", here.pairs_started, whole.pairs_started, of=of),
        _cut("Binômes en cours", here.pairs_active, whole.pairs_active, of=of),
        _cut("Binômes terminés", here.pairs_ended, whole.pairs_ended, of=of),
        _cut("Rencontres", here.meetings, whole.meetings, of=of),
        _cut(
            "Mentorés en emploi ou en formation à la fin",
            _percent(here.job_or_training_share),
            _percent(whole.job_or_training_share),
            "%",
            of=of,
        ),
        _cut("Satisfaction moyenne", _satisfaction(here), _satisfaction(whole), "/ 5", of=of),
    ]


def _needs_results(action: Action) -> list[ResultLine]:
    from emploi_territoires.needs.services import response_rate

    campaign = action.needs_campaign
    in_plan = action.plan.scope.q
    whole, here = response_rate(campaign), response_rate(campaign, in_territory=in_plan)
    declarations = campaign.declarations.aggregate(
        n=Count("pk"),
        positions=Sum("count"),
        n_here=Count("pk", filter=in_plan("commune")),
        positions_here=Sum("count", filter=in_plan("commune")),
    )
    of = "ensemble de la campagne"
    return [
        ResultLine("État de la campagne", campaign.get_state_display()),
        _cut("Organisations invitées", here.invited, whole.invited, of=of),
        _cut("Organisations qui ont répondu", here.answered, whole.answered, of=of),
        _cut(
            "Taux de réponse",
            here.percent if here.invited else None,
            whole.percent if whole.invited else None,
            "%",
            of=of,
        ),
        _cut("Besoins déclarés", declarations["n_here"], declarations["n"], of=of),
        _cut("Postes à pourvoir déclarés", declarations["positions_here"] or 0, declarations["positions"] or 0, of=of),
    ]


def _offer_figures(offers) -> dict:
    from emploi_territoires.applications.models import Application, ApplicationStatus
    from emploi_territoires.offers.models import OfferStatus

    figures = offers.aggregate(
        linked=Count("pk"),
        published=Count("pk", filter=Q(published_at__isnull=False)),
        filled=Count("pk", filter=Q(status=OfferStatus.FILLED)),
        score=Avg("quality_score"),
    )
    figures.update(
        Application.objects.filter(offer__in=offers).aggregate(
            applications=Count("pk"), hired=Count("pk", filter=Q(status=ApplicationStatus.HIRED))
        )
    )
    figures["score"] = round(float(figures["score"]), 1) if figures["score"] is not None else None
    return figures


def _offer_results(action: Action) -> list[ResultLine]:
    offers = action.offers.all()
    whole = _offer_figures(offers)
    here = _offer_figures(offers.filter(action.plan.scope.q("commune")))
    of = "ensemble des offres liées"
    return [
        _cut("Offres suivies", here["linked"], whole["linked"], of=of),
        _cut("Offres publiées", here["published"], whole["published"], of=of),
        _cut("Offres pourvues", here["filled"], whole["filled"], of=of),
        _cut("Score de qualité moyen", here["score"], whole["score"], "/ 100", of=of),
        _cut("Candidatures reçues sur la plateforme", here["applications"], whole["applications"], of=of),
        _cut("Candidatures retenues (recrutement)", here["hired"], whole["hired"], of=of),
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
    """The live results of the object linked to an action, on the plan's territory and as a whole
    (an empty list without a link)."""
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


def plan_results(plan: Plan, *, include_untargeted: bool = False, figures: bool = True) -> list[TargetLine]:
    """Each target of the plan against its indicator over the plan's territory and period (INDICATORS order).

    With include_untargeted, every indicator is listed (target None for those without one).
    With figures=False (a viewer who may not read this territory's indicators:
    `permissions.can_read_plan_figures`), the values are withheld (None) and nothing is computed.
    """
    targets = dict(plan.targets.values_list("indicator_code", "target"))
    if not targets and not include_untargeted:
        return []
    values = {v.code: v.value for v in compute_indicators(plan.scope, plan.indicator_period())} if figures else {}
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
