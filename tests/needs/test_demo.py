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
    # Every answer comes from a member of the organisation: the sawmill, which had nobody, got its manager.
    answered = campaign.invitations.filter(answered_at__isnull=False).select_related("organisation", "answered_by")
    assert sorted((i.organisation.name, i.answered_by.get_full_name()) for i in answered) == [
        ("Bois du Nivernais (démo)", "Thierry Vannier"),
        ("Mairie de Clamecy", rh_clamecy().get_full_name()),
    ]
    for invitation in answered:
        assert invitation.organisation.members.filter(pk=invitation.answered_by_id).exists()
    assert wood.created_by.email == "gerance.bois@demo.emploi-territoires.fr"
    pending = campaign.invitations.get(answered_at__isnull=True)
    assert pending.organisation.name == "Ville de Nevers" and not pending.organisation.members.exists()
    assert load_demo_needs() == 0
    assert NeedDeclaration.objects.count() == 4 and NeedsCampaign.objects.count() == 1


def rh_clamecy():
    from emploi_territoires.accounts.models import User

    return User.objects.get(email="rh.clamecy@demo.emploi-territoires.fr")


def test_demo_campaign_uses_an_existing_member_of_the_sawmill(demo_nievre):
    """When the sawmill already has a member (the core demo gave it one), that person answers: no new account."""
    wood = Organisation.objects.get(name="Bois du Nivernais (démo)")
    manager = UserFactory(email="direction@bois-du-nivernais.exemple.fr", first_name="Odile", last_name="Charrier")
    MembershipFactory(user=manager, organisation=wood)
    assert load_demo_needs() == 4
    assert NeedDeclaration.objects.get(occupation_id="H2202").created_by == manager
    assert not wood.members.filter(email__startswith="gerance.bois").exists()


def test_demo_does_nothing_without_the_demo_accounts():
    assert load_demo_needs() == 0
