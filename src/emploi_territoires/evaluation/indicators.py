"""The partnership's indicators, counted from the platform's own data, by territory and period.

    compute_indicators(TerritoryScope("departement", "42"), Period.year(2026)) -> list[IndicatorValue]

Every indicator is defined once in INDICATORS (code, label, unit, definition): the dashboard, the
report, its methods note and the exports all read that list. Queries are set-based: a handful of
grouped aggregates whatever the size of the territory (the dashboard's query count is pinned).

Everything is located through communes: offers, events and needs by their commune, invitations by
the invited organisation's commune, mentoring pairs by the mentee's commune.
"""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, Min, Q
from django.utils import timezone

from emploi_territoires.evaluation.indicators_vta import vta_figures

# The scope is territories.scope's; ScopeError is re-exported for the views and tests.
from emploi_territoires.territories.scope import ScopeError as ScopeError
from emploi_territoires.territories.scope import ScopeKind, TerritoryScope

# The levels the indicators are read at (the territory picker's list).
LEVELS = {
    kind.value: kind.label
    for kind in (
        ScopeKind.COMMUNE,
        ScopeKind.EPCI,
        ScopeKind.DEPARTEMENT,
        ScopeKind.REGION,
        ScopeKind.PROGRAMME,
        ScopeKind.NATIONAL,
    )
}


