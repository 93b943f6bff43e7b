"""Identity services of issue 17: e-mail verification, ProConnect accounts, invitation links.

Like services.py, every function checks its rules, writes in one transaction and logs; errors are
`AccountsError` or `identity.LinkError`, both with a French message shown as is.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from emploi_territoires.core.text import clean_text

from . import identity, permissions, proconnect
from .models import Membership, MembershipInvitation, User
from .services import AccountsError, normalize_email, register_user

logger = logging.getLogger(__name__)


def resend_email_verification(user: User) -> bool:
    """Send a new link, at most one per EMAIL_VERIFICATION_RESEND_SECONDS; False when throttled."""
    if user.email_verified_at is not None:
        return False
    if not cache.add(f"email-verification-resend:{user.pk}", 1, timeout=settings.EMAIL_VERIFICATION_RESEND_SECONDS):
        return False
    identity.send_email_verification(user)
    return True


@transaction.atomic
def verify_email(token: str) -> tuple[User, bool]:
    """Mark the address of the link's account verified; (user, False) when it already was.

    Raises identity.LinkError (French message) for an expired, altered or outdated link."""
    user_id, email = identity.read_email_verification_token(token)
    user = User.objects.select_for_update().filter(pk=user_id, is_active=True).first()
    if user is None or user.email.lower() != email.lower():
        raise identity.LinkError(
            "Ce lien de vérification ne correspond plus à un compte (adresse modifiée ou compte supprimé)."
        )
    if user.email_verified_at is not None:
        return user, False
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email_verified_at"])
    logger.info("accounts: user %s verified their e-mail address", user.pk)
    return user, True


# --- ProConnect (issue 17) ----------------------------------------------------------------------


@transaction.atomic
def proconnect_sign_in(agent: proconnect.Identity) -> tuple[User, bool]:
    """The account for a ProConnect identity: (user, created).

    Matched by `sub` first; else by the (provider-verified) e-mail of an account not yet linked to
    another `sub`, which is then linked; else a new professional account without a password. Only
    professional accounts sign in this way: candidates and mentors keep their password."""
    user = User.objects.select_for_update().filter(proconnect_sub=agent.sub).first()
    if user is None:
        user = User.objects.select_for_update().filter(email__iexact=agent.email).first()
        if user is not None and user.proconnect_sub:
            logger.warning("accounts: ProConnect sub mismatch for user %s", user.pk)
            raise AccountsError(
                "Votre adresse e-mail est déjà associée à une autre identité ProConnect. Écrivez à l'équipe "
                "de la plateforme."
            )
    if user is not None:
        if not user.is_active:
            raise AccountsError("Ce compte est désactivé. Écrivez à l'équipe de la plateforme.")
        if user.kind != User.Kind.PROFESSIONAL:
            raise AccountsError(
                "ProConnect est réservé aux agents publics et aux professionnels : votre compte est un compte "
                f"{user.get_kind_display().lower()}, connectez-vous avec votre adresse e-mail et votre mot de passe."
            )
        fields = []
        if not user.proconnect_sub:
            user.proconnect_sub = agent.sub
            fields.append("proconnect_sub")
        if user.email_verified_at is None:
            user.email_verified_at = timezone.now()
            fields.append("email_verified_at")
        if fields:
            user.save(update_fields=fields)
        logger.info("accounts: user %s signed in with ProConnect", user.pk)
        return user, False
    user = User.objects.create_user(
        email=normalize_email(agent.email),
        password=None,
        kind=User.Kind.PROFESSIONAL,
        first_name=clean_text(agent.given_name, single_line=True).strip(),
        last_name=clean_text(agent.family_name, single_line=True).strip(),
        email_verified_at=timezone.now(),
        proconnect_sub=agent.sub,
    )
    logger.info("accounts: user %s created by a first ProConnect sign-in", user.pk)
    return user, True


# --- Invitation links (issue 17) ---------------------------------------------------------------


INVITATION_GONE = (
    "Cette invitation n'est plus valable : elle a déjà été utilisée, ou l'administrateur de l'organisation "
    "l'a retirée ou renouvelée. Demandez-lui de vous inviter à nouveau si besoin."
)


def invitation_from_link(token: str) -> MembershipInvitation:
    """The pending e-mail invitation a link names; identity.LinkError (French) when it cannot be used."""
    link = identity.read_invitation_token(token, MembershipInvitation.VALID_DAYS)
    invitation = (
        MembershipInvitation.pending()
        .select_related("organisation", "invited_by")
        .filter(pk=link.invitation_id, user__isnull=True, email__iexact=link.email)
        .first()
    )
    if invitation is None or int(invitation.created_at.timestamp()) != link.created:
        raise identity.LinkError(INVITATION_GONE)
    return invitation


def _join_from_link(user: User, invitation: MembershipInvitation) -> Membership:
    # Locked and re-read: two tabs accepting the same link make one membership, then the link is gone.
    current = MembershipInvitation.objects.select_for_update().filter(pk=invitation.pk, user__isnull=True).first()
    if current is None:
        raise AccountsError(INVITATION_GONE)
    membership, _created = Membership.objects.get_or_create(
        user=user, organisation_id=current.organisation_id, defaults={"role": current.role}
    )
    current.delete()
    if user.current_organisation_id is None:
        user.current_organisation = membership.organisation
        user.save(update_fields=["current_organisation"])
    logger.info("accounts: user %s joined organisation %s from an invitation link", user.pk, membership.organisation_id)
    return membership


@transaction.atomic
def accept_invitation_link(user: User, invitation: MembershipInvitation) -> Membership:
    """A signed-in professional whose address is the invited one joins (e.g. after ProConnect)."""
    if normalize_email(user.email) != normalize_email(invitation.email):
        raise AccountsError(
            f"Cette invitation est adressée à {invitation.email}, et vous êtes connecté avec {user.email}. "
            "Déconnectez-vous, ou demandez une invitation à votre adresse."
        )
    if user.kind != User.Kind.PROFESSIONAL:
        raise AccountsError("Seuls les comptes professionnels peuvent rejoindre une organisation.")
    if user.email_verified_at is None:  # the link reached this address: it is proven
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    return _join_from_link(user, invitation)


@transaction.atomic
def register_from_invitation(
    invitation: MembershipInvitation, *, password: str, first_name: str, last_name: str
) -> tuple[User, Membership]:
    """Create the invited person's professional account (address verified by the link) and join."""
    user = register_user(
        email=invitation.email,
        password=password,
        kind=User.Kind.PROFESSIONAL,
        first_name=first_name,
        last_name=last_name,
        email_verified=True,
    )
    return user, _join_from_link(user, invitation)


@transaction.atomic
def revoke_invitation(actor: User, invitation: MembershipInvitation) -> None:
    """An admin withdraws a pending invitation: its link stops working at once."""
    if not permissions.can_manage_members(actor, invitation.organisation):
        raise PermissionDenied("Seuls les administrateurs de l'organisation peuvent retirer une invitation.")
    logger.info(
        "accounts: user %s revoked invitation %s of organisation %s",
        actor.pk,
        invitation.pk,
        invitation.organisation_id,
    )
    invitation.delete()
