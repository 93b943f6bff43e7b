"""Programme creation and settings (scope, weights, managers) and the "never together" exclusions."""

import datetime

import pytest
from django.urls import reverse

from emploi_territoires.mentoring import services_matching, services_programmes
from emploi_territoires.mentoring.errors import MentoringError
from emploi_territoires.mentoring.models import NeverTogether, Programme
from emploi_territoires.territories.scope import ScopeKind
from tests.factories import UserFactory, saint_etienne


def programme_post(**overrides):
    data = {
        "name": "Cap emploi Loire Sud", "description": "Des cadres du bassin stéphanois pour les jeunes diplômés.",
        "scope": "national", "audience": "qpv_first", "duration_months": "6", "meeting_every_weeks": "2",
        "alert_after_weeks": "4", "starts_on": "2027-01-04", "ends_on": "2027-12-17",
        "managers": "sandrine.chazal@exemple.fr", "max_distance_km": "30", "qpv_priority": "on",
        "weight_field": "50", "weight_goals": "30", "weight_proximity": "10", "weight_experience": "10",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_staff_creates_a_programme_with_its_weights(client, staff, manager):
    client.force_login(staff)
    response = client.post(reverse("mentoring:programme_create"), programme_post())
    programme = Programme.objects.get(name="Cap emploi Loire Sud")
    assert response.status_code == 302 and response.url == programme.get_absolute_url()
    assert programme.weights == {"field": 50, "goals": 30, "proximity": 10, "experience": 10}
    assert list(programme.managers.all()) == [manager]
    assert programme.qpv_priority and programme.scope_kind == ScopeKind.NATIONAL


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"weight_field": "0", "weight_goals": "0", "weight_proximity": "0", "weight_experience": "0"},
            "Au moins un critère doit avoir un poids positif.",
        ),
        ({"weight_goals": "-5"}, "Le poids « objectifs et sujets » ne peut pas être négatif."),
        ({"weight_field": "150"}, "Le poids « métier et domaine » doit être un entier de 0 à 100."),
        ({"ends_on": "2026-12-01"}, "La date de fin doit suivre la date de début."),
        ({"scope": "departement"}, "Choisissez le département du programme."),
        ({"scope": "epci", "epci": "123456789"}, "Intercommunalité inconnue"),
        ({"managers": "personne@nulle-part.fr"}, "Aucun compte avec l&#x27;adresse : personne@nulle-part.fr."),
        ({"duration_months": "36"}, "La durée du mentorat va de 1 à 24 mois."),
    ],
)
def test_programme_bad_inputs_are_refused_in_french(client, staff, manager, overrides, message):
    client.force_login(staff)
    response = client.post(reverse("mentoring:programme_create"), programme_post(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Programme.objects.filter(name="Cap emploi Loire Sud").exists()


def test_departement_scope_keeps_only_its_field(client, manager, programme):
    departement = saint_etienne().departement
    client.force_login(manager)
    url = reverse("mentoring:programme_edit", args=[programme.pk])
    assert "Premiers pas pro Loire Sud" in client.get(url).content.decode()
    response = client.post(
        url, programme_post(scope="departement", departement=departement.pk, territorial_programme="pvd")
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert (programme.scope_kind, programme.departement_id, programme.programme) == (
        ScopeKind.DEPARTEMENT,
        departement.pk,
        "",
    )


def test_managers_edit_only_their_programmes(client, manager, programme, candidate, recruiter_b):
    other_manager = UserFactory(email="marc.vial@exemple.fr", first_name="Marc", last_name="Vial")
    other = Programme.objects.create(
        name="Mentorat Nièvre", starts_on=datetime.date(2026, 9, 1), ends_on=datetime.date(2027, 6, 30)
    )
    other.managers.add(other_manager)
    client.force_login(manager)
    assert client.get(reverse("mentoring:programme_edit", args=[other.pk])).status_code == 404
    response = client.post(reverse("mentoring:programme_edit", args=[other.pk]), programme_post())
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.name == "Mentorat Nièvre"
    # A programme manager may open a new programme; candidates and other professionals may not.
    assert client.get(reverse("mentoring:programme_create")).status_code == 200
    for user in (candidate, recruiter_b):
        client.force_login(user)
        assert client.get(reverse("mentoring:programme_create")).status_code == 404
        assert client.get(reverse("mentoring:programme_edit", args=[programme.pk])).status_code == 404
    client.logout()
    for url in (reverse("mentoring:programme_create"), reverse("mentoring:programme_edit", args=[programme.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response.url or "/comptes/" in response.url


def test_never_together_from_the_programme_page(client, manager, programme, pool):
    client.force_login(manager)
    url = reverse("mentoring:exclusion_create", args=[programme.pk])
    data = {"mentor": pool["karim"].pk, "mentee": pool["ines"].pk, "reason": "Même famille"}
    response = client.post(url, data, follow=True)
    assert "Exclusion enregistrée" in response.content.decode()
    assert NeverTogether.objects.filter(programme=programme, mentor=pool["karim"], mentee=pool["ines"]).exists()
    response = client.post(url, data, follow=True)
    assert "Cette exclusion existe déjà." in response.content.decode()
    # A mentee of the programme in the mentor's place is not offered (not a mentor of the programme).
    response = client.post(url, {"mentor": pool["lucas"].pk, "mentee": pool["chloe"].pk}, follow=True)
    assert NeverTogether.objects.count() == 1
    assert "Sélectionnez un choix valide" in response.content.decode()
    # The matching honours it.
    run = services_matching.run_matching(programme, manager)
    assert not run.proposals.filter(mentor=pool["karim"], mentee=pool["ines"]).exists()


def test_exclusions_of_another_programme_are_out_of_reach(client, manager, programme, pool, recruiter_b):
    exclusion = services_programmes.add_exclusion(programme, pool["paul"], pool["lucas"])
    client.force_login(recruiter_b)
    assert client.post(reverse("mentoring:exclusion_delete", args=[exclusion.pk])).status_code == 404
    data = {"mentor": pool["karim"].pk, "mentee": pool["ines"].pk}
    assert client.post(reverse("mentoring:exclusion_create", args=[programme.pk]), data).status_code == 404
    assert NeverTogether.objects.count() == 1
    client.force_login(manager)
    response = client.post(reverse("mentoring:exclusion_delete", args=[exclusion.pk]), follow=True)
    assert "Exclusion retirée." in response.content.decode()
    assert not NeverTogether.objects.exists()


def test_add_exclusion_refuses_people_outside_the_programme(programme, pool):
    outsider = UserFactory(email="zoe.martin@exemple.fr")
    with pytest.raises(MentoringError, match="pas inscrite à ce programme"):
        services_programmes.add_exclusion(programme, pool["karim"], outsider)
    with pytest.raises(MentoringError, match=r"Ce mentor n.est pas inscrit"):
        services_programmes.add_exclusion(programme, pool["ines"], pool["lucas"])
