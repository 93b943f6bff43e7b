"""Every write of the needs module: validated, in a transaction, e-mails queued on commit.

Views, the reminder command/task, the demo and tests call these functions. Errors are `NeedsError`
with French messages shown as is (`messages` for the whole, `line_errors` per need line).

The personal link of an invitation leads to the login page, then to the campaign's answer form
with the invited organisation pre-selected: the token routes, it never authenticates (a forwarded
e-mail must not let a stranger declare needs in the organisation's name).
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from emploi_territoires.accounts import permissions as account_permissions
from emploi_territoires.accounts.models import Organisation, User
from emploi_territoires.core.links import absolute_url
from emploi_territoires.core.tasks import send_email_on_commit
from emploi_territoires.core.text import clean_text
from emploi_territoires.offers import services as offer_services
from emploi_territoires.offers.models import ContractType, Offer, RomeOccupation
from emploi_territoires.offers.services import PUBLIC_ONLY_CONTRACTS, VTA_MONTHS
from emploi_territoires.territories.models import EPCI, Commune, Departement
from emploi_territoires.territories.models import Programme as TerritorialProgramme
from emploi_territoires.territories.scope import ScopeKind, TerritoryScope

from .models import (
    CAMPAIGN_KINDS,
    CampaignInvitation,
    CampaignState,
    DifficultyReason,
    EngineeringNeed,
    Horizon,
    NeedDeclaration,
    NeedsCampaign,
)

# Organisations that recruit; advisor organisations (Apec, ANCT) are not surveyed.
EMPLOYER_KINDS = (Organisation.Kind.COLLECTIVITE, Organisation.Kind.ENTREPRISE, Organisation.Kind.ASSOCIATION)
MAX_COUNT = 999
MAX_REMINDER_DAYS = 60
MAX_LINES = 50


class NeedsError(Exception):
    def __init__(self, messages: str | Sequence[str], line_errors: Mapping[int, Mapping[str, list[str]]] | None = None):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        self.line_errors = dict(line_errors or {})
        super().__init__(" ".join(self.messages))


# --- Territory of a campaign ---------------------------------------------------------------------


@dataclass
class Territory:
    """A campaign's territory as the form gives it (objects, possibly missing: validation says which)."""

    kind: str
    communes: Sequence[Commune] = ()
    epci: EPCI | None = None
    departement: Departement | None = None
    programme: str = ""

    @property
    def scope(self) -> TerritoryScope:
        return TerritoryScope.from_fields(
            self.kind,
            epci_id=self.epci.pk if self.epci is not None else None,
            departement_id=self.departement.pk if self.departement is not None else None,
            programme=self.programme,
            commune_ids=[commune.pk for commune in self.communes],
        )


def territory_communes(territory: Territory) -> QuerySet[Commune]:
    """The communes of a territory (communes listed, an EPCI, a département, a programme [in a département])."""
    return territory.scope.communes()


def campaign_communes(campaign: NeedsCampaign) -> QuerySet[Commune]:
    return campaign.scope.communes()


def scope_label(campaign: NeedsCampaign) -> str:
    if campaign.scope_kind == ScopeKind.DEPARTEMENT and campaign.departement_id:
        return f"Département : {campaign.departement.name} ({campaign.departement_id})"
    if campaign.scope_kind == ScopeKind.EPCI and campaign.epci_id:
        return f"Intercommunalité : {campaign.epci.name}"
    if campaign.scope_kind == ScopeKind.PROGRAMME and campaign.programme:
        label = f"Programme : {campaign.get_programme_display()}"
        return f"{label} — {campaign.departement.name}" if campaign.departement_id else label
    if campaign.scope_kind == ScopeKind.COMMUNES:
        names = [c.name for c in campaign.communes.all()]
        return "Communes : " + ", ".join(names[:5]) + (f" et {len(names) - 5} autres" if len(names) > 5 else "")
    return "Territoire non précisé"


