"""Acting for the person, with their agreement recorded: proposals (issue 15).

A professional of the person's follow-up group proposes something; the person accepts or declines
it in their space (« Mes propositions », and the block of « Mon accompagnement »):

    kind          what the professional picks      what accepting does (through the owning app's services)
    application   a published offer               applications.services_pipeline.apply(…, prescribed_by=…)
    jobdating     a job dating open to register   jobdating.services_registrations.register_candidate
    mentoring     an open mentoring programme     mentoring.services_enrolment.self_enrol (the mentee's enrolment)
    offer         a published offer               applications.saved_offers.save_offer (« Mes offres sauvegardées »)

    proposed ──► accepted   (by the person: the result is created in the same transaction)
       │    └──► declined   (by the person, with an optional word for the group)
       └───────► withdrawn  (by a member of the group)

Who: `propose` and `withdraw` need an *active* member of the group (`followup.permissions.membership_in`:
still in the structure they joined for); `answer` needs the person. The follow-up must be open.

Checks before anything is written, with a French message (`ProposalError`): the offer is still
published and takes applications on the platform, its closing date is not past, the person has
not applied yet; the event is open to registration, not full, the person is not registered; the
programme has not ended, covers the person's commune, the person is not enrolled; the same thing
is not already waiting for an answer. The owning app checks again when the person accepts (the
offer may have closed meanwhile): its refusal becomes the message, and nothing is written.

Every change runs in one transaction, locks the proposal row (two clicks never accept twice), is
recorded in the audit trail (`core.audit`), and queues its e-mail on commit: the person is told of
a proposal with a link to answer; the professional who proposed is told of the answer.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from emploi_territoires.accounts.models import User
from emploi_territoires.applications.models import Application, CandidateProfile
from emploi_territoires.applications.services_pipeline import REFUSAL_REASONS
from emploi_territoires.core import audit
from emploi_territoires.core.links import absolute_url
from emploi_territoires.core.mail import send_templated_email
from emploi_territoires.core.templatetags.core_tags import french_date
from emploi_territoires.core.text import clean_text
from emploi_territoires.jobdating.models import CandidateRegistration, EventStatus
from emploi_territoires.jobdating.models import Event as JobDatingEvent
from emploi_territoires.mentoring.models import Enrolment, MenteeProfile
from emploi_territoires.mentoring.models import Programme as MentoringProgramme
from emploi_territoires.offers.models import ApplyMethod, Offer, OfferStatus

from .models import FollowUp, FollowUpMember, Proposal
from .permissions import membership_in

MAX_MESSAGE_LENGTH = 2_000
K = Proposal.Kind
S = Proposal.Status
PROPOSE_LABELS = {
    K.APPLICATION: "Prescrire une candidature",
    K.JOBDATING: "Proposer un job dating",
    K.MENTORING: "Proposer un programme de mentorat",
    K.OFFER: "Envoyer une offre",
}
# French words in the addresses: /accompagnement/12/proposer/candidature/
KIND_SLUGS = {"candidature": K.APPLICATION, "job-dating": K.JOBDATING, "mentorat": K.MENTORING, "offre": K.OFFER}
SLUG_OF_KIND = {kind: slug for slug, kind in KIND_SLUGS.items()}


class ProposalError(Exception):
    """A refused action, with one French sentence for the person who asked; nothing was written."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- Reading an offer typed by a professional -------------------------------------------------------

_OFFER_PATH = re.compile(r"/offres/([^/?#]+)/?(?:[?#].*)?$")


def find_offer(text: str) -> Offer | None:
    """The offer named by its reference (« ET-2026-00042 ») or by the address of its page."""
    text = (text or "").strip()
    match = _OFFER_PATH.search(text)
    reference = match.group(1) if match else text
    if not reference or len(reference) > 40:
        return None
    return Offer.objects.select_related("organisation").filter(reference__iexact=reference).first()


# --- Checks (French messages for the professional) ------------------------------------------------


