"""The national view: plans by région and programme, actions done with their results, and the gaps —
territories with declared needs and no action planned (rule in docs/plans-reporting.md)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from emploi_territoires.needs.models import CampaignState
from emploi_territoires.plans.models import ActionStatus
from emploi_territoires.plans.national import (
    NationalFilterError,
    NationalFilters,
    national_overview,
    needs_gaps,
    read_filters,
)
from emploi_territoires.territories.scope import ScopeKind
from tests.clock import paris
from tests.factories import clamecy, nevers, nievre, saint_etienne
from tests.needs.factories import NeedsCampaignFactory
from tests.plans.factories import ActionFactory, PlanFactory
from tests.plans.test_reporting_helpers import declare_need, haut_nivernais_plan

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_november_2026(time_machine):
    # The national view shows the plans of the current period: the 2026 plans, whatever day it is.
    time_machine.move_to(paris(2026, 11, 16))


TODAY = datetime.date(2026, 6, 15)
ALL = NationalFilters()


def _days_ago(days: int) -> datetime.datetime:
    tz = timezone.get_current_timezone()
    return datetime.datetime.combine(TODAY - datetime.timedelta(days=days), datetime.time(10), tzinfo=tz)


def _gap_codes(filters: NationalFilters = ALL) -> list[str]:
    return [gap.code for gap in needs_gaps(filters, TODAY)]


# --- Gaps ---------------------------------------------------------------------------------------------


def test_a_territory_with_needs_and_no_plan_is_a_gap():
    declare_need(nevers(), count=3, created_at=_days_ago(30))
    declare_need(nevers(), count=1, created_at=_days_ago(10))
    (gap,) = needs_gaps(ALL, TODAY)
    assert (gap.level, gap.code, gap.name) == ("epci", "245804406", "CA de Nevers")
    assert (gap.declarations, gap.positions, gap.organisations, gap.communes) == (2, 4, 2, 1)
    assert gap.departements == ["Nièvre (58)"] and gap.regions == ["Bourgogne-Franche-Comté"]
    assert gap.programme_labels == [
        "Action cœur de ville",
        "Territoires d'industrie",
        "Quartiers prioritaires de la politique de la ville",
        "France services",
    ]


def test_a_territory_with_an_action_planned_is_not_a_gap():
    haut_nivernais_plan()  # EPCI plan over the CC Haut Nivernais - Val d'Yonne, with live actions
    declare_need(clamecy(), created_at=_days_ago(30))
    declare_need(nevers(), created_at=_days_ago(30))
    assert _gap_codes() == ["245804406"]  # Nevers only: Clamecy is covered


def test_cancelled_actions_only_count_as_no_action():
    scenario = haut_nivernais_plan()
    declare_need(clamecy(), created_at=_days_ago(30))
    scenario.plan.actions.update(status=ActionStatus.CANCELLED)
    assert _gap_codes() == ["200067429"]
    scenario.needs.status = ActionStatus.PLANNED  # one action back: covered again
    scenario.needs.save(update_fields=["status"])
    assert _gap_codes() == []


def test_a_plan_without_any_action_covers_nothing():
    PlanFactory(epci=clamecy().epci)
    declare_need(clamecy(), created_at=_days_ago(30))
    assert _gap_codes() == ["200067429"]


def test_an_action_over_for_more_than_a_year_covers_nothing():
    plan = PlanFactory(epci=clamecy().epci, starts_on=datetime.date(2024, 1, 1), ends_on=datetime.date(2025, 12, 31))
    ActionFactory(
        plan=plan, starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2025, 6, 1), status=ActionStatus.DONE
    )
    declare_need(clamecy(), created_at=_days_ago(30))
    assert _gap_codes() == ["200067429"]  # ended 2025-06-01, before the window opened (2025-06-16)
    ActionFactory(
        plan=plan, starts_on=datetime.date(2025, 6, 1), ends_on=datetime.date(2025, 6, 16), status=ActionStatus.DONE
    )
    assert _gap_codes() == []  # ends on the first day of the window: it counts


def test_only_needs_of_the_last_twelve_months_or_of_an_open_campaign_count():
    declare_need(nevers(), created_at=_days_ago(365))  # 2025-06-15: just outside the 365 days up to today
    assert _gap_codes() == []
    declare_need(clamecy(), created_at=_days_ago(364))  # first day of the window
    assert _gap_codes() == ["200067429"]
    open_campaign = NeedsCampaignFactory(departement=nievre(), state=CampaignState.OPEN)
    declare_need(nevers(), created_at=_days_ago(500), campaign=open_campaign)
    assert sorted(_gap_codes()) == ["200067429", "245804406"]
    open_campaign.state = CampaignState.CLOSED
    open_campaign.save(update_fields=["state"])
    assert _gap_codes() == ["200067429"]


def test_departement_and_programme_plans_cover_their_communes():
    declare_need(clamecy(), created_at=_days_ago(5))  # PVD
    declare_need(nevers(), created_at=_days_ago(5))  # ACV, not PVD
    pvd_plan = PlanFactory(scope_kind=ScopeKind.PROGRAMME, epci=None, departement=nievre(), programme="pvd")
    ActionFactory(plan=pvd_plan, starts_on=datetime.date(2026, 6, 1), ends_on=datetime.date(2026, 7, 1))
    assert _gap_codes() == ["245804406"]
    departement_plan = PlanFactory(scope_kind=ScopeKind.DEPARTEMENT, epci=None, departement=nievre())
    ActionFactory(plan=departement_plan, starts_on=datetime.date(2026, 6, 1), ends_on=datetime.date(2026, 7, 1))
    assert _gap_codes() == []


def test_a_commune_plan_covers_its_commune_not_the_rest_of_the_epci():
    commune_plan = PlanFactory(scope_kind=ScopeKind.COMMUNE, epci=None, commune=saint_etienne())
    ActionFactory(plan=commune_plan, starts_on=datetime.date(2026, 6, 1), ends_on=datetime.date(2026, 7, 1))
    declare_need(saint_etienne(), created_at=_days_ago(5))
    assert _gap_codes() == []


def test_gaps_filtered_by_region_and_programme():
    declare_need(nevers(), created_at=_days_ago(5))
    declare_need(saint_etienne(), created_at=_days_ago(5))
    assert sorted(_gap_codes()) == ["244200770", "245804406"]
    assert _gap_codes(NationalFilters(region="27")) == ["245804406"]
    assert _gap_codes(NationalFilters(region="84")) == ["244200770"]
    assert _gap_codes(NationalFilters(programme="acv")) == ["245804406"]
    assert _gap_codes(NationalFilters(region="84", programme="acv")) == []


def test_gaps_are_sorted_by_positions():
    declare_need(nevers(), count=1, created_at=_days_ago(5))
    declare_need(saint_etienne(), count=8, created_at=_days_ago(5))
    assert _gap_codes() == ["244200770", "245804406"]


# --- Plans by région and programme ------------------------------------------------------------------


def test_overview_counts_plans_by_region_and_programme():
    scenario = haut_nivernais_plan()
    ActionFactory(
        plan=scenario.plan,
        lead=scenario.town,
        title="Diffusion des offres de VTA",
        starts_on=datetime.date(2026, 2, 1),
        ends_on=datetime.date(2026, 5, 31),
        status=ActionStatus.RUNNING,
    )  # late on 2026-06-15
    loire_plan = PlanFactory(
        title="Plan emploi Saint-Étienne", scope_kind=ScopeKind.COMMUNE, epci=None, commune=saint_etienne()
    )
    overview = national_overview(ALL, TODAY)
    assert [(g.label, g.plans) for g in overview.by_region] == [
        ("Auvergne-Rhône-Alpes", 1),
        ("Bourgogne-Franche-Comté", 1),
    ]
    bfc = overview.by_region[1]
    assert bfc.status_cells == [1, 2, 1, 0] and bfc.late == 1
    # Clamecy's EPCI plan counts for PVD and France services (its communes' programmes); Saint-Étienne's
    # commune plan for TI, QPV and France services.
    assert [(g.key, g.plans) for g in overview.by_programme] == [("pvd", 1), ("ti", 1), ("qpv", 1), ("fs", 2)]
    assert overview.totals.plans == 2
    assert [d.action.title for d in overview.done_actions] == ["Job dating des métiers de l'industrie à Clamecy"]
    row = next(r for r in overview.plans if r.plan == loire_plan)
    assert row.region_label == "Auvergne-Rhône-Alpes" and row.total == 0

    only_pvd = national_overview(NationalFilters(programme="pvd"), TODAY)
    assert [r.plan for r in only_pvd.plans] == [scenario.plan]
    assert national_overview(NationalFilters(region="84"), TODAY).done_actions == []


def test_done_actions_show_their_live_results():
    scenario = haut_nivernais_plan()
    scenario.needs.status = ActionStatus.DONE
    scenario.needs.save(update_fields=["status"])
    declare_need(clamecy(), count=4, campaign=scenario.needs.needs_campaign)
    done = {d.action.pk: d for d in national_overview(ALL, TODAY).done_actions}
    lines = {line.label: line.value for line in done[scenario.needs.pk].results}
    assert lines["Organisations invitées"] == 1
    assert lines["Postes à pourvoir déclarés"] == 4


# --- Filters and the page ------------------------------------------------------------------------------


def test_read_filters_accepts_known_codes_and_refuses_the_rest():
    nievre()
    assert read_filters({"region": "27", "programme": "PVD"}) == NationalFilters("27", "pvd")
    assert read_filters({}) == NationalFilters()
    with pytest.raises(NationalFilterError, match="Région inconnue : « 99 »"):
        read_filters({"region": "99"})
    with pytest.raises(NationalFilterError, match="Programme inconnu"):
        read_filters({"programme": "xyz"})
    with pytest.raises(NationalFilterError, match="Région inconnue"):
        read_filters({"region": "'; DROP TABLE--" * 10})


def test_national_page_lists_the_gap_and_the_plan(client, staff, settings, django_assert_max_num_queries):
    settings.TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = "INVALID[%s]"
    scenario = haut_nivernais_plan()
    declare_need(nevers(), count=3)
    declare_need(clamecy(), count=2)
    client.force_login(staff)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("plans:national"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Territoires avec des besoins déclarés et aucune action prévue" in page
    assert (
        "CA de Nevers" in page
        and escape("CC Haut Nivernais - Val d'Yonne") not in page.split('id="ecarts"')[1].split('id="realisees"')[0]
    )
    assert escape(scenario.plan.title) in page and scenario.plan.get_absolute_url() in page
    assert escape("Job dating des métiers de l'industrie à Clamecy") in page
    assert reverse("plans:national_export", args=["territoires-sans-action", "csv"]) in page
    assert "INVALID" not in page


def test_national_page_queries_do_not_grow_with_the_plans(client, staff, django_assert_num_queries):
    """Plans, their places and their actions are read in grouped queries (the results of the done actions,
    at most 20 shown, cost a few queries each: none here)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff)
    declare_need(nevers(), count=3)
    PlanFactory(title="Plan 1", epci=clamecy().epci)
    with CaptureQueriesContext(connection) as one_plan:
        client.get(reverse("plans:national"))
    for index in range(2, 6):
        ActionFactory(plan=PlanFactory(title=f"Plan {index}", epci=nevers().epci))
    ActionFactory(
        plan=PlanFactory(title="Plan Saint-Étienne", scope_kind=ScopeKind.COMMUNE, epci=None, commune=saint_etienne())
    )
    with django_assert_num_queries(len(one_plan)):
        response = client.get(reverse("plans:national"))
    assert response.content.decode().count("<tr>") > 6


