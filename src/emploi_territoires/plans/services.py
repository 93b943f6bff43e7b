"""Writes on territorial action plans: plans, partners, targets, actions and their status workflow.

Every function validates its input and raises `PlanError` with a French message (shown as is) before
writing anything; writes run in one transaction, so a refused input never leaves half a plan.

Status workflow (table-driven, `TRANSITIONS`, run by `WORKFLOW`, a `core.workflow.Workflow`), every change
logged in `ActionTransition`:

    planned  → running | cancelled
    running  → done | cancelled
    done     → running        (reopen: a note is required)
    cancelled → planned       (reinstate: a note is required)
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction

from emploi_territoires.accounts.models import Membership, Organisation, User
from emploi_territoires.core.text import clean_text
from emploi_territoires.core.workflow import Workflow
from emploi_territoires.evaluation.indicators import DEFINITIONS, LEAD_CONTEXTS
from emploi_territoires.offers.models import ContractType, Offer
from emploi_territoires.territories.models import EPCI, Commune, Departement
from emploi_territoires.territories.models import Programme as TerritorialProgramme
from emploi_territoires.territories.scope import ScopeKind, TerritoryScope

from .models import (
    Action,
    ActionKind,
    ActionStatus,
    ActionTransition,
    PartnerRole,
    Plan,
    PlanPartner,
    PlanTarget,
)


class PlanError(Exception):
    """Bad input on a plan; `message` is French and shown to the person as is."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


# --- Plans -------------------------------------------------------------------------------------


@dataclass
class PlanData:
    title: str
    scope_kind: str
    starts_on: datetime.date
    ends_on: datetime.date
    commune: Commune | None = None
    epci: EPCI | None = None
    departement: Departement | None = None
    programme: str = ""


MIN_YEAR, MAX_YEAR = 2000, 2100


def _check_dates(starts_on: datetime.date | None, ends_on: datetime.date | None, what: str) -> None:
    if starts_on is None or ends_on is None:
        raise PlanError(f"Indiquez les dates de début et de fin {what}.", "starts_on")
    for name, day in (("starts_on", starts_on), ("ends_on", ends_on)):
        # Year 1 or 9999 would overflow the period arithmetic of the reports (a 500 on every page).
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            raise PlanError(f"Les dates {what} vont de {MIN_YEAR} à {MAX_YEAR} (et non {day:%d/%m/%Y}).", name)
    if ends_on < starts_on:
        raise PlanError(
            f"La fin {what} ({ends_on:%d/%m/%Y}) est avant son début ({starts_on:%d/%m/%Y}).",
            "ends_on",
        )


def validate_plan_data(data: PlanData) -> PlanData:
    """The data with only the territory fields of its scope kept; PlanError when incomplete or inconsistent."""
    title = clean_text(data.title or "").strip()
    if not title:
        raise PlanError("Donnez un intitulé au plan.", "title")
    _check_dates(data.starts_on, data.ends_on, "du plan")
    kind = data.scope_kind
    if kind == ScopeKind.COMMUNE:
        if data.commune is None:
            raise PlanError("Choisissez la commune du plan.", "commune")
        return PlanData(title, kind, data.starts_on, data.ends_on, commune=data.commune)
    if kind == ScopeKind.EPCI:
        if data.epci is None:
            raise PlanError("Choisissez l'intercommunalité du plan.", "epci")
        return PlanData(title, kind, data.starts_on, data.ends_on, epci=data.epci)
    if kind == ScopeKind.DEPARTEMENT:
        if data.departement is None:
            raise PlanError("Choisissez le département du plan.", "departement")
        return PlanData(title, kind, data.starts_on, data.ends_on, departement=data.departement)
    if kind == ScopeKind.PROGRAMME:
        if data.programme not in TerritorialProgramme.values:
            raise PlanError("Choisissez le programme (ACV, PVD, TI…) dont le plan couvre les communes.", "programme")
        if data.departement is None:
            raise PlanError(
                "Un plan sur les communes d'un programme se limite à un département : choisissez-le.",
                "departement",
            )
        flag_communes = TerritoryScope(kind, data.programme, departement=data.departement.pk).communes()
        if not flag_communes.exists():
            label = TerritorialProgramme(data.programme).label
            raise PlanError(
                f"Aucune commune du programme {label} dans le département {data.departement} : "
                "choisissez un autre programme ou un autre département.",
                "programme",
            )
        return PlanData(
            title, kind, data.starts_on, data.ends_on, departement=data.departement, programme=data.programme
        )
    raise PlanError(
        "Choisissez le périmètre du plan : commune, intercommunalité, département ou programme.", "scope_kind"
    )


