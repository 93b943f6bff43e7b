"""Access to mentoring: programmes (their managers), profiles, matching runs, pairs and their follow-up."""

from tests.security.matrix import LOGGED_IN, LOGIN, REDIRECT, Access, expect


def m(key):
    return lambda w: {"pk": w.mentoring[key].pk}


ACCESS = {
    "mentoring:home": Access(get=LOGGED_IN),
    "mentoring:mentor_profile": Access(get=expect(404, anonymous=LOGIN), post=expect(404, anonymous=LOGIN)),
    "mentoring:mentee_profile": Access(
        get=expect(404, anonymous=LOGIN, candidate=200), post=expect(404, anonymous=LOGIN, candidate=200)
    ),
    "mentoring:programme_create": Access(
        get=expect(404, anonymous=LOGIN, staff=200),
        post=expect(404, anonymous=LOGIN, staff=200),
        data=lambda w: {"name": "Programme pirate"},
    ),
    "mentoring:programme": Access(get=expect(404, anonymous=LOGIN, staff=200), kwargs=m("programme")),
    "mentoring:programme_edit": Access(
        get=expect(404, anonymous=LOGIN, staff=200),
        post=expect(404, anonymous=LOGIN, staff=200),
        kwargs=m("programme"),
        data=lambda w: {"name": "Piraté"},
    ),
    "mentoring:exclusion_create": Access(
        get=expect(405, anonymous=LOGIN), post=expect(404, anonymous=LOGIN, staff=REDIRECT), kwargs=m("programme")
    ),
    "mentoring:exclusion_delete": Access(
        get=expect(405, anonymous=LOGIN), post=expect(404, anonymous=LOGIN, staff=REDIRECT), kwargs=m("exclusion")
    ),
    "mentoring:enrol": Access(
        get=expect(405, anonymous=LOGIN),
        post=expect(REDIRECT, anonymous=LOGIN),
        kwargs=m("programme"),
        no_change=("recruiter_a", "recruiter_b", "advisor_other", "staff"),
    ),
    "mentoring:unenrol": Access(
        get=expect(405, anonymous=LOGIN),
        post=expect(REDIRECT, anonymous=LOGIN),
        kwargs=m("programme"),
        no_change=("recruiter_a", "recruiter_b", "advisor_other", "staff"),
    ),
    "mentoring:run_create": Access(
        get=expect(405, anonymous=LOGIN), post=expect(404, anonymous=LOGIN, staff=REDIRECT), kwargs=m("programme")
    ),
    "mentoring:run": Access(
        get=expect(404, anonymous=LOGIN, staff=200),
        kwargs=lambda w: {"pk": w.mentoring["programme"].pk, "run_pk": w.mentoring["run"].pk},
    ),
    "mentoring:run_publish": Access(
        get=expect(405, anonymous=LOGIN),
        post=expect(404, anonymous=LOGIN, staff=REDIRECT),
        kwargs=lambda w: {"pk": w.mentoring["programme"].pk, "run_pk": w.mentoring["run"].pk},
    ),
    "mentoring:proposal_action": Access(
        get=expect(405, anonymous=LOGIN),
        post=expect(404, anonymous=LOGIN, staff=REDIRECT),
        kwargs=m("proposal"),
        data=lambda w: {"action": "lock"},
    ),
    "mentoring:pair": Access(get=expect(404, anonymous=LOGIN, candidate=200, staff=200), kwargs=m("pair")),
    "mentoring:meeting_create": Access(
        get=expect(405, anonymous=LOGIN),
        post=expect(404, anonymous=LOGIN, candidate=REDIRECT),
        kwargs=m("pair"),
        data=lambda w: {"date": "2026-10-15", "notes": "Rencontre"},
    ),
    "mentoring:help_create": Access(
        get=expect(405, anonymous=LOGIN),
        post=expect(404, anonymous=LOGIN, candidate=REDIRECT),
        kwargs=m("pair"),
        data=lambda w: {"message": "Aide"},
    ),
    "mentoring:survey_answer": Access(
        get=expect(405, anonymous=LOGIN), post=expect(404, anonymous=LOGIN, candidate=REDIRECT), kwargs=m("pair")
    ),
    "mentoring:pair_end": Access(
        get=expect(405, anonymous=LOGIN),
        post=expect(404, anonymous=LOGIN, candidate=REDIRECT, staff=REDIRECT),
        kwargs=m("pair"),
        data=lambda w: {"outcome": "job"},
    ),
    "mentoring:help_resolve": Access(
        get=expect(405, anonymous=LOGIN), post=expect(404, anonymous=LOGIN, staff=REDIRECT), kwargs=m("help_request")
    ),
}