def test_national_page_bad_filters_answer_400_with_a_message(client, staff):
    client.force_login(staff)
    response = client.get(reverse("plans:national"), {"region": "ZZ"})
    assert response.status_code == 400
    assert "Région inconnue : « ZZ »" in response.content.decode()
    response = client.get(reverse("plans:national"), {"programme": "<script>"})
    assert response.status_code == 400
    assert "Programme inconnu : « &lt;script&gt; »" in response.content.decode()
    export = client.get(reverse("plans:national_export", args=["plans", "csv"]), {"region": "ZZ"})
    assert export.status_code == 400 and "Région inconnue" in export.content.decode()


def test_national_page_with_filters_keeps_them_in_the_export_links(client, staff):
    nievre()
    client.force_login(staff)
    page = client.get(reverse("plans:national"), {"region": "27", "programme": "pvd"}).content.decode()
    gaps_csv = reverse("plans:national_export", args=["territoires-sans-action", "csv"])
    assert gaps_csv + "?region=27&amp;programme=pvd" in page
    assert '<option value="27" selected>' in page


def test_unknown_national_export_is_404(client, staff):
    client.force_login(staff)
    assert client.get(reverse("plans:national_export", args=["tout", "csv"])).status_code == 404
    assert client.get(reverse("plans:national_export", args=["plans", "pdf"])).status_code == 404