def _contact_check(organisation: Organisation, contact: User | None) -> None:
    if contact is None:
        raise PlanError(f"Nommez le contact de « {organisation} » pour ce plan.", "contact")
    if not Membership.objects.filter(user=contact, organisation=organisation).exists():
        raise PlanError(
            f"{contact.email} n'est pas membre de « {organisation} » : "
            "le contact d'un partenaire doit en faire partie.",
            "contact",
        )


def _territory(data: PlanData | Plan) -> tuple:
    return (data.scope_kind, data.commune, data.epci, data.departement, data.programme)


def _check_indicators_readable(user: User, clean: PlanData, organisations: list[Organisation]) -> None:
    """A plan shows its territory's indicators (page, PDF): it may only be opened on a territory whose
    indicators the user may read (`evaluation.permissions_indicators.can_read_indicators`, the
    indicator pages' rule): analysts anywhere, a collectivité on its commune or EPCI (issue 20, item 6)."""
    from emploi_territoires.evaluation.permissions_indicators import can_read_indicators

    scope = Plan(
        scope_kind=clean.scope_kind,
        commune=clean.commune,
        epci=clean.epci,
        departement=clean.departement,
        programme=clean.programme,
    ).scope
    if not any(can_read_indicators(user, scope, organisation=org) for org in organisations or [None]):
        raise PlanError(
            "Votre collectivité peut ouvrir un plan sur sa commune ou son intercommunalité : les indicateurs "
            "d'un autre territoire sont réservés aux conseillers et à l'équipe de la plateforme.",
            "scope_kind",
        )


def create_plan(
    data: PlanData, *, creator: User, organisation: Organisation, role: str, contact: User | None = None
) -> Plan:
    """A new plan; `organisation` becomes its first partner, with `contact` (the creator by default) as contact."""
    clean = validate_plan_data(data)
    _check_indicators_readable(creator, clean, [organisation])
    if role not in PartnerRole.values:
        raise PlanError("Choisissez le rôle de votre organisation dans le plan.", "role")
    contact = contact or creator
    _contact_check(organisation, contact)
    with transaction.atomic():
        plan = Plan.objects.create(
            title=clean.title,
            scope_kind=clean.scope_kind,
            commune=clean.commune,
            epci=clean.epci,
            departement=clean.departement,
            programme=clean.programme,
            starts_on=clean.starts_on,
            ends_on=clean.ends_on,
            created_by=creator,
        )
        PlanPartner.objects.create(plan=plan, organisation=organisation, role=role, contact=contact)
    return plan


def update_plan(plan: Plan, data: PlanData, *, editor: User | None = None) -> Plan:
    clean = validate_plan_data(data)
    if editor is not None and _territory(clean) != _territory(plan):
        partners = Organisation.objects.filter(memberships__user=editor, plan_partnerships__plan=plan)
        _check_indicators_readable(editor, clean, list(partners.select_related("commune")))
    with transaction.atomic():
        plan.title = clean.title
        plan.scope_kind = clean.scope_kind
        plan.commune = clean.commune
        plan.epci = clean.epci
        plan.departement = clean.departement
        plan.programme = clean.programme
        plan.starts_on = clean.starts_on
        plan.ends_on = clean.ends_on
        plan.save()
    return plan


# --- Partners ------------------------------------------------------------------------------------


def add_partner(plan: Plan, organisation: Organisation, role: str, contact: User | None) -> PlanPartner:
    if role not in PartnerRole.values:
        raise PlanError("Choisissez le rôle du partenaire.", "role")
    _contact_check(organisation, contact)
    if PlanPartner.objects.filter(plan=plan, organisation=organisation).exists():
        raise PlanError(f"« {organisation} » est déjà partenaire de ce plan.", "organisation")
    try:
        with transaction.atomic():
            return PlanPartner.objects.create(plan=plan, organisation=organisation, role=role, contact=contact)
    except IntegrityError:  # a concurrent double submission
        raise PlanError(f"« {organisation} » est déjà partenaire de ce plan.", "organisation") from None


def update_partner(partner: PlanPartner, role: str, contact: User | None) -> PlanPartner:
    if role not in PartnerRole.values:
        raise PlanError("Choisissez le rôle du partenaire.", "role")
    _contact_check(partner.organisation, contact)
    with transaction.atomic():
        partner.role = role
        partner.contact = contact
        partner.save(update_fields=["role", "contact"])
    return partner