def invited_organisations(campaign: NeedsCampaign) -> QuerySet[Organisation]:
    kinds = [k for k in campaign.organisation_kinds if k in EMPLOYER_KINDS] or list(EMPLOYER_KINDS)
    return Organisation.objects.filter(commune__in=campaign_communes(campaign), kind__in=kinds).order_by("name")


def can_open_campaign_on(user: User | None, territory: Territory) -> bool:
    """Staff, or an advisor following every commune of the territory (advisors act on their own territory)."""
    if account_permissions.is_staff(user):
        return True
    if not account_permissions.is_advisor(user):
        return False
    communes = territory_communes(territory)
    return communes.exists() and not communes.exclude(account_permissions.followed_communes_q(user)).exists()


def campaign_refusal(user: User | None) -> str | None:
    """Why `user` may not open a campaign in the name of their Apec or ANCT organisation: it is not
    verified (issue 17, accounts.permissions.unverified_refusal); None for staff and verified ones."""
    if account_permissions.is_staff(user) or user is None:
        return None
    advisor_orgs = list(
        Organisation.objects.filter(
            memberships__user_id=user.pk, kind__in=[Organisation.Kind.APEC, Organisation.Kind.ANCT]
        )
    )
    if advisor_orgs and all(not org.is_verified for org in advisor_orgs):
        return account_permissions.unverified_refusal(advisor_orgs[0], "open_campaign")
    return None


# --- Campaigns ---------------------------------------------------------------------------------


def _validate_campaign(
    title: str, territory: Territory, deadline: datetime.date | None, reminder_days: int | None, kinds: list[str]
) -> list[str]:
    errors = []
    if not title.strip():
        errors.append("Donnez un intitulé à la campagne.")
    elif len(title) > 200:
        errors.append("L'intitulé fait 200 caractères au maximum.")
    if deadline is None:
        errors.append("Indiquez la date limite de réponse.")
    elif deadline <= timezone.localdate():
        errors.append("La date limite de réponse doit être dans le futur.")
    if reminder_days is None or not 0 <= reminder_days <= MAX_REMINDER_DAYS:
        errors.append(f"La relance se fait de 0 à {MAX_REMINDER_DAYS} jours avant la date limite.")
    unknown = [k for k in kinds if k not in EMPLOYER_KINDS]
    if unknown:
        errors.append("Types d'organisations inconnus : " + ", ".join(unknown) + ".")
    missing = {
        ScopeKind.COMMUNES: not territory.communes,
        ScopeKind.EPCI: territory.epci is None,
        ScopeKind.DEPARTEMENT: territory.departement is None,
        ScopeKind.PROGRAMME: territory.programme not in TerritorialProgramme.values,
    }
    if territory.kind not in CAMPAIGN_KINDS:
        errors.append("Choisissez le périmètre de la campagne.")
    elif missing[ScopeKind(territory.kind)]:
        errors.append(
            {
                ScopeKind.COMMUNES: "Choisissez au moins une commune.",
                ScopeKind.EPCI: "Choisissez l'intercommunalité.",
                ScopeKind.DEPARTEMENT: "Choisissez le département.",
                ScopeKind.PROGRAMME: "Choisissez le programme.",
            }[ScopeKind(territory.kind)]
        )
    return errors


