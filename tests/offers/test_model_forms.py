"""The offer form and `services.validate_offer`: each bad input gets a French message, nothing is written."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from emploi_territoires.offers import services
from emploi_territoires.offers.forms import OfferForm, resolve_occupation
from emploi_territoires.offers.models import Offer
from tests.clock import paris
from tests.offers.factories import OfferFactory, RomeOccupationFactory

NOW = paris(2026, 3, 10, 10, 30)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def _pinned_clock(time_machine):
    time_machine.move_to(NOW)


def days(n: int) -> str:
    # Read at call time: other modules build `valid_data()` under their own (real or pinned) clock.
    return (timezone.localdate() + datetime.timedelta(days=n)).isoformat()


def valid_data(**overrides) -> dict[str, str]:
    """What a recruiter of Saint-Étienne Métropole types for a real-sounding offer."""
    data = {
        "title": "Chef·fe de projet Territoire d'industrie (F/H)",
        "occupation": "Chargé / Chargée d'études socio-économiques (M1403)",
        "commune": "Saint-Étienne (42218)",
        "address": "2 avenue Grüner, 42000 Saint-Étienne",
        "contract_type": "contractuel",
        "contract_duration_months": "36",
        "public_category": "A",
        "weekly_hours": "35",
        "remote": "partial",
        "salary_min": "38 000",
        "salary_max": "46 000 €",
        "start_date": days(60),
        "closing_date": days(30),
        "positions": "1",
        "missions": "Animer le programme Territoires d'industrie avec les entreprises du bassin stéphanois.",
        "profile": "Bac+5 en développement économique, expérience des collectivités.",
        "benefits": "Télétravail deux jours par semaine.",
        "territory_presentation": "53 communes entre Loire et Pilat.",
        "apply_method": "platform",
        "apply_url": "",
        "apply_email": "",
        "programme_context": "developpement_ti",
    }
    # A callable override is a date read when the data is built (see `days_from_today`).
    data.update({key: value() if callable(value) else value for key, value in overrides.items()})
    return data


def days_from_today(n: int):
    """An override for parametrised cases, collected before the test's clock is pinned."""
    return lambda: days(n)


@pytest.fixture
def occupation(db):
    return RomeOccupationFactory()


def test_valid_offer_cleans_to_model_values(organisation_a, occupation):
    form = OfferForm(valid_data(weekly_hours="17,5"), organisation=organisation_a)
    assert form.is_valid(), form.errors
    values = form.values()
    assert values["salary_min"] == 38_000 and values["salary_max"] == 46_000
    assert str(values["weekly_hours"]) == "17.5"
    assert values["commune"].code == "42218"
    assert values["occupation"] == occupation


BAD_INPUTS = [
    ({"salary_min": "50000", "salary_max": "40000"}, "salary_max", "supérieur ou égal au salaire minimum"),
    ({"salary_min": "2500"}, "salary_min", "salaire brut annuel (et non mensuel)"),
    ({"salary_max": "9000000"}, "salary_max", "trop élevé"),
    ({"salary_min": "trente mille"}, "salary_min", "nombre entier"),
    ({"closing_date": days_from_today(-1)}, "closing_date", "déjà passée"),
    ({"start_date": days_from_today(-3)}, "start_date", "déjà passée"),
    ({"closing_date": "31/02/2026"}, "closing_date", "date valide"),
    ({"commune": "Atlantide"}, "commune", "Commune inconnue"),
    ({"commune": "99999"}, "commune", "Commune inconnue"),
    ({"commune": ""}, "commune", "obligatoire"),
    ({"title": "Chargé de mission " * 10}, "title", "150 caractères au maximum"),
    ({"title": "x" * 201}, "title", "au plus 200 caractères"),
    ({"address": "rue " * 70}, "address", "250 caractères au maximum"),
    ({"missions": "Mission. " * 1200}, "missions", "10\u202f000 caractères au maximum"),
    ({"apply_method": "url"}, "apply_url", "adresse du site"),
    ({"apply_method": "email"}, "apply_email", "adresse e-mail"),
    ({"apply_method": "email", "apply_email": "rh@mairie"}, "apply_email", "adresse e-mail valide"),
    ({"contract_type": "vta", "contract_duration_months": "24"}, "contract_duration_months", "de 12 à 18 mois"),
    ({"contract_type": "vta", "contract_duration_months": ""}, "contract_duration_months", "indiquez sa durée"),
    ({"contract_type": "cdi", "contract_duration_months": "12"}, "contract_duration_months", "pas de durée"),
    ({"contract_type": "cdd", "contract_duration_months": "100"}, "contract_duration_months", "de 1 à 72 mois"),
    ({"contract_type": ""}, "contract_type", "obligatoire"),
    ({"contract_type": "interim"}, "contract_type", "Sélectionnez un choix valide"),
    ({"weekly_hours": "60"}, "weekly_hours", "de 1 à 48 heures"),
    ({"weekly_hours": "0,5"}, "weekly_hours", "de 1 à 48 heures"),
    ({"positions": "0"}, "positions", "entre 1 et 100"),
    ({"occupation": "astronaute lunaire"}, "occupation", "Métier inconnu"),
]