def remove_partner(partner: PlanPartner) -> None:
    """A partner leading actions stays until those actions have another lead; the last partner stays."""
    if partner.led_actions.exists():
        raise PlanError(
            f"« {partner.organisation} » pilote des actions de ce plan : confiez-les d'abord à un autre partenaire."
        )
    if partner.plan.partners.count() <= 1:
        raise PlanError("Un plan garde au moins un partenaire.")
    partner.delete()


# --- Targets -------------------------------------------------------------------------------------


def set_target(plan: Plan, indicator_code: str, target: Decimal | None) -> PlanTarget:
    if indicator_code not in DEFINITIONS:
        raise PlanError("Choisissez un indicateur de la liste.", "indicator_code")
    if target is None or target < 0:
        raise PlanError("La cible est un nombre positif ou nul.", "target")
    definition = DEFINITIONS[indicator_code]
    if definition.unit == "%" and target > 100:
        raise PlanError(f"« {definition.label} » est un pourcentage : la cible ne peut dépasser 100.", "target")
    with transaction.atomic():
        row, _ = PlanTarget.objects.update_or_create(
            plan=plan, indicator_code=indicator_code, defaults={"target": target}
        )
    return row


def remove_target(target: PlanTarget) -> None:
    target.delete()


# --- Actions -------------------------------------------------------------------------------------

# Which link each kind of action may carry (the platform object that carries it out).
LINK_FIELDS = ("jobdating_event", "mentoring_programme", "needs_campaign", "impact_study", "offers")
KIND_LINKS: dict[str, set[str]] = {
    ActionKind.OFFER_SUPPORT: {"offers"},
    ActionKind.JOB_DATING: {"jobdating_event"},
    ActionKind.PROJECT_LEAD: {"offers"},
    ActionKind.MENTORING: {"mentoring_programme"},
    ActionKind.VTA_CAMPAIGN: {"offers"},
    ActionKind.NEEDS_CAMPAIGN: {"needs_campaign"},
    ActionKind.STUDY: {"impact_study"},
    ActionKind.OTHER: set(),
}
LINK_LABELS = {
    "jobdating_event": "un job dating",
    "mentoring_programme": "un programme de mentorat",
    "needs_campaign": "une campagne de recensement des besoins",
    "impact_study": "une étude d'impact",
    "offers": "des offres",
}


@dataclass
class ActionData:
    kind: str
    title: str
    lead: PlanPartner | None
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    description: str = ""
    budget_eur: Decimal | None = None
    days_spent: Decimal | None = None
    jobdating_event: object | None = None
    mentoring_programme: object | None = None
    needs_campaign: object | None = None
    impact_study: object | None = None
    offers: Sequence[Offer] = field(default_factory=list)


def _validate_action(plan: Plan, data: ActionData) -> None:
    if data.kind not in ActionKind.values:
        raise PlanError("Choisissez le type d'action.", "kind")
    if not (data.title or "").strip():
        raise PlanError("Donnez un intitulé à l'action.", "title")
    _check_dates(data.starts_on, data.ends_on, "de l'action")
    if data.lead is None:
        raise PlanError("Choisissez le partenaire qui pilote l'action.", "lead")
    if data.lead.plan_id != plan.pk:
        raise PlanError(
            f"« {data.lead.organisation} » n'est pas partenaire de ce plan : le pilote d'une action doit en être un.",
            "lead",
        )
    for name, value in (("budget_eur", data.budget_eur), ("days_spent", data.days_spent)):
        if value is not None and value < 0:
            raise PlanError("Le budget et le temps passé sont des nombres positifs.", name)
    kind_label = ActionKind(data.kind).label
    allowed = KIND_LINKS[data.kind]
    for name in LINK_FIELDS:
        value = getattr(data, name)
        if value and name not in allowed:
            expected = " ou ".join(LINK_LABELS[n] for n in sorted(allowed)) or "aucun objet de la plateforme"
            raise PlanError(
                f"Une action « {kind_label} » ne peut pas être liée à {LINK_LABELS[name]} : elle se lie à {expected}.",
                name,
            )
    _validate_link_territory(plan, data)


