"""SIREN/SIRET checks on real identifiers (each one checked against its Luhn key)."""

import pytest
from django.core.exceptions import ValidationError

from emploi_territoires.accounts.validators import is_valid_siren, is_valid_siret, validate_siren, validate_siret


@pytest.mark.parametrize(
    "siren",
    [
        "244200770",  # Saint-Étienne Métropole
        "214202186",  # commune de Saint-Étienne (COG copy)
        "215800798",  # commune de Clamecy (COG copy)
        "552081317",  # EDF
        "356000000",  # La Poste
        "130005481",  # France Travail
        "244 200 770",  # as printed on documents
    ],
)
def test_real_sirens_are_valid(siren):
    assert is_valid_siren(siren)


@pytest.mark.parametrize(
    "siren",
    [
        "217102181",  # fails its Luhn key
        "244200771",  # Saint-Étienne Métropole with its last digit changed
        "24420077",  # 8 digits
        "2442007700",  # 10 digits
        "24420077O",  # letter O instead of zero
        "",
    ],
)
def test_wrong_sirens_are_refused(siren):
    assert not is_valid_siren(siren)


@pytest.mark.parametrize(
    "siret",
    [
        "55208131766522",  # EDF, head office
        "44306184100047",  # Google France, head office
        "35600000000048",  # La Poste head office: passes the plain Luhn check
        "35600000049837",  # a La Poste establishment: fails Luhn, digit sum 45 is a multiple of 5
        "552 081 317 66522",
    ],
)
def test_real_sirets_are_valid(siret):
    assert is_valid_siret(siret)


def test_la_poste_rule_applies_only_to_la_poste():
    # EDF with a changed key: digit sum 55 is a multiple of 5, but only La Poste gets that rule.
    assert not is_valid_siret("55208131766524")
    # A La Poste SIRET whose digit sum (46) is not a multiple of 5 and which fails Luhn.
    assert not is_valid_siret("35600000049838")


@pytest.mark.parametrize(
    "siret",
    [
        "55208131766523",  # EDF with its last digit changed
        "5520813176652",  # 13 digits
        "24420077000016",  # Saint-Étienne Métropole SIREN + an invented NIC: bad key
        "abcdefghijklmn",
    ],
)
def test_wrong_sirets_are_refused(siret):
    assert not is_valid_siret(siret)


def test_validators_explain_in_french():
    with pytest.raises(ValidationError, match="9 chiffres"):
        validate_siren("2442007")
    with pytest.raises(ValidationError, match="clé de contrôle"):
        validate_siren("244200771")
    with pytest.raises(ValidationError, match="14 chiffres"):
        validate_siret("244200770")
    with pytest.raises(ValidationError, match="clé de contrôle"):
        validate_siret("55208131766523")
    validate_siret("35600000049837")  # no error
