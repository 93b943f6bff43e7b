"""Sign-up: candidate, mentor, professional who creates or joins an organisation."""

from html import unescape

import pytest
from django.urls import reverse

from emploi_territoires.accounts.models import Membership, Organisation, User
from tests.factories import OrganisationFactory, clamecy, saint_etienne

SIGNUP = reverse("accounts:signup")
PASSWORD = "Vallee-du-Gier-2026"


def _person(**overrides):
    data = {
        "kind": "candidate",
        "first_name": "Yanis",
        "last_name": "Morel",
        "email": "Yanis.Morel@exemple.fr",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return data


def _organisation(**overrides):
    data = {
        "org-name": "Saint-Étienne Métropole",
        "org-kind": "collectivite",
        "org-commune": "Saint-Étienne (42218)",
        "org-siren": "244 200 770",
        "org-siret": "",
        "org-description": "Métropole de 53 communes de la Loire.",
        "org-website": "",
        "org-requester_mandate": "Directrice générale des services",
    }
    data.update(overrides)
    return data


def test_signup_page_renders_for_anonymous(client, db):
    response = client.get(SIGNUP)
    assert response.status_code == 200
    assert "Créer un compte" in response.content.decode()


def test_logged_in_user_is_sent_to_their_space(client, candidate):
    client.force_login(candidate)
    assert client.get(SIGNUP)["Location"] == reverse("accounts:space")


@pytest.mark.parametrize("kind", ["candidate", "mentor"])
def test_candidate_or_mentor_signs_up_and_is_logged_in(client, db, kind):
    response = client.post(SIGNUP, _person(kind=kind))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:space")
    user = User.objects.get(email="yanis.morel@exemple.fr")  # stored in lower case
    assert user.kind == kind
    assert user.check_password(PASSWORD)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert not Organisation.objects.exists()


def test_professional_creates_a_collectivite_and_becomes_admin(client, db):
    saint_etienne()
    response = client.post(SIGNUP, {**_person(kind="professional"), "organisation_choice": "create", **_organisation()})
    assert response.status_code == 302
    user = User.objects.get(email="yanis.morel@exemple.fr")
    org = Organisation.objects.get(name="Saint-Étienne Métropole")
    assert org.kind == Organisation.Kind.COLLECTIVITE
    assert org.siren == "244200770"  # spaces dropped
    assert org.commune_id == "42218"
    assert Membership.objects.get(user=user, organisation=org).role == Membership.Role.ADMIN
    assert user.current_organisation == org


def test_professional_creates_an_association_in_a_pvd_commune(client, db):
    clamecy()
    data = _organisation(
        **{"org-name": "Clamecy Emploi Solidaire", "org-kind": "association", "org-commune": "58079", "org-siren": ""}
    )
    response = client.post(SIGNUP, {**_person(kind="professional"), "organisation_choice": "create", **data})
    assert response.status_code == 302
    org = Organisation.objects.get(name="Clamecy Emploi Solidaire")
    assert "pvd" in org.programmes


def test_professional_who_joins_gets_an_account_without_organisation(client, db):
    response = client.post(SIGNUP, {**_person(kind="professional"), "organisation_choice": "join"})
    assert response.status_code == 302
    user = User.objects.get(email="yanis.morel@exemple.fr")
    assert not user.memberships.exists()
    space = client.get(reverse("accounts:space")).content.decode()
    assert "Vous ne faites partie d'aucune organisation" in space


def test_unknown_commune_creates_nothing(client, db):
    saint_etienne()
    response = client.post(
        SIGNUP,
        {**_person(kind="professional"), "organisation_choice": "create", **_organisation(**{"org-commune": "99999"})},
    )
    assert response.status_code == 200
    assert "Commune inconnue" in response.content.decode()
    assert not User.objects.exists()
    assert not Organisation.objects.exists()


def test_collectivite_without_siren_is_refused(client, db):
    saint_etienne()
    response = client.post(
        SIGNUP,
        {**_person(kind="professional"), "organisation_choice": "create", **_organisation(**{"org-siren": ""})},
    )
    assert "Le SIREN de la collectivité est obligatoire" in response.content.decode()
    assert not User.objects.exists()


def test_entreprise_with_bad_siret_is_refused(client, db):
    clamecy()
    data = _organisation(**{"org-kind": "entreprise", "org-siren": "", "org-siret": "55208131766523"})
    response = client.post(SIGNUP, {**_person(kind="professional"), "organisation_choice": "create", **data})
    assert "clé de contrôle est fausse" in response.content.decode()
    assert not User.objects.exists()


def test_already_registered_collectivite_rolls_back_the_whole_signup(client, db):
    # The service refuses the duplicate after the user row was written: nothing must remain.
    OrganisationFactory(collectivite=True, commune=saint_etienne())
    data = _organisation(**{"org-name": "SEM", "org-commune": "42218"})
    response = client.post(SIGNUP, {**_person(kind="professional"), "organisation_choice": "create", **data})
    assert response.status_code == 200
    assert "déjà inscrite" in response.content.decode()
    assert not User.objects.filter(email="yanis.morel@exemple.fr").exists()
    assert Organisation.objects.count() == 1


def test_apec_kind_cannot_be_self_created(client, db):
    saint_etienne()
    data = _organisation(**{"org-kind": "apec", "org-commune": "42218", "org-siren": ""})
    response = client.post(SIGNUP, {**_person(kind="professional"), "organisation_choice": "create", **data})
    assert response.status_code == 200
    assert not Organisation.objects.exists()


def test_duplicate_email_any_case_is_refused(client, candidate):
    response = client.post(SIGNUP, _person(email="INES.HADDAD@exemple.fr"))
    assert "Un compte existe déjà avec cette adresse e-mail" in response.content.decode()
    assert User.objects.filter(email__iexact="ines.haddad@exemple.fr").count() == 1


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("court", "trop court"),
        ("1234567890123", "entièrement numérique"),
        ("yanis.morel.exemple", "trop semblable"),
    ],
)
def test_password_validators_apply(client, db, password, message):
    response = client.post(SIGNUP, _person(password1=password, password2=password))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_mismatched_passwords(client, db):
    response = client.post(SIGNUP, _person(password2="Autre-mot-de-passe-2026"))
    assert response.status_code == 200
    assert not User.objects.exists()