def _check_offer(offer: Offer | None, person: User, kind: str, today: datetime.date) -> None:
    if offer is None:
        raise ProposalError("Choisissez l'offre : sa référence ou l'adresse de sa page.")
    if offer.status != OfferStatus.PUBLISHED:
        raise ProposalError(f"L'offre « {offer.title} » n'est plus publiée.")
    if offer.closing_date is not None and offer.closing_date < today:
        raise ProposalError(
            f"La date limite de candidature de l'offre « {offer.title} » est passée "
            f"(le {french_date(offer.closing_date)})."
        )
    if kind == K.APPLICATION:
        if offer.apply_method != ApplyMethod.PLATFORM:
            raise ProposalError(
                f"L'offre « {offer.title} » se postule hors de la plateforme : envoyez-la plutôt comme offre à "
                "consulter."
            )
        previous = Application.objects.filter(offer=offer, candidate=person).first()
        if previous is not None:
            raise ProposalError(
                f"{person} a déjà candidaté à l'offre « {offer.title} » "
                f"(le {french_date(timezone.localtime(previous.created_at))})."
            )


def _check_event(event: JobDatingEvent | None, person: User, now: datetime.datetime) -> None:
    from emploi_territoires.jobdating.services_registrations import registration_problem

    if event is None:
        raise ProposalError("Choisissez le job dating.")
    if event.date < timezone.localtime(now).date():
        raise ProposalError(f"Le job dating « {event.title} » est passé.")
    problem = registration_problem(event, now)
    if problem:
        raise ProposalError(problem)
    if CandidateRegistration.objects.filter(event=event, user=person).exists():
        raise ProposalError(f"{person} est déjà inscrit ou inscrite au job dating « {event.title} ».")
    if event.capacity is not None and CandidateRegistration.objects.filter(event=event).count() >= event.capacity:
        raise ProposalError(f"Le job dating « {event.title} » est complet ({event.capacity} places).")


def _person_commune(person: User):
    profile = MenteeProfile.objects.select_related("commune").filter(user=person).first()
    if profile is not None:
        return profile.commune
    profile = CandidateProfile.objects.select_related("commune").filter(user=person).first()
    return profile.commune if profile is not None else None


def _check_programme(programme: MentoringProgramme | None, person: User, today: datetime.date) -> None:
    if programme is None:
        raise ProposalError("Choisissez le programme de mentorat.")
    if programme.ends_on < today:
        raise ProposalError(f"Le programme « {programme.name} » est terminé.")
    if Enrolment.objects.filter(programme=programme, user=person, role=Enrolment.Role.MENTEE, is_active=True).exists():
        raise ProposalError(f"{person} est déjà inscrit·e au programme « {programme.name} ».")
    commune = _person_commune(person)
    if commune is not None and not programme.scope.covers(commune):
        raise ProposalError(
            f"Le programme « {programme.name} » est réservé à un territoire ({programme.scope_label}) qui ne "
            f"comprend pas la commune de {person} ({commune.name})."
        )


def _target_filter(kind: str, offer: Any, event: Any, programme: Any) -> dict[str, Any]:
    if kind in (K.APPLICATION, K.OFFER):
        return {"offer": offer}
    if kind == K.JOBDATING:
        return {"event": event}
    return {"programme": programme}


def target_label(proposal: Proposal) -> str:
    if proposal.kind in (K.APPLICATION, K.OFFER):
        return f"l'offre « {proposal.offer.title} »" if proposal.offer else "une offre retirée"
    if proposal.kind == K.JOBDATING:
        return f"le job dating « {proposal.event.title} »" if proposal.event else "un job dating supprimé"
    return f"le programme de mentorat « {proposal.programme.name} »" if proposal.programme else "un programme supprimé"


# --- E-mails ------------------------------------------------------------------------------------------


def _send(template: str, context: dict[str, Any], to: list[str]) -> None:
    send_templated_email(f"followup/emails/{template}", context, to, html=False)


# --- Writes ---------------------------------------------------------------------------------------------


def _require_member(followup: FollowUp, actor: User) -> FollowUpMember:
    member = membership_in(actor, followup)
    if member is None:
        raise ProposalError("Vous ne faites pas partie du groupe qui accompagne cette personne.")
    if not followup.is_open:
        raise ProposalError("Cet accompagnement est terminé : plus rien ne peut être proposé.")
    return member


