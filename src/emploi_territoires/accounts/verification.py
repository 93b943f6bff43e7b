"""The verification of organisations signed up on the site (issue 17): who speaks for a mairie.

Who calls it: the advisors' queue (views_verification.py), the organisation's page (an admin
answers a request for information), the admin action, the demo. `accounts.services`
starts every site sign-up « en attente de vérification » and calls `notify_advisors`.

Every move (`ALLOWED_MOVES`, run by `WORKFLOW`, a `core.workflow.Workflow`) checks who asks, locks the
organisation's row, writes the new status and its log
(`OrganisationVerificationTransition`) and an entry of the core audit trail in one transaction,
then e-mails the organisation's admins once it commits. Refusals raise `VerificationError` (a
French message) or PermissionDenied.

    pending ──► verified
       │ ├───► refused ──► pending (staff reopen)
       │ └───► needs_info ──► pending (an admin of the organisation answers)
       │           ├──► verified
       │           └──► refused

- Deciders: an advisor who follows the organisation's commune (AdvisorScope) and is not one of its
  members, or staff. A refusal and a request for information carry a message (the reason, the
  question); it is e-mailed to the organisation's admins.
- Until verified (accounts.permissions.unverified_refusal): its offers go to an advisor's review,
  no VTA offer, no needs campaign, no candidate profile.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from emploi_territoires.core import audit
from emploi_territoires.core.links import absolute_url
from emploi_territoires.core.tasks import send_email_on_commit
from emploi_territoires.core.text import clean_text
from emploi_territoires.core.workflow import Workflow
from emploi_territoires.territories.models import EPCI, Commune

from . import permissions
from .models import (
    AdvisorScope,
    Membership,
    Organisation,
    OrganisationVerificationTransition,
    User,
    VerificationStatus,
)

logger = logging.getLogger(__name__)

V = VerificationStatus
DECIDER, ORGANISATION_ADMIN, STAFF = "decider", "organisation_admin", "staff"
MAX_COMMENT = 2_000


@dataclass(frozen=True)
class Move:
    roles: frozenset[str]
    label: str  # the button
    done: str  # the message once done
    needs_comment: bool = False


ALLOWED_MOVES: dict[tuple[str, str], Move] = {
    (V.PENDING, V.VERIFIED): Move(frozenset({DECIDER}), "Vérifier", "L'organisation est vérifiée."),
    (V.PENDING, V.REFUSED): Move(frozenset({DECIDER}), "Refuser", "La demande est refusée.", needs_comment=True),
    (V.PENDING, V.NEEDS_INFO): Move(
        frozenset({DECIDER}), "Demander un complément", "La demande de complément est envoyée.", needs_comment=True
    ),
    (V.NEEDS_INFO, V.PENDING): Move(
        frozenset({ORGANISATION_ADMIN}),
        "Envoyer le complément",
        "Votre réponse est transmise : la vérification reprend.",
        needs_comment=True,
    ),
    (V.NEEDS_INFO, V.VERIFIED): Move(frozenset({DECIDER}), "Vérifier", "L'organisation est vérifiée."),
    (V.NEEDS_INFO, V.REFUSED): Move(frozenset({DECIDER}), "Refuser", "La demande est refusée.", needs_comment=True),
    (V.REFUSED, V.PENDING): Move(frozenset({STAFF}), "Rouvrir la demande", "La demande est de nouveau à examiner."),
}
OPEN_STATUSES = (V.PENDING, V.NEEDS_INFO)


class VerificationError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


WORKFLOW = Workflow(
    states=VerificationStatus,
    transitions=ALLOWED_MOVES,
    log_model=OrganisationVerificationTransition,
    refused="Cette organisation est « {current} » : impossible de la passer à « {target} ».",
    unknown="Décision inconnue : « {target} ».",
    error=VerificationError,
    state_field="verification_status",
    changed_at_field=None,
)


# --- Who ------------------------------------------------------------------------------------------


def can_decide(user, org: Organisation) -> bool:
    """Staff, or an advisor following the organisation's commune who does not belong to it."""
    if permissions.is_staff(user):
        return True
    return permissions.advisor_follows(user, org) and not permissions.is_member(user, org)


