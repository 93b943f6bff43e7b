"""Organisation pages: public part for all, members only for members, edits for admins."""

import pytest
from django.urls import reverse

from emploi_territoires.accounts.models import Membership, Organisation
from tests.factories import clamecy


def _detail(org):
    return reverse("accounts:organisation", args=[org.pk])


def _edit(org):
    return reverse("accounts:organisation_edit", args=[org.pk])


# --- Public page --------------------------------------------------------------------------------


def test_public_page_for_anonymous_hides_members(client, recruiter_a, organisation_a):
    response = client.get(_detail(organisation_a))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Saint-Étienne Métropole" in html
    assert "Collectivité" in html
    assert "Saint-Étienne (42218)" in html
    assert recruiter_a.email not in html
    assert "Inviter un membre" not in html


@pytest.mark.parametrize("persona", ["recruiter_b", "candidate", "advisor"])
def test_other_people_see_the_public_page_only(client, request, recruiter_a, organisation_a, persona):
    client.force_login(request.getfixturevalue(persona))
    html = client.get(_detail(organisation_a)).content.decode()
    assert "Saint-Étienne Métropole" in html
    assert recruiter_a.email not in html


def test_member_sees_members_but_cannot_manage(client, recruiter_a, member_a, organisation_a):
    client.force_login(member_a)
    html = client.get(_detail(organisation_a)).content.decode()
    assert recruiter_a.email in html
    assert member_a.email in html
    assert "Inviter un membre" not in html
    assert "Modifier l'organisation" not in html


def test_admin_sees_management_tools(client, recruiter_a, member_a, organisation_a):
    client.force_login(recruiter_a)
    html = client.get(_detail(organisation_a)).content.decode()
    assert "Inviter un membre" in html
    assert "Nommer administrateur" in html
    assert "Modifier l'organisation" in html


def test_staff_sees_members(client, staff, recruiter_a, organisation_a):
    client.force_login(staff)
    assert recruiter_a.email in client.get(_detail(organisation_a)).content.decode()


def test_unknown_organisation_is_404(client, db):
    assert client.get(reverse("accounts:organisation", args=[999999])).status_code == 404


# --- Edit --------------------------------------------------------------------------------------


def test_edit_requires_login(client, organisation_a):
    response = client.get(_edit(organisation_a))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("persona", "status"),
    [("recruiter_a", 200), ("staff", 200), ("member_a", 403), ("recruiter_b", 404), ("advisor", 404)],
)
def test_edit_access(client, request, organisation_a, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_edit(organisation_a)).status_code == status


def _edit_data(**overrides):
    data = {
        "name": "Saint-Étienne Métropole",
        "kind": "collectivite",
        "commune": "Saint-Étienne (42218)",
        "siren": "244200770",
        "siret": "",
        "description": "Recrute pour ses 53 communes.",
        "website": "www.saint-etienne-metropole.fr",
    }
    data.update(overrides)
    return data


def test_admin_edits_the_organisation(client, recruiter_a, organisation_a):
    client.force_login(recruiter_a)
    response = client.post(_edit(organisation_a), _edit_data())
    assert response.status_code == 302
    organisation_a.refresh_from_db()
    assert organisation_a.description == "Recrute pour ses 53 communes."
    assert organisation_a.website == "https://www.saint-etienne-metropole.fr"


def test_member_cannot_post_an_edit(client, member_a, organisation_a):
    client.force_login(member_a)
    assert client.post(_edit(organisation_a), _edit_data(description="Piraté")).status_code == 403
    organisation_a.refresh_from_db()
    assert organisation_a.description != "Piraté"


def test_edit_with_wrong_siren_and_commune_explains(client, recruiter_a, organisation_a):
    client.force_login(recruiter_a)
    response = client.post(_edit(organisation_a), _edit_data(siren="244200771", commune="Sainté"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "clé de contrôle est fausse" in html
    assert "Commune inconnue" in html
    organisation_a.refresh_from_db()
    assert organisation_a.siren == "244200770"


def test_admin_cannot_turn_their_organisation_into_apec(client, recruiter_a, organisation_a):
    client.force_login(recruiter_a)
    response = client.post(_edit(organisation_a), _edit_data(kind="apec"))
    assert response.status_code == 200
    organisation_a.refresh_from_db()
    assert organisation_a.kind == Organisation.Kind.COLLECTIVITE


# --- Create ------------------------------------------------------------------------------------

CREATE = reverse("accounts:organisation_create")


def test_create_requires_login(client, db):
    assert client.get(CREATE)["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("persona", "status"), [("recruiter_b", 200), ("staff", 200), ("candidate", 403)])
def test_create_access(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(CREATE).status_code == status


def test_professional_creates_a_second_organisation(client, recruiter_b, organisation_b):
    clamecy()
    client.force_login(recruiter_b)
    response = client.post(
        CREATE,
        {
            "name": "Entraide du Clamecycois",
            "kind": "association",
            "commune": "Clamecy (58079)",
            "siren": "",
            "siret": "",
            "description": "",
            "website": "",
            "requester_mandate": "Présidente de l'association",
        },
    )
    assert response.status_code == 302
    org = Organisation.objects.get(name="Entraide du Clamecycois")
    assert Membership.objects.get(user=recruiter_b, organisation=org).role == "admin"
    recruiter_b.refresh_from_db()
    assert recruiter_b.current_organisation == org
    assert recruiter_b.memberships.count() == 2


def test_entreprise_siret_already_registered(client, recruiter_b, organisation_b):
    client.force_login(recruiter_b)
    response = client.post(
        CREATE,
        {
            "name": "Doublon",
            "kind": "entreprise",
            "commune": "58079",
            "siret": organisation_b.siret,
            "requester_mandate": "Gérant",
        },
    )
    assert response.status_code == 200
    assert "Une organisation avec ce SIRET est déjà inscrite" in response.content.decode()
    assert not Organisation.objects.filter(name="Doublon").exists()


def test_staff_may_create_an_apec_organisation(client, staff):
    clamecy()
    client.force_login(staff)
    response = client.post(
        CREATE,
        {"name": "Apec Bourgogne-Franche-Comté", "kind": "apec", "commune": "58079", "requester_mandate": "Équipe"},
    )
    assert response.status_code == 302
    assert Organisation.objects.get(name="Apec Bourgogne-Franche-Comté").kind == "apec"
