"""Access to candidate profiles, CVs, applications (pipeline), matching and alerts."""

import datetime

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


def _slot_data(prefix_days: int = 3) -> dict:
    from django.utils import timezone

    day = timezone.localdate() + datetime.timedelta(days=prefix_days)
    return {
        "slot1_date": day.isoformat(),
        "slot1_start": "10:00",
        "slot1_end": "11:00",
        "slot1_place": "Hôtel de ville de Saint-Étienne",
    }


def _interview(w, *, confirmed: bool = False):
    """An interview organisation A proposed to Inès (three days ahead), confirmed if asked."""
    from django.utils import timezone

    from emploi_territoires.applications import services_conversation as conversation

    # One open interview per application: a world asked for several (the injection test) reuses it.
    interview = conversation.open_interview(w.application)
    if interview is None:
        start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
        slot = conversation.SlotInput(start, start + datetime.timedelta(hours=1), "Hôtel de ville de Saint-Étienne")
        interview = conversation.propose_interview(w.application, actor=w.recruiter_a, slots=[slot])
    if confirmed and interview.status != "confirmed":
        conversation.choose_slot(interview, candidate=w.candidate, slot_id=interview.slots.get().pk)
    return interview


def interview_proposed(w):
    return {"pk": _interview(w).pk}


def interview_confirmed(w):
    return {"pk": _interview(w, confirmed=True).pk}


def message_with_attachment(w):
    from emploi_territoires.applications import services_conversation as conversation
    from tests.applications import cv_files

    message = conversation.post_message(
        w.application, author=w.candidate, side="candidate", body="Mon attestation", attachment=cv_files.pdf()
    )
    return {"pk": message.pk}


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
    # A confirmation page, then the withdrawal (issue 19).
    "applications:withdraw": Access(
        get=expect(404, anonymous=LOGIN, candidate=200),
        post=expect(404, anonymous=LOGIN, candidate=REDIRECT),
        kwargs=application,
        data=lambda w: {"confirm": "1"},
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
    # The conversation around an application (issue 19): the two sides only — not staff, not the
    # advisors who see the offer's applications; the follow-up group reads through followup's pages.
    "applications:candidate_application": Access(
        get=expect(404, anonymous=LOGIN, candidate=200),
        post=expect(404, anonymous=LOGIN, candidate=REDIRECT),
        kwargs=application,
        data=lambda w: {"body": "Bonjour, je suis disponible dès janvier."},
    ),
    "applications:followup_sharing": Access(
        get=expect(405, anonymous=LOGIN),
        post=expect(404, anonymous=LOGIN, candidate=REDIRECT),
        kwargs=application,
        data=lambda w: {"shared": "1"},
    ),
    "applications:thread": Access(
        get=expect(404, anonymous=LOGIN, recruiter_a=200),
        post=expect(404, anonymous=LOGIN, recruiter_a=REDIRECT),
        kwargs=application,
        data=lambda w: {"body": "Bonjour, pouvons-nous échanger par téléphone ?"},
    ),
    "applications:interview_propose": Access(
        get=expect(404, anonymous=LOGIN, recruiter_a=200),
        post=expect(404, anonymous=LOGIN, recruiter_a=REDIRECT),
        kwargs=application,
        data=lambda w: _slot_data(),
    ),
    # The agenda of the organisation the user acts for (its own interviews only); no organisation, no agenda.
    "applications:agenda": Access(get=expect(200, anonymous=LOGIN, candidate=REDIRECT, staff=REDIRECT)),
    "applications:interview_choose": Access(
        get=expect(405, anonymous=LOGIN),
        post=expect(404, anonymous=LOGIN, candidate=REDIRECT),
        kwargs=interview_proposed,
        data=lambda w: {"slot": w.application.interviews.get().slots.get().pk},
    ),
    "applications:interview_reschedule": Access(
        get=expect(404, anonymous=LOGIN, candidate=200, recruiter_a=200),
        post=expect(404, anonymous=LOGIN, candidate=REDIRECT, recruiter_a=REDIRECT),
        kwargs=interview_confirmed,
        data=lambda w: {"reason": "Une réunion du conseil municipal tombe ce jour-là.", **_slot_data(4)},
    ),
    "applications:interview_cancel": Access(
        get=expect(404, anonymous=LOGIN, candidate=200, recruiter_a=200),
        post=expect(404, anonymous=LOGIN, candidate=REDIRECT, recruiter_a=REDIRECT),
        kwargs=interview_confirmed,
        data=lambda w: {"reason": "Le recrutement est suspendu."},
    ),
    "applications:interview_ics": Access(
        get=expect(404, anonymous=LOGIN, candidate=200, recruiter_a=200), kwargs=interview_confirmed
    ),
    "applications:message_attachment": Access(
        get=expect(404, anonymous=LOGIN, candidate=200, recruiter_a=200), kwargs=message_with_attachment
    ),
}


