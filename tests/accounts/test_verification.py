"""Verification of organisations (issue 17): a mairie signed up on the site waits until an advisor of
its territory or staff checks its SIREN against the COG copy and the requester's stated function."""

from __future__ import annotations

from html import unescape

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from emploi_territoires.accounts import permissions, verification
from emploi_territoires.accounts.models import (
    Organisation,
    OrganisationVerificationTransition,
    User,
    VerificationStatus,
)
from emploi_territoires.accounts.services import AccountsError, OrganisationData, create_organisation
from emploi_territoires.core.models import AuditLog
from emploi_territoires.needs import services as needs_services
from tests.factories import (
    CommuneFactory,
    EPCIFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    clamecy,
    nievre,
)

pytestmark = pytest.mark.django_db
V = VerificationStatus
VARZY_SIREN = "215803040"  # the commune of Varzy (58304), as in the COG copy
QUEUE = reverse("accounts:verification_queue")


def varzy():
    """Varzy (58304), a commune of the Nièvre in the CC Haut Nivernais - Val d'Yonne, with its real SIREN."""
    return CommuneFactory(
        code="58304",
        name="Varzy",
        siren=VARZY_SIREN,
        postcodes=["58210"],
        population=1_069,
        departement=nievre(),
        epci=EPCIFactory(siren="200067429", name="CC Haut Nivernais - Val d'Yonne", nature="CC", population=11_845),
        latitude=47.35283,
        longitude=3.39647,
        in_ti=False,
        in_qpv=False,
        in_fs=False,
    )


@pytest.fixture
def secretary(db):
    return UserFactory(email="martine.colas@exemple.fr", first_name="Martine", last_name="Colas")


def sign_up_varzy(secretary, siren=VARZY_SIREN, commune=None) -> Organisation:
    return create_organisation(
        secretary,
        OrganisationData(
            name="Mairie de Varzy", kind=Organisation.Kind.COLLECTIVITE, commune=commune or varzy(), siren=siren
        ),
        mandate="Secrétaire générale de mairie",
    )


@pytest.fixture
def mairie(secretary):
    return sign_up_varzy(secretary)


def decide(client, user, org, decision, comment=""):
    client.force_login(user)
    return client.post(
        reverse("accounts:verification_detail", args=[org.pk]), {"decision": decision, "comment": comment}
    )


# --- Sign-up --------------------------------------------------------------------------------------


