"""Access to job datings: events, registrations, schedule, agendas, the day itself."""

from tests.security.matrix import LOGIN, PUBLIC, REDIRECT, Access, expect


def event(w):
    return {"pk": w.event.pk}


def cand_reg(w):
    return {"pk": w.event.pk, "registration_pk": w.candidate_registration.pk}


def rec_reg(w):
    return {"pk": w.event.pk, "registration_pk": w.recruiter_registration.pk}


def run(w):
    return {"pk": w.event.pk, "run_pk": w.schedule_run.pk}


def with_registrations(w):
    w.recruiter_registration  # noqa: B018
    w.candidate_registration  # noqa: B018
    return {"pk": w.event.pk}


def draft_event(w):
    from emploi_territoires.jobdating.models import EventStatus
    from tests.jobdating.factories import EventFactory

    return EventFactory(status=EventStatus.DRAFT, title="Job dating en préparation")


def opt_in_token(w):
    from emploi_territoires.jobdating.services_invitations import opt_in

    w.candidate_profile  # noqa: B018
    return {"token": opt_in(w.candidate).token}


def published_cand(w):
    day = w.jobdating_day
    return {"pk": day.event.pk, "registration_pk": day.ines.pk}


def published_rec(w):
    day = w.jobdating_day
    return {"pk": day.event.pk, "registration_pk": day.rec_a.pk}


