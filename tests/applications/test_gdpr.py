"""Personal data (GDPR): the export ZIP, account deletion (applications anonymised, figures kept),
and the inactivity warning then anonymisation, run at fixed moments (`now` arguments)."""

from __future__ import annotations

import datetime
import io
import json
import zipfile

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from emploi_territoires.accounts.models import User
from emploi_territoires.applications import gdpr, services_pipeline, services_profile
from emploi_territoires.applications.models import (
    Application,
    ApplicationNote,
    ApplicationStatus,
    ApplicationTransition,
    AuditEvent,
    CandidateProfile,
    Consent,
    SavedSearch,
)
from emploi_territoires.applications.permissions import months_before
from emploi_territoires.core.storage import private_storage
from emploi_territoires.offers.models import OfferStatus
from tests.applications import cv_files
from tests.applications.factories import CandidateProfileFactory, CandidateUserFactory
from tests.clock import paris
from tests.factories import TEST_PASSWORD
from tests.offers.factories import OfferFactory

MESSAGE = "Madame, Monsieur, je suis Inès Haddad et votre offre de cheffe de projet m'intéresse."
NOTE = "Profil solide ; Inès a piloté le programme PVD de Firminy."


@pytest.fixture
def story(candidate, organisation_a, recruiter_a, organisation_b, django_capture_on_commit_callbacks):
    """Inès has a profile and a CV, applied to two offers (one refused with a note), saved a search."""
    with django_capture_on_commit_callbacks(execute=True):
        CandidateProfileFactory(user=candidate, phone="06 12 34 56 78")
        services_profile.replace_cv(candidate, cv_files.pdf())
        offer_a = OfferFactory(organisation=organisation_a, status=OfferStatus.PUBLISHED)
        offer_b = OfferFactory(
            organisation=organisation_b, status=OfferStatus.PUBLISHED, title="Responsable d'atelier (F/H)"
        )
        refused = services_pipeline.apply(offer_a, candidate, MESSAGE)
        services_pipeline.transition_application(refused, ApplicationStatus.UNDER_REVIEW, actor=recruiter_a)
        services_pipeline.add_note(refused, author=recruiter_a, text=NOTE)
        services_pipeline.transition_application(
            refused, ApplicationStatus.REFUSED, actor=recruiter_a, reason="profile_mismatch", message="Bonjour Inès…"
        )
        open_one = services_pipeline.apply(offer_b, candidate, "Bonjour, disponible dès mars.")
        SavedSearch.objects.create(user=candidate, name="Chargé de mission Loire", query={"q": "chargé de mission"})
    mail.outbox.clear()
    return {"refused": refused, "open": open_one}


# --- Export ----------------------------------------------------------------------------------------