# --- issue 19, the recruiter's side (views_recruiter) ----------------------------------------------


def pvd_offer_with_application(w):
    """Organisation A (a collectivité) recruits its PVD project lead; Inès applied."""
    from emploi_territoires.offers.models import Offer

    Offer.objects.filter(pk=w.offer_published.pk).update(programme_context="chef_projet_pvd")
    w.application  # noqa: B018
    return {"reference": w.offer_published.reference}


def shared_with_advisor(w):
    from emploi_territoires.applications.models import ApplicationShare

    kwargs = pvd_offer_with_application(w)
    ApplicationShare.objects.get_or_create(
        application=w.application, advisor=w.advisor, defaults={"shared_by": w.recruiter_a}
    )
    return kwargs | {"advisor_id": w.advisor.pk}


def visible_candidate(w):
    """Inès shows her profile to the recruiters of the Loire, where organisation A's offer is."""
    w.candidate_profile.visibility = "territories"
    w.candidate_profile.save(update_fields=["visibility"])
    w.candidate_profile.visible_departements.set([w.offer_published.commune.departement_id])
    return {"user_id": w.candidate.pk}


def invitation_sent(w):
    from emploi_territoires.applications.models import Invitation

    w.candidate_profile  # noqa: B018
    # The same open invitation when several declarations ask for it in one world (one per offer and person).
    invitation, _ = Invitation.objects.get_or_create(
        offer=w.offer_published,
        candidate=w.candidate,
        status="sent",
        defaults={"recruiter": w.recruiter_a, "organisation": w.organisation_a},
    )
    return {"pk": invitation.pk}


ISSUE_19_RECRUITER = {
    "applications:inbox": Access(
        get=expect(404, anonymous=LOGIN, recruiter_a=200, staff=200), kwargs=lambda w: {"pk": w.organisation_a.pk}
    ),
    "applications:board": Access(
        get=expect(404, anonymous=LOGIN, recruiter_a=200, staff=200), kwargs=lambda w: {"pk": w.organisation_a.pk}
    ),
    "applications:board_move": Access(
        get=expect(405, anonymous=LOGIN),
        post=expect(404, anonymous=LOGIN, recruiter_a=REDIRECT, staff=REDIRECT),
        kwargs=application,
        data=lambda w: {"to_status": "under_review"},
    ),
    # Colleagues only: never the candidate, an advisor or another organisation.
    "applications:comment_add": Access(
        get=expect(405, anonymous=LOGIN),
        post=expect(404, anonymous=LOGIN, recruiter_a=REDIRECT, staff=REDIRECT),
        kwargs=application,
        data=lambda w: {"body": "Très bon dossier, à recevoir.", "rating": "4"},
    ),
    "applications:share": Access(
        get=expect(404, anonymous=LOGIN, recruiter_a=200, staff=200),
        post=expect(404, anonymous=LOGIN, recruiter_a=REDIRECT, staff=REDIRECT),
        kwargs=pvd_offer_with_application,
        data=lambda w: {"email": w.advisor.email},
    ),
    "applications:share_revoke": Access(
        get=expect(405, anonymous=LOGIN),
        post=expect(404, anonymous=LOGIN, recruiter_a=REDIRECT, staff=REDIRECT),
        kwargs=shared_with_advisor,
    ),
    # Lists only what is shared with the person asking (empty for everybody else).
    "applications:shared_with_me": Access(get=LOGGED_IN),
    # Members of an organisation with a published offer in whose territory the profile is shown;
    # no organisation (candidate, staff): 403; another organisation: 404 (learns nothing).
    "applications:invite": Access(
        get=expect(404, anonymous=LOGIN, candidate=403, recruiter_a=200, staff=403),
        post=expect(404, anonymous=LOGIN, candidate=403, recruiter_a=REDIRECT, staff=403),
        kwargs=visible_candidate,
        data=lambda w: {"offer": w.offer_published.reference, "message": "Votre profil nous intéresse."},
    ),
    "applications:invitations": Access(get=expect(403, anonymous=LOGIN, candidate=200)),
    "applications:invitation_accept": Access(
        get=expect(405, anonymous=LOGIN),
        post=expect(403, anonymous=LOGIN, candidate=REDIRECT),
        kwargs=invitation_sent,
    ),
    "applications:invitation_decline": Access(
        get=expect(405, anonymous=LOGIN),
        post=expect(403, anonymous=LOGIN, candidate=REDIRECT),
        kwargs=invitation_sent,
    ),
    "applications:invitation_preference": Access(
        get=expect(405, anonymous=LOGIN),
        post=expect(403, anonymous=LOGIN, candidate=REDIRECT),
        data=lambda w: {"refuses": "on"},
    ),
}
ACCESS.update(ISSUE_19_RECRUITER)
