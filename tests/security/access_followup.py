"""Access to the follow-ups (issue 15): the person (the `candidate` persona) and the group.

The world's follow-up: the candidate Inès, followed by recruiter_a acting for organisation A
(Saint-Étienne Métropole, a collectivité's employment service: a support structure kind). The
Apec advisor of the Nièvre (`advisor_other`) is a support professional outside the group: she gets
the caseload page (empty) and a 404 on everything of the follow-up, like recruiter_b (a company)
and staff (no follow-up through the site).
"""

from tests.security.matrix import LOGGED_IN, LOGIN, REDIRECT, Access, expect


def _followup(w):
    if not hasattr(w, "_followup"):
        from emploi_territoires.followup import services

        w._followup = services.open_followup(
            w.recruiter_a, w.candidate, organisation=w.organisation_a, consent_recorded=True
        ).followup
    return w._followup


def _pk(w):
    return {"pk": _followup(w).pk}


def _request(w):
    from emploi_territoires.followup.models import FollowUpRequest

    if not hasattr(w, "_followup_request"):
        w._followup_request = FollowUpRequest.objects.create(
            person=w.candidate, organisation=w.organisation_a, consent_text_version="2026-12", message="Bonjour"
        )
    return w._followup_request


def _appointment(w):
    import datetime

    from django.utils import timezone

    from emploi_territoires.followup import services

    if not hasattr(w, "_appointment"):
        w._appointment = services.plan_appointment(
            w.recruiter_a, _followup(w), starts_at=timezone.now() + datetime.timedelta(days=3), subject="Bilan"
        )
    return w._appointment


def _document(w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from emploi_territoires.followup import services
    from tests.applications.cv_files import PDF_BYTES

    if not hasattr(w, "_document"):
        upload = SimpleUploadedFile("attestation.pdf", PDF_BYTES, content_type="application/pdf")
        w._document = services.share_document(w.candidate, _followup(w), upload, "Attestation de formation")
    return w._document


def build_followup_story(w) -> None:
    """Everything a follow-up shows (for the poisoned-world crawl of test_injection.py)."""
    from emploi_territoires.followup import services

    followup = _followup(w)
    services.add_note(w.recruiter_a, followup, "Point d'étape partagé.", visibility="group")
    services.add_note(w.recruiter_a, followup, "Note interne à la structure.", visibility="structure")
    _appointment(w)
    _document(w)
    _request(w)
    services.save_structure_settings(
        w.recruiter_a, w.organisation_a, no_contact_alert_weeks=4, accepts_requests=True, description="Accueil"
    )


PROFESSIONALS = expect(403, anonymous=LOGIN, recruiter_a=200, advisor_other=200)
GROUP_GET = expect(404, anonymous=LOGIN, candidate=200, recruiter_a=200)
MEMBER_POST = expect(404, anonymous=LOGIN, recruiter_a=REDIRECT)
POST_ONLY = expect(405, anonymous=LOGIN)

ACCESS = {
    "followup:home": Access(get=expect(REDIRECT, anonymous=LOGIN)),
    "followup:mine": Access(get=LOGGED_IN),
    "followup:request": Access(
        get=expect(403, anonymous=LOGIN, candidate=200),
        post=expect(403, anonymous=LOGIN, candidate=200),
        data=lambda w: {"organisation": str(w.organisation_b.pk), "start_reason": "job_search", "consent": "on"},
    ),
    "followup:request_cancel": Access(
        get=POST_ONLY,
        post=expect(404, anonymous=LOGIN, candidate=REDIRECT),
        kwargs=lambda w: {"pk": _request(w).pk},
    ),
    "followup:caseload": Access(get=PROFESSIONALS),
    "followup:open": Access(
        get=PROFESSIONALS,
        # Without the consent box: the form comes back with the French message, nothing written.
        post=PROFESSIONALS,
        data=lambda w: {"email": w.candidate.email, "organisation": str(w.organisation_a.pk), "start_reason": "other"},
    ),
    "followup:requests": Access(get=PROFESSIONALS),
    "followup:request_answer": Access(
        get=POST_ONLY,
        post=expect(404, anonymous=LOGIN, recruiter_a=REDIRECT),
        kwargs=lambda w: {"pk": _request(w).pk},
        data=lambda w: {"decision": "accept"},
    ),
    "followup:settings": Access(
        get=expect(404, anonymous=LOGIN, recruiter_a=200),
        post=expect(404, anonymous=LOGIN, recruiter_a=REDIRECT),
        kwargs=lambda w: {"org_pk": w.organisation_a.pk},
        data=lambda w: {"no_contact_alert_weeks": "3", "accepts_requests": "on"},
    ),
    "followup:appointment_status": Access(
        get=POST_ONLY,
        post=MEMBER_POST,
        kwargs=lambda w: {"pk": _appointment(w).pk},
        data=lambda w: {"status": "cancelled"},
    ),
    "followup:document": Access(get=GROUP_GET, kwargs=lambda w: {"pk": _document(w).pk}),
    "followup:detail": Access(get=expect(404, anonymous=LOGIN, candidate=REDIRECT, recruiter_a=200), kwargs=_pk),
    "followup:end": Access(
        get=GROUP_GET,
        post=expect(404, anonymous=LOGIN, candidate=REDIRECT, recruiter_a=REDIRECT),
        kwargs=_pk,
        data=lambda w: {"reason": "job", "comment": "CDD de six mois"},
    ),
    "followup:document_add": Access(
        get=POST_ONLY,
        post=expect(404, anonymous=LOGIN, candidate=REDIRECT, recruiter_a=REDIRECT),
        kwargs=_pk,
        data=lambda w: {"title": "Sans fichier"},
    ),
    "followup:note_add": Access(
        get=POST_ONLY, post=MEMBER_POST, kwargs=_pk, data=lambda w: {"text": "Point d'étape", "visibility": "group"}
    ),
    "followup:appointment_add": Access(
        get=POST_ONLY,
        post=MEMBER_POST,
        kwargs=_pk,
        data=lambda w: {"date": "2099-01-05", "time": "10:00", "duration_minutes": "45", "channel": "phone"},
    ),
    "followup:contact": Access(get=POST_ONLY, post=MEMBER_POST, kwargs=_pk),
    "followup:member_add": Access(
        get=POST_ONLY, post=MEMBER_POST, kwargs=_pk, data=lambda w: {"email": w.advisor_other.email}
    ),
    "followup:referent": Access(
        get=POST_ONLY, post=MEMBER_POST, kwargs=_pk, data=lambda w: {"user": str(w.recruiter_a.pk)}
    ),
    "followup:leave": Access(get=POST_ONLY, post=MEMBER_POST, kwargs=_pk),
}