def create_campaign(
    actor: User,
    *,
    title: str,
    territory: Territory,
    deadline: datetime.date | None,
    reminder_days: int | None = 7,
    organisation_kinds: Iterable[str] = (),
    is_demo: bool = False,
) -> NeedsCampaign:
    """A draft campaign; `open_campaign` sends the invitations."""
    kinds = list(dict.fromkeys(organisation_kinds))
    title = clean_text(title or "", single_line=True)  # the campaign's title holds one line
    errors = _validate_campaign(title, territory, deadline, reminder_days, kinds)
    if errors:
        raise NeedsError(errors)
    if refusal := campaign_refusal(actor):
        raise NeedsError(refusal)
    if not can_open_campaign_on(actor, territory):
        raise NeedsError("Vous ne suivez pas tout ce territoire : choisissez des communes de vos départements.")
    with transaction.atomic():
        campaign = NeedsCampaign.objects.create(
            title=title.strip(),
            scope_kind=territory.kind,
            epci=territory.epci if territory.kind == ScopeKind.EPCI else None,
            departement=territory.departement
            if territory.kind in (ScopeKind.DEPARTEMENT, ScopeKind.PROGRAMME)
            else None,
            programme=territory.programme if territory.kind == ScopeKind.PROGRAMME else "",
            organisation_kinds=kinds,
            deadline=deadline,
            reminder_days=reminder_days,
            created_by=actor,
            is_demo=is_demo,
        )
        if territory.kind == ScopeKind.COMMUNES:
            campaign.communes.set(territory.communes)
    return campaign


def _recipients(organisation: Organisation) -> list[str]:
    return sorted({email for email in organisation.members.values_list("email", flat=True) if email})


def invitation_link(invitation: CampaignInvitation) -> str:
    return absolute_url("needs:invitation", invitation.token)


def _send_invitation_email(invitation: CampaignInvitation, template: str, subject: str) -> bool:
    to = _recipients(invitation.organisation)
    if not to:
        return False
    body = render_to_string(
        template,
        {"invitation": invitation, "campaign": invitation.campaign, "link": invitation_link(invitation)},
    )
    send_email_on_commit(subject, body, to)
    return True


def open_campaign(campaign: NeedsCampaign, actor: User) -> int:
    """Open a draft: invite every organisation located in the territory; returns the number invited."""
    if refusal := campaign_refusal(actor):
        raise NeedsError(refusal)
    with transaction.atomic():
        campaign = NeedsCampaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.state != CampaignState.DRAFT:
            raise NeedsError("Cette campagne est déjà ouverte ou clôturée.")
        if campaign.deadline <= timezone.localdate():
            raise NeedsError("La date limite est passée : choisissez une date future avant d'ouvrir la campagne.")
        now = timezone.now()
        campaign.state = CampaignState.OPEN
        campaign.opened_at = now
        campaign.save(update_fields=["state", "opened_at"])
        invited = 0
        already = set(campaign.invitations.values_list("organisation_id", flat=True))
        for organisation in invited_organisations(campaign).exclude(pk__in=already):
            invitation = CampaignInvitation.objects.create(
                campaign=campaign, organisation=organisation, token=secrets.token_urlsafe(32)
            )
            subject = f"Vos besoins de recrutement : {campaign.title}"
            if _send_invitation_email(invitation, "needs/emails/invitation.txt", subject):
                invitation.sent_at = now
                invitation.save(update_fields=["sent_at"])
            invited += 1
    return invited


def close_campaign(campaign: NeedsCampaign, actor: User) -> None:
    with transaction.atomic():
        campaign = NeedsCampaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.state != CampaignState.OPEN:
            raise NeedsError("Seule une campagne ouverte peut être clôturée.")
        campaign.state = CampaignState.CLOSED
        campaign.save(update_fields=["state"])


def invitations_due_for_reminder(today: datetime.date | None = None) -> QuerySet[CampaignInvitation]:
    """Unanswered, never reminded invitations of open campaigns whose reminder day has come."""
    today = today or timezone.localdate()
    due = [
        c.pk
        for c in NeedsCampaign.objects.filter(state=CampaignState.OPEN, deadline__gte=today)
        if c.deadline - datetime.timedelta(days=c.reminder_days) <= today
    ]
    return (
        CampaignInvitation.objects.filter(campaign_id__in=due, answered_at__isnull=True, reminded_at__isnull=True)
        .select_related("campaign", "organisation")
        .order_by("campaign_id", "organisation__name")
    )


