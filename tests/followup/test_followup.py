"""The follow-up itself: opening with consent, requests, the group, who sees what, ending, notes,
appointments, documents, the timeline (issue 15)."""

from __future__ import annotations

import datetime
import html

import pytest
from django.core import mail
from django.urls import reverse

from emploi_territoires.accounts.models import Membership
from emploi_territoires.applications.models import ApplicationStatus, ApplicationTransition
from emploi_territoires.followup import permissions, services
from emploi_territoires.followup.models import (
    Appointment,
    ConsentMode,
    EndReason,
    FollowUp,
    FollowUpMember,
    FollowUpRequest,
    Note,
    SharedDocument,
    StructureTerritory,
)
from emploi_territoires.followup.timeline import timeline_for
from tests.applications import cv_files
from tests.applications.factories import ApplicationFactory
from tests.clock import paris
from tests.factories import nievre

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _detail(pk: int) -> str:
    return reverse("followup:detail", args=[pk])


# --- Opening -------------------------------------------------------------------------------------


def test_a_professional_opens_with_the_recorded_consent(
    client, pro_ml, person, mission_locale, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(paris(2026, 11, 2, 10), tick=False)
    client.force_login(pro_ml)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("followup:open"),
            {
                "email": "Lina.Mansouri@exemple.fr",
                "organisation": str(mission_locale.pk),
                "start_reason": "job_search",
                "start_comment": "Cherche un premier emploi dans la logistique.",
                "consent": "on",
            },
        )
    followup = FollowUp.objects.get(person=person)
    assert response.status_code == 302
    assert response["Location"] == _detail(followup.pk)
    assert (followup.referent, followup.consent_mode, followup.consent_text_version) == (
        pro_ml,
        ConsentMode.RECORDED_BY_PROFESSIONAL,
        "2026-12",
    )
    assert followup.consent_at == paris(2026, 11, 2, 10)
    assert followup.started_on == datetime.date(2026, 11, 2)
    assert list(followup.members.values_list("user__email", "organisation__name")) == [
        ("sarah.lefevre@exemple.fr", "Mission locale Nevers Sud Nivernais")
    ]
    assert [m.to for m in mail.outbox] == [["lina.mansouri@exemple.fr"]]


def test_without_the_consent_nothing_is_written(client, pro_ml, person, mission_locale):
    client.force_login(pro_ml)
    response = client.post(
        reverse("followup:open"),
        {"email": person.email, "organisation": str(mission_locale.pk), "start_reason": "job_search"},
    )
    assert response.status_code == 200
    assert "Cochez la case qui confirme l'accord de la personne." in _text(response)
    assert not FollowUp.objects.exists()


def test_an_unknown_address_is_a_french_message(client, pro_ml, mission_locale):
    client.force_login(pro_ml)
    response = client.post(
        reverse("followup:open"),
        {
            "email": "personne@exemple.fr",
            "organisation": str(mission_locale.pk),
            "start_reason": "job_search",
            "consent": "on",
        },
    )
    assert "Aucun compte de candidat ou candidate ne correspond" in _text(response)
    assert not FollowUp.objects.exists()


def test_a_second_structure_joins_the_open_followup(followup, pro_apec):
    assert FollowUp.objects.count() == 1
    members = permissions.active_members(followup)
    assert [(m.user.email, m.organisation.name) for m in members] == [
        ("sarah.lefevre@exemple.fr", "Mission locale Nevers Sud Nivernais"),
        ("helene.marchand@exemple.fr", "Apec Bourgogne-Franche-Comté"),
    ]


def test_a_company_recruiter_cannot_open_a_followup(client, recruiter_b, person):
    client.force_login(recruiter_b)
    assert client.get(reverse("followup:open")).status_code == 403
    with pytest.raises(services.FollowUpError, match="structure d'accompagnement vérifiée"):
        services.open_followup(recruiter_b, person, consent_recorded=True)


# --- Requests from the person ------------------------------------------------------------------


