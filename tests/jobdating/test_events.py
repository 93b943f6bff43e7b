"""Events: creation by advisors in their territory, validation in French, the state machine and its log."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from emploi_territoires.jobdating import services_events
from emploi_territoires.jobdating.errors import JobDatingError, ValidationFailed
from emploi_territoires.jobdating.formatting import event_hours
from emploi_territoires.jobdating.models import EventStatus, EventTransition
from emploi_territoires.jobdating.workflow import timing_problem
from tests.factories import saint_etienne
from tests.jobdating.factories import CandidateRegistrationFactory, EventFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


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
    event = services_events.create_event(actor=advisor, values=_values())
    assert event.status == EventStatus.DRAFT
    assert event.organiser.name == "Apec Auvergne-Rhône-Alpes"
    assert list(event.advisors.all()) == [advisor]
    assert event_hours(event) == "14 h 00 – 17 h 00"
    assert event.working_slots == [0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11]


def test_advisor_of_another_territory_cannot_create_in_saint_etienne(advisor_other):
    with pytest.raises(ValidationFailed) as exc:
        services_events.create_event(actor=advisor_other, values=_values())
    assert exc.value.errors["commune"] == [
        "Vous ne suivez pas la commune de Saint-Étienne : choisissez une commune de votre territoire."
    ]


def test_bad_event_values_get_french_messages(advisor):
    values = _values(address="", meeting_url="", breaks=[12], slot_minutes=3)
    values["registration_deadline"] = timezone.make_aware(datetime.datetime.combine(values["date"], datetime.time(15)))
    with pytest.raises(ValidationFailed) as exc:
        services_events.create_event(actor=advisor, values=values)
    errors = exc.value.errors
    assert errors["address"] == ["Indiquez l'adresse du lieu ou le lien de la réunion en ligne."]
    assert errors["registration_deadline"] == ["La date limite d'inscription doit précéder le début du job dating."]
    assert errors["slot_minutes"] == ["Un créneau dure de 5 à 120 minutes."]
    assert errors["breaks"] == ["La pause au créneau 12 sort des créneaux de l'événement."]


def test_online_event_needs_no_address(advisor):
    event = services_events.create_event(
        actor=advisor, values=_values(address="", meeting_url="https://visio.exemple.fr/job-dating-ondaine")
    )
    assert event.is_online


def test_state_machine_walks_the_whole_life_with_a_log(advisor, staff):
    event = services_events.create_event(actor=advisor, values=_values())
    services_events.open_registration(event, actor=advisor)
    CandidateRegistrationFactory(event=event)
    with pytest.raises(JobDatingError, match="retenez-y un calcul"):
        services_events.transition_event(event, EventStatus.SCHEDULE_BUILT, actor=advisor)
    # schedule_built is reached by accepting a run (see test_schedule_runs); simulate its log here.
    event.status = EventStatus.SCHEDULE_BUILT
    event.save(update_fields=["status"])
    with pytest.raises(JobDatingError, match="Retenez d'abord un planning"):
        services_events.publish_schedule(event, actor=advisor)
    services_events.transition_event(
        event, EventStatus.REGISTRATION_OPEN, actor=staff, comment="Deux recruteurs de plus"
    )
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
        services_events.transition_event(event, EventStatus.DRAFT, actor=advisor)
    assert exc.value.message == "Des participants sont déjà inscrits : le job dating ne peut plus redevenir brouillon."
    with pytest.raises(JobDatingError) as exc:
        services_events.transition_event(event, EventStatus.CLOSED, actor=advisor)
    assert exc.value.message == (
        "Impossible de passer un job dating de l'état « Inscriptions ouvertes » à l'état « Clos »."
    )
    closed = EventFactory(status=EventStatus.CLOSED)
    with pytest.raises(JobDatingError):
        services_events.transition_event(closed, EventStatus.HELD, actor=advisor)
    assert not EventTransition.objects.exists()


def test_published_event_is_held_once_started_then_closed(advisor, time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 15, 10, 0, tzinfo=PARIS))
    event = EventFactory(status=EventStatus.PUBLISHED)  # Monday 29 June 2026, 9 h – 13 h
    with pytest.raises(JobDatingError) as exc:
        services_events.transition_event(event, EventStatus.HELD, actor=advisor)
    assert exc.value.message == (
        "Le job dating commence le lundi 29 juin 2026 à 9 h 00 : il ne peut pas être marqué comme tenu "
        "avant d'avoir commencé."
    )
    # The morning itself, one minute too early, then at the first slot.
    time_machine.move_to(datetime.datetime(2026, 6, 29, 8, 59, tzinfo=PARIS))
    with pytest.raises(JobDatingError, match="avant d'avoir commencé"):
        services_events.transition_event(event, EventStatus.HELD, actor=advisor)
    assert not EventTransition.objects.filter(event=event).exists()
    time_machine.move_to(datetime.datetime(2026, 6, 29, 9, 0, tzinfo=PARIS))
    services_events.transition_event(event, EventStatus.HELD, actor=advisor)
    time_machine.move_to(datetime.datetime(2026, 7, 3, 17, 0, tzinfo=PARIS))
    event = services_events.transition_event(event, EventStatus.CLOSED, actor=advisor)
    assert event.status == EventStatus.CLOSED
    log = list(EventTransition.objects.filter(event=event).values_list("to_status", "created_at"))
    assert log == [
        ("held", datetime.datetime(2026, 6, 29, 9, 0, tzinfo=PARIS)),
        ("closed", datetime.datetime(2026, 7, 3, 17, 0, tzinfo=PARIS)),
    ]


def test_held_takes_now_from_the_caller():
    """`now` is a parameter: a replay (the demo) or a command gives its own clock."""
    event = EventFactory(status=EventStatus.PUBLISHED, date=datetime.date(2027, 1, 12))
    before = datetime.datetime(2027, 1, 12, 8, 30, tzinfo=PARIS)
    assert "avant d'avoir commencé" in timing_problem(event, EventStatus.HELD, before)
    assert timing_problem(event, EventStatus.HELD, before + datetime.timedelta(hours=1)) is None
    event = services_events.transition_event(
        event, EventStatus.HELD, actor=None, now=datetime.datetime(2027, 1, 12, 13, 5, tzinfo=PARIS)
    )
    assert event.status_changed_at == datetime.datetime(2027, 1, 12, 13, 5, tzinfo=PARIS)


def test_a_draft_opens_its_registrations_only_before_the_deadline(advisor, time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 15, 10, 0, tzinfo=PARIS))
    event = EventFactory(status=EventStatus.DRAFT, advisors=[advisor])  # deadline: Sunday 28 June, 18 h
    time_machine.move_to(datetime.datetime(2026, 6, 28, 18, 1, tzinfo=PARIS))
    with pytest.raises(JobDatingError) as exc:
        services_events.open_registration(event, actor=advisor)
    assert exc.value.message == (
        "La date limite d'inscription (dimanche 28 juin 2026 à 18 h 00) est passée : reportez-la avant "
        "d'ouvrir les inscriptions."
    )
    time_machine.move_to(datetime.datetime(2026, 6, 28, 17, 0, tzinfo=PARIS))
    assert services_events.open_registration(event, actor=advisor).status == EventStatus.REGISTRATION_OPEN


def test_advisor_of_another_territory_cannot_move_the_event(advisor_other):
    event = EventFactory(status=EventStatus.DRAFT)
    with pytest.raises(JobDatingError, match="Seuls les conseillers"):
        services_events.open_registration(event, actor=advisor_other)
    event.refresh_from_db()
    assert event.status == EventStatus.DRAFT


def test_slots_cannot_change_once_people_registered(advisor):
    event = EventFactory(advisors=[advisor])
    CandidateRegistrationFactory(event=event)
    with pytest.raises(ValidationFailed, match="ne peuvent plus changer"):
        services_events.update_event(event, actor=advisor, values={"slot_count": 20})
    services_events.update_event(
        event, actor=advisor, values={"title": "Job dating de l'industrie — édition d'automne"}
    )
    event.refresh_from_db()
    assert event.title == "Job dating de l'industrie — édition d'automne"
