"""The territory scope (territories.scope): one way to say "a territory and its communes".

Real communes of the Nièvre (58): Nevers (58194, ACV, TI, three QPV, CA de Nevers) and Clamecy
(58079, Petites villes de demain, CC Haut Nivernais - Val d'Yonne); Saint-Étienne (42218, Loire).
"""

from __future__ import annotations

import datetime

import pytest

from emploi_territoires.mentoring.models import Programme as MentoringProgramme
from emploi_territoires.needs.models import NeedsCampaign
from emploi_territoires.offers.models import Offer
from emploi_territoires.plans.models import Plan
from emploi_territoires.plans.permissions import linkable_campaigns, linkable_programmes
from emploi_territoires.territories.models import Commune, ProgrammeMembership
from emploi_territoires.territories.scope import ScopeError, ScopeKind, TerritoryScope, union_q
from tests.factories import clamecy, nevers, nievre, saint_etienne
from tests.needs.factories import NeedsCampaignFactory
from tests.offers.factories import OfferFactory
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)

NATIONAL = TerritoryScope.national()
NIEVRE = TerritoryScope(ScopeKind.DEPARTEMENT, "58")
CA_NEVERS = TerritoryScope(ScopeKind.EPCI, "245804406")
CC_HAUT_NIVERNAIS = TerritoryScope(ScopeKind.EPCI, "200067429")
PVD = TerritoryScope(ScopeKind.PROGRAMME, "pvd")
PVD_NIEVRE = TerritoryScope(ScopeKind.PROGRAMME, "pvd", departement="58")
ACV = TerritoryScope(ScopeKind.PROGRAMME, "acv")
LE_BANLAY = TerritoryScope(ScopeKind.QPV, "QN05802M")


@pytest.fixture
def communes():
    nv, cl, se = nevers(), clamecy(), saint_etienne()
    ProgrammeMembership.objects.create(
        programme="qpv", vintage="2024", local_id="QN05802M", local_name="Le Banlay", commune=nv
    )
    return nv, cl, se


def codes(scope: TerritoryScope) -> set[str]:
    return set(scope.communes().values_list("code", flat=True))


def test_communes_of_each_kind(communes):
    assert codes(NATIONAL) == {"58194", "58079", "42218"}
    assert codes(NIEVRE) == {"58194", "58079"}
    assert codes(TerritoryScope(ScopeKind.REGION, "27")) == {"58194", "58079"}
    assert codes(CA_NEVERS) == {"58194"}
    assert codes(TerritoryScope.of_commune("58079")) == {"58079"}
    assert codes(TerritoryScope.of_communes(["58079", "42218"])) == {"58079", "42218"}
    assert codes(PVD) == {"58079"}
    assert codes(TerritoryScope(ScopeKind.PROGRAMME, "ti")) == {"58194", "42218"}
    assert codes(TerritoryScope(ScopeKind.PROGRAMME, "ti", departement="42")) == {"42218"}
    assert codes(LE_BANLAY) == {"58194"}


def test_a_scope_without_its_code_has_no_commune(communes):
    for empty in (
        TerritoryScope(ScopeKind.EPCI),
        TerritoryScope(ScopeKind.COMMUNES),
        TerritoryScope(ScopeKind.PROGRAMME, "xyz"),
    ):
        assert empty.is_empty and not empty.communes().exists() and not empty.covers(communes[0])
    with pytest.raises(ScopeError):
        TerritoryScope("canton", "5801")


def test_q_on_a_commune_path_agrees_with_communes(communes):
    for commune in communes:
        OfferFactory(commune=commune, title=f"Chef de projet — {commune.name}")
    in_nievre = Offer.objects.filter(NIEVRE.q("commune"))
    assert set(in_nievre.values_list("commune_id", flat=True)) == {"58194", "58079"}
    in_pvd = Offer.objects.filter(PVD_NIEVRE.q("commune"))
    assert list(in_pvd.values_list("commune_id", flat=True)) == ["58079"]
    # Through a longer path: the offers' organisation is the factory's, in Saint-Étienne.
    assert Offer.objects.filter(TerritoryScope.of_commune("42218").q("organisation__commune")).count() == 3
    assert not Offer.objects.filter(CA_NEVERS.q("organisation__commune")).exists()
    assert Offer.objects.filter(NATIONAL.q("commune")).count() == 3
    assert not Offer.objects.filter(TerritoryScope(ScopeKind.EPCI).q("commune")).exists()


