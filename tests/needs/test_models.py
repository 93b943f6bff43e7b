import pytest
from django.db import IntegrityError, transaction

from tests.needs.factories import NeedDeclarationFactory, NeedsCampaignFactory

pytestmark = pytest.mark.django_db


def test_declaration_located_in_its_organisation_commune():
    need = NeedDeclarationFactory(campaign=NeedsCampaignFactory())
    assert need.commune_id == "42218"
    assert need.campaign.departement_id == "42"


def test_zero_count_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        NeedDeclarationFactory(count=0)