def _validate_link_territory(plan: Plan, data: ActionData) -> None:
    """Located links must be in the plan's territory; offers must match the kind of campaign."""
    event = data.jobdating_event
    if event is not None and not plan.scope.communes().filter(pk=event.commune_id).exists():
        raise PlanError(
            f"Le job dating « {event} » a lieu hors du territoire du plan ({plan.territory_label()}).",
            "jobdating_event",
        )
    offers = list(data.offers)
    if offers:
        covered = set(plan.scope.communes().filter(pk__in=[o.commune_id for o in offers]).values_list("pk", flat=True))
        outside = [o for o in offers if o.commune_id not in covered]
        if outside:
            raise PlanError(
                f"L'offre « {outside[0].title} » ({outside[0].reference}) est hors du territoire du plan.", "offers"
            )
        if data.kind == ActionKind.VTA_CAMPAIGN:
            not_vta = [o for o in offers if o.contract_type != ContractType.VTA]
            if not_vta:
                raise PlanError(
                    f"L'offre « {not_vta[0].title} » n'est pas un volontariat territorial en administration : "
                    "une campagne VTA ne se lie qu'à des offres de VTA.",
                    "offers",
                )
        if data.kind == ActionKind.PROJECT_LEAD:
            not_lead = [o for o in offers if o.programme_context not in LEAD_CONTEXTS]
            if not_lead:
                raise PlanError(
                    f"L'offre « {not_lead[0].title} » n'est pas un poste de chef·fe de projet ou de manager de "
                    "centre-ville (contexte du poste).",
                    "offers",
                )


def _apply(action: Action, data: ActionData) -> None:
    action.kind = data.kind
    action.title = clean_text(data.title).strip()
    action.description = clean_text(data.description or "").strip()
    action.lead = data.lead
    action.starts_on = data.starts_on
    action.ends_on = data.ends_on
    action.budget_eur = data.budget_eur
    action.days_spent = data.days_spent
    action.jobdating_event = data.jobdating_event
    action.mentoring_programme = data.mentoring_programme
    action.needs_campaign = data.needs_campaign
    action.impact_study = data.impact_study


def create_action(plan: Plan, data: ActionData, actor: User | None = None) -> Action:
    _validate_action(plan, data)
    with transaction.atomic():
        action = Action(plan=plan)
        _apply(action, data)
        action.save()
        action.offers.set(data.offers)
    return action


def update_action(action: Action, data: ActionData, actor: User | None = None) -> Action:
    _validate_action(action.plan, data)
    with transaction.atomic():
        _apply(action, data)
        action.save()
        action.offers.set(data.offers)
    return action


# --- Status workflow -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    label: str  # the button
    needs_note: bool = False  # going back needs a reason, kept in the log


TRANSITIONS: dict[tuple[str, str], Move] = {
    (ActionStatus.PLANNED, ActionStatus.RUNNING): Move("Démarrer"),
    (ActionStatus.PLANNED, ActionStatus.CANCELLED): Move("Annuler"),
    (ActionStatus.RUNNING, ActionStatus.DONE): Move("Marquer comme réalisée"),
    (ActionStatus.RUNNING, ActionStatus.CANCELLED): Move("Annuler"),
    (ActionStatus.DONE, ActionStatus.RUNNING): Move("Rouvrir", needs_note=True),
    (ActionStatus.CANCELLED, ActionStatus.PLANNED): Move("Reprendre", needs_note=True),
}
WORKFLOW = Workflow(
    states=ActionStatus,
    transitions=TRANSITIONS,
    log_model=ActionTransition,
    refused="Une action « {current} » ne peut pas passer à « {target} ».",
    unknown="État inconnu.",
    error=lambda message: PlanError(message, "to_status"),
    changed_at_field=None,
    also_save=("updated_at",),
)


def allowed_transitions(action: Action) -> tuple[str, ...]:
    return tuple(to for to, _ in WORKFLOW.allowed(action.status))


def transition_action(action: Action, to_status: str, actor: User | None, note: str = "") -> Action:
    """Move an action along the workflow and log it; PlanError when the move is not allowed."""
    note = clean_text(note or "").strip()
    with transaction.atomic():
        # Lock the row: two partners clicking at once must not both move it from the same status.
        locked = Action.objects.select_for_update().get(pk=action.pk)
        if WORKFLOW.check(locked.status, to_status).needs_note and not note:
            raise PlanError("Indiquez la raison de ce retour en arrière (note).", "note")
        WORKFLOW.apply(locked, to_status, actor=actor, comment=note)
    action.status = to_status
    return action


def timeline(plan: Plan) -> list[Action]:
    """The plan's actions in date order, with their lead and links fetched."""
    return list(
        plan.actions.select_related(
            "lead__organisation", "lead__contact", "jobdating_event__commune", "mentoring_programme",
            "needs_campaign", "impact_study",
        )
        .prefetch_related("offers")
        .order_by("starts_on", "ends_on", "pk")
    )  # fmt: skip