@pytest.mark.parametrize(("overrides", "field", "message"), BAD_INPUTS)
def test_bad_input_gets_a_french_error_on_its_field(organisation_a, occupation, overrides, field, message):
    form = OfferForm(valid_data(**overrides), organisation=organisation_a)
    assert not form.is_valid()
    assert any(message in error for error in form.errors.get(field, [])), form.errors


def test_private_employer_has_no_category_field_and_cannot_use_public_contracts(organisation_b, occupation):
    form = OfferForm(
        valid_data(commune="58079", contract_type="vta", contract_duration_months="12"), organisation=organisation_b
    )
    assert "public_category" not in form.fields
    assert not form.is_valid()
    assert "réservé aux employeurs publics" in form.errors["contract_type"][0]
    form = OfferForm(
        valid_data(commune="58079", contract_type="cdi", contract_duration_months=""), organisation=organisation_b
    )
    assert form.is_valid(), form.errors
    assert form.values()["public_category"] == ""


def test_category_for_a_private_employer_is_refused_by_the_service(organisation_b, occupation):
    form = OfferForm(
        valid_data(commune="58079", contract_type="cdi", contract_duration_months=""), organisation=organisation_b
    )
    assert form.is_valid()
    values = form.values() | {"public_category": "A"}  # as the API could send it
    with pytest.raises(services.OfferValidationError) as caught:
        services.create_offer(organisation_b, values, actor=None)
    assert "ne concerne que les employeurs publics" in caught.value.errors["public_category"][0]
    assert Offer.objects.count() == 0


def test_vta_of_twelve_to_eighteen_months_is_fine(organisation_a, occupation):
    for months in ("12", "18"):
        form = OfferForm(valid_data(contract_type="vta", contract_duration_months=months), organisation=organisation_a)
        assert form.is_valid(), form.errors


def test_unused_apply_address_is_dropped(organisation_a, occupation):
    form = OfferForm(
        valid_data(
            apply_method="url",
            apply_url="https://recrutement.saint-etienne-metropole.fr/offre",
            apply_email="rh@sem.fr",
        ),
        organisation=organisation_a,
    )
    assert form.is_valid(), form.errors
    offer = services.create_offer(organisation_a, form.values(), actor=None)
    assert offer.apply_url.startswith("https://recrutement.") and offer.apply_email == ""


def test_an_old_offer_with_past_dates_stays_editable(organisation_a, occupation):
    offer = OfferFactory(organisation=organisation_a)
    Offer.objects.filter(pk=offer.pk).update(start_date=TODAY - datetime.timedelta(days=10))
    offer.refresh_from_db()
    data = OfferForm.initial_from(offer)
    form = OfferForm(
        valid_data(start_date=data["start_date"].isoformat(), title="Nouveau titre (F/H)"),
        organisation=organisation_a,
        offer=offer,
    )
    assert form.is_valid(), form.errors


def test_resolve_occupation_accepts_label_code_and_unique_words(occupation):
    assert resolve_occupation("M1403") == occupation
    assert resolve_occupation("m1403") == occupation
    assert resolve_occupation("Chargé / Chargée d'études socio-économiques (M1403)") == occupation
    assert resolve_occupation("études socio") == occupation


@pytest.mark.parametrize(("overrides", "field", "message"), BAD_INPUTS[:8])
def test_bad_input_through_the_page_answers_200_and_writes_nothing(
    client, recruiter_a, occupation, overrides, field, message
):
    client.force_login(recruiter_a)
    response = client.post(reverse("offers:create"), valid_data(**overrides))
    assert response.status_code == 200
    assert "L'offre n'est pas enregistrée" in response.content.decode()
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert Offer.objects.count() == 0


def test_service_refuses_bad_values_without_writing(organisation_a):
    with pytest.raises(services.OfferValidationError) as caught:
        services.create_offer(
            organisation_a,
            {"title": "", "commune": None, "contract_type": "cdd", "salary_min": 50_000, "salary_max": 40_000},
            actor=None,
        )
    assert set(caught.value.errors) == {"title", "commune", "salary_max"}
    assert Offer.objects.count() == 0


@pytest.mark.parametrize(
    "overrides",
    [
        {"weekly_hours": "1e400"},
        {"weekly_hours": "NaN"},
        {"salary_min": "99999999999999999999999"},
        {"positions": "-1"},
        {"missions": "Missions\x00cachées"},
        {"commune": "Saint-Étienne" * 20},
        {"closing_date": "9999-99-99"},
        {"apply_method": "pigeon"},
        {"programme_context": "<script>"},
    ],
)
def test_hostile_input_is_answered_with_a_form_error(client, recruiter_a, occupation, overrides):
    client.force_login(recruiter_a)
    response = client.post(reverse("offers:create"), valid_data(**overrides))
    assert response.status_code == 200
    assert "L'offre n'est pas enregistrée" in response.content.decode()
    assert Offer.objects.count() == 0
