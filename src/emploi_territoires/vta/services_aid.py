"""Every write on the VTA aid, its envelope and the volunteer's mission (issue 16, docs/vta-aid.md).

Views, the admin, the demo and the commands call these functions; nothing else saves the models of
`vta.models`. Each function checks who acts and what is given, raises `AidError` with a French message
(shown as is) before writing anything, then writes in one transaction: the file's status and its
`AidTransition`, the envelope read under lock when money moves, and the e-mails queued on commit
(`core.tasks.send_email_on_commit`, with a link to the file).

The aid's workflow (`TRANSITIONS`, run by `WORKFLOW`, a `core.workflow.Workflow`):

    collectivité: candidate chosen ──► notified ──(préfecture: aid available, amount reserved)──► available
                                          │                                                         │
                                          └──► refused (no aid: reason)       collectivité files ◄──┘
                                                                                     │
                        incomplete ◄──(préfecture: what is missing)── filed ─────────┤
                            └──(collectivité completes)──► filed        granted ◄────┤ (amount, decision date)
                                                                        refused ◄────┘ (reason)
    notified | available | incomplete ──(collectivité)──► withdrawn

Envelope: per département and year (the year the préfecture confirms the aid). « Réservé » is the
amount of the files confirmed and not yet decided, « accordé » the amounts granted, « reste » the
envelope minus both. Confirming or granting beyond what is left is refused.
"""

from __future__ import annotations

import calendar
import datetime
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from emploi_territoires.accounts.identity import email_unverified_refusal
from emploi_territoires.accounts.models import Membership, Organisation, User
from emploi_territoires.core.formats import euros
from emploi_territoires.core.links import absolute_url
from emploi_territoires.core.storage import private_storage
from emploi_territoires.core.tasks import send_email_on_commit
from emploi_territoires.core.text import clean_text
from emploi_territoires.core.workflow import Workflow
from emploi_territoires.offers.models import ContractType, Offer, OfferStatus
from emploi_territoires.offers.vta_scheme import scheme_for
from emploi_territoires.territories.models import Departement

from . import permissions_aid as perms
from .models import (
    COMMITTED_STATUSES,
    OPEN_STATUSES,
    AidRequest,
    AidStatus,
    AidTransition,
    Envelope,
    Mission,
    MissionOutcome,
    OutcomeMoment,
    Situation,
)
from .uploads import check_charter

MAX_TEXT = 2_000