def roles_of(user, org: Organisation) -> set[str]:
    roles = set()
    if can_decide(user, org):
        roles.add(DECIDER)
    if permissions.is_staff(user):
        roles.add(STAFF)
    if permissions.is_org_admin(user, org):
        roles.add(ORGANISATION_ADMIN)
    return roles


def available_moves(org: Organisation, user) -> list[tuple[str, Move]]:
    roles = roles_of(user, org)
    return [(to_status, move) for to_status, move in WORKFLOW.allowed(org.verification_status) if move.roles & roles]


def queue_for(user) -> QuerySet[Organisation]:
    """Organisations waiting for a decision that `user` may take: all for staff, an advisor's territory."""
    orgs = Organisation.objects.filter(verification_status__in=OPEN_STATUSES)
    if not permissions.is_staff(user):
        if not permissions.is_advisor(user):
            return orgs.none()
        orgs = orgs.filter(permissions.followed_communes_q(user, prefix="commune__")).exclude(
            memberships__user_id=user.pk
        )
    return orgs.select_related("commune__departement", "requested_by").order_by("created_at", "pk")


# --- The SIREN against the reference data --------------------------------------------------------


@dataclass(frozen=True)
class SirenCheck:
    """What the reference data says about the organisation's SIREN (shown to the decider)."""

    outcome: str  # "match", "mismatch", "unknown", "not_covered", "absent"
    message: str

    @property
    def badge(self) -> str:
        return {
            "match": "success",
            "mismatch": "error",
            "unknown": "error",
            "not_covered": "info",
            "absent": "warning",
        }[self.outcome]


def siren_check(org: Organisation) -> SirenCheck:
    """Communes and EPCI à fiscalité propre are in the COG copy (territories) with their SIREN: the
    SIREN must be that of the declared commune, or of the EPCI the declared commune belongs to.
    Départements, régions, syndicates, companies and associations are not in our reference data:
    only the SIREN's format and check digit were checked at sign-up (validators.py)."""
    siren = org.siren
    if not siren:
        return SirenCheck("absent", "Aucun SIREN déclaré : demandez-le, ou vérifiez l'organisation autrement.")
    commune = Commune.objects.filter(siren=siren).select_related("departement").first()
    if commune is not None:
        if commune.pk == org.commune_id:
            return SirenCheck(
                "match",
                f"SIREN de la commune de {commune.name} ({commune.code}) dans le code officiel géographique : "
                "c'est la commune déclarée.",
            )
        return SirenCheck(
            "mismatch",
            f"Ce SIREN est celui de la commune de {commune.name} ({commune.code}), "
            f"mais l'organisation déclare {org.commune.name} ({org.commune_id}).",
        )
    epci = EPCI.objects.filter(siren=siren).first()
    if epci is not None:
        if org.commune.epci_id == epci.siren:
            return SirenCheck(
                "match",
                f"SIREN de l'intercommunalité « {epci.name} » dans le code officiel géographique : "
                f"la commune déclarée, {org.commune.name}, en fait partie.",
            )
        return SirenCheck(
            "mismatch",
            f"Ce SIREN est celui de l'intercommunalité « {epci.name} », dont la commune déclarée "
            f"({org.commune.name}) ne fait pas partie.",
        )
    if org.kind == Organisation.Kind.COLLECTIVITE and siren[:2] in {"21", "24", "20"}:
        return SirenCheck(
            "unknown",
            "Ce SIREN n'est celui d'aucune commune ni intercommunalité du code officiel géographique.",
        )
    return SirenCheck(
        "not_covered",
        "Pas de données de référence pour ce type d'organisation (département, région, syndicat, "
        "entreprise, association) : seule la clé de contrôle du SIREN est vérifiée. Contrôlez-le sur "
        "l'annuaire des entreprises (avis de situation SIRENE).",
    )


# --- Moves ----------------------------------------------------------------------------------------


def _admin_emails(org: Organisation) -> list[str]:
    return sorted(
        {
            email
            for email in Membership.objects.filter(organisation=org, role=Membership.Role.ADMIN).values_list(
                "user__email", flat=True
            )
            if email
        }
    )


