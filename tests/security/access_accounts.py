"""Access to the accounts pages: login, sign-up, password reset, personal space, organisations."""

from tests.security.matrix import LOGGED_IN, LOGIN, NOT_ALLOWED, PUBLIC, REDIRECT, Access, expect

ORG_A = {"pk": lambda w: w.organisation_a.pk}


def _invitation(w):
    from emploi_territoires.accounts.models import MembershipInvitation

    invitation, _ = MembershipInvitation.objects.get_or_create(
        organisation=w.organisation_b, user=w.recruiter_a, defaults={"invited_by": w.recruiter_b}
    )
    return invitation


ACCESS = {
    "accounts:login": Access(get=expect(REDIRECT, anonymous=200)),
    "accounts:logout": Access(get=NOT_ALLOWED, post=expect(REDIRECT)),
    "accounts:signup": Access(get=expect(REDIRECT, anonymous=200)),
    "accounts:password_reset": Access(get=PUBLIC),
    "accounts:password_reset_done": Access(get=PUBLIC),
    "accounts:password_reset_confirm": Access(get=PUBLIC, kwargs=lambda w: {"uidb64": "MQ", "token": "mauvais-jeton"}),
    "accounts:password_reset_complete": Access(get=PUBLIC),
    "accounts:space": Access(get=LOGGED_IN),
    "accounts:switch_organisation": Access(
        get=LOGGED_IN,
        post=expect(404, anonymous=LOGIN, recruiter_a=REDIRECT),
        data=lambda w: {"organisation": w.organisation_a.pk},
    ),
    "accounts:organisation_create": Access(get=expect(200, anonymous=LOGIN, candidate=403)),
    "accounts:organisation": Access(get=PUBLIC, kwargs=lambda w: {"pk": w.organisation_a.pk}),
    "accounts:organisation_edit": Access(
        get=expect(404, anonymous=LOGIN, recruiter_a=200, staff=200),
        post=expect(404, anonymous=LOGIN, recruiter_a=200, staff=200),
        kwargs=lambda w: {"pk": w.organisation_a.pk},
        data=lambda w: {"name": "Métropole piratée"},
    ),
    "accounts:member_add": Access(
        get=expect(405, anonymous=LOGIN),
        # An invitation, never a membership; the same answer whether the address has an account.
        post=expect(404, anonymous=LOGIN, recruiter_a=REDIRECT, staff=REDIRECT),
        kwargs=lambda w: {"pk": w.organisation_a.pk},
        data=lambda w: {"email": "intrus@exemple.fr", "role": "admin"},
    ),
    # An invitation of organisation B addressed to recruiter_a: only they may accept or decline it.
    "accounts:invitation_accept": Access(
        get=expect(405, anonymous=LOGIN),
        post=expect(404, anonymous=LOGIN, recruiter_a=REDIRECT),
        kwargs=lambda w: {"pk": _invitation(w).pk},
    ),
    "accounts:invitation_decline": Access(
        get=expect(405, anonymous=LOGIN),
        post=expect(404, anonymous=LOGIN, recruiter_a=REDIRECT),
        kwargs=lambda w: {"pk": _invitation(w).pk},
    ),
    "accounts:member_role": Access(
        get=expect(405, anonymous=LOGIN),
        post=expect(404, anonymous=LOGIN, recruiter_a=REDIRECT, staff=REDIRECT),
        kwargs=lambda w: {"pk": w.organisation_a.pk, "membership_pk": w.membership_member_a.pk},
        data=lambda w: {"role": "admin"},
    ),
    "accounts:member_remove": Access(
        get=expect(405, anonymous=LOGIN),
        post=expect(404, anonymous=LOGIN, recruiter_a=REDIRECT, staff=REDIRECT),
        kwargs=lambda w: {"pk": w.organisation_a.pk, "membership_pk": w.membership_member_a.pk},
    ),
}
