"""The pipeline's e-mails, in French, text and HTML: plain text unescaped, HTML escaped, links absolute."""

from __future__ import annotations

import pytest
from django.core import mail

from emploi_territoires.applications import services_pipeline as services
from emploi_territoires.applications.models import ApplicationStatus
from emploi_territoires.offers.models import OfferStatus
from tests.applications.factories import CandidateProfileFactory
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db
S = ApplicationStatus
TRICKY = "L'équipe <script>alert(1)</script> & « vous »"


@pytest.fixture
def application(organisation_a, recruiter_a, candidate, settings):
    settings.SITE_URL = "https://emploi-territoires.example.fr"
    offer = OfferFactory(
        organisation=organisation_a, status=OfferStatus.PUBLISHED, title="Chargé·e d'opération cœur de ville"
    )
    CandidateProfileFactory(user=candidate)
    return services.apply(offer, candidate, TRICKY)


def sent(capture, action):
    mail.outbox.clear()
    with capture(execute=True):
        action()
    return list(mail.outbox)


def check(email):
    html = email.alternatives[0][0]
    assert email.alternatives[0][1] == "text/html"
    assert "\n" not in email.subject and "&#x27;" not in email.subject and "&amp;" not in email.subject
    assert "&#x27;" not in email.body and "{{" not in email.body and "{%" not in email.body
    assert "https://emploi-territoires.example.fr/candidats/" in email.body
    assert 'href="https://emploi-territoires.example.fr/candidats/' in html
    assert "<script>" not in html
    assert "L'équipe Emploi Territoires" in email.body
    return html


def test_every_email_of_an_application_lifecycle(
    application, recruiter_a, candidate, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    (interview,) = sent(
        capture, lambda: services.transition_application(application, S.INTERVIEW, actor=recruiter_a, message=TRICKY)
    )
    html = check(interview)
    assert TRICKY in interview.body  # plain text: the recruiter's words as written
    assert "L&#x27;équipe &lt;script&gt;alert(1)&lt;/script&gt; &amp; « vous »" in html
    assert interview.subject == "Entretien : votre candidature « Chargé·e d'opération cœur de ville » avance"

    (refused,) = sent(
        capture,
        lambda: services.transition_application(
            application, S.REFUSED, actor=recruiter_a, reason="after_interview", message="Merci pour cet échange."
        ),
    )
    check(refused)
    assert "Motif : Suite à l'entretien, nous ne donnons pas suite." in refused.body
    assert refused.subject == "Votre candidature « Chargé·e d'opération cœur de ville »"


def test_acknowledgement_and_new_application_emails(
    organisation_a, recruiter_a, candidate, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://emploi-territoires.example.fr"
    offer = OfferFactory(organisation=organisation_a, status=OfferStatus.PUBLISHED, title="Manager de centre-ville")
    CandidateProfileFactory(user=candidate)
    emails = sent(django_capture_on_commit_callbacks, lambda: services.apply(offer, candidate, TRICKY))
    assert len(emails) == 2
    for email in emails:
        check(email)
    ack = next(e for e in emails if e.to == ["ines.haddad@exemple.fr"])
    assert "/candidats/mes-candidatures/" in ack.body
    new = next(e for e in emails if e.to == ["claire.roux@exemple.fr"])
    assert "Inès Haddad vient de candidater" in new.body


def test_hired_and_withdrawn_emails(application, recruiter_a, candidate, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    services.transition_application(application, S.INTERVIEW, actor=recruiter_a)
    (hired,) = sent(capture, lambda: services.transition_application(application, S.HIRED, actor=recruiter_a))
    check(hired)
    assert "Félicitations" in hired.body and hired.to == ["ines.haddad@exemple.fr"]

    other = OfferFactory(organisation=application.organisation, status=OfferStatus.PUBLISHED, title="Archiviste")
    second = services.apply(other, candidate, "")
    (withdrawn,) = sent(capture, lambda: services.withdraw(second, actor=candidate))
    check(withdrawn)
    assert withdrawn.to == ["claire.roux@exemple.fr"]
    assert "Inès Haddad a retiré sa candidature" in withdrawn.body


def test_no_email_to_an_inactive_candidate(application, recruiter_a, candidate, django_capture_on_commit_callbacks):
    candidate.is_active = False
    candidate.save(update_fields=["is_active"])
    assert (
        sent(
            django_capture_on_commit_callbacks,
            lambda: services.transition_application(application, S.INTERVIEW, actor=recruiter_a),
        )
        == []
    )
