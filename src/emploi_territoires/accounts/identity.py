"""Signed, expiring links of the accounts app (issue 17): e-mail verification and invitations.

Both are `django.core.signing.TimestampSigner` values (SECRET_KEY, a salt per use): nothing is
stored for them, a changed character breaks the signature, and `max_age` makes them expire.
An e-mail verification link names the account and its address (changing the address voids it);
an invitation link names the invitation, its address and its creation time (renewing or revoking
the invitation voids the old link).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core import signing

from emploi_territoires.core.links import absolute_url
from emploi_territoires.core.tasks import send_email_on_commit

logger = logging.getLogger(__name__)

EMAIL_SALT = "emploi_territoires.accounts.email-verification"
INVITATION_SALT = "emploi_territoires.accounts.invitation"


class LinkError(Exception):
    """A link that cannot be used; `message` is French, shown as is."""

    def __init__(self, message: str, *, expired: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.expired = expired


def email_verification_max_age() -> datetime.timedelta:
    return datetime.timedelta(days=settings.EMAIL_VERIFICATION_MAX_AGE_DAYS)


def email_verification_token(user) -> str:
    return signing.TimestampSigner(salt=EMAIL_SALT).sign_object({"u": user.pk, "e": user.email})


def _read_link(
    token: str,
    *,
    salt: str,
    max_age: datetime.timedelta,
    fields: dict[str, type],
    expired: str,
    invalid: str,
    hint: str,
) -> dict:
    """The signed link's content with `fields` of the given types, or LinkError: `expired`, or `invalid`
    (followed by `hint` when the signature does not hold)."""
    try:
        data = signing.TimestampSigner(salt=salt).unsign_object(token, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise LinkError(expired, expired=True) from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise LinkError(f"{invalid} {hint}") from exc
    if not isinstance(data, dict) or not all(isinstance(data.get(k), t) for k, t in fields.items()):
        raise LinkError(invalid)
    return data


def read_email_verification_token(token: str) -> tuple[int, str]:
    data = _read_link(
        token,
        salt=EMAIL_SALT,
        max_age=email_verification_max_age(),
        fields={"u": int, "e": str},
        expired="Ce lien de vérification a expiré. "
        "Connectez-vous : votre espace vous propose d'en recevoir un nouveau.",
        invalid="Ce lien de vérification n'est pas valable.",
        hint="Copiez le lien complet reçu par e-mail, ou demandez-en un nouveau depuis votre espace.",
    )
    return data["u"], data["e"]


@dataclass(frozen=True)
class InvitationLink:
    invitation_id: int
    email: str
    created: int


def invitation_token(invitation) -> str:
    return signing.TimestampSigner(salt=INVITATION_SALT).sign_object(
        {"i": invitation.pk, "e": invitation.email, "t": int(invitation.created_at.timestamp())}
    )


def read_invitation_token(token: str, valid_days: int) -> InvitationLink:
    data = _read_link(
        token,
        salt=INVITATION_SALT,
        max_age=datetime.timedelta(days=valid_days),
        fields={"i": int, "e": str, "t": int},
        expired="Cette invitation a expiré. Demandez à l'administrateur de l'organisation de vous inviter à nouveau.",
        invalid="Ce lien d'invitation n'est pas valable.",
        hint="Copiez le lien complet reçu par e-mail, ou demandez à l'administrateur de l'organisation de vous "
        "inviter à nouveau.",
    )
    return InvitationLink(invitation_id=data["i"], email=data["e"], created=data["t"])


# --- E-mail verification -------------------------------------------------------------------------
# Until verified, a password account can sign in, fill its profile, draft offers and create its
# organisation (which itself awaits verification), but nothing that speaks for an organisation or
# reaches other people: publish or submit an offer, invite members, apply to an offer.


def email_unverified_refusal(user, action: str = "") -> str | None:
    """None when `user` may act (verified address, or not a user), else the French reason."""
    if user is None or not getattr(user, "is_authenticated", False) or user.email_verified_at is not None:
        return None
    what = (f" avant d'{action}" if action[0] in "aeiouéèh" else f" avant de {action}") if action else ""
    return (
        f"Confirmez d'abord votre adresse e-mail{what} : cliquez sur le lien que nous vous avons envoyé "
        "à l'inscription, ou demandez-en un nouveau depuis votre espace."
    )


def send_email_verification(user) -> None:
    link = absolute_url("accounts:verify_email", email_verification_token(user))
    days = settings.EMAIL_VERIFICATION_MAX_AGE_DAYS
    send_email_on_commit(
        "Confirmez votre adresse e-mail sur Emploi Territoires",
        f"Bonjour,\n\nPour confirmer que l'adresse {user.email} est bien la vôtre, ouvrez ce lien "
        f"(valable {days} jours) :\n{link}\n\n"
        "Tant qu'elle n'est pas confirmée, vous pouvez vous connecter, mais pas publier d'offre, "
        "inviter des collègues ni candidater.\n\n"
        "Si vous n'avez pas créé de compte sur Emploi Territoires, ignorez ce message.\n",
        [user.email],
    )
    logger.info("accounts: verification link sent to user %s", user.pk)