def test_covers_without_a_query_but_for_a_qpv(communes, django_assert_num_queries):
    nv, cl, se = communes
    with django_assert_num_queries(0):
        assert NIEVRE.covers(nv) and NIEVRE.covers(cl) and not NIEVRE.covers(se)
        assert PVD.covers(cl) and not PVD.covers(nv)
        assert not TerritoryScope(ScopeKind.PROGRAMME, "ti", departement="58").covers(se)
        assert CC_HAUT_NIVERNAIS.covers(cl) and not CC_HAUT_NIVERNAIS.covers(nv)
        assert NATIONAL.covers(se)
    assert LE_BANLAY.covers(nv) and not LE_BANLAY.covers(cl)


def test_meets_when_a_commune_is_in_both(communes):
    assert NIEVRE.meets(CA_NEVERS) and CA_NEVERS.meets(NIEVRE)
    assert PVD.meets(CC_HAUT_NIVERNAIS)  # Clamecy is a Petite ville de demain
    assert not PVD.meets(CA_NEVERS)  # Nevers is not
    assert ACV.meets(CA_NEVERS) and not ACV.meets(CC_HAUT_NIVERNAIS)
    assert LE_BANLAY.meets(NIEVRE) and not LE_BANLAY.meets(PVD)
    assert NATIONAL.meets(PVD_NIEVRE)
    assert not NIEVRE.meets(TerritoryScope.of_commune("42218"))
    assert not NIEVRE.meets(TerritoryScope(ScopeKind.EPCI))  # no code: no commune, meets nothing


def test_union_q_groups_the_kinds(communes):
    scopes = [
        CC_HAUT_NIVERNAIS,
        TerritoryScope(ScopeKind.PROGRAMME, "ti", departement="42"),
        TerritoryScope(ScopeKind.EPCI),
    ]
    assert set(Commune.objects.filter(union_q(scopes, "")).values_list("code", flat=True)) == {"58079", "42218"}
    assert not Commune.objects.filter(union_q([], "")).exists()
    assert Commune.objects.filter(union_q([NIEVRE, NATIONAL], "")).count() == 3


def test_labels_in_french(communes):
    assert NIEVRE.label() == "Nièvre (58)"
    assert CA_NEVERS.label() == "CA de Nevers"
    assert TerritoryScope.of_commune("58079").label() == "Clamecy (58079)"
    assert PVD_NIEVRE.label() == "Communes du programme Petites villes de demain — Nièvre (58)"
    assert LE_BANLAY.label() == "Le Banlay"
    assert TerritoryScope.of_communes(["58194", "58079"]).label() == "Clamecy, Nevers"
    assert NATIONAL.label() == "France entière"
    with pytest.raises(ScopeError, match="Intercommunalité introuvable"):
        TerritoryScope(ScopeKind.EPCI, "999999999").label()


def test_models_carry_their_scope(communes):
    nv, cl, _ = communes
    plan = PlanFactory(scope_kind=ScopeKind.PROGRAMME, epci=None, departement=nievre(), programme="pvd")
    assert plan.scope == PVD_NIEVRE
    campaign = NeedsCampaignFactory(scope_kind=ScopeKind.COMMUNES, departement=None)
    campaign.communes.set([nv, cl])
    assert campaign.scope == TerritoryScope.of_communes(["58194", "58079"])
    assert {field.name for field in NeedsCampaign._meta.get_fields()} >= {"scope_kind", "epci", "departement"}
    assert "commune" not in {field.name for field in NeedsCampaign._meta.get_fields()}
    assert Plan._meta.get_field("scope_kind").choices[0] == ("commune", "Commune")