def test_export_zip_holds_everything_about_the_person(client, candidate, story):
    client.force_login(candidate)
    response = client.post(reverse("applications:export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["LISEZMOI.txt", "cv.pdf", "donnees.json"]
    assert archive.read("cv.pdf") == cv_files.PDF_BYTES
    data = json.loads(archive.read("donnees.json"))
    assert data["compte"]["email"] == "ines.haddad@exemple.fr"
    assert data["profil"]["telephone"] == "06 12 34 56 78"
    assert data["profil"]["commune"] == {"code": "42218", "nom": "Saint-Étienne"}
    assert data["profil"]["cv"]["nom_du_fichier"] == "CV Inès Haddad.pdf"
    assert [(c["code"], c["version_du_texte"]) for c in data["consentements"]] == [("profile", "2026-01")]
    applications = {a["organisation"]: a for a in data["candidatures"]}
    refused = applications["Saint-Étienne Métropole"]
    assert refused["message"] == MESSAGE
    assert refused["etat"] == "Refusée"
    assert [(h["vers"], h["par"]) for h in refused["historique"]] == [
        ("Nouvelle", "vous"),
        ("En cours d'examen", "recruteur"),
        ("Refusée", "recruteur"),
    ]
    assert applications["Menuiserie du Haut Nivernais"]["etat"] == "Nouvelle"
    assert data["recherches_enregistrees"][0]["nom"] == "Chargé de mission Loire"
    assert "cv_uploaded" in {e["action"] for e in data["journal"]}
    # Recruiters' private notes and names stay out (documented in gdpr.py).
    text = archive.read("donnees.json").decode()
    assert NOTE not in text
    assert "Claire" not in text and "Roux" not in text
    assert AuditEvent.objects.filter(action="data_exported", subject_user_id=candidate.pk).exists()


def test_export_of_a_cv_read_shows_who_read_it(client, candidate, recruiter_a, story):
    client.force_login(recruiter_a)
    # The organisation reads the CV sent with the application (issue 20, item 13).
    assert client.get(reverse("applications:application_cv", args=[story["refused"].pk])).status_code == 200
    data = gdpr.collect_personal_data(candidate)
    views = [e for e in data["journal"] if e["action"] == "cv_viewed"]
    assert views[0]["par"] == "recruteur"
    assert views[0]["details"]["organisations"] == ["Saint-Étienne Métropole"]


def test_export_needs_a_post_from_the_candidate(client, candidate, recruiter_a, anonymous_client):
    url = reverse("applications:export")
    assert anonymous_client.post(url).status_code == 302
    client.force_login(candidate)
    assert client.get(url).status_code == 405
    client.force_login(recruiter_a)
    assert client.post(url).status_code == 403


# --- Account deletion --------------------------------------------------------------------------------


def test_wrong_password_deletes_nothing(client, candidate, story):
    client.force_login(candidate)
    response = client.post(reverse("applications:delete_account"), {"password": "pas-le-bon"})
    assert response.status_code == 200
    assert "Mot de passe incorrect" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.is_active and candidate.email == "ines.haddad@exemple.fr"
    assert CandidateProfile.objects.filter(user=candidate).exists()
    assert Application.objects.filter(candidate=candidate).count() == 2


def test_delete_account_anonymises_applications_and_keeps_figures(
    client, candidate, organisation_a, story, django_capture_on_commit_callbacks
):
    cv_name = CandidateProfile.objects.get(user=candidate).cv.name
    per_org_before = {
        org: Application.objects.filter(organisation__name=org).count()
        for org in ("Saint-Étienne Métropole", "Menuiserie du Haut Nivernais")
    }
    transitions_before = ApplicationTransition.objects.count()
    client.force_login(candidate)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("applications:delete_account"), {"password": TEST_PASSWORD})
    assert response.status_code == 302

    refused = Application.objects.get(pk=story["refused"].pk)
    assert refused.candidate is None
    assert refused.message == "" and refused.refusal_message == ""
    assert refused.anonymised_at is not None
    assert refused.status == ApplicationStatus.REFUSED and refused.closed_at is not None
    assert refused.refusal_reason == "profile_mismatch"  # a category, kept for the figures
    assert {org: Application.objects.filter(organisation__name=org).count() for org in per_org_before} == per_org_before
    assert ApplicationTransition.objects.count() == transitions_before
    assert not ApplicationTransition.objects.exclude(comment="").exists()
    assert not ApplicationNote.objects.exists()

    assert not CandidateProfile.objects.filter(user=candidate).exists()
    assert not private_storage().exists(cv_name)
    assert not Consent.objects.filter(user=candidate).exists()
    assert not SavedSearch.objects.filter(user=candidate).exists()
    candidate.refresh_from_db()
    assert not candidate.is_active
    assert candidate.email == f"compte-supprime-{candidate.pk}@anonyme.invalid"
    assert (candidate.first_name, candidate.last_name) == ("", "")
    assert not candidate.has_usable_password()
    event = AuditEvent.objects.get(action="account_deleted", subject_user_id=candidate.pk)
    assert event.details == {"reason": "request", "applications": 2}

    assert [m.to for m in mail.outbox] == [["ines.haddad@exemple.fr"]]
    assert "supprimé" in mail.outbox[0].subject
    # Logged out, and the old credentials no longer work.
    assert "_auth_user_id" not in client.session
    assert not client.login(username="ines.haddad@exemple.fr", password=TEST_PASSWORD)
    # The recruiter keeps the application in the figures, without the person.
    assert Application.objects.filter(organisation=organisation_a, status=ApplicationStatus.REFUSED).count() == 1


def test_delete_account_page_for_candidates_only(client, recruiter_a, anonymous_client):
    url = reverse("applications:delete_account")
    assert anonymous_client.get(url).status_code == 302
    client.force_login(recruiter_a)
    assert client.post(url, {"password": TEST_PASSWORD}).status_code == 403
    recruiter_a.refresh_from_db()
    assert recruiter_a.is_active


# --- Inactivity ----------------------------------------------------------------------------------------


def after_months(moment: datetime.datetime, months: int) -> datetime.datetime:
    return months_before(moment, -months)


@pytest.fixture
def inactive(candidate):
    """Inès, last active at T0 (now); the tests move the clock forward with `now` arguments."""
    t0 = timezone.now()
    User.objects.filter(pk=candidate.pk).update(last_login=t0, date_joined=t0 - datetime.timedelta(days=10))
    CandidateProfileFactory(user=candidate, last_activity_at=t0)
    return t0


def test_nothing_to_do_before_23_months(inactive):
    plan = gdpr.inactivity_plan(after_months(inactive, 23))
    assert plan.to_warn == [] and plan.to_anonymise == []


def test_warned_30_days_before_then_anonymised(candidate, inactive, django_capture_on_commit_callbacks):
    warn_day = after_months(inactive, 24) - datetime.timedelta(days=29)
    with django_capture_on_commit_callbacks(execute=True):
        plan, report = gdpr.process_inactive(warn_day, apply=True)
    assert report.warned == [candidate.pk] and report.anonymised == []
    assert CandidateProfile.objects.get(user=candidate).inactivity_warned_at == warn_day
    assert len(mail.outbox) == 1
    assert "anonymisé dans 30 jours" in mail.outbox[0].subject
    assert mail.outbox[0].to == ["ines.haddad@exemple.fr"]

    # The next days: already warned, not yet due.
    plan = gdpr.inactivity_plan(warn_day + datetime.timedelta(days=10))
    assert plan.to_warn == [] and plan.to_anonymise == []

    due = warn_day + datetime.timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        _, report = gdpr.process_inactive(due, apply=True)
    assert report.anonymised == [candidate.pk]
    candidate.refresh_from_db()
    assert not candidate.is_active and candidate.email.endswith("@anonyme.invalid")
    assert AuditEvent.objects.get(action="account_anonymised", subject_user_id=candidate.pk).details["reason"] == (
        "inactivity"
    )
    assert len(mail.outbox) == 1  # no second e-mail
    # Done once: the next run finds nobody.
    assert gdpr.inactivity_plan(due + datetime.timedelta(days=1)).to_anonymise == []


def test_a_login_between_warning_and_deadline_cancels(candidate, inactive):
    warn_day = after_months(inactive, 24) - datetime.timedelta(days=29)
    gdpr.process_inactive(warn_day, apply=True)
    services_profile.touch_activity(candidate, warn_day + datetime.timedelta(days=5))  # what a login does
    plan = gdpr.inactivity_plan(warn_day + datetime.timedelta(days=40))
    assert plan.to_anonymise == [] and plan.to_warn == []
    candidate.refresh_from_db()
    assert candidate.is_active


def test_anonymised_only_after_a_warning(candidate, inactive):
    # Inactive for 30 months but never warned (the command did not run): warned first, not erased.
    plan = gdpr.inactivity_plan(after_months(inactive, 30))
    assert plan.to_warn == [candidate] and plan.to_anonymise == []


def test_candidate_without_profile_is_warned_then_anonymised(db):
    t0 = timezone.now()
    user = CandidateUserFactory(email="yanis.morel@exemple.fr")
    User.objects.filter(pk=user.pk).update(last_login=t0, date_joined=t0)
    warn_day = after_months(t0, 24) - datetime.timedelta(days=20)
    _, report = gdpr.process_inactive(warn_day, apply=True)
    assert report.warned == [user.pk]
    _, report = gdpr.process_inactive(warn_day + datetime.timedelta(days=31), apply=True)
    assert report.anonymised == [user.pk]


def test_professionals_are_not_concerned(recruiter_a):
    t0 = timezone.now()
    User.objects.filter(pk=recruiter_a.pk).update(last_login=t0 - datetime.timedelta(days=1000))
    assert gdpr.inactivity_plan(t0).to_warn == []


def test_command_is_a_dry_run_by_default(candidate, inactive, capsys):
    now = (after_months(inactive, 24) - datetime.timedelta(days=29)).isoformat()
    call_command("anonymise_inactive", "--now", now)
    out = capsys.readouterr().out
    assert "1 compte(s) à prévenir" in out
    assert "Simulation : rien n'a été modifié" in out
    assert CandidateProfile.objects.get(user=candidate).inactivity_warned_at is None
    assert mail.outbox == []
    call_command("anonymise_inactive", "--now", now, "--apply")
    assert "1 compte(s) prévenu(s)" in capsys.readouterr().out
    assert CandidateProfile.objects.get(user=candidate).inactivity_warned_at is not None


def test_command_refuses_a_naive_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="fuseau horaire"):
        call_command("anonymise_inactive", "--now", "2028-06-01T03:30:00")