def send_reminders(today: datetime.date | None = None, *, dry_run: bool = False) -> list[CampaignInvitation]:
    """Remind each due invitation once (reminded_at is set even for an organisation without members)."""
    due = list(invitations_due_for_reminder(today))
    if dry_run:
        return due
    now = timezone.now()
    with transaction.atomic():
        for invitation in due:
            locked = CampaignInvitation.objects.select_for_update().get(pk=invitation.pk)
            if locked.reminded_at is not None or locked.answered_at is not None:
                continue  # another run got there first
            subject = f"Rappel : vos besoins de recrutement avant le {invitation.campaign.deadline:%d/%m/%Y}"
            _send_invitation_email(invitation, "needs/emails/reminder.txt", subject)
            locked.reminded_at = now
            locked.save(update_fields=["reminded_at"])
            invitation.reminded_at = now
    return due


@dataclass
class KindRate:
    kind: str
    label: str
    invited: int
    answered: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.invited) if self.invited else 0


@dataclass
class ResponseRate:
    invited: int
    answered: int
    by_kind: list[KindRate] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.invited) if self.invited else 0


def response_rate(campaign: NeedsCampaign, in_territory: Callable[[str], Q] | None = None) -> ResponseRate:
    """Answered invitations over invitations, overall and by kind of organisation (one query).

    With `in_territory` (a territory scope's `q(path)`, territories.scope), only the invitations of organisations
    located in that territory (an action plan reads its own territory's share of a wider campaign).
    """
    invitations = campaign.invitations.all()
    if in_territory is not None:
        invitations = invitations.filter(in_territory("organisation__commune"))
    rows = (
        invitations.values("organisation__kind")
        .annotate(invited=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False)))
        .order_by("organisation__kind")
    )
    labels = dict(Organisation.Kind.choices)
    by_kind = [
        KindRate(r["organisation__kind"], labels.get(r["organisation__kind"], ""), r["invited"], r["answered"])
        for r in rows
    ]
    return ResponseRate(sum(k.invited for k in by_kind), sum(k.answered for k in by_kind), by_kind)


# --- Declarations ------------------------------------------------------------------------------


def _validate_line(line: Mapping[str, Any], organisation: Organisation) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not isinstance(line.get("occupation"), RomeOccupation):
        add("occupation", "Choisissez le métier recherché dans le répertoire ROME.")
    count = line.get("count")
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        add("count", "Indiquez le nombre de personnes à recruter : au moins 1.")
    elif count > MAX_COUNT:
        add("count", f"Indiquez au plus {MAX_COUNT} personnes par besoin (faites plusieurs lignes au-delà).")
    if line.get("horizon") not in Horizon.values:
        add("horizon", "Choisissez l'horizon du recrutement.")
    contract = line.get("contract_type")
    if contract not in ContractType.values:
        add("contract_type", "Choisissez le type de contrat.")
    elif contract in PUBLIC_ONLY_CONTRACTS and not organisation.is_public_employer:
        add("contract_type", f"Le contrat « {ContractType(contract).label} » est réservé aux employeurs publics.")
    reasons = list(line.get("difficulty_reasons") or [])
    if any(r not in DifficultyReason.values for r in reasons):
        add("difficulty_reasons", "Raison de difficulté inconnue.")
    engineering = list(line.get("engineering_needs") or [])
    if any(e not in EngineeringNeed.values for e in engineering):
        add("engineering_needs", "Besoin d'ingénierie inconnu.")
    elif engineering and organisation.kind != Organisation.Kind.COLLECTIVITE:
        add("engineering_needs", "Les besoins d'ingénierie de projet concernent les collectivités.")
    if len(line.get("comment") or "") > 2000:
        add("comment", "Le commentaire fait 2 000 caractères au maximum.")
    commune = line.get("commune")
    if commune is not None and not isinstance(commune, Commune):
        add("commune", "Commune inconnue.")
    return errors