def propose(
    followup: FollowUp,
    actor: User,
    *,
    kind: str,
    offer: Offer | None = None,
    event: JobDatingEvent | None = None,
    programme: MentoringProgramme | None = None,
    message: str = "",
    now: datetime.datetime | None = None,
) -> Proposal:
    """A member of the group proposes something to the person; e-mails the person on commit."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    member = _require_member(followup, actor)
    if kind not in K.values:
        raise ProposalError("Type de proposition inconnu.")
    person = followup.person
    if person.kind != User.Kind.CANDIDATE or not person.is_active:
        raise ProposalError("Les propositions s'adressent à une personne qui a un compte de candidat actif.")
    message = clean_text(message or "").strip()
    if len(message) > MAX_MESSAGE_LENGTH:
        raise ProposalError(f"Le message fait {len(message)} caractères : {MAX_MESSAGE_LENGTH} au maximum.")
    if kind in (K.APPLICATION, K.OFFER):
        _check_offer(offer, person, kind, today)
    elif kind == K.JOBDATING:
        _check_event(event, person, now)
    else:
        _check_programme(programme, person, today)
    target = _target_filter(kind, offer, event, programme)
    with transaction.atomic():
        # The follow-up row is the lock: two professionals proposing the same thing at once.
        FollowUp.objects.select_for_update().filter(pk=followup.pk).first()
        if Proposal.objects.filter(followup=followup, kind=kind, status=S.PROPOSED, **target).exists():
            raise ProposalError("La même proposition attend déjà la réponse de la personne.")
        proposal = Proposal.objects.create(
            followup=followup,
            kind=kind,
            message=message,
            created_by=actor,
            organisation=member.organisation,
            status=S.PROPOSED,
            **target,
        )
        audit.record(actor, "followup_proposal_made", proposal, {"kind": kind})
        _send(
            "proposal_made",
            {
                "proposal": proposal,
                "person": person,
                "what": target_label(proposal),
                "by": actor,
                "organisation": member.organisation,
                "url": absolute_url("followup:my_proposals"),
            },
            [person.email],
        )
    return proposal


@dataclass(frozen=True)
class AnswerResult:
    proposal: Proposal
    done: str  # the French message for the person
    url: str = ""  # where to go next (the application, the event, the programme)


def _accept(proposal: Proposal, person: User, message: str, now: datetime.datetime) -> AnswerResult:
    """Create the result through the owning app; its refusal (PipelineError…) becomes a ProposalError."""
    from emploi_territoires.applications import saved_offers
    from emploi_territoires.applications.services_pipeline import PipelineError, apply
    from emploi_territoires.jobdating.errors import JobDatingError
    from emploi_territoires.jobdating.services_registrations import register_candidate
    from emploi_territoires.mentoring.errors import MentoringError
    from emploi_territoires.mentoring.services_enrolment import self_enrol

    kind = proposal.kind
    try:
        if kind == K.APPLICATION:
            if proposal.offer is None:
                raise ProposalError("Cette offre a été supprimée : la candidature ne peut plus être envoyée.")
            application = apply(
                proposal.offer,
                person,
                message,
                today=timezone.localtime(now).date(),
                prescribed_by=proposal.created_by,
                prescriber_organisation=proposal.organisation,
            )
            proposal.application = application
            return AnswerResult(
                proposal,
                f"Votre candidature à « {proposal.offer.title} » est envoyée : suivez-la dans « Mes candidatures ».",
                reverse("applications:mine"),
            )
        if kind == K.JOBDATING:
            if proposal.event is None:
                raise ProposalError("Ce job dating a été supprimé.")
            proposal.registration = register_candidate(proposal.event, user=person, now=now)
            return AnswerResult(
                proposal,
                f"Vous êtes inscrit·e au job dating « {proposal.event.title} » : classez maintenant les recruteurs "
                "que vous voulez rencontrer.",
                proposal.event.get_absolute_url(),
            )
        if kind == K.MENTORING:
            if proposal.programme is None:
                raise ProposalError("Ce programme de mentorat a été supprimé.")
            if not MenteeProfile.objects.filter(user=person).exists():
                raise ProposalError(
                    "Remplissez d'abord votre profil de personne mentorée (rubrique Mentorat), puis revenez accepter "
                    "cette proposition."
                )
            proposal.enrolment = self_enrol(proposal.programme, person, today=timezone.localtime(now).date())
            return AnswerResult(
                proposal,
                f"Vous êtes inscrit·e au programme de mentorat « {proposal.programme.name} » : son équipe vous "
                "proposera un mentor.",
                reverse("mentoring:home"),
            )
        # An offer sent to read: accepting keeps it in « Mes offres sauvegardées ».
        if proposal.offer is None:
            raise ProposalError("Cette offre a été supprimée.")
        saved_offers.save_offer(person, proposal.offer)
        return AnswerResult(
            proposal,
            f"L'offre « {proposal.offer.title} » est dans « Mes offres sauvegardées ».",
            proposal.offer.get_absolute_url(),
        )
    except PipelineError as error:
        raise ProposalError(error.message) from error
    except JobDatingError as error:
        raise ProposalError(error.message) from error
    except (MentoringError, saved_offers.SavedOfferError) as error:
        raise ProposalError(str(error)) from error


def answer(
    proposal: Proposal,
    person: User,
    *,
    accept: bool,
    message: str = "",
    now: datetime.datetime | None = None,
) -> AnswerResult:
    """The person accepts (the result is created in the same transaction) or declines."""
    now = now or timezone.now()
    message = clean_text(message or "").strip()
    if len(message) > MAX_MESSAGE_LENGTH:
        raise ProposalError(f"Votre message fait {len(message)} caractères : {MAX_MESSAGE_LENGTH} au maximum.")
    with transaction.atomic():
        locked = (
            Proposal.objects.select_for_update(of=("self",))
            .select_related("followup", "offer", "event", "programme", "created_by", "organisation")
            .filter(pk=proposal.pk)
            .first()
        )
        if locked is None or locked.followup.person_id != person.pk:
            raise ProposalError("Cette proposition ne vous est pas adressée.")
        if locked.status != S.PROPOSED:
            raise ProposalError(f"Vous avez déjà répondu à cette proposition ({locked.get_status_display().lower()}).")
        if not locked.followup.is_open:
            raise ProposalError("Cet accompagnement est terminé : la proposition n'est plus valable.")
        if accept:
            # A savepoint: when the owning app refuses, nothing of the acceptance stays.
            with transaction.atomic():
                result = _accept(locked, person, message, now)
        else:
            result = AnswerResult(locked, "Votre réponse est envoyée : la proposition est déclinée.")
        locked.status = S.ACCEPTED if accept else S.DECLINED
        locked.answered_at = now
        locked.answer_message = message if not accept or locked.kind != K.APPLICATION else ""
        locked.save(
            update_fields=["status", "answered_at", "answer_message", "application", "registration", "enrolment"]
        )
        audit.record(person, f"followup_proposal_{locked.status}", locked, {"kind": locked.kind})
        if locked.created_by is not None and locked.created_by.is_active:
            _send(
                "proposal_answered",
                {
                    "proposal": locked,
                    "person": person,
                    "what": target_label(locked),
                    "accepted": accept,
                    "url": absolute_url("followup:detail", locked.followup_id),
                },
                [locked.created_by.email],
            )
    return result


def withdraw(proposal: Proposal, actor: User) -> Proposal:
    """A member of the group takes back a proposal still waiting for the person's answer."""
    with transaction.atomic():
        locked = Proposal.objects.select_for_update(of=("self",)).select_related("followup").get(pk=proposal.pk)
        if membership_in(actor, locked.followup) is None:
            raise ProposalError("Vous ne faites pas partie du groupe qui accompagne cette personne.")
        if locked.status != S.PROPOSED:
            raise ProposalError("La personne a déjà répondu : la proposition ne peut plus être retirée.")
        locked.status = S.WITHDRAWN
        locked.answered_at = timezone.now()
        locked.save(update_fields=["status", "answered_at"])
        audit.record(actor, "followup_proposal_withdrawn", locked, {"kind": locked.kind})
    return locked


