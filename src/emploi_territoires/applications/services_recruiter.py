"""The recruiter's side of issue 19: colleagues' comments and ratings, sharing an offer's applications
with an Apec advisor, « Inviter à postuler », and moving applications on the board.

Views (`views_recruiter`) call these functions; nothing else writes `ApplicationComment`,
`ApplicationShare` or `Invitation`. Each function validates first (a French `RecruiterError`,
nothing written), writes in one transaction and queues its e-mails on commit (`services_pipeline._send`),
so a rolled-back change notifies nobody.

    comment:    member of the organisation ──► ApplicationComment (body and/or rating 1–5)
                read only inside the organisation (never the candidate, an advisor, another org)
    share:      member of a collectivité, offer « chef·fe de projet PVD / ACV »
                ──► one ApplicationShare per application of the offer with the Apec advisor
                ──► e-mail to each candidate (« votre candidature est partagée avec … ») and to the advisor
                revoke: revoked_at set, the advisor loses access at once
    invitation: recruiter ──► Invitation(sent) ──► e-mail to the person (link to « Mes invitations »)
                person accepts ──► services_pipeline.apply (the pipeline's checks and e-mails) ──► accepted
                person declines ──► declined, e-mail to the recruiter
                refused when the person refuses all invitations, already applied or invited, or
                when the recruiter reached APPLICATIONS_INVITATIONS_PER_DAY today (Paris day)
    board move: services_pipeline.transition_application (the one state machine); refusing needs a
                reason and a message, so it is done from the application's page
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from emploi_territoires.accounts.models import Membership, Organisation, User
from emploi_territoires.accounts.permissions import AnyUser, is_member, is_staff, unverified_refusal
from emploi_territoires.core import formats
from emploi_territoires.core.links import absolute_url
from emploi_territoires.core.text import clean_text
from emploi_territoires.offers.models import Offer, OfferStatus, ProgrammeContext

from . import services_pipeline
from .models import (
    Application,
    ApplicationComment,
    ApplicationShare,
    ApplicationStatus,
    CandidateProfile,
    Invitation,
    InvitationStatus,
)
from .permissions import can_manage_applications, visible_in_commune_q

MAX_COMMENT_LENGTH = 3_000
MAX_INVITATION_LENGTH = 2_000
DEFAULT_INVITATIONS_PER_DAY = 20
DEFAULT_INBOX_WAITING_DAYS = 7
# The offers whose applications a collectivité may share with its Apec advisor.
SHAREABLE_CONTEXTS = (ProgrammeContext.PVD_LEAD, ProgrammeContext.ACV_LEAD)


class RecruiterError(services_pipeline.PipelineError):
    """A refused action, with a French message for the person who asked."""


def invitations_per_day() -> int:
    return int(getattr(settings, "APPLICATIONS_INVITATIONS_PER_DAY", DEFAULT_INVITATIONS_PER_DAY))


def inbox_waiting_days() -> int:
    return int(getattr(settings, "APPLICATIONS_INBOX_WAITING_DAYS", DEFAULT_INBOX_WAITING_DAYS))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


# --- Comments and ratings ---------------------------------------------------------------------------


def can_comment(user: AnyUser | None, application: Application) -> bool:
    """Colleagues: the members of the recruiting organisation (and staff acting for it)."""
    return can_manage_applications(user, application.organisation)


def add_comment(application: Application, *, author: AnyUser, body: str, rating: int | None) -> ApplicationComment:
    body = clean_text(body or "").strip()
    if not can_comment(author, application):
        raise RecruiterError("Seuls les membres de l'organisation qui recrute peuvent commenter une candidature.")
    if rating is not None and not (isinstance(rating, int) and 1 <= rating <= 5):
        raise RecruiterError("La note va de 1 à 5.")
    if not body and rating is None:
        raise RecruiterError("Écrivez un commentaire ou choisissez une note.")
    if len(body) > MAX_COMMENT_LENGTH:
        raise RecruiterError(
            f"Le commentaire fait {formats.number(len(body))} caractères : "
            f"{formats.number(MAX_COMMENT_LENGTH)} au maximum."
        )
    return ApplicationComment.objects.create(
        application=application,
        organisation_id=application.organisation_id,
        author=author,
        body=body,
        rating=rating,
    )


def comments_for(application: Application, viewer: AnyUser | None) -> list[ApplicationComment]:
    """The colleagues' comments, oldest first; nothing for anybody outside the organisation."""
    if not can_comment(viewer, application):
        return []
    return list(
        ApplicationComment.objects.filter(application=application, organisation_id=application.organisation_id)
        .select_related("author")
        .order_by("created_at", "pk")
    )


