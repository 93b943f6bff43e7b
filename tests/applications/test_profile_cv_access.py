"""Who reads a candidate's CV and profile: the person, the recruiters they applied to (until 24 months
after closing), the advisor who follows them, staff. Everybody else gets a 404; every read by someone
else is in the audit trail."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from emploi_territoires.applications import permissions, services_pipeline, services_profile
from emploi_territoires.applications.models import ApplicationStatus, AuditEvent
from emploi_territoires.followup.models import FollowUp
from emploi_territoires.followup.services import leave, open_followup
from tests.applications import cv_files
from tests.applications.factories import ApplicationFactory, CandidateProfileFactory
from tests.offers.factories import OfferFactory


@pytest.fixture
def profile(candidate, advisor):
    profile = CandidateProfileFactory(user=candidate)
    open_followup(advisor, candidate, consent_recorded=True)  # issue 15: the advisor is in her follow-up group
    services_profile.replace_cv(candidate, cv_files.pdf())
    profile.refresh_from_db()
    return profile


@pytest.fixture
def application_a(candidate, organisation_a):
    from emploi_territoires.offers.models import OfferStatus

    application = ApplicationFactory(
        candidate=candidate, offer=OfferFactory(organisation=organisation_a, status=OfferStatus.PUBLISHED)
    )
    services_pipeline.attach_cv_snapshot(application)  # as `apply` does: the CV sent (issue 20, item 13)
    return application


def cv_url(user):
    return reverse("applications:cv", args=[user.pk])


@pytest.mark.parametrize("persona", ["candidate", "recruiter_a", "member_a", "advisor", "staff"])
def test_allowed_readers_get_the_file(client, request, profile, application_a, persona):
    reader = request.getfixturevalue(persona)
    client.force_login(reader)
    # The organisation reads the CV sent with the application; the others the current CV.
    if persona in {"recruiter_a", "member_a"}:
        assert client.get(cv_url(profile.user)).status_code == 404
        response = client.get(reverse("applications:application_cv", args=[application_a.pk]))
    else:
        response = client.get(cv_url(profile.user))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == cv_files.PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert "cv-ines-haddad.pdf" in response["Content-Disposition"]
    views = AuditEvent.objects.filter(action="cv_viewed", subject_user_id=profile.user_id)
    if persona == "candidate":
        assert not views.exists()  # the person's own reads are not logged
    else:
        event = views.get()
        assert event.actor == reader
        expected_role = {"recruiter_a": "recruiter", "member_a": "recruiter", "advisor": "advisor", "staff": "staff"}
        assert event.details["role"] == expected_role[persona]
        if persona in {"recruiter_a", "member_a"}:
            assert event.details["organisations"] == ["Saint-Étienne Métropole"]


@pytest.mark.parametrize("persona", ["recruiter_b", "advisor_other"])
def test_outsiders_get_404_and_nothing_is_logged(client, request, profile, application_a, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(cv_url(profile.user)).status_code == 404
    assert client.get(reverse("applications:candidate_detail", args=[profile.user_id])).status_code == 404
    assert not AuditEvent.objects.filter(action__in=["cv_viewed", "profile_viewed"]).exists()


def test_anonymous_is_sent_to_login(anonymous_client, profile):
    response = anonymous_client.get(cv_url(profile.user))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_recruiter_without_application_gets_404(client, recruiter_a, profile):
    client.force_login(recruiter_a)
    assert client.get(cv_url(profile.user)).status_code == 404


def test_advisor_no_longer_followed_gets_404(client, advisor, profile):
    leave(advisor, FollowUp.objects.get(person=profile.user))
    client.force_login(advisor)
    assert client.get(cv_url(profile.user)).status_code == 404


def test_word_documents_are_downloaded_not_shown(client, candidate, profile):
    services_profile.replace_cv(candidate, cv_files.upload("mon cv.docx", cv_files.docx_bytes()))
    client.force_login(candidate)
    response = client.get(cv_url(candidate))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_no_cv_is_a_404(client, candidate):
    CandidateProfileFactory(user=candidate)
    client.force_login(candidate)
    assert client.get(cv_url(candidate)).status_code == 404


def test_candidate_detail_for_the_recruiter_is_audited(client, recruiter_a, profile, application_a):
    client.force_login(recruiter_a)
    response = client.get(reverse("applications:candidate_detail", args=[profile.user_id]))
    assert response.status_code == 200
    assert "Inès Haddad" in response.content.decode()
    assert AuditEvent.objects.filter(action="profile_viewed", actor=recruiter_a).exists()


# --- Retention: recruiters lose access 24 months after the application closed -----------------------


def test_recruiter_access_ends_24_months_after_closing(client, candidate, recruiter_a, profile, application_a):
    closed = timezone.now() - datetime.timedelta(days=30)
    application_a.status = ApplicationStatus.REFUSED
    application_a.closed_at = closed
    application_a.save(update_fields=["status", "closed_at"])
    assert permissions.can_view_candidate(recruiter_a, candidate, now=closed + datetime.timedelta(days=700))
    assert permissions.can_view_candidate(recruiter_a, candidate, now=permissions.months_before(closed, -24))
    assert not permissions.can_view_candidate(
        recruiter_a, candidate, now=permissions.months_before(closed, -24) + datetime.timedelta(seconds=1)
    )
    # The candidate, the advisor and staff keep their access.
    later = closed + datetime.timedelta(days=800)
    assert permissions.can_view_candidate(candidate, candidate, now=later)

    # Through the view (real clock): closed 25 months ago → 404; 23 months ago → 200.
    client.force_login(recruiter_a)
    application_a.closed_at = permissions.months_before(timezone.now(), 25)
    application_a.save(update_fields=["closed_at"])
    sent_cv = reverse("applications:application_cv", args=[application_a.pk])
    assert client.get(sent_cv).status_code == 404
    application_a.closed_at = permissions.months_before(timezone.now(), 23)
    application_a.save(update_fields=["closed_at"])
    assert client.get(sent_cv).status_code == 200


def test_an_open_application_keeps_access_however_old(candidate, recruiter_a, profile, application_a):
    assert permissions.can_view_candidate(recruiter_a, candidate, now=timezone.now() + datetime.timedelta(days=3650))


def test_another_open_application_keeps_access_when_one_expired(candidate, recruiter_a, organisation_a, profile):
    from emploi_territoires.offers.models import OfferStatus

    old = ApplicationFactory(
        candidate=candidate,
        offer=OfferFactory(organisation=organisation_a, status=OfferStatus.PUBLISHED),
        status=ApplicationStatus.REFUSED,
    )
    old.closed_at = timezone.now() - datetime.timedelta(days=1000)
    old.save(update_fields=["closed_at"])
    assert not permissions.can_view_candidate(recruiter_a, candidate)
    ApplicationFactory(
        candidate=candidate, offer=OfferFactory(organisation=organisation_a, status=OfferStatus.PUBLISHED)
    )
    assert permissions.can_view_candidate(recruiter_a, candidate)


def test_months_before_handles_short_months():
    moment = datetime.datetime(2026, 3, 31, 12, tzinfo=datetime.UTC)
    assert permissions.months_before(moment, 1) == datetime.datetime(2026, 2, 28, 12, tzinfo=datetime.UTC)
    assert permissions.months_before(moment, 24) == datetime.datetime(2024, 3, 31, 12, tzinfo=datetime.UTC)
    leap = datetime.datetime(2028, 2, 29, tzinfo=datetime.UTC)
    assert permissions.months_before(leap, 24) == datetime.datetime(2026, 2, 28, tzinfo=datetime.UTC)


def test_visible_profiles_for_an_organisation(candidate, organisation_a, organisation_b):
    from emploi_territoires.applications.models import CandidateProfile, Visibility
    from tests.factories import DepartementFactory

    profile = CandidateProfileFactory(user=candidate, visibility=Visibility.TERRITORIES, visible_programmes=["pvd"])
    visible_a = CandidateProfile.objects.filter(permissions.visible_to_organisation_q(organisation_a))
    visible_b = CandidateProfile.objects.filter(permissions.visible_to_organisation_q(organisation_b))
    # Clamecy (organisation B) is a Petite ville de demain, Saint-Étienne is not.
    assert list(visible_b) == [profile]
    assert list(visible_a) == []
    profile.visible_departements.set([DepartementFactory()])
    assert list(CandidateProfile.objects.filter(permissions.visible_to_organisation_q(organisation_a))) == [profile]
