"""The conversation around an application (issue 19): messages, read state, attachments, e-mails,
the follow-up group's access, interviews (propose, choose, reschedule, cancel), the .ics and the
reminder of the day before. Services first; the pages are in test_conversation_views.py."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from icalendar import Calendar

from emploi_territoires.applications import services_conversation as conversation
from emploi_territoires.applications import services_pipeline
from emploi_territoires.applications.models import (
    ApplicationStatus,
    Interview,
    InterviewStatus,
    Message,
    Side,
    Thread,
)
from emploi_territoires.core.storage import private_storage
from emploi_territoires.offers.models import OfferStatus
from tests.applications import cv_files
from tests.applications.factories import CandidateProfileFactory
from tests.clock import PARIS, paris
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db
SlotInput = conversation.SlotInput
NOW = (2026, 12, 7, 9)  # a Monday, 9:00 in Paris


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(paris(*NOW), tick=False)
    return paris(*NOW)


@pytest.fixture
def application(clock, organisation_a, candidate, django_capture_on_commit_callbacks):
    CandidateProfileFactory(user=candidate, headline="Cheffe de projet Petites villes de demain")
    offer = OfferFactory(
        organisation=organisation_a, status=OfferStatus.PUBLISHED, title="Chef de projet Petites villes de demain (F/H)"
    )
    with django_capture_on_commit_callbacks(execute=True):
        application = services_pipeline.apply(offer, candidate, "Urbaniste, je connais bien le programme PVD.")
    mail.outbox.clear()
    return application


def slot(day: int, hour: int, *, place: str = "Hôtel de ville, 1 place de l'Hôtel de ville, Saint-Étienne", video=""):
    return SlotInput(start=paris(2026, 12, day, hour), end=paris(2026, 12, day, hour + 1), place=place, video_url=video)


# --- Messages ---------------------------------------------------------------------------------------


def test_a_message_creates_the_thread_and_mails_only_its_first_line(
    application, recruiter_a, member_a, candidate, django_capture_on_commit_callbacks
):
    body = "Bonjour Madame Haddad,\nvotre profil nous intéresse beaucoup.\nNos horaires : 8h-17h, code porte 4521."
    with django_capture_on_commit_callbacks(execute=True):
        message = conversation.post_message(application, author=recruiter_a, side=Side.ORGANISATION, body=body)
    assert Thread.objects.get(application=application).last_message_at == message.created_at
    assert message.author_organisation == application.organisation
    assert message.read_by_organisation_at is not None and message.read_by_candidate_at is None
    assert [m.to for m in mail.outbox] == [[candidate.email]]
    sent = mail.outbox[0]
    assert "Bonjour Madame Haddad," in sent.body
    assert "4521" not in sent.body and "intéresse" not in sent.body
    assert "4521" not in sent.alternatives[0][0]
    assert f"/candidats/mes-candidatures/{application.pk}/" in sent.body


def test_the_candidates_answer_goes_to_every_member(
    application, recruiter_a, member_a, candidate, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        conversation.post_message(application, author=candidate, side=Side.CANDIDATE, body="Merci, je suis disponible.")
    assert [sorted(m.to) for m in mail.outbox] == [sorted([recruiter_a.email, member_a.email])]
    assert f"/candidats/recrutement/candidature/{application.pk}/conversation/" in mail.outbox[0].body


def test_read_state_per_side(application, recruiter_a, candidate):
    conversation.post_message(application, author=recruiter_a, side=Side.ORGANISATION, body="Premier message")
    conversation.post_message(application, author=candidate, side=Side.CANDIDATE, body="Réponse")
    assert conversation.unread_counts([application.pk], Side.CANDIDATE) == {application.pk: 1}
    assert conversation.unread_counts([application.pk], Side.ORGANISATION) == {application.pk: 1}
    assert conversation.mark_read(application, Side.CANDIDATE) == 1
    assert conversation.unread_counts([application.pk], Side.CANDIDATE) == {}
    view = conversation.read_thread(application, Side.ORGANISATION)
    assert [(m.body, m.is_mine, m.read_by_other_side) for m in view.messages] == [
        ("Premier message", True, True),
        ("Réponse", False, False),
    ]
    assert [m.author_label for m in view.messages] == ["Claire Roux (Saint-Étienne Métropole)", "Inès Haddad"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("   ", "Écrivez votre message avant de l'envoyer."),
        ("a" * 5_001, "Le message fait 5\u202f001 caractères : 5\u202f000 au maximum."),
    ],
)
def test_bad_messages_are_refused_in_french_and_nothing_is_written(application, recruiter_a, body, expected):
    with pytest.raises(conversation.ConversationError) as error:
        conversation.post_message(application, author=recruiter_a, side=Side.ORGANISATION, body=body)
    assert error.value.message == expected
    assert not Thread.objects.exists() and not Message.objects.exists()


def test_nobody_else_writes_on_a_side(application, recruiter_b, advisor, staff, candidate, recruiter_a):
    for user in (recruiter_b, advisor, staff):
        with pytest.raises(conversation.ConversationError):
            conversation.post_message(application, author=user, side=Side.ORGANISATION, body="Intrusion")
        assert conversation.side_of(user, application) is None
    with pytest.raises(conversation.ConversationError):
        conversation.post_message(application, author=recruiter_a, side=Side.CANDIDATE, body="Usurpation")
    assert conversation.side_of(candidate, application) == Side.CANDIDATE
    assert conversation.side_of(recruiter_a, application) == Side.ORGANISATION
    assert not Message.objects.exists()


def test_a_pdf_attachment_is_stored_privately(application, recruiter_a):
    upload = cv_files.pdf("Fiche de poste PVD.pdf")
    message = conversation.post_message(
        application, author=recruiter_a, side=Side.ORGANISATION, body="La fiche de poste", attachment=upload
    )
    assert message.attachment_file.startswith("messages/2026/12/") and message.attachment_file.endswith(".pdf")
    assert "Fiche" not in message.attachment_file  # a random name, never the person's
    assert message.attachment_name == "Fiche de poste PVD.pdf"
    with private_storage().open(message.attachment_file, "rb") as stored:
        assert stored.read().startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("cv.pdf", b"MZ\x90\x00" + b"\x00" * 100, "Ce fichier est un programme Windows"),
        ("lettre.docx", "docx", "Ce document est au format DOCX : enregistrez-le en PDF."),
        ("vide.pdf", b"", "Le fichier est vide."),
    ],
)
def test_attachments_go_through_the_cv_checks(application, candidate, name, content, expected):
    data = cv_files.docx_bytes() if content == "docx" else content
    upload = SimpleUploadedFile(name, data)
    with pytest.raises(conversation.ConversationError) as error:
        conversation.post_message(
            application, author=candidate, side=Side.CANDIDATE, body="Ci-joint", attachment=upload
        )
    assert error.value.message.startswith(expected)
    assert error.value.message.endswith("Joignez un document PDF de 5 Mo au plus.")
    assert not Message.objects.exists()


def test_after_a_withdrawal_the_thread_is_closed(application, candidate, recruiter_a):
    conversation.post_message(application, author=candidate, side=Side.CANDIDATE, body="Question sur le poste")
    services_pipeline.withdraw(application, actor=candidate)
    with pytest.raises(conversation.ConversationError) as error:
        conversation.post_message(application, author=recruiter_a, side=Side.ORGANISATION, body="Dommage")
    assert error.value.message == "La candidature a été retirée : la conversation est close."
    assert Message.objects.count() == 1


def test_the_followup_group_reads_only_a_shared_thread(application, candidate, recruiter_a, advisor):
    conversation.post_message(application, author=recruiter_a, side=Side.ORGANISATION, body="Êtes-vous mobile ?")
    assert conversation.thread_for_followup(application) is None
    with pytest.raises(conversation.ConversationError):
        conversation.post_message(application, author=advisor, side=Side.FOLLOWUP, body="Je l'accompagne")
    with pytest.raises(conversation.ConversationError):
        conversation.set_followup_sharing(application, candidate=recruiter_a, shared=True)

    conversation.set_followup_sharing(application, candidate=candidate, shared=True)
    conversation.post_message(
        application,
        author=advisor,
        side=Side.FOLLOWUP,
        body="Bonjour, je suis sa conseillère Apec.",
        author_organisation=advisor.memberships.get().organisation,
    )
    view = conversation.thread_for_followup(application)
    assert view is not None and [m.body for m in view.messages] == [
        "Êtes-vous mobile ?",
        "Bonjour, je suis sa conseillère Apec.",
    ]
    assert conversation.read_thread(application, Side.CANDIDATE).messages[1].author_label.startswith("Karim Benali (")

    conversation.set_followup_sharing(application, candidate=candidate, shared=False)
    assert conversation.thread_for_followup(application) is None


# --- Interviews ---------------------------------------------------------------------------------------


def test_propose_then_choose_sends_the_ics_to_both(
    application, recruiter_a, candidate, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        interview = conversation.propose_interview(
            application,
            actor=recruiter_a,
            slots=[slot(10, 14), slot(9, 10, place="", video="https://visio.exemple.fr/pvd-42")],
            note="Avec le maire et la DGS.",
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INTERVIEW
    assert [m.subject for m in mail.outbox] == [
        "Entretien pour « Chef de projet Petites villes de demain (F/H) » : choisissez un créneau"
    ]
    proposal = mail.outbox[0].body
    assert "mercredi 9 décembre 2026, de 10 h 00 à 11 h 00, en visioconférence" in proposal
    assert "jeudi 10 décembre 2026, de 14 h 00 à 15 h 00, Hôtel de ville" in proposal
    slots = list(interview.slots.order_by("start"))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = conversation.choose_slot(interview, candidate=candidate, slot_id=slots[1].pk)
    assert (confirmed.status, confirmed.chosen_slot, confirmed.sequence) == (InterviewStatus.CONFIRMED, slots[1], 1)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([candidate.email, recruiter_a.email])
    for sent in mail.outbox:
        assert sent.attachments[0][0] == "entretien.ics"
        event = Calendar.from_ical(sent.attachments[0][1]).walk("VEVENT")[0]
        assert event.decoded("dtstart") == paris(2026, 12, 10, 14)
        assert str(event["location"]).startswith("Hôtel de ville")
        assert int(event["sequence"]) == 1


def test_slots_are_checked_in_french_and_nothing_is_written(application, recruiter_a):
    cases = [
        ([], "Proposez au moins un créneau (date, heures, lieu ou lien)."),
        ([slot(8, 10)] * 4, "Proposez 3 créneaux au plus."),
        ([SlotInput(paris(2026, 12, 4, 10), paris(2026, 12, 4, 11), "Mairie")], "Créneau 1 : la date est passée"),
        ([SlotInput(paris(2026, 12, 8, 11), paris(2026, 12, 8, 10), "Mairie")], "Créneau 1 : l'heure de fin"),
        ([slot(8, 10), slot(9, 10, place="")], "Créneau 2 : indiquez le lieu ou le lien"),
        ([slot(8, 10, place="", video="javascript:alert(1)")], "Créneau 1 : le lien de la visioconférence doit"),
        ([slot(8, 10), slot(8, 10)], "Deux créneaux commencent à la même heure"),
    ]
    for slots, expected in cases:
        with pytest.raises(conversation.ConversationError) as error:
            conversation.propose_interview(application, actor=recruiter_a, slots=slots)
        assert error.value.message.startswith(expected)
    assert not Interview.objects.exists()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.NEW


def test_only_the_organisation_proposes_and_one_interview_at_a_time(application, recruiter_a, recruiter_b, candidate):
    for user in (recruiter_b, candidate):
        with pytest.raises(conversation.ConversationError):
            conversation.propose_interview(application, actor=user, slots=[slot(8, 10)])
    conversation.propose_interview(application, actor=recruiter_a, slots=[slot(8, 10)])
    with pytest.raises(conversation.ConversationError) as error:
        conversation.propose_interview(application, actor=recruiter_a, slots=[slot(9, 10)])
    assert "déjà en cours" in error.value.message
    assert Interview.objects.count() == 1


def test_the_candidate_picks_only_a_proposed_future_slot(application, recruiter_a, candidate, time_machine):
    interview = conversation.propose_interview(application, actor=recruiter_a, slots=[slot(8, 10), slot(9, 10)])
    with pytest.raises(conversation.ConversationError):
        conversation.choose_slot(interview, candidate=recruiter_a, slot_id=interview.slots.first().pk)
    with pytest.raises(conversation.ConversationError):
        conversation.choose_slot(interview, candidate=candidate, slot_id=10_000)
    time_machine.move_to(paris(2026, 12, 8, 12), tick=False)
    first = interview.slots.order_by("start").first()
    with pytest.raises(conversation.ConversationError) as error:
        conversation.choose_slot(interview, candidate=candidate, slot_id=first.pk)
    assert error.value.message.startswith("Ce créneau est passé")
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.PROPOSED and interview.chosen_slot is None


def test_reschedule_by_either_side_and_cancel_with_a_reason(
    application, recruiter_a, candidate, django_capture_on_commit_callbacks
):
    interview = conversation.propose_interview(application, actor=recruiter_a, slots=[slot(8, 10)])
    conversation.choose_slot(interview, candidate=candidate, slot_id=interview.slots.get().pk)
    mail.outbox.clear()

    with pytest.raises(conversation.ConversationError) as error:
        conversation.reschedule_interview(interview, actor=candidate, reason="  ")
    assert error.value.message == "Indiquez le motif : l'autre partie le lira."
    with django_capture_on_commit_callbacks(execute=True):
        conversation.reschedule_interview(
            interview, actor=candidate, reason="Un examen ce jour-là, je suis libre jeudi."
        )
    interview.refresh_from_db()
    assert (interview.status, interview.chosen_slot, interview.slots.count()) == (InterviewStatus.RESCHEDULED, None, 0)
    assert interview.reason_side == Side.CANDIDATE and interview.sequence == 2
    assert len(mail.outbox) == 2 and all("autre créneau" in m.subject for m in mail.outbox)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        conversation.reschedule_interview(interview, actor=recruiter_a, reason="Comme demandé", slots=[slot(10, 9)])
    interview.refresh_from_db()
    assert interview.slots.get().start == paris(2026, 12, 10, 9)
    conversation.choose_slot(interview, candidate=candidate, slot_id=interview.slots.get().pk)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        conversation.cancel_interview(
            interview, actor=recruiter_a, reason="Le poste est gelé par le conseil municipal."
        )
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.CANCELLED and interview.cancelled_at == paris(*NOW)
    assert len(mail.outbox) == 2
    event = Calendar.from_ical(mail.outbox[0].attachments[0][1]).walk("VEVENT")[0]
    assert str(event["status"]) == "CANCELLED" and int(event["sequence"]) == interview.sequence
    with pytest.raises(conversation.ConversationError):
        conversation.cancel_interview(interview, actor=candidate, reason="Encore")


def test_the_ics_has_a_stable_uid_and_no_injected_line(application, recruiter_a, candidate):
    interview = conversation.propose_interview(
        application, actor=recruiter_a, slots=[slot(8, 10, place="Mairie\r\nATTENDEE:mailto:pirate@exemple.fr")]
    )
    conversation.choose_slot(interview, candidate=candidate, slot_id=interview.slots.get().pk)
    interview.refresh_from_db()
    ics = conversation.interview_ics(interview, stamp=paris(*NOW))
    assert b"\r\nATTENDEE" not in ics
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    assert str(event["uid"]) == conversation.interview_uid(interview)
    assert event.decoded("dtstart").tzinfo is not None
    assert event.decoded("dtstart").astimezone(PARIS) == paris(2026, 12, 8, 10)


# --- The reminder of the day before -------------------------------------------------------------------


def test_the_reminder_goes_once_the_day_before(
    application, recruiter_a, candidate, time_machine, django_capture_on_commit_callbacks
):
    interview = conversation.propose_interview(application, actor=recruiter_a, slots=[slot(9, 10)])
    conversation.choose_slot(interview, candidate=candidate, slot_id=interview.slots.get().pk)
    mail.outbox.clear()
    # Monday: the interview is on Wednesday, nothing yet.
    assert conversation.send_interview_reminders(paris(*NOW)).interviews == []
    tuesday = paris(2026, 12, 8, 8)
    with django_capture_on_commit_callbacks(execute=True):
        assert conversation.send_interview_reminders(tuesday).interviews == [interview.pk]
        assert conversation.send_interview_reminders(tuesday + datetime.timedelta(hours=2)).interviews == []
    assert sorted(m.to[0] for m in mail.outbox) == sorted([candidate.email, recruiter_a.email])
    assert all(m.subject.startswith("Rappel : entretien") for m in mail.outbox)
    assert "a lieu le mercredi 9 décembre 2026, de 10 h 00 à 11 h 00" in mail.outbox[0].body


def test_a_dry_run_sends_nothing_and_a_reschedule_rearms_the_reminder(application, recruiter_a, candidate):
    interview = conversation.propose_interview(application, actor=recruiter_a, slots=[slot(9, 10)])
    conversation.choose_slot(interview, candidate=candidate, slot_id=interview.slots.get().pk)
    tuesday = paris(2026, 12, 8, 8)
    assert conversation.send_interview_reminders(tuesday, apply=False).interviews == [interview.pk]
    assert conversation.send_interview_reminders(tuesday).interviews == [interview.pk]
    conversation.reschedule_interview(interview, actor=recruiter_a, reason="Salle prise", slots=[slot(9, 15)])
    interview.refresh_from_db()
    conversation.choose_slot(interview, candidate=candidate, slot_id=interview.slots.get().pk)
    assert conversation.send_interview_reminders(tuesday).interviews == [interview.pk]


@pytest.mark.parametrize("closing", ["withdrawn", "refused"])
def test_a_closed_application_keeps_no_interview_to_come(application, recruiter_a, candidate, closing):
    interview = conversation.propose_interview(application, actor=recruiter_a, slots=[slot(9, 10)])
    conversation.choose_slot(interview, candidate=candidate, slot_id=interview.slots.get().pk)
    if closing == "withdrawn":
        services_pipeline.withdraw(application, actor=candidate)
    else:
        services_pipeline.transition_application(application, "refused", actor=recruiter_a, reason="other_candidate")
    interview.refresh_from_db()
    assert (interview.status, interview.sequence) == (InterviewStatus.CANCELLED, 2)
    assert interview.reason_side == (Side.CANDIDATE if closing == "withdrawn" else Side.ORGANISATION)
    assert conversation.send_interview_reminders(paris(2026, 12, 8, 8)).interviews == []
