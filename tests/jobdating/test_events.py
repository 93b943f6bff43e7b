"""Events: creation by advisors in their territory, validation in French, the state machine and its log."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from emploi_territoires.jobdating import services
from emploi_territoires.jobdating.models import EventStatus, EventTransition
from emploi_territoires.jobdating.services import JobDatingError, ValidationFailed
from tests.factories import saint_etienne
from tests.jobdating.factories import CandidateRegistrationFactory, EventFactory

pytestmark = pytest.mark.django_db


def _values(**overrides):
    date = timezone.localdate() + datetime.timedelta(days=20)
    values = {
        "title": "Job dating de l'industrie — vallée de l'Ondaine",
        "description": "Entretiens de 15 minutes avec les industriels du Territoire d'industrie.",
        "commune": saint_etienne(),
        "address": "Cité du design, 3 rue Javelin-Pagnon, 42000 Saint-Étienne",
        "meeting_url": "",
        "date": date,
        "first_slot_time": datetime.time(14, 0),
        "slot_minutes": 15,
        "slot_count": 12,
        "breaks": [6],
        "min_gap": 1,
        "registration_deadline": timezone.make_aware(
            datetime.datetime.combine(date - datetime.timedelta(days=2), datetime.time(12))
        ),
        "target_programmes": ["ti"],
        "capacity": 40,
    }
    return values | overrides


def test_advisor_creates_a_draft_event_in_their_territory(advisor):
    event = services.create_event(actor=advisor, values=_values())
    assert event.status == EventStatus.DRAFT
    assert event.organiser.name == "Apec Auvergne-Rhône-Alpes"
    assert list(event.advisors.all()) == [advisor]
    assert services.event_hours(event) == "14 h 00 – 17 h 00"
    assert event.working_slots == [0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11]


def test_advisor_of_another_territory_cannot_create_in_saint_etienne(advisor_other):
    with pytest.raises(ValidationFailed) as exc:
        services.create_event(actor=advisor_other, values=_values())
    assert exc.value.errors["commune"] == [
        "Vous ne suivez pas la commune de Saint-Étienne : choisissez une commune de votre territoire."
    ]


def test_bad_event_values_get_french_messages(advisor):
    values = _values(address="", meeting_url="", breaks=[12], slot_minutes=3)
    values["registration_deadline"] = timezone.make_aware(datetime.datetime.combine(values["date"], datetime.time(15)))
    with pytest.raises(ValidationFailed) as exc:
        services.create_event(actor=advisor, values=values)
    errors = exc.value.errors
    assert errors["address"] == ["Indiquez l'adresse du lieu ou le lien de la réunion en ligne."]
    assert errors["registration_deadline"] == ["La date limite d'inscription doit précéder le début du job dating."]
    assert errors["slot_minutes"] == ["Un créneau dure de 5 à 120 minutes."]
    assert errors["breaks"] == ["La pause au créneau 12 sort des créneaux de l'événement."]


def test_online_event_needs_no_address(advisor):
    event = services.create_event(
        actor=advisor, values=_values(address="", meeting_url="https://visio.exemple.fr/job-dating-ondaine")
    )
    assert event.is_online


def test_state_machine_walks_the_whole_life_with_a_log(advisor, staff):
    event = services.create_event(actor=advisor, values=_values())
    services.open_registration(event, actor=advisor)
    CandidateRegistrationFactory(event=event)
    with pytest.raises(JobDatingError, match="retenez-y un calcul"):
        services.transition_event(event, EventStatus.SCHEDULE_BUILT, actor=advisor)
    # schedule_built is reached by accepting a run (see test_schedule_runs); simulate its log here.
    event.status = EventStatus.SCHEDULE_BUILT
    event.save(update_fields=["status"])
    with pytest.raises(JobDatingError, match="Retenez d'abord un planning"):
        services.publish_schedule(event, actor=advisor)
    services.transition_event(event, EventStatus.REGISTRATION_OPEN, actor=staff, comment="Deux recruteurs de plus")
    log = list(EventTransition.objects.filter(event=event).values_list("from_status", "to_status", "actor__email"))
    assert log == [
        ("draft", "registration_open", "karim.benali@exemple.fr"),
        ("schedule_built", "registration_open", "equipe@exemple.fr"),
    ]
    assert EventTransition.objects.filter(event=event).last().comment == "Deux recruteurs de plus"


def test_refused_transitions(advisor):
    event = EventFactory(status=EventStatus.REGISTRATION_OPEN, advisors=[advisor])
    CandidateRegistrationFactory(event=event)
    with pytest.raises(JobDatingError) as exc:
        services.transition_event(event, EventStatus.DRAFT, actor=advisor)
    assert exc.value.message == "Des participants sont déjà inscrits : le job dating ne peut plus redevenir brouillon."
    with pytest.raises(JobDatingError) as exc:
        services.transition_event(event, EventStatus.CLOSED, actor=advisor)
    assert exc.value.message == (
        "Impossible de passer un job dating de l'état « Inscriptions ouvertes » à l'état « Clos »."
    )
    closed = EventFactory(status=EventStatus.CLOSED)
    with pytest.raises(JobDatingError):
        services.transition_event(closed, EventStatus.HELD, actor=advisor)
    assert not EventTransition.objects.exists()


def test_published_event_is_held_then_closed(advisor):
    event = EventFactory(status=EventStatus.PUBLISHED)
    services.transition_event(event, EventStatus.HELD, actor=advisor)
    services.transition_event(event, EventStatus.CLOSED, actor=advisor)
    assert event.status == EventStatus.CLOSED
    assert EventTransition.objects.filter(event=event).count() == 2


def test_advisor_of_another_territory_cannot_move_the_event(advisor_other):
    event = EventFactory(status=EventStatus.DRAFT)
    with pytest.raises(JobDatingError, match="Seuls les conseillers"):
        services.open_registration(event, actor=advisor_other)
    event.refresh_from_db()
    assert event.status == EventStatus.DRAFT


def test_slots_cannot_change_once_people_registered(advisor):
    event = EventFactory(advisors=[advisor])
    CandidateRegistrationFactory(event=event)
    with pytest.raises(ValidationFailed, match="ne peuvent plus changer"):
        services.update_event(event, actor=advisor, values={"slot_count": 20})
    services.update_event(event, actor=advisor, values={"title": "Job dating de l'industrie — édition d'automne"})
    event.refresh_from_db()
    assert event.title == "Job dating de l'industrie — édition d'automne"
