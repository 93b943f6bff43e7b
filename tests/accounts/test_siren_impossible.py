"""Impossible SIRENs are refused (issue 20, item 5): 000000000 passes the Luhn key but is nobody's;
a collectivité's SIREN is in the local authorities' range and, for a commune or an EPCI, the one of
the COG copy when it is loaded."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from emploi_territoires.accounts.models import Organisation
from emploi_territoires.accounts.services import AccountsError, OrganisationData, check_organisation_data
from emploi_territoires.accounts.validators import is_valid_siren, validate_collectivite_siren, validate_siren
from tests.factories import saint_etienne

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("siren", ["000000000", "000 000 000", "555555555", "000123455"])
def test_numbers_the_checksum_accepts_but_nobody_has_are_refused(siren):
    with pytest.raises(ValidationError) as error:
        validate_siren(siren)
    assert "n'existe pas" in error.value.messages[0]


def test_000000000_does_pass_the_luhn_key():
    assert is_valid_siren("000000000")  # hence the explicit refusal


def collectivite(siren: str) -> OrganisationData:
    return OrganisationData(
        name="Commune de Test", kind=Organisation.Kind.COLLECTIVITE, commune=saint_etienne(), siren=siren
    )


def test_sign_up_as_a_collectivite_with_000000000_is_refused():
    with pytest.raises(AccountsError) as error:
        check_organisation_data(collectivite("000000000"))
    assert "siren" in error.value.message_dict


def test_a_company_siren_is_not_a_collectivite():
    # 552 100 554 is a company's SIREN (private range): valid, but not a local authority's.
    assert is_valid_siren("552100554")
    with pytest.raises(ValidationError) as error:
        validate_collectivite_siren("552100554")
    assert "commence par 2" in error.value.messages[0]


def test_an_epci_siren_must_be_in_the_cog_when_it_is_loaded():
    saint_etienne()  # loads Saint-Étienne Métropole (244200770)
    validate_collectivite_siren("244 200 770")
    unknown = "244200788"
    assert is_valid_siren(unknown)
    with pytest.raises(ValidationError) as error:
        validate_collectivite_siren(unknown)
    assert "aucune intercommunalité" in error.value.messages[0]


def test_a_commune_siren_must_be_in_the_cog_when_it_is_loaded():
    commune = saint_etienne()
    commune.siren = "214202186"
    commune.save(update_fields=["siren"])
    validate_collectivite_siren("214202186")
    with pytest.raises(ValidationError) as error:
        validate_collectivite_siren("214202194")
    assert "aucune commune" in error.value.messages[0]