# --- Sharing with an Apec advisor -------------------------------------------------------------------


def share_refusal(offer: Offer) -> str | None:
    """None when the offer's applications may be shared with an Apec advisor, else why not."""
    if offer.organisation.kind != Organisation.Kind.COLLECTIVITE:
        return (
            "Seules les collectivités peuvent partager leurs candidatures avec un conseiller ou une conseillère Apec."
        )
    if offer.programme_context not in SHAREABLE_CONTEXTS:
        return (
            "Le partage avec un conseiller ou une conseillère Apec est réservé aux offres de chef·fe de projet "
            "Petites villes de demain ou Action cœur de ville."
        )
    return None


def apec_advisor(email: str) -> User:
    """The active member of a verified Apec organisation with this e-mail, else a French error."""
    email = (email or "").strip()
    if not email:
        raise RecruiterError("Indiquez l'adresse e-mail du conseiller ou de la conseillère Apec.")
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    is_apec = (
        user is not None
        and Membership.objects.filter(
            user=user, organisation__kind=Organisation.Kind.APEC, organisation__verification_status="verified"
        ).exists()
    )
    if not is_apec:
        raise RecruiterError(
            "Aucun conseiller ou conseillère d'une organisation Apec vérifiée n'a cette adresse sur la plateforme."
        )
    return user  # type: ignore[return-value]


