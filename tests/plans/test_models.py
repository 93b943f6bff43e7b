"""Plans: the territory cut, lateness, and the permission predicates (views are tested in test_views)."""

from __future__ import annotations

import datetime

import pytest

from emploi_territoires.plans.models import ActionStatus, PartnerRole, Plan
from emploi_territoires.plans.permissions import (
    can_create_plan,
    can_edit_action,
    can_edit_plan,
    can_view_national_plans,
    can_view_plan,
    visible_plans,
)
from emploi_territoires.territories.models import Commune
from emploi_territoires.territories.scope import ScopeKind
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, clamecy, nevers, nievre
from tests.plans.factories import ActionFactory, PlanFactory, partner_with_contact

pytestmark = pytest.mark.django_db


def test_territory_cut_of_each_scope():
    clamecy_commune, nevers_commune = clamecy(), nevers()
    epci_plan = PlanFactory()
    assert list(epci_plan.scope.communes()) == [clamecy_commune]
    assert epci_plan.territory_label() == "CC Haut Nivernais - Val d'Yonne"
    pvd_plan = PlanFactory(scope_kind=ScopeKind.PROGRAMME, epci=None, departement=nievre(), programme="pvd")
    assert list(pvd_plan.scope.communes()) == [clamecy_commune]
    assert pvd_plan.territory_label() == "Communes Petites villes de demain — Nièvre (58)"
    departement_plan = PlanFactory(scope_kind=ScopeKind.DEPARTEMENT, epci=None, departement=nievre())
    assert set(departement_plan.scope.communes()) == {clamecy_commune, nevers_commune}
    commune_plan = PlanFactory(scope_kind=ScopeKind.COMMUNE, epci=None, commune=nevers_commune)
    assert Commune.objects.filter(commune_plan.scope.q("")).get() == nevers_commune
    assert commune_plan.territory_label() == "Nevers (58)"


def test_late_and_due():
    action = ActionFactory(ends_on=datetime.date(2026, 4, 30))
    assert action.is_late(datetime.date(2026, 5, 1))
    assert not action.is_late(datetime.date(2026, 4, 30))
    assert action.is_due(datetime.date(2026, 4, 25))
    assert not action.is_due(datetime.date(2026, 4, 1))
    action.status = ActionStatus.DONE
    assert not action.is_late(datetime.date(2026, 5, 1))


def test_predicates(candidate, staff, recruiter_b, organisation_b):
    plan = PlanFactory()
    apec = OrganisationFactory(apec=True, name="Apec Bourgogne-Franche-Comté", commune=nevers())
    apec_admin = UserFactory()
    partner = partner_with_contact(plan, apec, PartnerRole.APEC, contact=UserFactory())
    MembershipFactory(user=apec_admin, organisation=apec, role="admin")
    apec_member = UserFactory()
    MembershipFactory(user=apec_member, organisation=apec)
    action = ActionFactory(plan=plan, lead=partner)

    assert can_view_plan(staff, plan) and can_edit_plan(staff, plan)
    assert can_view_plan(apec_member, plan) and not can_edit_plan(apec_member, plan)
    assert can_edit_plan(apec_admin, plan)
    assert can_edit_plan(partner.contact, plan) and can_edit_action(partner.contact, action)
    assert not can_edit_action(apec_member, action)
    for outsider in (candidate, recruiter_b):
        assert not can_view_plan(outsider, plan)
    assert list(visible_plans(apec_member)) == [plan]
    assert list(visible_plans(recruiter_b)) == []
    assert set(visible_plans(staff)) == set(Plan.objects.all())
    # An entreprise's admin cannot open a plan nor see the national view; an Apec member can.
    assert not can_create_plan(recruiter_b) and not can_view_national_plans(recruiter_b)
    assert can_create_plan(apec_member) and can_view_national_plans(apec_member)
    assert not can_create_plan(candidate)
    # A contact who leaves their organisation loses the plan.
    partner.contact.memberships.all().delete()
    assert not can_view_plan(partner.contact, plan) and not can_edit_action(partner.contact, action)


def test_deleting_a_plan_deletes_its_partners_and_actions_but_a_lead_partner_stays():
    from django.db.models import RestrictedError

    from emploi_territoires.plans.models import Action, PlanPartner

    action = ActionFactory()
    with pytest.raises(RestrictedError):
        action.lead.delete()
    action.plan.delete()
    assert not Action.objects.exists() and not PlanPartner.objects.exists()
