"""Access to the indicators (advisors' territories) and the impact studies (advisors and staff)."""

from tests.security.matrix import LOGIN, REDIRECT, Access, expect


def study(w):
    return {"pk": w.impact_study.pk}


ACCESS = {
    "evaluation:indicators": Access(get=expect(200, anonymous=LOGIN, candidate=403, recruiter_b=403)),
    "evaluation:indicators_report": Access(get=expect(200, anonymous=LOGIN, candidate=403, recruiter_b=403)),
    "evaluation:indicators_pdf": Access(get=expect(200, anonymous=LOGIN, candidate=403, recruiter_b=403)),
    "evaluation:indicators_export": Access(
        get=expect(200, anonymous=LOGIN, candidate=403, recruiter_b=403),
        kwargs=lambda w: {"table": "offres", "fmt": "csv"},
    ),
    "evaluation:impact_list": Access(
        get=expect(403, anonymous=LOGIN, advisor_other=200, staff=200),
        post=expect(403, anonymous=LOGIN, advisor_other=400, staff=400),
        data=lambda w: {"title": "Étude pirate"},
    ),
    "evaluation:impact_detail": Access(get=expect(404, anonymous=LOGIN, advisor_other=200, staff=200), kwargs=study),
    "evaluation:impact_status": Access(get=expect(404, anonymous=LOGIN, advisor_other=200, staff=200), kwargs=study),
    "evaluation:impact_plot": Access(get=expect(404, anonymous=LOGIN, advisor_other=200, staff=200), kwargs=study),
    "evaluation:impact_json": Access(get=expect(404, anonymous=LOGIN, advisor_other=200, staff=200), kwargs=study),
    "evaluation:impact_pdf": Access(get=expect(404, anonymous=LOGIN, advisor_other=200, staff=200), kwargs=study),
    "evaluation:impact_rerun": Access(
        get=expect(405, anonymous=LOGIN),
        post=expect(404, anonymous=LOGIN, advisor_other=REDIRECT, staff=REDIRECT),
        kwargs=study,
    ),
}