def test_a_mairie_signed_up_on_the_site_waits_and_the_advisors_of_its_territory_are_told(
    secretary, advisor, advisor_other, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        org = sign_up_varzy(secretary)
    assert org.verification_status == V.PENDING and org.verified_at is None and not org.is_verified
    assert (org.requested_by, org.requester_mandate) == (secretary, "Secrétaire générale de mairie")
    # Only the Nièvre advisor follows Varzy; the Loire advisor is not told.
    assert [m.to for m in mail.outbox] == [[advisor_other.email]]
    body = mail.outbox[0].body
    assert "Mairie de Varzy" in body and "Secrétaire générale de mairie" in body
    assert "SIREN de la commune de Varzy (58304)" in body and QUEUE in body
    assert OrganisationFactory().is_verified  # organisations created otherwise (demo, staff) are verified


@pytest.mark.parametrize(
    ("siren", "message"),
    [("215803041", "clé de contrôle est fausse"), ("000000000", "n'existe pas"), ("2158030", "9 chiffres")],
)
def test_an_impossible_siren_is_refused_and_nothing_is_written(secretary, siren, message):
    with pytest.raises(AccountsError) as caught:
        sign_up_varzy(secretary, siren=siren)
    assert message in " ".join(caught.value.messages)
    assert not Organisation.objects.exists()


# --- The SIREN against the reference data -------------------------------------------------------------


def test_siren_check_against_the_cog_copy(secretary):
    org = sign_up_varzy(secretary)
    check = verification.siren_check(org)
    assert check.outcome == "match" and "Varzy (58304)" in check.message
    # The real SIREN of Clamecy, declared for a mairie in Varzy: a valid number, but not this commune's.
    clamecy_siren = "215800798"
    CommuneFactory(code="58079", name="Clamecy", siren=clamecy_siren, departement=nievre(), in_ti=False)
    org.siren = clamecy_siren
    check = verification.siren_check(org)
    assert check.outcome == "mismatch" and "Clamecy" in check.message and "Varzy" in check.message
    # The intercommunality's SIREN, for a commune that belongs to it.
    org.siren = "200067429"
    assert verification.siren_check(org).outcome == "match"
    # A département (22…) is not in our reference data: said so, not pretended.
    org.siren = "225800010"
    assert verification.siren_check(org).outcome == "not_covered"
    org.siren = ""
    assert verification.siren_check(org).outcome == "absent"


# --- The queue ------------------------------------------------------------------------------------------


def test_the_queue_shows_the_advisors_territory_only(client, mairie, advisor, advisor_other, staff, recruiter_a):
    client.force_login(advisor_other)
    html = unescape(client.get(QUEUE).content.decode())
    assert "Mairie de Varzy" in html and "Secrétaire générale de mairie" in html and "conforme au COG" in html
    client.force_login(staff)
    assert "Mairie de Varzy" in client.get(QUEUE).content.decode()
    client.force_login(advisor)  # follows the Loire
    assert "Mairie de Varzy" not in client.get(QUEUE).content.decode()
    assert client.get(reverse("accounts:verification_detail", args=[mairie.pk])).status_code == 404
    client.force_login(recruiter_a)
    assert client.get(QUEUE).status_code == 403


def test_the_queue_query_count_does_not_grow(client, advisor_other, django_assert_max_num_queries):
    commune = varzy()
    for n in range(12):
        user = UserFactory(email=f"mairie{n}@exemple.fr")
        create_organisation(
            user,
            OrganisationData(name=f"Syndicat des eaux du Val d'Yonne {n}", kind="association", commune=commune),
            mandate="Président",
        )
    client.force_login(advisor_other)
    with django_assert_max_num_queries(40):
        response = client.get(QUEUE)
    assert "12 organisations en attente" in response.content.decode()


# --- Decisions ------------------------------------------------------------------------------------------


def test_the_advisor_verifies_logged_audited_emailed_and_shown(
    client, mairie, secretary, advisor_other, django_capture_on_commit_callbacks
):
    client.force_login(advisor_other)
    page = unescape(client.get(reverse("accounts:verification_detail", args=[mairie.pk])).content.decode())
    assert "SIREN de la commune de Varzy (58304)" in page and "« Secrétaire générale de mairie »" in page
    assert ">Vérifier</button>" in page and "Refuser (motif)" in page and "Demander un complément" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, advisor_other, mairie, "verified")
    assert response.status_code == 302 and response["Location"] == QUEUE
    mairie.refresh_from_db()
    assert mairie.is_verified and mairie.verified_at is not None
    step = OrganisationVerificationTransition.objects.get(organisation=mairie)
    assert (step.from_status, step.to_status, step.actor) == (V.PENDING, V.VERIFIED, advisor_other)
    entry = AuditLog.objects.get(action="accounts.organisation.verified")
    assert entry.actor == advisor_other and entry.target_id == str(mairie.pk)
    assert [m.to for m in mail.outbox] == [[secretary.email]]
    assert mail.outbox[0].subject == "Votre organisation « Mairie de Varzy » est vérifiée"
    # The public page says it, to everybody.
    client.logout()
    assert "Organisation vérifiée" in client.get(mairie.get_absolute_url()).content.decode()


def test_a_refusal_needs_a_reason_and_the_reason_is_emailed(
    client, mairie, secretary, advisor_other, staff, django_capture_on_commit_callbacks
):
    response = decide(client, advisor_other, mairie, "refused", comment="   ")
    assert response.status_code == 200
    assert "Indiquez le motif du refus" in unescape(response.content.decode())
    mairie.refresh_from_db()
    assert mairie.verification_status == V.PENDING and not OrganisationVerificationTransition.objects.exists()
    mail.outbox.clear()
    reason = "La mairie de Varzy nous indique ne pas connaître Mme Colas."
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, advisor_other, mairie, "refused", comment=reason)
    mairie.refresh_from_db()
    assert mairie.verification_status == V.REFUSED and mairie.verified_at is None
    assert reason in mail.outbox[0].body and "refusée" in mail.outbox[0].subject
    # Refused is final for advisors: only staff reopen.
    with pytest.raises(verification.VerificationError):
        verification.verify(mairie, actor=advisor_other)
    with pytest.raises(PermissionDenied):
        verification.transition(mairie, V.PENDING, actor=advisor_other)
    decide(client, staff, mairie, "pending")
    mairie.refresh_from_db()
    assert mairie.verification_status == V.PENDING


