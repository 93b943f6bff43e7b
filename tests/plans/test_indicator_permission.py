"""The indicators' rule wherever the same figures appear (issue 20, item 6): a collectivité member
who gets 403 on another territory's indicators can neither open a plan on it (whose page and PDF
would show them) nor read them on the page or in the PDF of a plan they are a partner of."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from emploi_territoires.evaluation.indicators import TerritoryScope
from emploi_territoires.evaluation.permissions_indicators import can_read_indicators
from emploi_territoires.plans import permissions, report, services
from emploi_territoires.plans.models import PartnerRole, Plan
from emploi_territoires.plans.results import plan_results
from emploi_territoires.plans.services import PlanData, PlanError
from emploi_territoires.territories.scope import ScopeKind
from tests.factories import nievre
from tests.plans.factories import PlanTargetFactory
from tests.plans.world import plan_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return plan_world()


def departement_plan(world) -> PlanData:
    return PlanData(
        title="Plan emploi de la Nièvre",
        scope_kind=ScopeKind.DEPARTEMENT,
        departement=nievre(),
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )


def test_the_collectivite_may_not_read_the_departement_indicators(world):
    scope = TerritoryScope("departement", "58")
    assert not can_read_indicators(world.dgs, scope, organisation=world.collectivite)
    assert can_read_indicators(world.dgs, TerritoryScope("epci", "200067429"), organisation=world.collectivite)


def test_a_collectivite_cannot_open_a_plan_on_a_departement_it_may_not_read(world):
    with pytest.raises(PlanError) as error:
        services.create_plan(
            departement_plan(world), creator=world.dgs, organisation=world.collectivite, role=PartnerRole.COLLECTIVITE
        )
    assert "réservés aux conseillers" in error.value.message
    assert not Plan.objects.filter(title="Plan emploi de la Nièvre").exists()


def test_nor_move_its_plan_there(world):
    with pytest.raises(PlanError):
        services.update_plan(world.plan, departement_plan(world), editor=world.dgs)
    world.plan.refresh_from_db()
    assert world.plan.scope_kind == ScopeKind.EPCI


def test_its_own_epci_is_fine(world):
    data = departement_plan(world)
    data = PlanData(
        title="Plan emploi du Haut Nivernais", scope_kind=ScopeKind.EPCI, epci=world.collectivite.commune.epci,
        starts_on=data.starts_on, ends_on=data.ends_on,
    )  # fmt: skip
    plan = services.create_plan(data, creator=world.dgs, organisation=world.collectivite, role=PartnerRole.COLLECTIVITE)
    assert plan.pk


def test_partners_see_the_figures_only_where_they_may_read_the_indicators(world, client, monkeypatch):
    world.plan.scope_kind, world.plan.departement, world.plan.epci = ScopeKind.DEPARTEMENT, nievre(), None
    world.plan.save()  # a plan on the Nièvre, the collectivité a partner of it
    PlanTargetFactory(plan=world.plan, indicator_code="offers_published", target=40)
    assert not permissions.can_read_plan_figures(world.dgs, world.plan)
    withheld = plan_results(world.plan, include_untargeted=True, figures=False)
    assert withheld and all(line.actual is None for line in withheld)

    asked = []
    monkeypatch.setattr(report, "render_plan_pdf", lambda plan, **kw: asked.append(kw["figures"]) or b"%PDF-1.4")
    client.force_login(world.dgs)
    assert client.get(reverse("plans:plan_pdf", args=[world.plan.pk])).status_code == 200
    assert asked[0] is False  # the collectivité's PDF withholds the département's figures
    response = client.get(reverse("plans:detail", args=[world.plan.pk]))
    assert response.status_code == 200 and "Haut Nivernais" in response.content.decode()