def test_professional_must_say_create_or_join(client, db):
    response = client.post(SIGNUP, _person(kind="professional"))
    assert "Indiquez si vous créez ou rejoignez une organisation" in response.content.decode()


def test_garbage_input_never_500(client, db):
    response = client.post(SIGNUP, {"kind": "pirate", "email": "x", "org-commune": "'; DROP TABLE"})
    assert response.status_code == 200


# --- Address probing (issue 20, item 14) --------------------------------------------------------
# Sign-up logs the person in at once, so it must say when an address is taken; that answer is
# throttled per client address, with the login's window, so addresses cannot be probed in bulk.


def _probe(client, email, ip):
    return unescape(client.post(SIGNUP, _person(email=email), REMOTE_ADDR=ip).content.decode())


def test_signup_probing_is_throttled_per_client_address(client, candidate, recruiter_a, member_a, settings):
    settings.SIGNUP_THROTTLE_ATTEMPTS = 2
    assert "Un compte existe déjà" in _probe(client, candidate.email, "192.0.2.20")
    assert "Un compte existe déjà" in _probe(client, recruiter_a.email, "192.0.2.20")
    blocked = _probe(client, member_a.email, "192.0.2.20")
    assert "Un compte existe déjà" not in blocked
    assert "Trop de tentatives d'inscription" in blocked
    # A free address from the same client gets the same refusal: nothing to tell them apart.
    assert "Trop de tentatives d'inscription" in _probe(client, "nouvelle.personne@exemple.fr", "192.0.2.20")
    assert not User.objects.filter(email="nouvelle.personne@exemple.fr").exists()
    # Another client is not affected.
    response = client.post(SIGNUP, _person(email="yanis.morel@exemple.fr"), REMOTE_ADDR="192.0.2.21")
    assert response.status_code == 302


def test_new_addresses_do_not_count_towards_the_limit(client, db, settings):
    settings.SIGNUP_THROTTLE_ATTEMPTS = 1
    for n in range(3):
        response = client.post(SIGNUP, _person(email=f"personne{n}@exemple.fr"), REMOTE_ADDR="192.0.2.30")
        assert response.status_code == 302
        client.logout()
