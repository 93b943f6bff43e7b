"""The VTA in the evaluation indicators and the plans' targets (issue 16)."""

from __future__ import annotations

import datetime

import pytest

from emploi_territoires.evaluation.indicators import DEFINITIONS, Period, TerritoryScope, compute_indicators
from emploi_territoires.evaluation.indicators_vta import VTA_CODES
from emploi_territoires.plans.models import PlanTarget
from emploi_territoires.plans.results import plan_results
from emploi_territoires.territories.scope import ScopeKind
from emploi_territoires.vta import services_aid
from tests.clock import paris
from tests.factories import nievre
from tests.plans.factories import PlanFactory
from tests.vta.factories_aid import build_world, vta_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(time_machine):
    time_machine.move_to(paris(2026, 12, 7))
    world = build_world()
    world.envelope.amount_eur = 60_000
    world.envelope.save()
    return world


def _values(scope: TerritoryScope, period: Period) -> dict:
    return {v.code: v.value for v in compute_indicators(scope, period) if v.code in VTA_CODES}


def test_the_figures_of_a_departement(world, time_machine):
    today = datetime.date(2026, 12, 7)
    granted = world.granted(today)
    second = vta_offer(world.mairie, title="Chargé·e de mission transition écologique (VTA)")
    services_aid.notify_candidate_chosen(world.secretary, world.mairie, second, volunteer_name="Yanis Girard")

    values = _values(TerritoryScope("departement", "58"), Period.year(2026))
    assert values == {
        "vta_eligible_collectivites": 2,  # the Mairies de Clamecy and de Varzy (a bourg rural, level 5)
        "vta_recruitments": 2,
        "vta_aid_granted": 1,
        "vta_aid_granted_eur": 15_000,
        "vta_envelope_consumed": 25.0,  # 15,000 of 60,000
        "vta_missions_ended": 0,
        "vta_job_at_end": None,
        "vta_job_at_six_months": None,
        "vta_stayed": None,
    }
    # The Loire has none of it.
    assert _values(TerritoryScope("departement", "42"), Period.year(2026))["vta_recruitments"] == 0

    # 2028: the mission (04/01/2027 – 03/01/2028) ended; the volunteer stayed at the mairie.
    time_machine.move_to(paris(2028, 2, 1))
    services_aid.record_outcome(
        world.volunteer,
        granted,
        moment="end",
        situation="job",
        job_title="Cheffe de projet Petites villes de demain",
        employer_name="Mairie de Clamecy",
        same_collectivite=True,
    )
    values = _values(TerritoryScope("departement", "58"), Period.year(2028))
    assert (values["vta_missions_ended"], values["vta_job_at_end"], values["vta_stayed"]) == (1, 100.0, 100.0)
    # Below the département the envelope means nothing: left empty.
    assert _values(TerritoryScope("commune", "58079"), Period.year(2028))["vta_envelope_consumed"] is None


def test_a_plan_targets_vta_aid(world):
    world.granted(datetime.date(2026, 12, 7))
    plan = PlanFactory(
        title="Plan VTA 2026 — Nièvre", scope_kind=ScopeKind.DEPARTEMENT, epci=None, departement=nievre()
    )
    PlanTarget.objects.create(plan=plan, indicator_code="vta_aid_granted", target=4)
    [line] = plan_results(plan)
    assert (line.label, line.target, line.actual, line.achievement) == (
        "Aides de l'État au VTA accordées",
        4,
        1,
        25.0,
    )
    assert DEFINITIONS["vta_aid_granted_eur"].unit == "€"


def test_the_report_has_a_vta_table_of_its_own(world):
    from emploi_territoires.evaluation.report import tables

    slugs = [t.slug for t in tables(compute_indicators(TerritoryScope("departement", "58"), Period.year(2026)))]
    assert "vta" in slugs
    assert len(slugs) == len(set(slugs))  # each table its own CSV/XLSX