def test_the_person_asks_a_structure_of_her_territory_and_a_member_accepts(
    client, person, pro_ml, mission_locale, other_structure
):
    StructureTerritory.objects.create(organisation=mission_locale, departement=nievre())
    client.force_login(person)
    page = _text(client.get(reverse("followup:request")))
    assert "Mission locale Nevers Sud Nivernais" in page
    assert "Mission locale du Haut Nivernais" not in page  # covers no territory yet
    response = client.post(
        reverse("followup:request"),
        {
            "organisation": str(mission_locale.pk),
            "start_reason": "orientation",
            "message": "Je cherche ma voie.",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    asked = FollowUpRequest.objects.get()
    assert (asked.status, asked.consent_text_version) == ("pending", "2026-12")

    client.force_login(pro_ml)
    assert "Je cherche ma voie." in _text(client.get(reverse("followup:requests")))
    response = client.post(reverse("followup:request_answer", args=[asked.pk]), {"decision": "accept"})
    followup = FollowUp.objects.get(person=person)
    assert response["Location"] == _detail(followup.pk)
    assert (followup.consent_mode, followup.start_reason, followup.referent) == (
        ConsentMode.ASKED_BY_PERSON,
        "orientation",
        pro_ml,
    )
    asked.refresh_from_db()
    assert (asked.status, asked.followup) == ("accepted", followup)


def test_a_request_to_a_structure_outside_the_territory_is_refused(person, other_structure):
    with pytest.raises(services.FollowUpError, match="ne prend pas de demande pour votre commune"):
        services.request_followup(person, other_structure, consent=True)
    assert not FollowUpRequest.objects.exists()


def test_another_structure_cannot_answer_the_request(client, person, mission_locale, pro_other):
    StructureTerritory.objects.create(organisation=mission_locale, departement=nievre())
    asked = services.request_followup(person, mission_locale, consent=True)
    client.force_login(pro_other)
    assert client.post(reverse("followup:request_answer", args=[asked.pk]), {"decision": "accept"}).status_code == 404
    asked.refresh_from_db()
    assert asked.status == "pending"


# --- Who sees what --------------------------------------------------------------------------------


def test_professionals_see_only_the_people_they_follow(client, followup, pro_other, pro_ml_colleague):
    for outsider in (pro_other, pro_ml_colleague):  # another structure; a colleague outside the group
        client.force_login(outsider)
        assert client.get(_detail(followup.pk)).status_code == 404
        assert "Lina" not in _text(client.get(reverse("followup:caseload")))
    assert list(permissions.followups_of_professional(pro_other)) == []


def test_a_professional_who_leaves_the_structure_loses_access_at_once(client, followup, pro_apec, apec_nievre):
    client.force_login(pro_apec)
    assert client.get(_detail(followup.pk)).status_code == 200
    Membership.objects.filter(user=pro_apec, organisation=apec_nievre).delete()
    assert client.get(_detail(followup.pk)).status_code == 404
    assert (
        client.post(
            reverse("followup:note_add", args=[followup.pk]), {"text": "Test", "visibility": "group"}
        ).status_code
        == 404
    )
    assert list(permissions.followups_of_professional(pro_apec)) == []
    assert not Note.objects.exists()


def test_notes_private_to_a_structure(client, followup, pro_ml, pro_apec, pro_ml_colleague, person, mission_locale):
    services.add_note(pro_ml, followup, "Freins : pas de permis, garde d'enfant le mercredi.", visibility="structure")
    services.add_note(pro_apec, followup, "Atelier CV fait le 4 novembre, CV à jour.", visibility="group")
    assert [n.text[:6] for n in permissions.visible_notes(pro_ml, followup)] == ["Atelie", "Freins"]
    assert [n.text[:6] for n in permissions.visible_notes(pro_apec, followup)] == ["Atelie"]
    assert [n.text[:6] for n in permissions.visible_notes(person, followup)] == ["Atelie"]
    # A colleague of the same structure who joins the group reads the structure's notes.
    services.add_member(pro_ml, followup, pro_ml_colleague.email)
    assert len(permissions.visible_notes(pro_ml_colleague, followup)) == 2

    client.force_login(person)
    page = _text(client.get(reverse("followup:mine")))
    assert "Atelier CV fait le 4 novembre" in page
    assert "garde d" not in page
    assert "Sarah Lefèvre" in page and "Hélène Marchand" in page


def test_the_person_ends_it_after_a_confirmation(client, followup, person, pro_ml, django_capture_on_commit_callbacks):
    client.force_login(person)
    page = _text(client.get(reverse("followup:end", args=[followup.pk])))
    assert "Voulez-vous vraiment arrêter votre accompagnement" in page
    assert FollowUp.objects.get().is_open
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("followup:end", args=[followup.pk]), {"reason": "other"})
    assert sorted(mail.outbox[0].to) == ["helene.marchand@exemple.fr", "sarah.lefevre@exemple.fr"]
    assert "Lina Mansouri a arrêté son accompagnement" in mail.outbox[0].body
    assert response["Location"] == reverse("followup:mine")
    followup.refresh_from_db()
    assert (followup.end_reason, followup.ended_by) == (EndReason.ENDED_BY_PERSON, person)
    client.force_login(pro_ml)
    assert "Lina" not in _text(client.get(reverse("followup:caseload")))


def test_a_member_must_give_a_reason_to_end(followup, pro_ml):
    with pytest.raises(services.FollowUpError, match="motif de fin"):
        services.end_followup(pro_ml, followup, reason="")
    assert FollowUp.objects.get().is_open


def test_leaving_the_group_drops_the_referent(followup, pro_ml):
    services.leave(pro_ml, followup)
    followup.refresh_from_db()
    assert followup.referent is None
    assert permissions.membership_in(pro_ml, followup) is None
    assert FollowUpMember.objects.filter(user=pro_ml).count() == 1  # kept, with its leaving date


# --- Appointments, contacts, documents ---------------------------------------------------------------


def test_an_appointment_in_the_past_is_refused_and_nothing_written(client, followup, pro_ml):
    client.force_login(pro_ml)
    response = client.post(
        reverse("followup:appointment_add", args=[followup.pk]),
        {"date": "2026-10-01", "time": "10:00", "duration_minutes": "45", "channel": "in_person"},
        follow=True,
    )
    assert "Le rendez-vous doit être dans le futur." in _text(response)
    assert not Appointment.objects.exists()


def test_a_held_appointment_is_the_last_contact(client, followup, pro_apec, time_machine):
    client.force_login(pro_apec)
    response = client.post(
        reverse("followup:appointment_add", args=[followup.pk]),
        {
            "date": "2026-11-05",
            "time": "14:30",
            "duration_minutes": "60",
            "channel": "video",
            "place": "Lien envoyé par e-mail",
        },
    )
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.starts_at == paris(2026, 11, 5, 14, 30)
    time_machine.move_to(paris(2026, 11, 5, 16), tick=False)
    services.set_appointment_status(pro_apec, appointment, "held")
    followup.refresh_from_db()
    assert followup.last_contact_at == paris(2026, 11, 5, 14, 30)


def test_documents_are_checked_like_cvs(client, followup, person, pro_other):
    client.force_login(person)
    response = client.post(
        reverse("followup:document_add", args=[followup.pk]),
        {"title": "Programme", "file": cv_files.upload("outil.pdf", b"MZ\x90\x00" + b"\x00" * 64)},
        follow=True,
    )
    assert "programme Windows" in _text(response)
    assert not SharedDocument.objects.exists()
    client.post(
        reverse("followup:document_add", args=[followup.pk]),
        {"title": "Attestation de formation CACES", "file": cv_files.upload("caces.pdf", cv_files.PDF_BYTES)},
    )
    document = SharedDocument.objects.get()
    assert (document.content_type, document.uploaded_by) == ("application/pdf", person)
    assert client.get(reverse("followup:document", args=[document.pk])).status_code == 200
    client.force_login(pro_other)
    assert client.get(reverse("followup:document", args=[document.pk])).status_code == 404


# --- Timeline -----------------------------------------------------------------------------------------


def test_the_timeline_gathers_applications_notes_and_appointments(followup, person, pro_ml, pro_apec, time_machine):
    time_machine.move_to(paris(2026, 11, 4, 9), tick=False)
    application = ApplicationFactory(candidate=person)
    ApplicationTransition.objects.create(
        application=application, from_status=ApplicationStatus.NEW, to_status=ApplicationStatus.INTERVIEW
    )
    services.add_note(pro_ml, followup, "Point sur la mobilité.", visibility="structure")
    services.add_note(pro_apec, followup, "Simulation d'entretien prévue.", visibility="group")
    services.plan_appointment(pro_ml, followup, starts_at=paris(2026, 11, 10, 9, 30), subject="Bilan")

    kinds = [e.kind for e in timeline_for(followup, pro_ml)]
    assert kinds.count("application") == 2 and kinds.count("note") == 2 and kinds.count("appointment") == 1
    assert kinds[0] == "appointment"  # the future appointment is the newest entry
    person_entries = timeline_for(followup, person)
    assert [e.detail for e in person_entries if e.kind == "note"] == ["Simulation d'entretien prévue."]
    assert "Candidature à « " in next(e.title for e in person_entries if e.kind == "application")
