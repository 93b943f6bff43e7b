"""The organisation reads the CV as it was sent with the application, never one uploaded later, and
nothing after a withdrawal (issue 20, item 13)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from emploi_territoires.applications import gdpr, services_pipeline, services_profile
from emploi_territoires.applications.models import Application
from emploi_territoires.core.storage import private_storage
from emploi_territoires.offers.models import OfferStatus
from tests.applications import cv_files
from tests.applications.factories import CandidateProfileFactory
from tests.factories import TEST_PASSWORD
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db

CV_SENT = cv_files.PDF_BYTES + b"% CV envoye en mars : cheffe de projet PVD\n"
CV_LATER = cv_files.PDF_BYTES + b"% CV depose plus tard\n"


@pytest.fixture
def application(candidate, organisation_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        CandidateProfileFactory(user=candidate)
        services_profile.replace_cv(candidate, cv_files.upload("CV Inès Haddad.pdf", CV_SENT))
        offer = OfferFactory(organisation=organisation_a, status=OfferStatus.PUBLISHED)
        application = services_pipeline.apply(offer, candidate, "Bonjour.")
        services_profile.replace_cv(candidate, cv_files.upload("CV Inès Haddad 2.pdf", CV_LATER))
    return application


def get(client, user, url):
    assert client.login(email=user.email, password=TEST_PASSWORD)
    return client.get(url)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_recruiter_reads_the_cv_sent_not_the_one_uploaded_later(client, recruiter_a, candidate, application):
    response = get(client, recruiter_a, reverse("applications:application_cv", args=[application.pk]))
    assert response.status_code == 200 and body(response) == CV_SENT
    assert response["Cache-Control"] == "private, no-store"
    # The current CV is the person's (and their advisor's): not the organisation's.
    assert client.get(reverse("applications:cv", args=[candidate.pk])).status_code == 404
    detail = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert reverse("applications:application_cv", args=[application.pk]) in detail
    assert reverse("applications:cv", args=[candidate.pk]) not in detail


def test_the_person_still_reads_their_current_cv(client, candidate, application):
    response = get(client, candidate, reverse("applications:cv", args=[candidate.pk]))
    assert body(response) == CV_LATER


def test_nothing_after_a_withdrawal_and_the_copy_is_deleted(
    client, recruiter_a, recruiter_b, candidate, application, django_capture_on_commit_callbacks
):
    copy = Application.objects.get(pk=application.pk).cv_file
    assert copy and private_storage().exists(copy)
    assert get(client, recruiter_b, reverse("applications:application_cv", args=[application.pk])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        services_pipeline.withdraw(application, actor=candidate)
    assert not private_storage().exists(copy)
    assert Application.objects.get(pk=application.pk).cv_file == ""
    assert get(client, recruiter_a, reverse("applications:application_cv", args=[application.pk])).status_code == 404
    assert client.get(reverse("applications:cv", args=[candidate.pk])).status_code == 404


def test_erasure_deletes_the_copy(candidate, application, django_capture_on_commit_callbacks):
    copy = Application.objects.get(pk=application.pk).cv_file
    assert private_storage().exists(copy)
    with django_capture_on_commit_callbacks(execute=True):
        gdpr.erase_candidate(candidate, reason="request", actor=candidate)
    assert not private_storage().exists(copy)
    assert Application.objects.get(pk=application.pk).cv_file == ""
