"""The needs demo on the Nièvre demo organisations: a campaign, three invitations, two answers; idempotent."""

import pytest

from emploi_territoires.accounts.models import Organisation
from emploi_territoires.needs import services
from emploi_territoires.needs.demo import CAMPAIGN_TITLE, load_demo_needs
from emploi_territoires.needs.models import NeedDeclaration, NeedsCampaign
from tests.factories import AdvisorScopeFactory, MembershipFactory, OrganisationFactory, UserFactory, clamecy, nevers
from tests.offers.factories import RomeOccupationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_nievre():
    for code, label in [
        ("H2202", "Conducteur / Conductrice de machines à bois"),
        ("A1203", "Agent / Agente d'entretien des espaces verts"),
        ("K1404", "Chargé / Chargée de mission développement territorial"),
        ("F1503", "Charpentier / Charpentière"),
    ]:
        RomeOccupationFactory(code=code, label=label)
    collectivite = Organisation.Kind.COLLECTIVITE
    mairie = OrganisationFactory(name="Mairie de Clamecy", kind=collectivite, commune=clamecy(), is_demo=True)
    OrganisationFactory(name="Ville de Nevers", kind=collectivite, commune=nevers(), is_demo=True)
    OrganisationFactory(name="Bois du Nivernais (démo)", commune=clamecy(), is_demo=True)
    prefecture = OrganisationFactory(anct=True, commune=nevers(), is_demo=True)
    delegue = UserFactory(email="delegue.anct@demo.emploi-territoires.fr")
    MembershipFactory(user=delegue, organisation=prefecture)
    AdvisorScopeFactory(user=delegue, departements=[clamecy().departement])
    MembershipFactory(user=UserFactory(email="rh.clamecy@demo.emploi-territoires.fr"), organisation=mairie)


def test_demo_campaign_two_answers_idempotent(demo_nievre):
    assert load_demo_needs() == 4
    campaign = NeedsCampaign.objects.get(title=CAMPAIGN_TITLE)
    assert campaign.created_by.email == "delegue.anct@demo.emploi-territoires.fr"
    invited = set(campaign.invitations.values_list("organisation__name", flat=True))
    assert invited == {"Mairie de Clamecy", "Ville de Nevers", "Bois du Nivernais (démo)"}  # not the préfecture
    rate = services.response_rate(campaign)
    assert (rate.invited, rate.answered, rate.percent) == (3, 2, 67)
    wood = NeedDeclaration.objects.get(occupation_id="H2202")
    assert (wood.count, wood.is_difficult, wood.difficulty_reasons) == (3, True, ["few_candidates", "mobility"])
    pvd = NeedDeclaration.objects.get(occupation_id="K1404")
    assert pvd.engineering_needs == ["chef_projet_pvd"] and pvd.created_by.email.startswith("rh.clamecy")
    assert load_demo_needs() == 0
    assert NeedDeclaration.objects.count() == 4 and NeedsCampaign.objects.count() == 1


def test_demo_does_nothing_without_the_demo_accounts():
    assert load_demo_needs() == 0
