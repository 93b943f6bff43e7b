"""The proposals of the follow-up demo (issue 15), after `followup.demo.load_demo_followups`.

Around Lina Mansouri's follow-up (Nevers, QPV):
- the mission locale's advisor prescribed an application to a published offer of the Nièvre that
  takes applications on the platform; Lina accepted: the recruiter sees « Candidature prescrite
  par Julie Marchetti (Mission locale Nevers Sud Nivernais (démo)) »;
- the Apec advisor proposed the coming demo job dating; Lina accepted: she is registered;
- the mission locale's advisor sent her another offer to read: it waits for her answer, so her
  « Propositions » block has something to answer.

Everything goes through `services_proposals` (the same checks as on the site); idempotent: nothing
is proposed twice. Returns the number of proposals made.
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone

from emploi_territoires.accounts.models import User
from emploi_territoires.applications.models import Application
from emploi_territoires.jobdating.models import Event, EventStatus
from emploi_territoires.offers.models import ApplyMethod, Offer, OfferStatus

from . import services_proposals as services
from .demo import APEC_ADVISOR_EMAIL, ML_ADVISOR_EMAIL, PERSON_EMAIL
from .models import FollowUp, Proposal

K = Proposal.Kind


def _open_offers(person: User, today: datetime.date):
    """Published offers of the Nièvre taking applications here, the person has not applied to."""
    applied = Application.objects.filter(candidate=person).values("offer_id")
    return (
        Offer.objects.filter(
            status=OfferStatus.PUBLISHED, apply_method=ApplyMethod.PLATFORM, commune__departement_id="58"
        )
        .filter(Q(closing_date__isnull=True) | Q(closing_date__gte=today))
        .exclude(pk__in=applied)
        .order_by("pk")
    )


def load_demo_proposals(now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    person = User.objects.filter(email=PERSON_EMAIL).first()
    followup = FollowUp.objects.filter(person=person, ended_at__isnull=True).first() if person else None
    advisor = User.objects.filter(email=ML_ADVISOR_EMAIL).first()
    apec = User.objects.filter(email=APEC_ADVISOR_EMAIL).first()
    if followup is None or advisor is None or Proposal.objects.filter(followup=followup).exists():
        return 0
    made = 0
    offers = list(_open_offers(person, today)[:2])
    if offers:
        prescription = services.propose(
            followup,
            advisor,
            kind=K.APPLICATION,
            offer=offers[0],
            message="Ce poste est proche de chez vous et correspond à ce dont nous avons parlé : je vous le prescris.",
            now=now,
        )
        services.answer(
            prescription,
            person,
            accept=True,
            message="Bonjour, ma conseillère de la mission locale m'a parlé de votre offre : je suis disponible "
            "dès maintenant.",
            now=now,
        )
        made += 1
    event = (
        Event.objects.filter(status=EventStatus.REGISTRATION_OPEN, registration_deadline__gt=now, date__gte=today)
        .order_by("date", "pk")
        .first()
    )
    if event is not None and apec is not None:
        proposal = services.propose(
            followup,
            apec,
            kind=K.JOBDATING,
            event=event,
            message="Plusieurs employeurs de l'industrie y recrutent sans exiger d'expérience.",
            now=now,
        )
        services.answer(proposal, person, accept=True, now=now)
        made += 1
    if len(offers) > 1:
        services.propose(
            followup,
            advisor,
            kind=K.OFFER,
            offer=offers[1],
            message="Une autre offre à regarder ensemble à notre prochain rendez-vous.",
            now=now,
        )
        made += 1
    return made