def _apec_organisation(advisor: User) -> Organisation | None:
    membership = (
        Membership.objects.filter(user=advisor, organisation__kind=Organisation.Kind.APEC)
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
    return membership.organisation if membership else None


def shareable_applications(offer: Offer):
    """The applications of the offer that still concern a person (not withdrawn, not anonymised)."""
    return Application.objects.filter(offer_id=offer.pk, candidate__isnull=False, anonymised_at__isnull=True).exclude(
        status=ApplicationStatus.WITHDRAWN
    )


@dataclass
class ShareResult:
    advisor: User
    shared: int  # applications newly shared (the candidates were told)
    already: int  # applications already shared with this advisor


def share_offer_applications(
    offer: Offer, *, advisor_email: str, actor: AnyUser, now: datetime.datetime | None = None
) -> ShareResult:
    """Share every current application of the offer with the Apec advisor; each candidate is told
    by e-mail and sees it in « Mes candidatures ». Applications received later are shared by
    sharing again (the page says so)."""
    if not (is_member(actor, offer.organisation) or is_staff(actor)):
        raise RecruiterError("Seuls les membres de l'organisation qui recrute peuvent partager ses candidatures.")
    refusal = share_refusal(offer)
    if refusal:
        raise RecruiterError(refusal)
    advisor = apec_advisor(advisor_email)
    if is_member(advisor, offer.organisation):
        raise RecruiterError("Cette personne est déjà membre de votre organisation : elle voit les candidatures.")
    now = now or timezone.now()
    advisor_organisation = _apec_organisation(advisor)
    shared = already = 0
    with transaction.atomic():
        applications = list(shareable_applications(offer).select_related("candidate").order_by("pk"))
        if not applications:
            raise RecruiterError("Cette offre n'a pas encore de candidature à partager.")
        shares = ApplicationShare.objects.filter(advisor=advisor, application__offer=offer)
        existing = {share.application_id: share for share in shares}
        for application in applications:
            share = existing.get(application.pk)
            if share is not None and share.revoked_at is None:
                already += 1
                continue
            if share is None:
                ApplicationShare.objects.create(
                    application=application,
                    advisor=advisor,
                    advisor_organisation=advisor_organisation,
                    shared_by=actor if getattr(actor, "pk", None) else None,
                    candidate_informed_at=now,
                )
            else:
                share.revoked_at = None
                share.shared_by = actor if getattr(actor, "pk", None) else None
                share.candidate_informed_at = now
                share.save(update_fields=["revoked_at", "shared_by", "candidate_informed_at"])
            shared += 1
            services_pipeline._send(
                "share_informed",
                {
                    "offer": offer,
                    "organisation": offer.organisation,
                    "advisor_organisation": advisor_organisation,
                    "url": absolute_url("applications:mine"),
                },
                [application.candidate.email] if application.candidate.is_active else [],
            )
        if shared:
            services_pipeline._send(
                "share_advisor",
                {
                    "offer": offer,
                    "organisation": offer.organisation,
                    "count": shared,
                    "url": absolute_url("applications:shared_with_me"),
                },
                [advisor.email],
            )
    return ShareResult(advisor=advisor, shared=shared, already=already)


def revoke_share(offer: Offer, advisor_id: int, *, actor: AnyUser, now: datetime.datetime | None = None) -> int:
    """End the sharing of the offer's applications with this advisor; returns how many ended."""
    if not (is_member(actor, offer.organisation) or is_staff(actor)):
        raise RecruiterError("Seuls les membres de l'organisation qui recrute peuvent arrêter un partage.")
    with transaction.atomic():
        ended = ApplicationShare.objects.filter(
            application__offer=offer, advisor_id=advisor_id, revoked_at__isnull=True
        ).update(revoked_at=now or timezone.now())
    if not ended:
        raise RecruiterError("Ce partage est déjà arrêté.")
    return ended


def active_shares(offer: Offer) -> list[dict]:
    """The advisors the offer's applications are shared with, with how many applications each."""
    rows: dict[int, dict] = {}
    for share in (
        ApplicationShare.objects.filter(application__offer=offer, revoked_at__isnull=True)
        .select_related("advisor", "advisor_organisation")
        .order_by("shared_at", "pk")
    ):
        row = rows.setdefault(
            share.advisor_id,
            {"advisor": share.advisor, "organisation": share.advisor_organisation, "since": share.shared_at, "n": 0},
        )
        row["n"] += 1
    return list(rows.values())


def shared_applications_for(advisor: AnyUser | None):
    """The applications shared with this advisor and not revoked (what the advisor may open)."""
    if advisor is None or not advisor.is_authenticated:
        return Application.objects.none()
    return Application.objects.filter(shares__advisor_id=advisor.pk, shares__revoked_at__isnull=True).exclude(
        status=ApplicationStatus.WITHDRAWN
    )


# --- Invitations to apply ---------------------------------------------------------------------------


def local_day_start(now: datetime.datetime) -> datetime.datetime:
    """Midnight of `now`'s day in the site's time zone (the limit resets every day in Paris)."""
    local = timezone.localtime(now)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def invitations_sent_today(recruiter: AnyUser, now: datetime.datetime) -> int:
    return Invitation.objects.filter(recruiter_id=recruiter.pk, created_at__gte=local_day_start(now)).count()


def recruiter_may_see_profile(profile: CandidateProfile, offer: Offer, recruiter: AnyUser) -> bool:
    """A profile shown to the offer's territory (what « Candidats proposés » lists), or a person the
    recruiter may already read (an application to the organisation)."""
    from .permissions import viewable_candidate_ids

    if (
        offer.commune is not None
        and CandidateProfile.objects.filter(visible_in_commune_q(offer.commune), pk=profile.pk).exists()
    ):
        return True
    return profile.user_id in viewable_candidate_ids(recruiter, [profile.user_id])


def invitation_refusal(
    offer: Offer, candidate: User, recruiter: AnyUser, *, now: datetime.datetime | None = None
) -> str | None:
    """None when `recruiter` may invite `candidate` to apply to `offer` now, else the French reason."""
    now = now or timezone.now()
    if not (recruiter.is_authenticated and is_member(recruiter, offer.organisation)):
        return "Seuls les membres de l'organisation qui recrute peuvent inviter à postuler."
    refusal = unverified_refusal(offer.organisation, "see_candidates")
    if refusal:
        return refusal
    if offer.status != OfferStatus.PUBLISHED:
        return "Seule une offre publiée peut faire l'objet d'une invitation."
    profile = CandidateProfile.objects.filter(user_id=candidate.pk).first()
    if candidate.kind != User.Kind.CANDIDATE or not candidate.is_active or profile is None:
        return "Cette personne n'a pas de profil de candidat actif."
    if not recruiter_may_see_profile(profile, offer, recruiter):
        return "Ce profil n'est pas visible des recruteurs de ce territoire."
    if profile.refuses_invitations:
        return "Cette personne ne souhaite pas recevoir d'invitations à postuler."
    if Application.objects.filter(offer_id=offer.pk, candidate_id=candidate.pk).exists():
        return "Cette personne a déjà candidaté à cette offre."
    if Invitation.objects.filter(offer_id=offer.pk, candidate_id=candidate.pk, status=InvitationStatus.SENT).exists():
        return "Une invitation à cette offre attend déjà la réponse de cette personne."
    limit = invitations_per_day()
    if invitations_sent_today(recruiter, now) >= limit:
        return (
            f"Vous avez déjà envoyé {_plural(limit, 'invitation')} aujourd'hui, la limite par jour : "
            "vous pourrez en envoyer d'autres demain. Les personnes invitées en nombre répondent moins."
        )
    return None


def first_line(text: str, limit: int = 160) -> str:
    """The first line of a private message, shortened: what an e-mail may show of it."""
    line = next((part.strip() for part in (text or "").splitlines() if part.strip()), "")
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def invite(
    offer: Offer, candidate: User, *, recruiter: AnyUser, message: str, now: datetime.datetime | None = None
) -> Invitation:
    """Send « Inviter à postuler »: an invitation the person answers in « Mes invitations »."""
    message = clean_text(message or "").strip()
    now = now or timezone.now()
    if len(message) > MAX_INVITATION_LENGTH:
        raise RecruiterError(
            f"Le message fait {formats.number(len(message))} caractères : "
            f"{formats.number(MAX_INVITATION_LENGTH)} au maximum."
        )
    try:
        with transaction.atomic():
            # The limit is counted under a lock of the recruiter's row, so two tabs cannot both pass it.
            User.objects.select_for_update().filter(pk=recruiter.pk).first()
            refusal = invitation_refusal(offer, candidate, recruiter, now=now)
            if refusal:
                raise RecruiterError(refusal)
            invitation = Invitation.objects.create(
                recruiter=recruiter,
                organisation_id=offer.organisation_id,
                offer=offer,
                candidate=candidate,
                message=message,
            )
            services_pipeline._send(
                "invitation",
                {
                    "offer": offer,
                    "organisation": offer.organisation,
                    "first_line": first_line(message),
                    "url": absolute_url("applications:invitations"),
                    "offer_url": absolute_url(offer.get_absolute_url()),
                },
                [candidate.email],
            )
    except IntegrityError:
        raise RecruiterError("Une invitation à cette offre attend déjà la réponse de cette personne.") from None
    return invitation


def _open_invitation(invitation: Invitation, candidate: AnyUser) -> Invitation:
    current = Invitation.objects.select_for_update().filter(pk=invitation.pk, candidate_id=candidate.pk).first()
    if current is None:
        raise RecruiterError("Invitation introuvable.")
    if current.status != InvitationStatus.SENT:
        raise RecruiterError(f"Vous avez déjà répondu à cette invitation (« {current.get_status_display()} »).")
    return current


def accept_invitation(
    invitation: Invitation, *, candidate: User, message: str = "", now: datetime.datetime | None = None
) -> Application:
    """The person accepts: the application is created by the pipeline (its checks, its e-mails)."""
    now = now or timezone.now()
    with transaction.atomic():
        current = _open_invitation(invitation, candidate)
        offer = Offer.objects.select_related("organisation").get(pk=current.offer_id)
        application = services_pipeline.apply(offer, candidate, message)
        current.status = InvitationStatus.ACCEPTED
        current.answered_at = now
        current.application = application
        current.save(update_fields=["status", "answered_at", "application"])
    return application


def decline_invitation(invitation: Invitation, *, candidate: User, now: datetime.datetime | None = None) -> Invitation:
    """The person declines; the recruiter who invited is told (no reason asked)."""
    now = now or timezone.now()
    with transaction.atomic():
        current = _open_invitation(invitation, candidate)
        current.status = InvitationStatus.DECLINED
        current.answered_at = now
        current.save(update_fields=["status", "answered_at"])
        recruiter = current.recruiter
        if recruiter is not None and recruiter.is_active:
            offer = Offer.objects.get(pk=current.offer_id)
            services_pipeline._send(
                "invitation_declined",
                {
                    "offer": offer,
                    "url": absolute_url("applications:offer_proposals", offer.reference),
                },
                [recruiter.email],
            )
    return current


def set_refuses_invitations(user: AnyUser, refuses: bool) -> CandidateProfile:
    """The person's choice: no recruiter can invite them any more (the button says so)."""
    with transaction.atomic():
        profile = CandidateProfile.objects.select_for_update().filter(user_id=user.pk).first()
        if profile is None:
            raise RecruiterError("Créez d'abord votre profil de candidat.")
        profile.refuses_invitations = refuses
        profile.save(update_fields=["refuses_invitations", "updated_at"])
    return profile


def invitation_states(offer: Offer, profile_ids: list[int]) -> dict[int, tuple[int, str]]:
    """For « Candidats proposés »: per profile id, (user id, why the button is not there: "refuses",
    "invited", or "" when it may be shown)."""
    if not profile_ids:
        return {}
    rows = list(CandidateProfile.objects.filter(pk__in=profile_ids).values_list("pk", "user_id", "refuses_invitations"))
    invited = set(
        Invitation.objects.filter(
            offer_id=offer.pk, candidate_id__in=[user_id for _, user_id, _ in rows], status=InvitationStatus.SENT
        ).values_list("candidate_id", flat=True)
    )
    return {
        pk: (user_id, "refuses" if refuses else "invited" if user_id in invited else "")
        for pk, user_id, refuses in rows
    }