class AidError(Exception):
    """Bad input or a step not allowed; `message` is French and shown to the person as is."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _link(mission: Mission) -> str:
    return absolute_url("vta:aid_detail", mission.pk)


def _text(value: str, what: str, *, required: bool = False, single_line: bool = False, field: str = "") -> str:
    value = clean_text(value or "", single_line=single_line).strip()
    if required and not value:
        raise AidError(what, field or None)
    if len(value) > MAX_TEXT:
        raise AidError("Le texte fait plus de 2 000 caractères : résumez-le.", field or None)
    return value


# --- E-mails ------------------------------------------------------------------------------------


def _member_emails(mission: Mission) -> list[str]:
    return sorted(
        Membership.objects.filter(organisation_id=mission.organisation_id, user__is_active=True).values_list(
            "user__email", flat=True
        )
    )


def _prefecture_emails(mission: Mission) -> list[str]:
    return sorted(perms.prefecture_users(mission.commune.departement_id).values_list("email", flat=True))


def _mail(to: list[str], subject: str, *paragraphs: str, mission: Mission) -> None:
    if not to:
        return
    body = "\n\n".join([*paragraphs, f"Le dossier : {_link(mission)}", "— Emploi Territoires"])
    send_email_on_commit(subject, body, to)


def volunteer_mail(mission: Mission, subject: str, *paragraphs: str) -> None:
    """The volunteer does not see the aid file: with an account, the link is « Mes missions »."""
    if not mission.volunteer_email:
        return
    lines = list(paragraphs)
    if mission.volunteer_id:
        lines.append(f"Votre mission : {absolute_url('vta:my_missions')}")
    send_email_on_commit(subject, "\n\n".join([*lines, "— Emploi Territoires"]), [mission.volunteer_email])


# Who may receive the aid: collectivités (communes, EPCI, syndicats mixtes, PETR are registered as
# such) and the associations that pool posts for rural collectivités; the density rules are
# vta-eligibility's.
AID_EMPLOYER_KINDS = frozenset({Organisation.Kind.COLLECTIVITE, Organisation.Kind.ASSOCIATION})


# --- Eligibility (vta-eligibility's `vta.eligibility.eligibility_for`) --------------------------


def eligibility_refusal(organisation: Organisation) -> str | None:
    """None when the organisation may receive the VTA aid, else the French reason."""
    if organisation.kind not in AID_EMPLOYER_KINDS:
        return (
            f"« {organisation.name} » n'est pas une collectivité : l'aide de l'État au volontariat territorial en "
            "administration est réservée aux collectivités rurales éligibles (et, sous conditions, aux syndicats "
            "mixtes, PETR et associations qui mutualisent des postes pour elles)."
        )
    try:
        from .eligibility import eligibility_for
    except ImportError:  # built by vta-eligibility; until then only the kind is checked
        return None
    result = eligibility_for(organisation)
    if result.eligible:
        return None
    return " ".join(
        part
        for part in (
            f"« {organisation.name} » ne peut pas recevoir l'aide au volontariat territorial en administration :",
            result.reason,
            result.route,
        )
        if part
    )


# --- The collectivité tells the préfecture -----------------------------------------------------


def _active_missions(offer: Offer, today: datetime.date):
    """The missions holding a post of the offer: a file under way, or an aid granted for a contract not
    yet over (a mission ended frees its post for the next volunteer)."""
    return Mission.objects.filter(offer=offer).filter(
        Q(aid__status__in=OPEN_STATUSES)
        | Q(aid__status=AidStatus.GRANTED) & (Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    )


def notify_candidate_chosen(
    actor: User,
    organisation: Organisation,
    offer: Offer,
    *,
    application=None,
    volunteer_name: str = "",
    volunteer_email: str = "",
) -> Mission:
    """The collectivité has chosen its volunteer: the mission and its aid file start, the préfecture is told."""
    if not Membership.objects.filter(user=actor, organisation=organisation).exists():
        raise AidError("Seuls les membres de la collectivité peuvent informer la préfecture.")
    refusal = email_unverified_refusal(actor, "informer la préfecture")
    if refusal:
        raise AidError(refusal)
    if not organisation.is_verified:
        raise AidError(
            "Votre organisation doit être vérifiée avant de demander l'aide de l'État : la vérification est en cours."
        )
    refusal = eligibility_refusal(organisation)
    if refusal:
        raise AidError(refusal, "offer")
    if offer is None or offer.organisation_id != organisation.pk:
        raise AidError("Choisissez une offre de votre collectivité.", "offer")
    if offer.contract_type != ContractType.VTA:
        raise AidError(
            f"L'offre « {offer.title} » n'est pas un volontariat territorial en administration : l'aide ne "
            "concerne que les offres de VTA.",
            "offer",
        )
    if offer.status not in (OfferStatus.PUBLISHED, OfferStatus.FILLED, OfferStatus.EXPIRED):
        raise AidError(f"L'offre « {offer.title} » n'a pas été publiée : publiez-la et recrutez d'abord.", "offer")

    volunteer: User | None = None
    if application is not None:
        if application.offer_id != offer.pk:
            raise AidError("Cette candidature ne concerne pas l'offre choisie.", "application")
        volunteer = application.candidate
        if volunteer is None:
            raise AidError("Cette candidature a été anonymisée : saisissez le nom du volontaire.", "application")
        volunteer_name = volunteer.get_full_name() or volunteer.email
        volunteer_email = volunteer.email
    volunteer_name = _text(
        volunteer_name, "Indiquez le nom du volontaire choisi.", required=True, single_line=True, field="volunteer_name"
    )[:150]
    volunteer_email = (volunteer_email or "").strip().lower()
    if volunteer_email:
        try:
            validate_email(volunteer_email)
        except ValidationError:
            raise AidError(f"« {volunteer_email} » n'est pas une adresse e-mail valide.", "volunteer_email") from None
    if volunteer is None and volunteer_email:
        volunteer = User.objects.filter(email=volunteer_email, kind=User.Kind.CANDIDATE).first()

    with transaction.atomic():
        locked = Offer.objects.select_for_update().get(pk=offer.pk)
        today = timezone.localdate()
        active = _active_missions(locked, today)
        # The same mission: the same person on the same offer (by account, address, or name without address).
        same_person = (
            Q(volunteer_email__iexact=volunteer_email) if volunteer_email else Q(volunteer_name__iexact=volunteer_name)
        )
        if volunteer is not None:
            same_person |= Q(volunteer=volunteer)
        same = active.filter(same_person).select_related("aid").first()
        if same is not None:
            raise AidError(
                f"Une demande d'aide existe déjà pour la mission de {same.volunteer_name} sur cette offre "
                f"({same.aid.get_status_display().lower()}) : une mission ne donne lieu qu'à une demande.",
                "volunteer_name",
            )
        if active.count() >= max(locked.positions, 1):
            raise AidError(
                f"L'offre « {locked.title} » compte {locked.positions} poste(s), tous déjà attribués à un volontaire "
                "dont la préfecture est informée.",
                "offer",
            )
        now = timezone.now()
        mission = Mission.objects.create(
            organisation=organisation,
            offer=locked,
            application=application,
            volunteer=volunteer,
            volunteer_name=volunteer_name,
            volunteer_email=volunteer_email,
            title=locked.title[:150],
            commune=locked.commune,
            created_by=actor,
            created_at=now,
        )
        aid = AidRequest.objects.create(
            mission=mission,
            status=AidStatus.NOTIFIED,
            status_changed_at=now,
            committed_eur=scheme_for(today).aid_amount,
        )
        WORKFLOW.log(aid, "", AidStatus.NOTIFIED, actor=actor, at=now)
        _mail(
            _prefecture_emails(mission),
            f"VTA : {organisation.name} a choisi son volontaire",
            f"{organisation.name} a choisi {volunteer_name} pour la mission « {mission.title} » "
            f"(volontariat territorial en administration) et souhaite demander l'aide de l'État.",
            "Confirmez que l'aide est disponible sur l'enveloppe du département, ou dites pourquoi elle ne l'est pas.",
            mission=mission,
        )
    return mission


# --- The workflow -------------------------------------------------------------------------------

COLLECTIVITE, PREFECTURE = "collectivite", "prefecture"


@dataclass(frozen=True)
class Step:
    role: str
    label: str  # the button
    done: str  # the message once done


S = AidStatus
TRANSITIONS: dict[tuple[str, str], Step] = {
    (S.NOTIFIED, S.AVAILABLE): Step(PREFECTURE, "Confirmer que l'aide est disponible", "L'aide est réservée."),
    (S.NOTIFIED, S.REFUSED): Step(PREFECTURE, "Aide non disponible", "La collectivité est informée du refus."),
    (S.AVAILABLE, S.FILED): Step(COLLECTIVITE, "Déposer la demande d'aide", "La demande est déposée."),
    (S.INCOMPLETE, S.FILED): Step(COLLECTIVITE, "Compléter la demande", "La demande complétée est déposée."),
    (S.FILED, S.INCOMPLETE): Step(PREFECTURE, "Dossier incomplet", "La collectivité est invitée à compléter."),
    (S.FILED, S.GRANTED): Step(PREFECTURE, "Accorder l'aide", "L'aide est accordée."),
    (S.FILED, S.REFUSED): Step(PREFECTURE, "Refuser l'aide", "L'aide est refusée."),
    (S.INCOMPLETE, S.REFUSED): Step(PREFECTURE, "Refuser l'aide", "L'aide est refusée."),
    (S.NOTIFIED, S.WITHDRAWN): Step(COLLECTIVITE, "Abandonner la demande", "La demande est abandonnée."),
    (S.AVAILABLE, S.WITHDRAWN): Step(COLLECTIVITE, "Abandonner la demande", "La demande est abandonnée."),
    (S.INCOMPLETE, S.WITHDRAWN): Step(COLLECTIVITE, "Abandonner la demande", "La demande est abandonnée."),
}
WORKFLOW = Workflow(
    states=AidStatus,
    transitions=TRANSITIONS,
    log_model=AidTransition,
    refused="Impossible de passer une demande de l'état « {current} » à l'état « {target} ».",
    error=AidError,
)


def available_steps(mission: Mission, user) -> list[tuple[str, Step]]:
    """The moves `user` may make now on the file (the page's buttons)."""
    roles = set()
    if perms.is_mission_member(user, mission):
        roles.add(COLLECTIVITE)
    if perms.is_prefecture_for(user, mission.commune.departement_id):
        roles.add(PREFECTURE)
    return [(to, step) for to, step in WORKFLOW.allowed(mission.aid.status) if step.role in roles]


def _move(mission: Mission, to_status: str, actor: User, role: str, comment: str = "") -> AidRequest:
    """Lock the file, check the table and the actor's role, log the move. Call inside a transaction:
    the caller saves the file with what else the step changes."""
    aid = AidRequest.objects.select_for_update().get(mission_id=mission.pk)
    step = WORKFLOW.check(aid.status, to_status)
    allowed = (
        perms.is_mission_member(actor, mission)
        if role == COLLECTIVITE
        else perms.is_prefecture_for(actor, mission.commune.departement_id)
    )
    if step.role != role or not allowed:
        if step.role == PREFECTURE:
            raise AidError("Seule la préfecture du département instruit la demande d'aide.")
        raise AidError("Seule la collectivité qui accueille le volontaire peut faire cette démarche.")
    WORKFLOW.apply(aid, to_status, actor=actor, comment=comment, save=False)
    return aid


# --- The envelope -------------------------------------------------------------------------------


@dataclass(frozen=True)
class EnvelopeFigures:
    envelope: Envelope
    committed: int  # reserved for files confirmed, not yet decided
    granted: int
    files: int

    @property
    def left(self) -> int:
        return self.envelope.amount_eur - self.committed - self.granted

    @property
    def consumed_share(self) -> float | None:
        if not self.envelope.amount_eur:
            return None
        return round(self.granted / self.envelope.amount_eur * 100, 1)


def envelope_figures(envelope: Envelope, *, excluding: AidRequest | None = None) -> EnvelopeFigures:
    aids = AidRequest.objects.filter(envelope=envelope)
    if excluding is not None:
        aids = aids.exclude(pk=excluding.pk)
    sums = aids.aggregate(
        committed=Sum("committed_eur", filter=Q(status__in=COMMITTED_STATUSES)),
        granted=Sum("granted_eur", filter=Q(status=AidStatus.GRANTED)),
    )
    return EnvelopeFigures(envelope, sums["committed"] or 0, sums["granted"] or 0, aids.count())


def _departement_label(code: str) -> str:
    name = Departement.objects.filter(pk=code).values_list("name", flat=True).first()
    return f"{name} ({code})" if name else code


def _over_envelope(figures: EnvelopeFigures, amount: int, verb: str) -> AidError:
    envelope = figures.envelope
    return AidError(
        f"{verb} {euros(amount)} dépasserait l'enveloppe VTA {envelope.year} du département "
        f"{_departement_label(envelope.departement_id)} : {euros(envelope.amount_eur)}, dont "
        f"{euros(figures.granted)} déjà accordés et {euros(figures.committed)} réservés pour d'autres dossiers ; "
        f"il reste {euros(max(figures.left, 0))}. Demandez un abondement de l'enveloppe ou attendez une décision "
        "sur les dossiers en cours.",
        "amount",
    )


def set_envelope(actor: User, departement: Departement, year: int, amount_eur: int) -> Envelope:
    """Open or change a département's envelope for a year (its préfecture or staff)."""
    if departement is None:
        raise AidError("Choisissez le département de l'enveloppe.", "departement")
    if not perms.can_set_envelope(actor, departement.code):
        raise AidError("Seule la préfecture du département (ou l'équipe de la plateforme) fixe son enveloppe.")
    if year is None or not 2021 <= year <= 2100:
        raise AidError("L'année de l'enveloppe va de 2021 (création du VTA) à 2100.", "year")
    if amount_eur is None or amount_eur < 0:
        raise AidError("Indiquez un montant positif, en euros.", "amount_eur")
    with transaction.atomic():
        envelope = Envelope.objects.select_for_update().filter(departement=departement, year=year).first()
        if envelope is not None:
            figures = envelope_figures(envelope)
            floor = figures.committed + figures.granted
            if amount_eur < floor:
                raise AidError(
                    f"L'enveloppe {year} ne peut pas descendre sous {euros(floor)} : {euros(figures.granted)} sont "
                    f"déjà accordés et {euros(figures.committed)} réservés.",
                    "amount_eur",
                )
            envelope.amount_eur, envelope.set_by, envelope.updated_at = amount_eur, actor, timezone.now()
            envelope.save(update_fields=["amount_eur", "set_by", "updated_at"])
        else:
            envelope = Envelope.objects.create(departement=departement, year=year, amount_eur=amount_eur, set_by=actor)
    return envelope


# --- The préfecture confirms, instructs, decides -------------------------------------------------


def confirm_available(
    actor: User, mission: Mission, *, comment: str = "", today: datetime.date | None = None
) -> AidRequest:
    """The aid is available: the flat-rate amount is reserved on the département's envelope of the year."""
    today = today or timezone.localdate()
    comment = _text(comment, "")
    code = mission.commune.departement_id
    with transaction.atomic():
        aid = _move(mission, AidStatus.AVAILABLE, actor, PREFECTURE, comment)
        envelope = Envelope.objects.select_for_update().filter(departement_id=code, year=today.year).first()
        if envelope is None:
            raise AidError(
                f"Aucune enveloppe VTA n'est ouverte pour le département {_departement_label(code)} en {today.year} : "
                "saisissez d'abord l'enveloppe de l'année.",
            )
        figures = envelope_figures(envelope, excluding=aid)
        if aid.committed_eur > figures.left:
            raise _over_envelope(figures, aid.committed_eur, "Réserver")
        aid.envelope = envelope
        aid.save(update_fields=["status", "status_changed_at", "envelope"])
        _mail(
            _member_emails(mission),
            f"VTA : l'aide de l'État est disponible pour {mission.volunteer_name}",
            f"La préfecture confirme qu'une aide de {euros(aid.committed_eur)} est disponible pour la mission "
            f"« {mission.title} ».",
            "Déposez maintenant la demande : dates du contrat, mission confiée et charte signée (PDF).",
            *([f"Message de la préfecture : {comment}"] if comment else []),
            mission=mission,
        )
    return aid


def mark_incomplete(actor: User, mission: Mission, *, missing: str) -> AidRequest:
    missing = _text(missing, "Dites ce qui manque au dossier.", required=True, field="missing_items")
    with transaction.atomic():
        aid = _move(mission, AidStatus.INCOMPLETE, actor, PREFECTURE, missing)
        aid.missing_items = missing
        aid.save(update_fields=["status", "status_changed_at", "missing_items"])
        _mail(
            _member_emails(mission),
            f"VTA : la demande d'aide pour {mission.volunteer_name} est incomplète",
            f"La préfecture a examiné la demande d'aide pour la mission « {mission.title} ». Il manque :",
            missing,
            "Complétez la demande depuis le dossier.",
            mission=mission,
        )
    return aid


def grant(
    actor: User, mission: Mission, *, amount_eur: int | None, decided_on: datetime.date | None, today=None
) -> AidRequest:
    today = today or timezone.localdate()
    if amount_eur is None or amount_eur <= 0:
        raise AidError("Indiquez le montant accordé, en euros.", "amount")
    ceiling = scheme_for(decided_on or today).aid_amount
    if amount_eur > ceiling:
        raise AidError(f"L'aide de l'État au VTA est forfaitaire : {euros(ceiling)} au plus.", "amount")
    if decided_on is None:
        raise AidError("Indiquez la date de la décision.", "decided_on")
    if decided_on > today:
        raise AidError(f"La date de la décision ({decided_on:%d/%m/%Y}) est dans le futur.", "decided_on")
    with transaction.atomic():
        aid = _move(mission, AidStatus.GRANTED, actor, PREFECTURE)
        envelope = Envelope.objects.select_for_update().get(pk=aid.envelope_id)
        figures = envelope_figures(envelope, excluding=aid)
        if amount_eur > figures.left:
            raise _over_envelope(figures, amount_eur, "Accorder")
        aid.granted_eur, aid.decided_on = amount_eur, decided_on
        aid.save(update_fields=["status", "status_changed_at", "granted_eur", "decided_on"])
        _mail(
            _member_emails(mission),
            f"VTA : l'aide de l'État est accordée pour la mission de {mission.volunteer_name}",
            f"La préfecture accorde une aide de {euros(amount_eur)} (décision du {decided_on:%d/%m/%Y}) pour la "
            f"mission « {mission.title} » à {mission.organisation.name}.",
            mission=mission,
        )
        volunteer_mail(
            mission,
            "VTA : l'aide de l'État à votre mission est accordée",
            f"La préfecture accorde à {mission.organisation.name} l'aide de l'État pour votre mission « "
            f"{mission.title} ». Bonne mission !",
            "Depuis « Mes missions », vous pourrez indiquer votre situation à la fin de la mission et, si vous le "
            "souhaitez, figurer dans l'annuaire des volontaires du département.",
        )
    return aid


def refuse(actor: User, mission: Mission, *, reason: str) -> AidRequest:
    reason = _text(reason, "Donnez le motif du refus : la collectivité le lira.", required=True, field="reason")
    with transaction.atomic():
        aid = _move(mission, AidStatus.REFUSED, actor, PREFECTURE, reason)
        aid.refusal_reason = reason
        aid.decided_on = timezone.localdate()
        aid.save(update_fields=["status", "status_changed_at", "refusal_reason", "decided_on"])
        _mail(
            _member_emails(mission),
            f"VTA : l'aide de l'État n'est pas accordée pour la mission de {mission.volunteer_name}",
            f"La préfecture n'accorde pas l'aide pour la mission « {mission.title} ». Motif :",
            reason,
            mission=mission,
        )
    return aid


def withdraw(actor: User, mission: Mission, *, comment: str = "") -> AidRequest:
    comment = _text(comment, "")
    with transaction.atomic():
        aid = _move(mission, AidStatus.WITHDRAWN, actor, COLLECTIVITE, comment)
        aid.save(update_fields=["status", "status_changed_at"])
        _mail(
            _prefecture_emails(mission),
            f"VTA : {mission.organisation.name} abandonne sa demande d'aide",
            f"{mission.organisation.name} abandonne la demande d'aide pour la mission « {mission.title} » "
            "(le montant réservé revient à l'enveloppe).",
            *([f"Message : {comment}"] if comment else []),
            mission=mission,
        )
    return aid


# --- The collectivité files the request ----------------------------------------------------------


def check_contract_dates(starts_on: datetime.date | None, ends_on: datetime.date | None) -> None:
    """The 12–18-month rule of the VTA contract; AidError (French) otherwise."""
    if starts_on is None or ends_on is None:
        raise AidError(
            "Indiquez les dates de début et de fin du contrat du volontaire : sans contrat, pas de demande d'aide.",
            "starts_on",
        )
    if ends_on <= starts_on:
        raise AidError(
            f"La fin du contrat ({ends_on:%d/%m/%Y}) doit venir après son début ({starts_on:%d/%m/%Y}).", "ends_on"
        )
    # The scheme's figures in force when the contract starts (offers/data/vta_scheme.json, with its vintage).
    scheme = scheme_for(starts_on)
    shortest = add_months(starts_on, scheme.months_min) - datetime.timedelta(days=1)
    longest = add_months(starts_on, scheme.months_max) - datetime.timedelta(days=1)
    if not shortest <= ends_on <= longest:
        raise AidError(
            f"Un contrat de VTA dure de {scheme.months_min} à {scheme.months_max} mois : commençant le "
            f"{starts_on:%d/%m/%Y}, il "
            f"finit entre le {shortest:%d/%m/%Y} et le {longest:%d/%m/%Y} (et non le {ends_on:%d/%m/%Y}).",
            "ends_on",
        )


def _store_charter(upload: UploadedFile, now: datetime.datetime) -> str:
    upload.seek(0)
    return private_storage().save(f"vta/charte/{now:%Y/%m}/{secrets.token_hex(16)}.pdf", upload)


def file_request(
    actor: User,
    mission: Mission,
    *,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
    summary: str,
    charter: UploadedFile | None,
) -> AidRequest:
    """The request itself: contract dates, the mission, the signed charter (PDF). From « available » or
    « incomplete » (then a charter already given may be kept)."""
    check_contract_dates(starts_on, ends_on)
    summary = _text(summary, "Décrivez la mission confiée au volontaire.", required=True, field="summary")
    if not mission.volunteer_name:
        raise AidError("Le volontaire n'est plus identifié : abandonnez cette demande et informez de nouveau la "
                       "préfecture.")  # fmt: skip
    if charter is not None:
        try:
            check_charter(charter)
        except ValidationError as error:
            raise AidError(error.messages[0], "charter") from None
    elif not mission.aid.charter_file:
        raise AidError("Joignez la charte du volontariat signée, en PDF.", "charter")
    now = timezone.now()
    new_file = _store_charter(charter, now) if charter is not None else ""
    try:
        with transaction.atomic():
            aid = _move(mission, AidStatus.FILED, actor, COLLECTIVITE)
            old_file = aid.charter_file if new_file else ""
            if new_file:
                aid.charter_file = new_file
                aid.charter_original_name = (charter.name or "charte.pdf")[-200:]
                aid.charter_uploaded_at = now
            aid.filed_at = now
            aid.missing_items = ""
            aid.save(
                update_fields=[
                    "status",
                    "status_changed_at",
                    "charter_file",
                    "charter_original_name",
                    "charter_uploaded_at",
                    "filed_at",
                    "missing_items",
                ]
            )
            Mission.objects.filter(pk=mission.pk).update(starts_on=starts_on, ends_on=ends_on, summary=summary)
            if old_file:
                transaction.on_commit(lambda: private_storage().delete(old_file))
            _mail(
                _prefecture_emails(mission),
                f"VTA : demande d'aide déposée par {mission.organisation.name}",
                f"{mission.organisation.name} dépose la demande d'aide pour la mission « {mission.title} » de "
                f"{mission.volunteer_name}, du {starts_on:%d/%m/%Y} au {ends_on:%d/%m/%Y}, charte signée jointe.",
                "Instruisez-la : dossier incomplet, aide accordée ou refusée.",
                mission=mission,
            )
    except BaseException:
        if new_file:
            private_storage().delete(new_file)
        raise
    mission.starts_on, mission.ends_on, mission.summary = starts_on, ends_on, summary
    return aid


# --- The mission: the volunteer's situation, the consent to be listed ----------------------------


def outcome_due_on(mission: Mission, moment: str) -> datetime.date | None:
    """From when a situation can be recorded: a month before the end, then six months after it."""
    if mission.ends_on is None:
        return None
    if moment == OutcomeMoment.END:
        return add_months(mission.ends_on, -1)
    return add_months(mission.ends_on, 6)


def record_outcome(
    actor: User,
    mission: Mission,
    *,
    moment: str,
    situation: str,
    job_title: str = "",
    employer_name: str = "",
    same_collectivite: bool | None = None,
    today: datetime.date | None = None,
) -> MissionOutcome:
    """The volunteer's situation at the end or 6 months later (recorded again: the last one counts)."""
    today = today or timezone.localdate()
    if not (perms.is_mission_member(actor, mission) or perms.is_volunteer(actor, mission)):
        raise AidError("La situation du volontaire est renseignée par la collectivité ou par le volontaire.")
    if mission.aid.status != AidStatus.GRANTED:
        raise AidError("La situation se renseigne pour une mission dont l'aide a été accordée.")
    if moment not in OutcomeMoment.values:
        raise AidError("Choisissez le moment : fin de mission ou 6 mois après.", "moment")
    if situation not in Situation.values:
        raise AidError("Choisissez la situation du volontaire.", "situation")
    due = outcome_due_on(mission, moment)
    if due is None or today < due:
        when = f"à partir du {due:%d/%m/%Y}" if due else "une fois les dates du contrat connues"
        raise AidError(f"La situation « {OutcomeMoment(moment).label.lower()} » se renseigne {when}.", "moment")
    job_title = _text(job_title, "", single_line=True)[:150]
    employer_name = _text(employer_name, "", single_line=True)[:200]
    if situation == Situation.JOB:
        if not job_title or not employer_name:
            raise AidError("Pour une personne en emploi, indiquez le poste et l'employeur.", "job_title")
        if same_collectivite is None:
            raise AidError("Dites si l'emploi est dans la collectivité d'accueil.", "same_collectivite")
    else:
        job_title, employer_name, same_collectivite = "", "", None
    with transaction.atomic():
        outcome, _ = MissionOutcome.objects.update_or_create(
            mission=mission,
            moment=moment,
            defaults={
                "situation": situation,
                "job_title": job_title,
                "employer_name": employer_name,
                "same_collectivite": same_collectivite,
                "recorded_by": actor,
                "recorded_at": timezone.now(),
            },
        )
    return outcome


def set_listing_consent(actor: User, mission: Mission, *, listed: bool) -> Mission:
    """The volunteer agrees to appear on the département's public page, or withdraws that agreement."""
    if not perms.is_volunteer(actor, mission):
        raise AidError("Seul le volontaire décide de figurer dans l'annuaire.")
    if listed and mission.aid.status != AidStatus.GRANTED:
        raise AidError("L'annuaire présente les volontaires dont l'aide a été accordée.")
    now = timezone.now()
    with transaction.atomic():
        if listed:
            Mission.objects.filter(pk=mission.pk).update(listing_consent_at=now, listing_withdrawn_at=None)
            mission.listing_consent_at, mission.listing_withdrawn_at = now, None
        elif mission.listing_consent_at is not None:
            Mission.objects.filter(pk=mission.pk).update(listing_withdrawn_at=now)
            mission.listing_withdrawn_at = now
    return mission