@dataclass(frozen=True)
class Period:
    """Inclusive dates, in local (Paris) time."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    @property
    def is_calendar_year(self) -> bool:
        return self.start == datetime.date(self.start.year, 1, 1) and self.end == datetime.date(self.start.year, 12, 31)

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """Aware [start, end + 1 day) for datetime fields."""
        tz = timezone.get_current_timezone()
        low = datetime.datetime.combine(self.start, datetime.time.min, tzinfo=tz)
        high = datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
        return low, high

    def datetime_q(self, field: str) -> Q:
        low, high = self.bounds()
        return Q(**{f"{field}__gte": low, f"{field}__lt": high})

    def date_q(self, field: str) -> Q:
        return Q(**{f"{field}__gte": self.start, f"{field}__lte": self.end})

    def label(self) -> str:
        if self.is_calendar_year:
            return f"année {self.start.year}"
        return f"du {self.start:%d/%m/%Y} au {self.end:%d/%m/%Y}"


@dataclass(frozen=True)
class IndicatorDefinition:
    code: str
    theme: str
    label: str
    unit: str  # "nombre", "jours", "score", "%"
    definition: str


@dataclass
class IndicatorValue:
    definition: IndicatorDefinition
    value: float | int | None  # None: nothing to measure (e.g. a median of no offer)
    target: Decimal | None = None

    @property
    def code(self) -> str:
        return self.definition.code

    @property
    def achievement(self) -> float | None:
        """Actual over target, in percent (None without a positive target or a value)."""
        if self.target is None or self.value is None or self.target <= 0:
            return None
        return round(float(self.value) / float(self.target) * 100, 1)


LEAD_CONTEXTS = ("chef_projet_pvd", "chef_projet_acv", "manager_centre_ville")
OFFERS, JOBDATING, MENTORING, NEEDS = "Offres d'emploi", "Job datings", "Mentorat", "Besoins de recrutement"
VTA = "Volontariat territorial en administration (VTA)"
FOLLOWUP = "Accompagnement individuel"

INDICATORS: list[IndicatorDefinition] = [
    IndicatorDefinition(
        "offers_assistant",
        OFFERS,
        "Offres rédigées avec l'assistant",
        "nombre",
        "Offres créées pendant la période dans une commune du territoire et rédigées avec l'assistant de rédaction "
        "(quel que soit leur état ensuite).",
    ),
    IndicatorDefinition(
        "offers_assistant_score",
        OFFERS,
        "Score de qualité moyen des offres rédigées avec l'assistant",
        "score",
        "Moyenne du score de qualité (0 à 100) des offres de l'indicateur précédent qui ont un score ; "
        "vide s'il n'y en a aucune.",
    ),
    IndicatorDefinition(
        "offers_published",
        OFFERS,
        "Offres publiées",
        "nombre",
        "Offres dont la date de publication tombe dans la période (une offre republiée compte à sa dernière "
        "publication).",
    ),
    IndicatorDefinition(
        "offers_filled",
        OFFERS,
        "Offres pourvues",
        "nombre",
        "Offres passées à l'état « pourvue » pendant la période (première fois qu'elles l'ont été).",
    ),
    IndicatorDefinition(
        "time_to_fill",
        OFFERS,
        "Délai médian pour pourvoir une offre",
        "jours",
        "Pour les offres pourvues pendant la période : médiane du nombre de jours entre la publication et le "
        "passage à « pourvue ». Vide s'il n'y en a aucune.",
    ),
    IndicatorDefinition(
        "vta_published",
        OFFERS,
        "Offres de VTA diffusées",
        "nombre",
        "Offres publiées pendant la période dont le contrat est un volontariat territorial en administration.",
    ),
    IndicatorDefinition(
        "vta_filled",
        OFFERS,
        "Offres de VTA pourvues",
        "nombre",
        "Offres de VTA passées à l'état « pourvue » pendant la période.",
    ),
    IndicatorDefinition(
        "leads_recruited",
        OFFERS,
        "Chefs de projet et managers de centre-ville recrutés",
        "nombre",
        "Offres de chef·fe de projet Petites villes de demain, de chef·fe de projet Action cœur de ville ou de "
        "manager de centre-ville (contexte du poste) passées à l'état « pourvue » pendant la période, que la "
        "personne ait candidaté sur la plateforme ou non : une offre pourvue compte pour un recrutement.",
    ),
    IndicatorDefinition(
        "jobdatings_held",
        JOBDATING,
        "Job datings tenus",
        "nombre",
        "Job datings à l'état « tenu » dont la date tombe dans la période.",
    ),
    IndicatorDefinition(
        "jobdating_interviews",
        JOBDATING,
        "Entretiens tenus en job dating",
        "nombre",
        "Entretiens du planning retenu des job datings de l'indicateur précédent, tenus (ou prévus et jamais "
        "marqués absents) ; absences et annulations exclues — les mêmes chiffres que le bilan de chaque job dating.",
    ),
    IndicatorDefinition(
        "jobdating_hires",
        JOBDATING,
        "Recrutements après un job dating",
        "nombre",
        "Entretiens de ces job datings dont la suite renseignée par le recruteur est « recrutement ».",
    ),
    IndicatorDefinition(
        "pairs_started",
        MENTORING,
        "Binômes de mentorat commencés",
        "nombre",
        "Binômes dont la date de début tombe dans la période, situés par la commune du mentoré.",
    ),
    IndicatorDefinition(
        "pairs_active",
        MENTORING,
        "Binômes actifs pendant la période",
        "nombre",
        "Binômes commencés au plus tard le dernier jour de la période et non terminés avant le premier jour.",
    ),
    IndicatorDefinition(
        "pairs_ended",
        MENTORING,
        "Binômes terminés",
        "nombre",
        "Binômes dont la date de fin tombe dans la période.",
    ),
    IndicatorDefinition(
        "pairs_positive_share",
        MENTORING,
        "Part des mentorés en emploi ou en formation à la fin",
        "%",
        "Parmi les binômes terminés pendant la période dont la situation à la fin est renseignée : part de ceux "
        "dont le mentoré est en emploi ou en formation. Vide si aucune situation n'est renseignée.",
    ),
    IndicatorDefinition(
        "needs_declared",
        NEEDS,
        "Besoins de recrutement déclarés",
        "nombre",
        "Déclarations de besoin créées pendant la période dans une commune du territoire.",
    ),
    IndicatorDefinition(
        "needs_invited",
        NEEDS,
        "Organisations invitées à déclarer leurs besoins",
        "nombre",
        "Invitations de campagne envoyées pendant la période à une organisation du territoire.",
    ),
    IndicatorDefinition(
        "needs_answer_rate",
        NEEDS,
        "Taux de réponse aux campagnes de besoins",
        "%",
        "Parmi ces invitations, part de celles auxquelles l'organisation a répondu (à ce jour). Vide sans invitation.",
    ),
    # The VTA (issue 16): evaluation/indicators_vta.py.
    IndicatorDefinition(
        "vta_eligible_collectivites",
        VTA,
        "Collectivités inscrites en commune rurale (éligibles au VTA)",
        "nombre",
        "Collectivités inscrites sur la plateforme à la fin de la période dont la commune est rurale au sens de "
        "l'Insee (niveaux 5 à 7 de la grille communale de densité) : la règle principale du VTA. Les exceptions "
        "(densité intermédiaire, syndicats mixtes, PETR, associations) sont examinées une à une.",
    ),
    IndicatorDefinition(
        "vta_recruitments",
        VTA,
        "Volontaires VTA recrutés",
        "nombre",
        "Volontaires dont la collectivité a informé la préfecture pendant la période (candidat choisi), demande "
        "d'aide abandonnée ensuite comprise.",
    ),
    IndicatorDefinition(
        "vta_aid_granted",
        VTA,
        "Aides de l'État au VTA accordées",
        "nombre",
        "Demandes d'aide accordées par la préfecture, par la date de la décision.",
    ),
    IndicatorDefinition(
        "vta_aid_granted_eur",
        VTA,
        "Montant des aides VTA accordées",
        "€",
        "Somme des montants accordés (15 000 € par volontaire au plus), par la date de la décision.",
    ),
    IndicatorDefinition(
        "vta_envelope_consumed",
        VTA,
        "Part des enveloppes VTA consommée",
        "%",
        "Montants accordés sur les enveloppes des années de la période, rapportés à ces enveloppes ; pour un "
        "département, une région ou la France entière seulement (l'enveloppe est départementale).",
    ),
    IndicatorDefinition(
        "vta_missions_ended",
        VTA,
        "Missions de VTA terminées",
        "nombre",
        "Missions aidées dont le contrat a pris fin pendant la période (et avant aujourd'hui).",
    ),
    IndicatorDefinition(
        "vta_job_at_end",
        VTA,
        "Part des volontaires en emploi à la fin de la mission",
        "%",
        "Parmi les missions terminées pendant la période dont la situation à la fin est renseignée : part des "
        "volontaires en emploi. Vide si aucune n'est renseignée.",
    ),
    IndicatorDefinition(
        "vta_job_at_six_months",
        VTA,
        "Part des volontaires en emploi 6 mois après",
        "%",
        "Parmi les missions terminées pendant la période dont la situation à 6 mois est renseignée : part des "
        "volontaires en emploi.",
    ),
    IndicatorDefinition(
        "vta_stayed",
        VTA,
        "Part des volontaires en emploi restés dans leur collectivité",
        "%",
        "Parmi les volontaires en emploi à la fin de leur mission (missions terminées pendant la période) : part "
        "de ceux employés par la collectivité qui les accueillait.",
    ),
    # Individual support (issue 15): evaluation/indicators_followup.py, by public in followup_by_situation.
    IndicatorDefinition(
        "followup_people",
        FOLLOWUP,
        "Personnes accompagnées",
        "nombre",
        "Personnes dont l'accompagnement était ouvert à un moment de la période, situées par la commune de leur "
        "profil de candidat.",
    ),
    IndicatorDefinition(
        "followup_with_application",
        FOLLOWUP,
        "Personnes accompagnées ayant candidaté",
        "nombre",
        "Parmi elles, celles qui ont envoyé au moins une candidature pendant la période (prescrite ou non).",
    ),
    IndicatorDefinition(
        "followup_interviewed",
        FOLLOWUP,
        "Personnes accompagnées reçues en entretien",
        "nombre",
        "Celles dont une candidature est passée à « entretien » pendant la période, ou qui ont eu un entretien "
        "dans un job dating tenu pendant la période.",
    ),
    IndicatorDefinition(
        "followup_hired",
        FOLLOWUP,
        "Personnes accompagnées en emploi",
        "nombre",
        "Celles qui ont trouvé un emploi pendant la période, après le début de leur accompagnement : candidature "
        "« recrutée », recrutement après un job dating, ou accompagnement terminé pour « accès à l'emploi ».",
    ),
    IndicatorDefinition(
        "followup_in_mentoring",
        FOLLOWUP,
        "Personnes accompagnées en mentorat",
        "nombre",
        "Celles qui avaient un binôme de mentorat (comme personne mentorée) actif pendant la période.",
    ),
    IndicatorDefinition(
        "followup_time_to_job",
        FOLLOWUP,
        "Délai médian entre le premier contact et l'emploi",
        "jours",
        "Pour les personnes dont le premier emploi après le début de l'accompagnement tombe dans la période : "
        "médiane du nombre de jours entre ce début (le premier contact) et l'emploi. Vide s'il n'y en a aucune.",
    ),
    IndicatorDefinition(
        "followup_job_3_months",
        FOLLOWUP,
        "Part en emploi 3 mois après l'accompagnement",
        "%",
        "Parmi les situations à 3 mois après la fin de l'accompagnement renseignées pendant la période, part des "
        "personnes en emploi. Vide si aucune n'est renseignée.",
    ),
    IndicatorDefinition(
        "followup_job_6_months",
        FOLLOWUP,
        "Part en emploi 6 mois après l'accompagnement",
        "%",
        "Parmi les situations à 6 mois après la fin de l'accompagnement renseignées pendant la période, part des "
        "personnes en emploi. Vide si aucune n'est renseignée.",
    ),
]
DEFINITIONS = {definition.code: definition for definition in INDICATORS}
INDICATOR_CHOICES = [(d.code, d.label) for d in INDICATORS]


def _share(part: int, whole: int) -> float | None:
    return round(part / whole * 100, 1) if whole else None


def _offer_figures(scope: TerritoryScope, period: Period) -> dict[str, float | int | None]:
    from emploi_territoires.offers.models import ContractType, Offer, OfferStatus, OfferTransition

    where = scope.q("commune")
    created = period.datetime_q("created_at")
    published = period.datetime_q("published_at")
    figures = Offer.objects.filter(where).aggregate(
        offers_assistant=Count("pk", filter=created & Q(written_with_assistant=True)),
        offers_assistant_score=Avg("quality_score", filter=created & Q(written_with_assistant=True)),
        offers_published=Count("pk", filter=published),
        vta_published=Count("pk", filter=published & Q(contract_type=ContractType.VTA)),
    )
    if figures["offers_assistant_score"] is not None:
        figures["offers_assistant_score"] = round(figures["offers_assistant_score"], 1)

    # First fill of each offer (an offer reopened and filled again counts once, at its first fill).
    low, high = period.bounds()
    fills = (
        OfferTransition.objects.filter(to_status=OfferStatus.FILLED)
        .filter(scope.q("offer__commune"))
        .values("offer_id", "offer__published_at", "offer__contract_type", "offer__programme_context")
        .annotate(filled_at=Min("created_at"))
        .filter(filled_at__gte=low, filled_at__lt=high)
    )
    durations: list[float] = []
    filled = vta = leads = 0
    for row in fills:
        filled += 1
        vta += row["offer__contract_type"] == ContractType.VTA
        leads += row["offer__programme_context"] in LEAD_CONTEXTS
        if row["offer__published_at"] is not None:
            durations.append(max((row["filled_at"] - row["offer__published_at"]).total_seconds() / 86400, 0))
    figures.update(
        offers_filled=filled,
        vta_filled=vta,
        leads_recruited=leads,
        time_to_fill=round(statistics.median(durations), 1) if durations else None,
    )
    return figures


def _jobdating_figures(scope: TerritoryScope, period: Period) -> dict[str, int]:
    from emploi_territoires.jobdating.models import Event, EventStatus, Interview, InterviewOutcome, InterviewStatus

    held = Q(status=EventStatus.HELD) & period.date_q("date") & scope.q("commune")
    figures = {"jobdatings_held": Event.objects.filter(held).count()}
    # As jobdating.services_outcomes.event_figures counts them: the accepted schedule only, and at a held
    # event an interview still "scheduled" took place (nobody marked it).
    interviews = Interview.objects.filter(
        run__accepted=True, event__status=EventStatus.HELD, event__date__gte=period.start, event__date__lte=period.end
    ).filter(scope.q("event__commune"))
    figures.update(
        interviews.aggregate(
            jobdating_interviews=Count("pk", filter=Q(status__in=[InterviewStatus.HELD, InterviewStatus.SCHEDULED])),
            jobdating_hires=Count("pk", filter=Q(outcome=InterviewOutcome.HIRED)),
        )
    )
    return figures


def _mentoring_figures(scope: TerritoryScope, period: Period) -> dict[str, float | int | None]:
    from emploi_territoires.mentoring.models import Outcome, Pair

    ended = period.date_q("ended_on")
    figures = Pair.objects.filter(scope.q("mentee__mentee_profile__commune")).aggregate(
        pairs_started=Count("pk", filter=period.date_q("started_on")),
        pairs_active=Count(
            "pk",
            filter=Q(started_on__lte=period.end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=period.start)),
        ),
        pairs_ended=Count("pk", filter=ended),
        with_outcome=Count("pk", filter=ended & ~Q(outcome="")),
        positive=Count("pk", filter=ended & Q(outcome__in=[Outcome.JOB, Outcome.TRAINING])),
    )
    figures["pairs_positive_share"] = _share(figures.pop("positive"), figures.pop("with_outcome"))
    return figures


def _needs_figures(scope: TerritoryScope, period: Period) -> dict[str, float | int | None]:
    from emploi_territoires.needs.models import CampaignInvitation, NeedDeclaration

    declared = NeedDeclaration.objects.filter(scope.q("commune"), period.datetime_q("created_at")).count()
    invitations = CampaignInvitation.objects.filter(
        scope.q("organisation__commune"), period.datetime_q("sent_at")
    ).aggregate(invited=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False)))
    return {
        "needs_declared": declared,
        "needs_invited": invitations["invited"],
        "needs_answer_rate": _share(invitations["answered"], invitations["invited"]),
    }


def compute_indicators(scope: TerritoryScope, period: Period) -> list[IndicatorValue]:
    """Every indicator of INDICATORS, in its order, with the target of the year when the period is a year."""
    from .indicators_followup import followup_figures
    from .models import IndicatorTarget

    figures: dict[str, float | int | None] = {}
    figures.update(_offer_figures(scope, period))
    figures.update(_jobdating_figures(scope, period))
    figures.update(_mentoring_figures(scope, period))
    figures.update(_needs_figures(scope, period))
    figures.update(vta_figures(scope, period))
    figures.update(followup_figures(scope, period))
    targets: dict[str, Decimal] = {}
    # A programme cut to one département (a plan's territory) has no evaluation target of its own.
    if period.is_calendar_year and scope.departement is None:
        targets = dict(
            IndicatorTarget.objects.filter(level=scope.kind, code=scope.code, year=period.start.year).values_list(
                "indicator", "target"
            )
        )
    return [IndicatorValue(d, figures[d.code], targets.get(d.code)) for d in INDICATORS]
