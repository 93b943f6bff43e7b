"""The conversation demo (issue 19): a few demo applications at the « Entretien » step get their
messages and interview, written through `services_conversation` as people would.

`load_demo_conversation(today)` runs from `demo.loader.load_demo` once the demo applications exist:
- Inès Haddad's application to Saint-Étienne Métropole's « plan local d'urbanisme » offer: two
  messages and an interview confirmed in three days at 10:00 (her « Mes candidatures » shows the
  date, rh.sem's agenda lists it);
- Yanis Benaïssa's application to the Forges de Clamecy: two slots proposed, waiting for his choice.
Idempotent: an application that already has an interview is left as it is. No e-mail leaves the
platform in the demo (the demo's mail backend), but they are rendered as in production.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from emploi_territoires.accounts.models import User

from . import services_conversation as conversation
from .models import Application, ApplicationStatus
from .models_conversation import Interview, Side

DEMO_DOMAIN = "demo.emploi-territoires.fr"
# (candidate, offer title, messages (side, text), slots (days ahead, hour, place, video), confirmed)
STORIES = (
    (
        "candidate",
        "Chargé·e d'études plan local d'urbanisme intercommunal (F/H)",
        (
            (Side.ORGANISATION, "Bonjour Madame Haddad,\nvotre expérience du PLUi de Roanne nous intéresse."),
            (Side.CANDIDATE, "Bonjour, merci ! Je suis disponible en matinée, sauf le vendredi."),
        ),
        (
            (3, 10, "Saint-Étienne Métropole, 2 avenue Grüner, salle 4.12", ""),
            (4, 14, "", "https://visio.exemple.fr/plui"),
        ),
        True,
    ),
    (
        "yanis.benaissa",
        "Technicien·ne de maintenance industrielle (F/H)",
        ((Side.ORGANISATION, "Bonjour, pouvez-vous venir visiter l'atelier ? Deux créneaux vous sont proposés."),),
        (
            (5, 9, "Forges de Clamecy, atelier de maintenance", ""),
            (6, 15, "Forges de Clamecy, atelier de maintenance", ""),
        ),
        False,
    ),
)


def _slot(today: datetime.date, days: int, hour: int, place: str, video: str) -> conversation.SlotInput:
    start = timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=days), datetime.time(hour)))
    return conversation.SlotInput(start, start + datetime.timedelta(hours=1), place, video)


@transaction.atomic
def load_demo_conversation(today: datetime.date | None = None) -> int:
    """The demo conversations; returns how many applications got one."""
    today = today or timezone.localdate()
    done = 0
    for local, title, messages, slots, confirmed in STORIES:
        application = (
            Application.objects.select_related("offer", "organisation", "candidate")
            .filter(
                candidate__email=f"{local}@{DEMO_DOMAIN}",
                offer__title=title,
                status__in=[ApplicationStatus.NEW, ApplicationStatus.UNDER_REVIEW, ApplicationStatus.INTERVIEW],
            )
            .first()
        )
        if application is None or Interview.objects.filter(application=application).exists():
            continue
        recruiter = (
            User.objects.filter(memberships__organisation=application.organisation, is_active=True)
            .order_by("pk")
            .first()
        )
        if recruiter is None:
            continue
        for side, body in messages:
            author = recruiter if side == Side.ORGANISATION else application.candidate
            conversation.post_message(application, author=author, side=side, body=body)
        interview = conversation.propose_interview(
            application, actor=recruiter, slots=[_slot(today, *slot) for slot in slots]
        )
        if confirmed:
            first = interview.slots.order_by("start").first()
            conversation.choose_slot(interview, candidate=application.candidate, slot_id=first.pk)
        done += 1
    return done