ACCESS = {
    # Public: the events open to registration, and an event's page once its registrations open.
    "jobdating:event_list": Access(get=PUBLIC),
    "jobdating:event_create": Access(
        get=expect(403, anonymous=LOGIN, advisor_other=200, staff=200),
        post=expect(403, anonymous=LOGIN, advisor_other=200, staff=200),
        data=lambda w: {"title": "Job dating pirate"},
    ),
    "jobdating:event_detail": Access(get=PUBLIC, kwargs=with_registrations),
    "jobdating:event_detail#draft": Access(
        get=expect(404, staff=200),
        kwargs=lambda w: {"pk": draft_event(w).pk},
    ),
    "jobdating:event_edit": Access(
        get=expect(403, anonymous=LOGIN, staff=200),
        post=expect(403, anonymous=LOGIN, staff=200),
        kwargs=event,
        data=lambda w: {"title": "Job dating piraté"},
    ),
    "jobdating:event_transition": Access(
        get=expect(405, anonymous=LOGIN),
        post=expect(403, anonymous=LOGIN, staff=REDIRECT),
        kwargs=event,
        data=lambda w: {"to_status": "cancelled"},
    ),
    "jobdating:recruiter_registration": Access(
        get=expect(200, anonymous=LOGIN, candidate=403, staff=403),
        post=expect(200, anonymous=LOGIN, candidate=403, staff=403),
        kwargs=with_registrations,
        data=lambda w: {"tables": 3},
    ),
    "jobdating:recruiter_withdraw": Access(
        get=expect(404, anonymous=LOGIN, recruiter_a=200),
        post=expect(404, anonymous=LOGIN, recruiter_a=REDIRECT),
        kwargs=with_registrations,
    ),
    "jobdating:recruiter_candidates": Access(
        get=expect(404, anonymous=LOGIN, recruiter_a=200), kwargs=with_registrations
    ),
    "jobdating:candidate_register": Access(
        get=expect(405, anonymous=LOGIN),
        post=expect(REDIRECT, anonymous=LOGIN),
        kwargs=event,
        no_change=("recruiter_a", "recruiter_b", "advisor_other", "staff"),
    ),
    "jobdating:candidate_withdraw": Access(
        get=expect(404, anonymous=LOGIN, candidate=200),
        post=expect(404, anonymous=LOGIN, candidate=REDIRECT),
        kwargs=with_registrations,
    ),
    "jobdating:candidate_wishes": Access(
        get=expect(404, anonymous=LOGIN, candidate=200),
        post=expect(404, anonymous=LOGIN, candidate=200),
        kwargs=with_registrations,
    ),
    "jobdating:schedule": Access(
        get=expect(403, anonymous=LOGIN, staff=200),
        post=expect(403, anonymous=LOGIN, staff=200),
        kwargs=with_registrations,
    ),
    "jobdating:run_progress": Access(get=expect(403, anonymous=LOGIN, staff=200), kwargs=run),
    "jobdating:run_accept": Access(
        get=expect(405, anonymous=LOGIN), post=expect(403, anonymous=LOGIN, staff=REDIRECT), kwargs=run
    ),
    "jobdating:export_json": Access(get=expect(403, anonymous=LOGIN, staff=200), kwargs=with_registrations),
    "jobdating:export_xlsx": Access(get=expect(403, anonymous=LOGIN, staff=200), kwargs=with_registrations),
    "jobdating:import_file": Access(
        get=expect(403, anonymous=LOGIN, staff=200), post=expect(403, anonymous=LOGIN, staff=200), kwargs=event
    ),
    "jobdating:my_agenda": Access(
        get=expect(404, anonymous=LOGIN, candidate=REDIRECT, recruiter_a=REDIRECT), kwargs=with_registrations
    ),
    "jobdating:candidate_agenda": Access(get=expect(404, anonymous=LOGIN, candidate=200, staff=200), kwargs=cand_reg),
    "jobdating:candidate_agenda_ics": Access(get=expect(404, anonymous=LOGIN), kwargs=cand_reg),
    "jobdating:candidate_agenda_pdf": Access(get=expect(404, anonymous=LOGIN), kwargs=cand_reg),
    "jobdating:recruiter_agenda": Access(get=expect(404, anonymous=LOGIN, recruiter_a=200, staff=200), kwargs=rec_reg),
    "jobdating:recruiter_agenda_ics": Access(get=expect(404, anonymous=LOGIN), kwargs=rec_reg),
    "jobdating:recruiter_agenda_pdf": Access(get=expect(404, anonymous=LOGIN), kwargs=rec_reg),
    "jobdating:poster_pdf": Access(get=expect(403, anonymous=LOGIN, staff=404), kwargs=event),
    "jobdating:day_console": Access(get=expect(403, anonymous=LOGIN, staff=200), kwargs=with_registrations),
    "jobdating:day_check_in": Access(
        get=expect(405, anonymous=LOGIN), post=expect(403, anonymous=LOGIN, staff=REDIRECT), kwargs=cand_reg
    ),
    "jobdating:day_no_show": Access(
        get=expect(405, anonymous=LOGIN), post=expect(403, anonymous=LOGIN, staff=REDIRECT), kwargs=cand_reg
    ),
    "jobdating:day_walk_in": Access(
        get=expect(403, anonymous=LOGIN, staff=200),
        post=expect(403, anonymous=LOGIN, staff=422),
        kwargs=event,
        data=lambda w: {"email": "intrus@exemple.fr", "first_name": "Jean", "last_name": "Intrus"},
    ),
    "jobdating:day_reoptimise": Access(
        get=expect(405, anonymous=LOGIN), post=expect(403, anonymous=LOGIN, staff=REDIRECT), kwargs=with_registrations
    ),
    "jobdating:outcomes": Access(
        get=expect(404, anonymous=LOGIN, recruiter_a=200), post=expect(404, anonymous=LOGIN), kwargs=with_registrations
    ),
    "jobdating:rating": Access(
        get=expect(404, anonymous=LOGIN, candidate=200),
        post=expect(404, anonymous=LOGIN, candidate=REDIRECT),
        kwargs=with_registrations,
        data=lambda w: {"score": "5"},
    ),
    # With a published schedule: the agendas exist, each only for its owner, the organisers and staff.
    "jobdating:candidate_agenda#published": Access(
        get=expect(404, anonymous=LOGIN, candidate=200, staff=200), kwargs=published_cand
    ),
    "jobdating:candidate_agenda_ics#published": Access(
        get=expect(404, anonymous=LOGIN, candidate=200, staff=200), kwargs=published_cand
    ),
    "jobdating:candidate_agenda_pdf#published": Access(
        get=expect(404, anonymous=LOGIN, candidate=200, staff=200), kwargs=published_cand
    ),
    "jobdating:recruiter_agenda#published": Access(
        get=expect(404, anonymous=LOGIN, recruiter_a=200, staff=200), kwargs=published_rec
    ),
    "jobdating:recruiter_agenda_ics#published": Access(
        get=expect(404, anonymous=LOGIN, recruiter_a=200, staff=200), kwargs=published_rec
    ),
    "jobdating:recruiter_agenda_pdf#published": Access(
        get=expect(404, anonymous=LOGIN, recruiter_a=200, staff=200), kwargs=published_rec
    ),
    "jobdating:poster_pdf#published": Access(
        get=expect(403, anonymous=LOGIN, staff=200), kwargs=lambda w: {"pk": w.jobdating_day.event.pk}
    ),
    "jobdating:my_agenda#published": Access(
        get=expect(REDIRECT, anonymous=LOGIN, advisor_other=404, staff=404),
        kwargs=lambda w: {"pk": w.jobdating_day.event.pk},
    ),
    # A candidate's e-mail suggestions: the switch (candidates only), the link of each e-mail (the
    # secret token is the proof: no login).
    "jobdating:invitations_settings": Access(
        get=expect(405, anonymous=LOGIN),
        post=expect(403, anonymous=LOGIN, candidate=REDIRECT),
        data=lambda w: {"active": "1"},
    ),
    "jobdating:invitations_unsubscribe": Access(get=PUBLIC, post=PUBLIC, kwargs=opt_in_token),
    "jobdating:invitations_unsubscribe#unknown": Access(
        get=expect(404), post=expect(404), kwargs=lambda w: {"token": "jeton-inconnu"}
    ),
}
