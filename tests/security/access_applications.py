"""Access to candidate profiles, CVs, applications (pipeline), matching and alerts."""

from tests.security.matrix import LOGGED_IN, LOGIN, NOT_ALLOWED, PUBLIC, REDIRECT, Access, expect


def application(w):
    return {"pk": w.application.pk}


def published_with_profile(w):
    w.candidate_profile  # noqa: B018 - the candidate can apply
    return {"reference": w.offer_published.reference}


def candidate_with_cv(w):
    """Inès, with a CV, has applied to organisation A: its recruiters may read her profile and CV."""
    w.candidate_with_cv  # noqa: B018
    w.application  # noqa: B018
    return {"user_id": w.candidate.pk}


def application_with_cv(w):
    """Inès applied with her CV: the application keeps a copy of it."""
    from emploi_territoires.applications.services_pipeline import attach_cv_snapshot

    w.candidate_with_cv  # noqa: B018
    attach_cv_snapshot(w.application)
    return {"pk": w.application.pk}


def candidate(w):
    w.candidate_profile  # noqa: B018
    return {"user_id": w.candidate.pk}


ACCESS = {
    "applications:profile": Access(get=expect(403, anonymous=LOGIN, candidate=REDIRECT)),
    "applications:profile_edit": Access(
        get=expect(403, anonymous=LOGIN, candidate=200),
        post=expect(403, anonymous=LOGIN, candidate=200),
        data=lambda w: {"headline": "Profil piraté"},
    ),
    "applications:situation_withdraw": Access(
        get=expect(405, anonymous=LOGIN), post=expect(403, anonymous=LOGIN, candidate=REDIRECT)
    ),
    "applications:my_data": Access(get=expect(403, anonymous=LOGIN, candidate=200)),
    "applications:export": Access(get=expect(405, anonymous=LOGIN), post=expect(403, anonymous=LOGIN, candidate=200)),
    "applications:delete_account": Access(
        get=expect(403, anonymous=LOGIN, candidate=200),
        post=expect(403, anonymous=LOGIN, candidate=200),
        data=lambda w: {"confirm": "on"},
    ),
    "applications:candidate_detail": Access(
        get=expect(404, anonymous=LOGIN, candidate=200, recruiter_a=200, staff=200), kwargs=candidate_with_cv
    ),
    "applications:candidate_detail#no_application": Access(
        get=expect(404, anonymous=LOGIN, candidate=200, staff=200), kwargs=candidate
    ),
    # The current CV: the person and staff; the organisation reads the CV sent (application_cv).
    "applications:cv": Access(get=expect(404, anonymous=LOGIN, candidate=200, staff=200), kwargs=candidate_with_cv),
    "applications:application_cv": Access(
        get=expect(404, anonymous=LOGIN, recruiter_a=200, staff=200), kwargs=application_with_cv
    ),
    "applications:apply": Access(
        get=NOT_ALLOWED,
        post=expect(REDIRECT, anonymous=LOGIN),
        kwargs=published_with_profile,
        data=lambda w: {
            "message": "Votre offre correspond à mes trois ans d'expérience auprès des entreprises du Forez."
        },
        no_change=("recruiter_a", "recruiter_b", "advisor_other", "staff"),
    ),
    "applications:mine": Access(get=LOGGED_IN),
    "applications:withdraw": Access(
        get=expect(405, anonymous=LOGIN), post=expect(404, anonymous=LOGIN, candidate=REDIRECT), kwargs=application
    ),
    "applications:received": Access(get=expect(REDIRECT, anonymous=LOGIN)),
    "applications:offer_applications": Access(
        get=expect(404, anonymous=LOGIN, recruiter_a=200, staff=200),
        kwargs=lambda w: {"reference": w.application.offer.reference},
    ),
    "applications:bulk_refuse": Access(
        get=expect(405, anonymous=LOGIN),
        post=expect(404, anonymous=LOGIN, recruiter_a=REDIRECT, staff=REDIRECT),
        kwargs=lambda w: {"reference": w.application.offer.reference},
        data=lambda w: {"applications": [w.application.pk], "reason": "profile_mismatch"},
    ),
    "applications:detail": Access(get=expect(404, anonymous=LOGIN, recruiter_a=200, staff=200), kwargs=application),
    "applications:transition": Access(
        get=expect(405, anonymous=LOGIN),
        post=expect(404, anonymous=LOGIN, recruiter_a=REDIRECT, staff=REDIRECT),
        kwargs=application,
        data=lambda w: {"to_status": "refused", "reason": "profile_mismatch"},
    ),
    "applications:add_note": Access(
        get=expect(405, anonymous=LOGIN),
        post=expect(404, anonymous=LOGIN, recruiter_a=REDIRECT, staff=REDIRECT),
        kwargs=application,
        data=lambda w: {"text": "Note d'un intrus"},
    ),
    "applications:figures": Access(
        get=expect(404, anonymous=LOGIN, recruiter_a=200, staff=200), kwargs=lambda w: {"pk": w.organisation_a.pk}
    ),
    "applications:advisor": Access(get=expect(403, anonymous=LOGIN, advisor_other=200, staff=200)),
    "applications:offer_proposals": Access(
        get=expect(404, anonymous=LOGIN, recruiter_a=200, staff=200),
        kwargs=lambda w: {"reference": w.offer_published.reference},
    ),
    "applications:recommended_offers": Access(get=expect(403, anonymous=LOGIN, candidate=200)),
    "applications:alerts": Access(get=expect(403, anonymous=LOGIN, candidate=200)),
    "applications:alert_create": Access(
        get=expect(403, anonymous=LOGIN, candidate=200),
        post=expect(403, anonymous=LOGIN, candidate=REDIRECT),
        query="q=mission",
        data=lambda w: {"name": "Alerte", "frequency": "weekly"},
    ),
    "applications:alert_toggle": Access(
        get=expect(405, anonymous=LOGIN),
        post=expect(404, anonymous=LOGIN, candidate=REDIRECT),
        kwargs=lambda w: {"pk": w.saved_search.pk},
    ),
    "applications:alert_delete": Access(
        get=expect(405, anonymous=LOGIN),
        post=expect(404, anonymous=LOGIN, candidate=REDIRECT),
        kwargs=lambda w: {"pk": w.saved_search.pk},
    ),
    "applications:alert_unsubscribe": Access(
        get=PUBLIC, post=PUBLIC, kwargs=lambda w: {"token": w.saved_search.unsubscribe_token}
    ),
    # Saved offers (issue 18): candidates only; saving is a POST from the offer page, an anonymous
    # visitor is sent to log in (next = the offer page).
    "applications:saved_offers": Access(get=expect(403, anonymous=LOGIN, candidate=200)),
    "applications:saved_offer_add": Access(
        get=NOT_ALLOWED,
        post=expect(403, anonymous=LOGIN, candidate=REDIRECT),
        kwargs=lambda w: {"reference": w.offer_published.reference},
    ),
    "applications:saved_offer_add#draft": Access(
        get=NOT_ALLOWED,
        post=expect(404),
        kwargs=lambda w: {"reference": w.offer_draft.reference},
    ),
    "applications:saved_offer_remove": Access(
        get=expect(405, anonymous=LOGIN),
        post=expect(403, anonymous=LOGIN, candidate=REDIRECT),
        kwargs=lambda w: {"reference": w.offer_published.reference},
    ),
}
