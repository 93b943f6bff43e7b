"""Access to needs campaigns (advisors of the territory), invitations and declarations (the organisation)."""

from tests.security.matrix import LOGIN, REDIRECT, Access, expect


def campaign(w):
    w.invitation  # noqa: B018
    return {"pk": w.campaign.pk}


ACCESS = {
    "needs:mine": Access(get=expect(200, anonymous=LOGIN, candidate=404, staff=404)),
    "needs:declare": Access(
        get=expect(200, anonymous=LOGIN, candidate=404, staff=404),
        post=expect(200, anonymous=LOGIN, candidate=404, staff=404),
    ),
    "needs:invitation": Access(
        get=expect(404, anonymous=LOGIN, recruiter_a=REDIRECT), kwargs=lambda w: {"token": w.invitation.token}
    ),
    "needs:campaigns": Access(get=expect(404, anonymous=LOGIN, advisor_other=200, staff=200)),
    "needs:campaign_create": Access(
        get=expect(404, anonymous=LOGIN, advisor_other=200, staff=200),
        post=expect(404, anonymous=LOGIN, advisor_other=200, staff=200),
        data=lambda w: {"title": "Campagne pirate"},
    ),
    "needs:campaign": Access(get=expect(404, anonymous=LOGIN, staff=200), kwargs=campaign),
    "needs:campaign_close": Access(
        get=expect(405, anonymous=LOGIN), post=expect(404, anonymous=LOGIN, staff=REDIRECT), kwargs=campaign
    ),
    "needs:answer": Access(
        get=expect(404, anonymous=LOGIN, recruiter_a=200),
        post=expect(404, anonymous=LOGIN, recruiter_a=200),
        kwargs=campaign,
    ),
    "needs:campaign_export": Access(
        get=expect(404, anonymous=LOGIN, staff=200), kwargs=lambda w: {**campaign(w), "extension": "csv"}
    ),
    "needs:declaration": Access(
        get=expect(404, anonymous=LOGIN, recruiter_a=200, staff=200), kwargs=lambda w: {"pk": w.declaration.pk}
    ),
    "needs:convert": Access(
        get=expect(405, anonymous=LOGIN),
        post=expect(404, anonymous=LOGIN, recruiter_a=REDIRECT),
        kwargs=lambda w: {"pk": w.declaration.pk},
    ),
}