def test_a_request_for_information_is_answered_by_an_admin_of_the_organisation(
    client, mairie, secretary, advisor_other, django_capture_on_commit_callbacks
):
    question = "Pouvez-vous nous transmettre l'arrêté vous nommant secrétaire générale ?"
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, advisor_other, mairie, "needs_info", comment=question)
    mairie.refresh_from_db()
    assert mairie.verification_status == V.NEEDS_INFO
    client.force_login(secretary)
    page = unescape(client.get(mairie.get_absolute_url()).content.decode())
    assert question in page and "Envoyer le complément" in page
    # A plain member reads the state but cannot answer.
    clerk = UserFactory(email="agent.varzy@exemple.fr")
    MembershipFactory(user=clerk, organisation=mairie, role="member")
    client.force_login(clerk)
    url = reverse("accounts:verification_answer", args=[mairie.pk])
    assert client.post(url, {"answer": "Je ne sais pas."}).status_code == 403
    client.force_login(secretary)
    response = client.post(url, {"answer": "L'arrêté n° 2026-14 du maire est joint à l'e-mail envoyé ce jour."})
    assert response.status_code == 302
    mairie.refresh_from_db()
    assert mairie.verification_status == V.PENDING
    assert list(mairie.verification_log.values_list("to_status", flat=True)) == [V.NEEDS_INFO, V.PENDING]


def test_an_advisor_never_verifies_an_organisation_they_belong_to(mairie, advisor_other, staff):
    MembershipFactory(user=advisor_other, organisation=mairie, role="member")
    assert not verification.can_decide(advisor_other, mairie)
    with pytest.raises(PermissionDenied):
        verification.verify(mairie, actor=advisor_other)
    assert verification.verify(mairie, actor=staff).is_verified


def test_an_unknown_decision_is_a_french_message(client, mairie, advisor_other):
    response = decide(client, advisor_other, mairie, "approuvee")
    assert response.status_code == 200 and "Choisissez une décision" in unescape(response.content.decode())
    mairie.refresh_from_db()
    assert mairie.verification_status == V.PENDING


# --- What an unverified organisation may not do ------------------------------------------------------------


def test_the_one_access_helper(mairie, advisor_other):
    for action in ("publish_directly", "publish_vta", "open_campaign", "see_candidates"):
        assert permissions.unverified_refusal(mairie, action)
    verification.verify(mairie, actor=advisor_other)
    mairie.refresh_from_db()
    assert all(
        permissions.unverified_refusal(mairie, a) is None
        for a in ("publish_directly", "publish_vta", "open_campaign", "see_candidates")
    )


def test_advisor_rights_come_from_a_verified_advisor_organisation(advisor_other, advisor_organisation, staff):
    assert permissions.is_advisor(advisor_other)
    Organisation.objects.filter(pk=advisor_organisation.pk).update(verification_status=V.PENDING, verified_at=None)
    assert not permissions.is_advisor(advisor_other)
    # Nor may its member open a needs campaign in its name.
    assert "organisation vérifiée" in needs_services.campaign_refusal(advisor_other)
    assert needs_services.campaign_refusal(staff) is None


def test_the_members_see_the_pending_state_and_what_happens_next(client, mairie, secretary):
    clamecy()
    client.force_login(secretary)
    space = unescape(client.get(reverse("accounts:space")).content.decode())
    assert "Organisation en attente de vérification" in space
    page = unescape(client.get(mairie.get_absolute_url()).content.decode())
    assert "vos offres sont relues par un conseiller avant publication" in page
    client.logout()
    public = client.get(mairie.get_absolute_url()).content.decode()
    assert "Organisation vérifiée" not in public and "attente de vérification" not in public
    assert User.objects.filter(email=secretary.email).exists()
