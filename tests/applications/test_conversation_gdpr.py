"""The conversation follows the application's personal-data rules (issue 19): in the person's export,
gone with the erasure (messages, attachment files, interviews, comments, shares, invitations), and
the reminder command is a dry run by default."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.management import call_command

from emploi_territoires.applications import gdpr, services_pipeline
from emploi_territoires.applications import services_conversation as conversation
from emploi_territoires.applications.models import (
    Application,
    ApplicationComment,
    ApplicationShare,
    Interview,
    InterviewSlot,
    Invitation,
    Message,
    Side,
    Thread,
)
from emploi_territoires.core.storage import private_storage
from emploi_territoires.offers.models import OfferStatus
from tests.applications import cv_files
from tests.applications.factories import CandidateProfileFactory
from tests.clock import paris
from tests.factories import TEST_PASSWORD
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db
PHONE = "06 12 34 56 78"


@pytest.fixture
def story(time_machine, organisation_a, recruiter_a, advisor, candidate, django_capture_on_commit_callbacks):
    """Inès applied, wrote with an attachment, picked an interview slot; a colleague rated her, the
    application was shared with the Apec advisor, and another offer invited her."""
    time_machine.move_to(paris(2026, 12, 7, 9), tick=False)
    CandidateProfileFactory(user=candidate, phone=PHONE)
    offer = OfferFactory(organisation=organisation_a, status=OfferStatus.PUBLISHED, title="Chef de projet PVD (F/H)")
    with django_capture_on_commit_callbacks(execute=True):
        application = services_pipeline.apply(offer, candidate, "Bonjour")
        conversation.post_message(application, author=recruiter_a, side=Side.ORGANISATION, body="Votre numéro ?")
        message = conversation.post_message(
            application,
            author=candidate,
            side=Side.CANDIDATE,
            body=f"Inès Haddad, joignable au {PHONE}.",
            attachment=cv_files.pdf("Attestation Inès Haddad.pdf"),
        )
        start = paris(2026, 12, 9, 10)
        interview = conversation.propose_interview(
            application,
            actor=recruiter_a,
            slots=[conversation.SlotInput(start, paris(2026, 12, 9, 11), "Hôtel de ville")],
            note="Demandez Mme Roux",
        )
        conversation.choose_slot(interview, candidate=candidate, slot_id=interview.slots.get().pk)
    ApplicationComment.objects.create(
        application=application, organisation=organisation_a, author=recruiter_a, body="Inès : très bien", rating=5
    )
    ApplicationShare.objects.create(application=application, advisor=advisor, shared_by=recruiter_a)
    other = OfferFactory(organisation=organisation_a, status=OfferStatus.PUBLISHED, title="Chargée de mission ACV")
    Invitation.objects.create(
        recruiter=recruiter_a, organisation=organisation_a, offer=other, candidate=candidate, message="Inès, postulez !"
    )
    return {"application": application, "message": message, "interview": interview}


def test_the_export_holds_the_conversation_without_the_recruiters_names(story, candidate):
    archive = zipfile.ZipFile(io.BytesIO(gdpr.export_personal_data(candidate)))
    data = json.loads(archive.read("donnees.json"))
    [thread] = data["conversations"]
    assert [(m["par"], m["message"]) for m in thread["messages"]] == [
        ("recruteur", "Votre numéro ?"),
        ("vous", f"Inès Haddad, joignable au {PHONE}."),
    ]
    assert thread["messages"][1]["piece_jointe"] == "Attestation Inès Haddad.pdf"
    assert "Roux" not in json.dumps(thread)  # the recruiter's name is her own personal data
    [interview] = data["entretiens"]
    assert interview["etat"] == "Confirmé" and interview["creneau_retenu"] == "2026-12-09T09:00:00+00:00"
    assert [i["message"] for i in data["invitations_recues"]] == ["Inès, postulez !"]
    assert "Inès : très bien" not in json.dumps(data)  # colleagues' comments: the organisation's notes
    assert "vos conversations avec les recruteurs" in archive.read("LISEZMOI.txt").decode()


def test_the_erasure_deletes_the_conversation_and_its_files(story, candidate, django_capture_on_commit_callbacks):
    stored = story["message"].attachment_file
    assert private_storage().exists(stored)
    with django_capture_on_commit_callbacks(execute=True):
        report = gdpr.delete_account(candidate, TEST_PASSWORD)
    assert report.conversation == {
        "messages": 2,
        "threads": 1,
        "interviews": 1,
        "comments": 1,
        "shares": 1,
        "invitations": 1,
        "attachments": 1,
    }
    assert not private_storage().exists(stored)
    for model in (Thread, Message, Interview, InterviewSlot, ApplicationComment, ApplicationShare, Invitation):
        assert not model.objects.exists(), model
    assert Application.objects.get(pk=story["application"].pk).candidate is None


def test_the_reminder_command_is_a_dry_run_by_default(story, time_machine):
    time_machine.move_to(paris(2026, 12, 8, 8), tick=False)
    out = io.StringIO()
    call_command("interview_reminders", stdout=out)
    assert "à envoyer (simulation" in out.getvalue() and "1 entretien(s)" in out.getvalue()
    assert Interview.objects.get().reminder_sent_at is None
    call_command("interview_reminders", "--apply", stdout=out)
    assert Interview.objects.get().reminder_sent_at == paris(2026, 12, 8, 8)
