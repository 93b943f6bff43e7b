"""Every write on users, organisations and memberships goes through these functions.

Each one checks its own rules (permissions included, so the API and commands get the same
guarantees as the views), writes in one transaction and logs what it did. Rule violations
raise `AccountsError` (a ValidationError with a French message) or PermissionDenied.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from emploi_territoires.core.links import absolute_url
from emploi_territoires.core.tasks import send_email_on_commit
from emploi_territoires.core.text import clean_text
from emploi_territoires.territories.models import Commune

from . import identity, permissions
from .models import LegalNature, Membership, MembershipInvitation, Organisation, User, VerificationStatus
from .validators import normalize_identifier, validate_collectivite_siren, validate_siren, validate_siret

logger = logging.getLogger(__name__)

# Kinds a professional may create alone; Apec and ANCT organisations give advisor rights, so
# only staff create them (in the admin).
SELF_SERVICE_KINDS = (
    Organisation.Kind.COLLECTIVITE,
    Organisation.Kind.ENTREPRISE,
    Organisation.Kind.ASSOCIATION,
)


class AccountsError(ValidationError):
    """A rule of the accounts domain was broken; the message is shown as is to the user."""


@dataclass(frozen=True)
class OrganisationData:
    name: str
    kind: str
    commune: Commune
    siren: str = ""
    siret: str = ""
    description: str = ""
    website: str = ""
    legal_nature: str = ""


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def _check_field(field: str, validator: Callable[[str], None], value: str) -> None:
    try:
        validator(value)
    except ValidationError as exc:
        raise AccountsError({field: exc.messages}) from exc


def check_organisation_data(data: OrganisationData, *, instance: Organisation | None = None) -> OrganisationData:
    """Validate identifiers per kind and return the data with normalised SIREN/SIRET."""
    siren = normalize_identifier(data.siren)
    siret = normalize_identifier(data.siret)
    if data.kind == Organisation.Kind.COLLECTIVITE:
        if not siren:
            raise AccountsError({"siren": "Le SIREN de la collectivité est obligatoire."})
        _check_field("siren", validate_collectivite_siren, siren)
    elif data.kind == Organisation.Kind.ENTREPRISE:
        if not siret:
            raise AccountsError({"siret": "Le SIRET de l'entreprise est obligatoire."})
        _check_field("siret", validate_siret, siret)
        siren = siret[:9]
    else:
        if siren:
            _check_field("siren", validate_siren, siren)
        if siret:
            _check_field("siret", validate_siret, siret)
            siren = siren or siret[:9]
    if siret and siren != siret[:9]:
        raise AccountsError({"siret": "Le SIRET doit commencer par les 9 chiffres du SIREN."})
    others = Organisation.objects.exclude(pk=instance.pk) if instance else Organisation.objects.all()
    if siret and others.filter(siret=siret).exists():
        raise AccountsError({"siret": "Une organisation avec ce SIRET est déjà inscrite."})
    if (
        data.kind == Organisation.Kind.COLLECTIVITE
        and others.filter(kind=Organisation.Kind.COLLECTIVITE, siren=siren).exists()
    ):
        raise AccountsError(
            {"siren": "Cette collectivité est déjà inscrite : demandez à son administrateur de vous ajouter."}
        )
    if data.legal_nature and data.legal_nature not in LegalNature.values:
        raise AccountsError({"legal_nature": "Choisissez la nature juridique dans la liste."})
    return OrganisationData(
        legal_nature=data.legal_nature,
        name=clean_text(data.name, single_line=True).strip(),
        kind=data.kind,
        commune=data.commune,
        siren=siren,
        siret=siret,
        description=clean_text(data.description).strip(),
        website=data.website.strip(),
    )


@transaction.atomic
def register_user(
    *,
    email: str,
    password: str | None,
    kind: str,
    first_name: str = "",
    last_name: str = "",
    email_verified: bool = False,
) -> User:
    """Create an account. The caller validated the password against AUTH_PASSWORD_VALIDATORS.

    A password account whose address nobody vouched for starts unverified and gets the
    verification link by e-mail (`send_email_verification`); `email_verified` is for addresses
    proven otherwise (an invitation link received at that address, ProConnect)."""
    email = normalize_email(email)
    if kind not in User.Kind.values:
        raise AccountsError({"kind": "Choisissez un profil."})
    if User.objects.filter(email__iexact=email).exists():
        raise AccountsError({"email": "Un compte existe déjà avec cette adresse e-mail."})
    user = User.objects.create_user(
        email=email,
        password=password,
        kind=kind,
        first_name=clean_text(first_name, single_line=True).strip(),
        last_name=clean_text(last_name, single_line=True).strip(),
        email_verified_at=timezone.now() if email_verified else None,
    )
    logger.info("accounts: user %s signed up as %s", user.pk, kind)
    if not email_verified:
        identity.send_email_verification(user)
    return user


@transaction.atomic
def create_organisation(user: User, data: OrganisationData, *, mandate: str = "") -> Organisation:
    """Create an organisation whose first admin is `user`, and make it their current one.

    It waits « en attente de vérification » (accounts.verification) until an advisor of its
    territory or staff verifies it; `mandate` is the person's stated function (« DGS »…), and the
    advisors following its commune are told by e-mail."""
    from . import verification  # it imports this module's neighbours

    if not permissions.can_create_organisation(user):
        raise PermissionDenied("Seuls les comptes professionnels peuvent créer une organisation.")
    if data.kind not in SELF_SERVICE_KINDS and not user.is_staff:
        raise AccountsError({"kind": "Ce type d'organisation est créé par l'équipe de la plateforme."})
    data = check_organisation_data(data)
    try:
        with transaction.atomic():
            org = Organisation.objects.create(
                name=data.name,
                kind=data.kind,
                legal_nature=data.legal_nature,
                commune=data.commune,
                siren=data.siren,
                siret=data.siret,
                description=data.description,
                website=data.website,
                verification_status=VerificationStatus.PENDING,
                verified_at=None,
                requested_by=user,
                requester_mandate=clean_text(mandate, single_line=True).strip()[:150],
            )
    except IntegrityError as exc:  # two sign-ups with the same identifier at the same moment
        raise AccountsError("Cette organisation vient d'être inscrite par quelqu'un d'autre.") from exc
    Membership.objects.create(user=user, organisation=org, role=Membership.Role.ADMIN)
    user.current_organisation = org
    user.save(update_fields=["current_organisation"])
    logger.info("accounts: user %s created organisation %s", user.pk, org.pk)
    verification.notify_advisors(org)
    return org


@transaction.atomic
def update_organisation(actor: User, org: Organisation, data: OrganisationData) -> Organisation:
    if not permissions.can_edit_organisation(actor, org):
        raise PermissionDenied("Seuls les administrateurs de l'organisation peuvent la modifier.")
    if data.kind != org.kind and data.kind not in SELF_SERVICE_KINDS and not actor.is_staff:
        raise AccountsError({"kind": "Ce type d'organisation est attribué par l'équipe de la plateforme."})
    data = check_organisation_data(data, instance=org)
    fields = ["name", "kind", "legal_nature", "commune", "siren", "siret", "description", "website"]
    for field in fields:
        setattr(org, field, getattr(data, field))
    org.save(update_fields=fields)
    logger.info("accounts: user %s updated organisation %s", actor.pk, org.pk)
    return org


@transaction.atomic
def invite_member(actor: User, org: Organisation, email: str, role: str = Membership.Role.MEMBER) -> None:
    """Invite the person with this address to join `org`; nobody joins without consent.

    A professional account accepts or declines in its space (`accept_invitation`,
    `decline_invitation`); an address without any account receives a signed link to create its
    account and join (`accept_invitation_link`). Returns nothing, and raises nothing about the
    address: the admin's answer is the same whether it has an account, of which kind, or is already
    a member (no account probing). Inviting again renews the invitation (new role, new 30 days,
    and a new link: the old one stops working)."""
    if not permissions.can_manage_members(actor, org):
        raise PermissionDenied("Seuls les administrateurs de l'organisation peuvent inviter des membres.")
    refusal = identity.email_unverified_refusal(actor, "inviter des membres")
    if refusal:
        raise AccountsError(refusal)
    if role not in Membership.Role.values:
        raise AccountsError({"role": "Choisissez le rôle : administrateur ou membre."})
    email = normalize_email(email)
    role_label = Membership.Role(role).label.lower()
    inviter = actor.get_full_name() or actor.email
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        invitation, _created = MembershipInvitation.objects.update_or_create(
            user=None,
            email=email,
            organisation=org,
            defaults={"role": role, "invited_by": actor, "created_at": timezone.now()},
        )
        link = absolute_url("accounts:invitation_link", identity.invitation_token(invitation))
        logger.info("accounts: user %s invited an address without account to organisation %s", actor.pk, org.pk)
        send_email_on_commit(
            f"Invitation à rejoindre « {org} » sur Emploi Territoires",
            f"Bonjour,\n\n{inviter} vous invite à rejoindre l'organisation « {org} » sur Emploi Territoires, "
            f"comme {role_label}.\n\nPour accepter, créez votre compte depuis ce lien personnel, valable "
            f"{MembershipInvitation.VALID_DAYS} jours (avec un mot de passe, ou avec ProConnect si vous êtes "
            f"agent public) :\n{link}\n\n"
            "Si vous ne connaissez pas cette organisation, ignorez ce message : aucun compte ne sera créé.\n",
            [email],
        )
        return
    user = existing if existing.is_active and existing.kind == User.Kind.PROFESSIONAL else None
    if user is None or Membership.objects.filter(user=user, organisation=org).exists():
        logger.info("accounts: user %s invited an address to organisation %s: no invitation due", actor.pk, org.pk)
        return
    MembershipInvitation.objects.update_or_create(
        user=user, organisation=org, defaults={"role": role, "invited_by": actor, "created_at": timezone.now()}
    )
    logger.info("accounts: user %s invited user %s to organisation %s as %s", actor.pk, user.pk, org.pk, role)
    space = absolute_url("accounts:space")
    send_email_on_commit(
        f"Invitation à rejoindre « {org} » sur Emploi Territoires",
        f"Bonjour,\n\n{inviter} vous invite à rejoindre l'organisation "
        f"« {org} » sur Emploi Territoires, comme {role_label}.\n\n"
        f"Vous n'en ferez partie que si vous acceptez : rendez-vous dans votre espace, où vous pouvez "
        f"accepter ou refuser l'invitation d'ici {MembershipInvitation.VALID_DAYS} jours :\n{space}\n\n"
        "Si vous ne connaissez pas cette organisation, refusez l'invitation ou ignorez ce message.\n",
        [user.email],
    )


@transaction.atomic
def accept_invitation(user: User, invitation: MembershipInvitation) -> Membership:
    """The invited person joins the organisation with the proposed role; the invitation is used up."""
    if invitation.user_id != user.pk or not MembershipInvitation.pending().filter(pk=invitation.pk).exists():
        raise AccountsError("Cette invitation n'est plus valable.")
    membership, _created = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    invitation.delete()
    if user.current_organisation_id is None:
        user.current_organisation = membership.organisation
        user.save(update_fields=["current_organisation"])
    logger.info("accounts: user %s accepted to join organisation %s", user.pk, membership.organisation_id)
    return membership


@transaction.atomic
def decline_invitation(user: User, invitation: MembershipInvitation) -> None:
    if invitation.user_id != user.pk:
        raise AccountsError("Cette invitation ne vous est pas adressée.")
    logger.info("accounts: user %s declined to join organisation %s", user.pk, invitation.organisation_id)
    invitation.delete()


def _admin_count(org: Organisation) -> int:
    return Membership.objects.filter(organisation=org, role=Membership.Role.ADMIN).count()


@transaction.atomic
def change_role(actor: User, membership: Membership, role: str) -> Membership:
    org = membership.organisation
    if not permissions.can_manage_members(actor, org):
        raise PermissionDenied("Seuls les administrateurs de l'organisation peuvent changer les rôles.")
    if role not in Membership.Role.values:
        raise AccountsError({"role": "Choisissez le rôle : administrateur ou membre."})
    # Lock the organisation's memberships so two admins cannot demote each other at once.
    list(Membership.objects.select_for_update().filter(organisation=org))
    membership.refresh_from_db(fields=["role"])
    if membership.role == role:
        return membership
    if membership.role == Membership.Role.ADMIN and _admin_count(org) <= 1:
        raise AccountsError("Une organisation garde au moins un administrateur : nommez-en un autre d'abord.")
    membership.role = role
    membership.save(update_fields=["role"])
    logger.info("accounts: user %s set role %s for membership %s", actor.pk, role, membership.pk)
    return membership


@transaction.atomic
def remove_member(actor: User, membership: Membership) -> None:
    org = membership.organisation
    if not permissions.can_manage_members(actor, org):
        raise PermissionDenied("Seuls les administrateurs de l'organisation peuvent retirer des membres.")
    list(Membership.objects.select_for_update().filter(organisation=org))
    if membership.role == Membership.Role.ADMIN and _admin_count(org) <= 1:
        raise AccountsError("Une organisation garde au moins un administrateur : nommez-en un autre d'abord.")
    user = membership.user
    membership.delete()
    if user.current_organisation_id == org.pk:
        user.current_organisation = None
        user.save(update_fields=["current_organisation"])
    logger.info("accounts: user %s removed user %s from organisation %s", actor.pk, user.pk, org.pk)


def switch_organisation(user: User, org: Organisation) -> Organisation:
    if not permissions.is_member(user, org):
        raise PermissionDenied("Vous ne faites pas partie de cette organisation.")
    user.current_organisation = org
    user.save(update_fields=["current_organisation"])
    return org