# --- Admin ------------------------------------------------------------------------------------------


def test_admin_pages_open_and_never_link_the_storage(admin_client, candidate, story):
    for name in ("candidateprofile", "application", "consent", "savedsearch", "auditevent"):
        assert admin_client.get(reverse(f"admin:applications_{name}_changelist")).status_code == 200
    profile = CandidateProfile.objects.get(user=candidate)
    page = admin_client.get(reverse("admin:applications_candidateprofile_change", args=[profile.pk])).content.decode()
    assert reverse("applications:cv", args=[candidate.pk]) in page
    assert profile.cv.name not in page


def test_admin_erase_action(admin_client, candidate, story):
    profile = CandidateProfile.objects.get(user=candidate)
    response = admin_client.post(
        reverse("admin:applications_candidateprofile_changelist"),
        {"action": "erase", "_selected_action": [profile.pk]},
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert not candidate.is_active
    assert Application.objects.filter(candidate__isnull=True).count() == 2
    assert AuditEvent.objects.get(action="account_anonymised", subject_user_id=candidate.pk).details["reason"] == (
        "staff"
    )


def test_someone_last_seen_on_29_february_is_warned_30_days_before_their_anniversary(candidate, time_machine):
    # 24 months after 29 February 2028 is 28 February 2030: the warning is due from 29 January 2030.
    time_machine.move_to(paris(2028, 2, 29, 10, 0), tick=False)
    t0 = timezone.now()
    User.objects.filter(pk=candidate.pk).update(last_login=t0, date_joined=t0 - datetime.timedelta(days=10))
    CandidateProfileFactory(user=candidate, last_activity_at=t0)
    assert gdpr.inactivity_plan(paris(2030, 1, 28, 12, 0)).to_warn == []
    assert gdpr.inactivity_plan(paris(2030, 1, 30, 10, 0)).to_warn == [candidate]
