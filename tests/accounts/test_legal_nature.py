"""An organisation's legal nature (issue 16: it decides the VTA eligibility): edited by its admin,
shown on its page, a value outside the list refused with a French message and nothing written."""

from django.urls import reverse

from emploi_territoires.accounts.models import LegalNature

EDIT_DATA = {
    "name": "Saint-Étienne Métropole",
    "kind": "collectivite",
    "commune": "42218",
    "siren": "244200770",
    "siret": "",
    "description": "",
    "website": "",
}


def test_admin_sets_the_legal_nature_and_the_page_shows_it(client, recruiter_a, organisation_a):
    client.force_login(recruiter_a)
    edit = reverse("accounts:organisation_edit", args=[organisation_a.pk])
    assert "Nature juridique" in client.get(edit).content.decode()
    response = client.post(edit, {**EDIT_DATA, "legal_nature": "epci"})
    assert response.status_code == 302
    organisation_a.refresh_from_db()
    assert organisation_a.legal_nature == LegalNature.EPCI
    html = client.get(reverse("accounts:organisation", args=[organisation_a.pk])).content.decode()
    assert "Intercommunalité à fiscalité propre" in html


def test_an_unknown_legal_nature_is_refused_and_nothing_is_written(client, recruiter_a, organisation_a):
    client.force_login(recruiter_a)
    edit = reverse("accounts:organisation_edit", args=[organisation_a.pk])
    response = client.post(edit, {**EDIT_DATA, "legal_nature": "royaume", "description": "Changé"})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    organisation_a.refresh_from_db()
    assert (organisation_a.legal_nature, organisation_a.description) == ("", "")