# --- Reads for the pages --------------------------------------------------------------------------------


def _with_targets(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    return proposals.select_related(
        "followup", "offer__organisation", "event", "programme", "created_by", "organisation", "application"
    ).order_by("-created_at", "-pk")


def person_proposals(person: User) -> QuerySet[Proposal]:
    """Every proposal made to the person, in all their follow-ups (newest first)."""
    return _with_targets(Proposal.objects.filter(followup__person=person))


def followup_proposals(followup: FollowUp) -> QuerySet[Proposal]:
    return _with_targets(Proposal.objects.filter(followup=followup))


def _described(proposals: list[Proposal]) -> list[Proposal]:
    """Each proposal with `what` (« l'offre « … » ») and `target_url` (its page, when there is one)."""
    for proposal in proposals:
        proposal.what = target_label(proposal)  # type: ignore[attr-defined]
        url = ""
        if proposal.kind in (K.APPLICATION, K.OFFER) and proposal.offer is not None:
            url = proposal.offer.get_absolute_url() if proposal.offer.status == OfferStatus.PUBLISHED else ""
        elif proposal.kind == K.JOBDATING and proposal.event is not None:
            url = proposal.event.get_absolute_url()
        proposal.target_url = url  # type: ignore[attr-defined]
        # The prescriber learns why a prescribed application was refused (what les-emplois' users asked for).
        application = proposal.application
        proposal.refusal_label = (  # type: ignore[attr-defined]
            REFUSAL_REASONS.get(application.refusal_reason, "") if application is not None else ""
        )
    return proposals


def person_block_context(person: User) -> dict[str, Any]:
    """Context of `followup/proposals/_person_block.html` (« Mon accompagnement »): waiting ones first."""
    from .forms_proposals import AnswerForm

    proposals = _described(list(person_proposals(person)[:50]))
    return {
        "person_proposals_template": "followup/proposals/_person_block.html",
        # A proposal of an ended follow-up can no longer be accepted: it is listed, not offered.
        "waiting_proposals": [p for p in proposals if p.status == S.PROPOSED and p.followup.is_open],
        "answered_proposals": [p for p in proposals if p.status != S.PROPOSED or not p.followup.is_open][:10],
        "answer_form": AnswerForm(),
    }


def member_block_context(followup: FollowUp, member: FollowUpMember | None) -> dict[str, Any]:
    """Context of `followup/proposals/_member_block.html` (the follow-up page of the group)."""
    return {
        "member_proposals_template": "followup/proposals/_member_block.html",
        "followup_proposals": _described(list(followup_proposals(followup)[:50])),
        "can_propose": member is not None and followup.is_open,
        "proposal_links": [(SLUG_OF_KIND[kind], label) for kind, label in PROPOSE_LABELS.items()],
        "can_record_outcomes": member is not None and not followup.is_open,
    }


def open_events_for(person: User, now: datetime.datetime | None = None) -> QuerySet[JobDatingEvent]:
    """Job datings still open to registration, nearest first (the form's choices)."""
    now = now or timezone.now()
    return (
        JobDatingEvent.objects.filter(
            status=EventStatus.REGISTRATION_OPEN, registration_deadline__gte=now, date__gte=timezone.localdate()
        )
        .exclude(candidate_registrations__user=person)
        .select_related("commune")
        .order_by("date", "pk")
    )


def open_programmes_for(person: User, today: datetime.date | None = None) -> list[MentoringProgramme]:
    """Mentoring programmes not ended, covering the person's commune, where they are not enrolled."""
    from emploi_territoires.mentoring.services_enrolment import open_programmes

    commune = _person_commune(person)
    enrolled = set(
        Enrolment.objects.filter(user=person, role=Enrolment.Role.MENTEE, is_active=True).values_list(
            "programme_id", flat=True
        )
    )
    return [p for p in open_programmes(today) if p.pk not in enrolled and (commune is None or p.scope.covers(commune))]
