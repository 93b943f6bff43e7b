"""Access to the accounts pages: login, sign-up, password reset, personal space, organisations."""

from tests.security.matrix import LOGGED_IN, LOGIN, NOT_ALLOWED, PUBLIC, REDIRECT, Access, expect

ORG_A = {"pk": lambda w: w.organisation_a.pk}


def _invitation(w):
    from emploi_territoires.accounts.models import MembershipInvitation

    invitation, _ = MembershipInvitation.objects.get_or_create(
        organisation=w.organisation_b, user=w.recruiter_a, defaults={"invited_by": w.recruiter_b}
    )
    return invitation


def _pending_mairie(w, status="pending"):
    """A mairie of the Nièvre signed up on the site, waiting for verification (issue 17); recruiter_a is its
    admin (the insider), advisor_other follows the Nièvre (the decider)."""
    from emploi_territoires.accounts.models import Membership, Organisation
    from tests.factories import OrganisationFactory, clamecy

    org = Organisation.objects.filter(name="Mairie de Clamecy (inscription en attente)").first()
    if org is None:
        org = OrganisationFactory(
            name="Mairie de Clamecy (inscription en attente)",
            kind="collectivite",
            commune=clamecy(),
            siren="215800798",
            siret="",
            verification_status=status,
            verified_at=None,
            requester_mandate="Directrice générale des services",
        )
        Membership.objects.create(user=w.recruiter_a, organisation=org, role="admin")
    return org


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
    # Issue 17: advisors following the territory (advisor_other: the Nièvre) and staff decide.
    "accounts:verification_queue": Access(get=expect(403, anonymous=LOGIN, advisor_other=200, staff=200)),
    "accounts:verification_detail": Access(
        # Not an advisor: 403 before anything is fetched (its admin recruiter_a included).
        get=expect(403, anonymous=LOGIN, advisor_other=200, staff=200),
        post=expect(403, anonymous=LOGIN, advisor_other=REDIRECT, staff=REDIRECT),
        kwargs=lambda w: {"pk": _pending_mairie(w).pk},
        data=lambda w: {"decision": "verified"},
    ),
    "accounts:verification_answer": Access(
        get=expect(405, anonymous=LOGIN),
        post=expect(404, anonymous=LOGIN, recruiter_a=REDIRECT, staff=403),
        kwargs=lambda w: {"pk": _pending_mairie(w, status="needs_info").pk},
        data=lambda w: {"answer": "L'arrêté de nomination est envoyé par courrier."},
    ),
    "accounts:member_remove": Access(
        get=expect(405, anonymous=LOGIN),
        post=expect(404, anonymous=LOGIN, recruiter_a=REDIRECT, staff=REDIRECT),
        kwargs=lambda w: {"pk": w.organisation_a.pk, "membership_pk": w.membership_member_a.pk},
    ),
}


def _email_invitation(w):
    """A pending invitation of organisation A to an address without account (issue 17)."""
    from emploi_territoires.accounts.models import MembershipInvitation

    invitation, _ = MembershipInvitation.objects.get_or_create(
        organisation=w.organisation_a, user=None, email="nouvelle.collegue@exemple.fr"
    )
    return invitation


def _invitation_token(w):
    from emploi_territoires.accounts.identity import invitation_token

    return invitation_token(_email_invitation(w))


# Issue 17, identity. ProConnect is not configured in the tests' settings: its URLs answer 404
# (tests/accounts/test_proconnect.py covers them against a real provider). Links with a bad token
# answer 400 with a French message, signed in or not.
ACCESS |= {
    "accounts:proconnect_login": Access(get=expect(404)),
    "accounts:proconnect_callback": Access(get=expect(404), query="code=abc&state=def"),
    "accounts:verify_email": Access(get=expect(400), kwargs=lambda w: {"token": "mauvais-jeton"}),
    "accounts:resend_verification": Access(
        get=expect(405, anonymous=LOGIN),
        # Every persona is verified: a message, no e-mail, nothing written.
        post=expect(REDIRECT, anonymous=LOGIN),
        no_change=("candidate", "recruiter_a", "recruiter_b", "advisor_other", "staff"),
    ),
    "accounts:invitation_link": Access(
        get=expect(400),
        post=expect(400),
        kwargs=lambda w: {"token": "mauvais-jeton"},
        data=lambda w: {"first_name": "Jules", "last_name": "Roy", "password1": "x", "password2": "x"},
    ),
    # A valid link: a public page (the account form, or for a signed-in person of another address a warning).
    "accounts:invitation_link#valid": Access(get=PUBLIC, kwargs=lambda w: {"token": _invitation_token(w)}),
    "accounts:invitation_revoke": Access(
        get=expect(405, anonymous=LOGIN),
        post=expect(404, anonymous=LOGIN, recruiter_a=REDIRECT, staff=REDIRECT),
        kwargs=lambda w: {"pk": w.organisation_a.pk, "invitation_pk": _email_invitation(w).pk},
    ),
}