SUBJECTS = {
    V.VERIFIED: "Votre organisation « {org} » est vérifiée",
    V.REFUSED: "Votre demande d'inscription de « {org} » est refusée",
    V.NEEDS_INFO: "Vérification de « {org} » : un complément est demandé",
    V.PENDING: "Vérification de « {org} » : la demande est de nouveau examinée",
}


def _email_admins(org: Organisation, to_status: str, comment: str) -> None:
    to = _admin_emails(org)
    if not to:
        return
    body = render_to_string(
        "accounts/emails/verification.txt",
        {
            "organisation": org,
            "status": to_status,
            "comment": comment,
            "page_url": absolute_url("accounts:organisation", org.pk),
        },
    )
    send_email_on_commit(SUBJECTS[VerificationStatus(to_status)].format(org=org.name), body, to)


def transition(org: Organisation, to_status: str, *, actor: User | None, comment: str = "") -> Organisation:
    """Move the organisation's verification to `to_status` if the table allows it for `actor`."""
    comment = clean_text(comment or "").strip()
    with transaction.atomic():
        current = Organisation.objects.select_for_update().select_related("commune").get(pk=org.pk)
        move = WORKFLOW.check(current.verification_status, to_status)
        wanted = VerificationStatus(to_status)
        if actor is None or not move.roles & roles_of(actor, current):
            raise PermissionDenied(
                "Seuls les conseillers qui suivent le territoire de l'organisation et l'équipe de la plateforme "
                "décident de sa vérification."
                if DECIDER in move.roles
                else "Cette action est réservée aux administrateurs de l'organisation."
            )
        if move.needs_comment and not comment:
            raise VerificationError(
                {
                    V.REFUSED: "Indiquez le motif du refus : il est envoyé aux administrateurs de l'organisation.",
                    V.NEEDS_INFO: "Précisez le complément demandé : il est envoyé aux administrateurs.",
                    V.PENDING: "Écrivez votre réponse à la demande de complément.",
                }.get(wanted, "Ajoutez un commentaire.")
            )
        if len(comment) > MAX_COMMENT:
            raise VerificationError("Le message fait plus de 2\u202f000 caractères : résumez-le.")
        from_status = current.verification_status
        now = timezone.now()
        current.verified_at = now if wanted == V.VERIFIED else None
        WORKFLOW.apply(current, wanted, actor=actor, comment=comment, at=now, also=["verified_at"])
        audit.record(
            actor,
            f"accounts.organisation.{wanted.value}",
            current,
            {"verification_status": [from_status, wanted.value], "comment": comment, "siren": current.siren},
        )
        _email_admins(current, wanted, comment)
    logger.info("accounts: user %s moved organisation %s from %s to %s", actor.pk, org.pk, from_status, wanted)
    org.verification_status, org.verified_at = current.verification_status, current.verified_at
    return org


def verify(org: Organisation, *, actor: User, comment: str = "") -> Organisation:
    return transition(org, V.VERIFIED, actor=actor, comment=comment)


def refuse(org: Organisation, *, actor: User, reason: str) -> Organisation:
    return transition(org, V.REFUSED, actor=actor, comment=reason)


def answer_request(org: Organisation, *, actor: User, answer: str) -> Organisation:
    return transition(org, V.PENDING, actor=actor, comment=answer)


# --- Telling the advisors -------------------------------------------------------------------------


def deciders_of(org: Organisation) -> list[User]:
    """The advisors who follow the organisation's commune (they decide; staff see every request)."""
    scopes = AdvisorScope.objects.select_related("user").filter(user__is_active=True)
    return [scope.user for scope in scopes if can_decide(scope.user, org) and not scope.user.is_staff]


def notify_advisors(org: Organisation) -> int:
    """E-mail the advisors following the new organisation's territory (on commit); how many."""
    advisors = deciders_of(org)
    if not advisors:
        return 0
    body = render_to_string(
        "accounts/emails/verification_request.txt",
        {
            "organisation": org,
            "check": siren_check(org),
            "queue_url": absolute_url("accounts:verification_queue"),
        },
    )
    send_email_on_commit(
        f"Organisation à vérifier : « {org.name} » ({org.commune.name})", body, sorted(u.email for u in advisors)
    )
    return len(advisors)