def declare_needs(
    organisation: Organisation,
    lines: Sequence[Mapping[str, Any]],
    *,
    actor: User | None,
    campaign: NeedsCampaign | None = None,
    is_demo: bool = False,
) -> list[NeedDeclaration]:
    """Record the needs of `organisation` (all lines or none), declared by `actor`, one of its members.

    Within a campaign the organisation must be invited; an answer after the deadline (or after the
    campaign was closed) is kept and marked late. The invitation is marked answered, by `actor`: an
    organisation is recorded as having answered only through someone who can speak for it.
    """
    if actor is None or not account_permissions.is_member(actor, organisation):
        raise NeedsError(f"Seul un membre de « {organisation.name} » peut déclarer ses besoins de recrutement.")
    if not lines:
        raise NeedsError("Déclarez au moins un besoin.")
    if len(lines) > MAX_LINES:
        raise NeedsError(f"{MAX_LINES} besoins au maximum par envoi.")
    line_errors = {i: e for i, line in enumerate(lines) if (e := _validate_line(line, organisation))}
    if line_errors:
        raise NeedsError("Certains besoins sont incomplets : corrigez les champs signalés.", line_errors)
    with transaction.atomic():
        invitation = None
        is_late = False
        if campaign is not None:
            invitation = (
                CampaignInvitation.objects.select_for_update()
                .filter(campaign=campaign, organisation=organisation)
                .select_related("campaign")
                .first()
            )
            if invitation is None:
                raise NeedsError("Votre organisation n'est pas invitée à cette campagne.")
            if invitation.campaign.state == CampaignState.DRAFT:
                raise NeedsError("Cette campagne n'est pas encore ouverte.")
            is_late = timezone.localdate() > invitation.campaign.deadline or (
                invitation.campaign.state == CampaignState.CLOSED
            )
        needs = []
        for line in lines:
            is_difficult = bool(line.get("is_difficult"))
            need = NeedDeclaration(
                organisation=organisation,
                commune=line.get("commune") or organisation.commune,
                campaign=campaign,
                occupation=line["occupation"],
                count=line["count"],
                horizon=line["horizon"],
                contract_type=line["contract_type"],
                is_difficult=is_difficult,
                # Reasons only make sense for a need judged difficult.
                difficulty_reasons=list(dict.fromkeys(line.get("difficulty_reasons") or [])) if is_difficult else [],
                engineering_needs=list(dict.fromkeys(line.get("engineering_needs") or [])),
                comment=clean_text(line.get("comment") or "").strip(),
                is_late=is_late,
                created_by=actor,
                is_demo=is_demo,
            )
            need.save()
            needs.append(need)
        if invitation is not None and invitation.answered_at is None:
            invitation.answered_at = timezone.now()
            invitation.answered_by = actor
            invitation.save(update_fields=["answered_at", "answered_by"])
    return needs


def offer_values(need: NeedDeclaration) -> dict[str, Any]:
    title = f"{need.occupation.label} (F/H)"
    values: dict[str, Any] = {
        "title": title[:150],
        "occupation": need.occupation,
        "commune": need.commune,
        "contract_type": need.contract_type,
        "positions": min(need.count, 100),
    }
    if need.contract_type == ContractType.VTA:
        values["contract_duration_months"] = VTA_MONTHS[0]
    return values


def convert_to_offer(need: NeedDeclaration, actor: User) -> Offer:
    """Turn a need into a draft offer of its organisation (once: a second call returns the same draft)."""
    with transaction.atomic():
        need = NeedDeclaration.objects.select_for_update().select_related("occupation", "commune").get(pk=need.pk)
        if need.converted_offer_id is not None:
            existing = Offer.objects.filter(pk=need.converted_offer_id).first()
            if existing is not None:
                return existing
        try:
            offer = offer_services.create_offer(need.organisation, offer_values(need), actor=actor, template="besoin")
        except offer_services.OfferValidationError as exc:
            messages = [m for field_messages in exc.errors.values() for m in field_messages]
            raise NeedsError(messages or "L'offre n'a pas pu être créée.") from exc
        need.converted_offer = offer
        need.save(update_fields=["converted_offer"])
    return offer