def test_a_programme_scope_meets_a_plan_only_where_a_commune_carries_it(communes):
    """The rule the copies disagreed on: a campaign (or a mentoring programme) on a national
    programme's communes meets a plan only if one of the plan's communes carries the programme."""
    nv = communes[0]
    pvd_campaign = NeedsCampaignFactory(
        title="Besoins des Petites villes de demain", scope_kind=ScopeKind.PROGRAMME, programme="pvd", departement=None
    )
    haut_nivernais = PlanFactory()  # the CC Haut Nivernais - Val d'Yonne: Clamecy is PVD
    agglomeration = PlanFactory(title="Plan emploi — CA de Nevers", epci=nv.epci)  # Nevers is not PVD
    assert pvd_campaign in NeedsCampaign.objects.meeting(haut_nivernais.scope)
    assert pvd_campaign not in NeedsCampaign.objects.meeting(agglomeration.scope)
    assert pvd_campaign.scope.meets(haut_nivernais.scope) and not pvd_campaign.scope.meets(agglomeration.scope)


def test_a_mentoring_programme_on_pvd_towns_is_linkable_only_to_a_plan_holding_one(communes, staff):
    """The copies disagreed: plans offered a mentoring programme on a national programme's communes
    to every plan, while mentoring lets in only mentees whose commune carries it. One rule now: the
    programme meets a plan only where a commune of the plan carries the programme."""
    nv, cl, _ = communes
    today = datetime.date(2026, 3, 2)
    pvd_mentoring = MentoringProgramme.objects.create(
        name="Mentorat des Petites villes de demain", scope_kind=ScopeKind.PROGRAMME, programme="pvd",
        starts_on=today, ends_on=today + 180 * DAY,
    )  # fmt: skip
    national = MentoringProgramme.objects.create(name="Mentorat national", starts_on=today, ends_on=today + 180 * DAY)
    haut_nivernais = PlanFactory()  # Clamecy (58079) is a Petite ville de demain
    agglomeration = PlanFactory(title="Plan emploi — CA de Nevers", epci=nv.epci)  # Nevers (58194) is not
    assert set(linkable_programmes(staff, haut_nivernais)) == {pvd_mentoring, national}
    assert set(linkable_programmes(staff, agglomeration)) == {national}
    # The same rule as enrolment: a mentee of Clamecy may join, one of Nevers may not.
    assert pvd_mentoring.scope.covers(cl) and not pvd_mentoring.scope.covers(nv)
    pvd_campaign = NeedsCampaignFactory(scope_kind=ScopeKind.PROGRAMME, programme="pvd", departement=None)
    assert pvd_campaign in linkable_campaigns(staff, haut_nivernais)
    assert pvd_campaign not in linkable_campaigns(staff, agglomeration)


def test_covers_a_commune_a_list_and_a_region(communes):
    nv, cl, se = communes
    assert TerritoryScope.of_commune("58079").covers(cl) and not TerritoryScope.of_commune("58079").covers(nv)
    both = TerritoryScope.of_communes(["58079", "42218"])
    assert both.covers(cl) and both.covers(se) and not both.covers(nv)
    bourgogne = TerritoryScope(ScopeKind.REGION, "27")  # Bourgogne-Franche-Comté
    assert bourgogne.covers(nv) and not bourgogne.covers(se)


def test_a_label_refuses_what_does_not_exist(communes):
    with pytest.raises(ScopeError, match="Aucune commune choisie"):
        TerritoryScope.of_communes(["99999"]).label()
    with pytest.raises(ScopeError, match="introuvable pour le code « QN99999Z »"):
        TerritoryScope(ScopeKind.QPV, "QN99999Z").label()


def test_union_q_with_lists_quarters_and_a_whole_programme(communes):
    scopes = [TerritoryScope.of_communes(["42218"]), LE_BANLAY, PVD]
    assert set(Commune.objects.filter(union_q(scopes, "")).values_list("code", flat=True)) == {
        "42218",  # the list
        "58194",  # Nevers, for Le Banlay
        "58079",  # Clamecy, a Petite ville de demain
    }
    for commune in communes:
        OfferFactory(commune=commune, title=f"Agent de développement — {commune.name}")
    in_quarter = Offer.objects.filter(union_q([LE_BANLAY], "commune"))
    assert list(in_quarter.values_list("commune_id", flat=True)) == ["58194"]
