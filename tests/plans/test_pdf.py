"""The plan's PDF for the steering committee: a real PDF, with the plan's title, partners, actions and
their live results; the timeline's geometry; pages and their size read back from WeasyPrint."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from weasyprint import HTML

from emploi_territoires.plans.models import ActionStatus
from emploi_territoires.plans.report import plan_report_context, render_plan_html, render_plan_pdf, timeline
from tests.plans.factories import PlanTargetFactory
from tests.plans.test_reporting_helpers import PLAN_TITLE, haut_nivernais_plan

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture
def scenario(db):
    return haut_nivernais_plan()


def _text(box) -> str:
    """Every text laid out in a WeasyPrint box tree (what the PDF pages carry)."""
    own = getattr(box, "text", "") or ""
    children = box.all_children() if hasattr(box, "all_children") else []
    return own + " ".join(_text(child) for child in children)


def _pages_text(html: str) -> tuple[list[str], object]:
    document = HTML(string=html).render()
    return [" ".join(_text(page._page_box).split()) for page in document.pages], document


def test_partner_downloads_a_real_pdf(client, scenario):
    client.force_login(scenario.prefecture.contact)
    response = client.get(reverse("plans:plan_pdf", args=[scenario.plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and response.content.rstrip().endswith(b"%%EOF")
    assert (
        f'filename="plan-{scenario.plan.pk}-plan-daction-emploi-2026-haut-nivernais.pdf"'
        in (response["Content-Disposition"])
    )


def test_pdf_pages_carry_the_plan_partners_actions_and_results(scenario, settings):
    settings.TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = "INVALID[%s]"
    PlanTargetFactory(plan=scenario.plan, indicator_code="needs_declared", target=20)
    pages, document = _pages_text(render_plan_html(scenario.plan, TODAY))
    text = " ".join(pages)
    assert pages[0].startswith(PLAN_TITLE) and "INVALID" not in text
    assert "Territoire : CC Haut Nivernais - Val d'Yonne (intercommunalité)" in text
    assert "du 1 janvier 2026 au 31 décembre 2026" in text
    for partner in ("Apec Bourgogne-Franche-Comté", "Préfecture de la Nièvre", "Commune de Clamecy"):
        assert partner in text
    assert "Lucie Moreau — lucie.moreau@exemple.fr" in text
    assert "Job dating des métiers de l'industrie à Clamecy" in text
    assert "Besoins de recrutement déclarés" in text  # the plan's target, against the live indicator
    assert "Organisations invitées : 1" in text  # the needs campaign's live results
    assert "budget prévu (actions non annulées) : 12 000 €" in text
    # A4 landscape, numbered pages ("page 1 / n" in the margin box).
    page = document.pages[0]
    assert (round(page.width * 0.75), round(page.height * 0.75)) == (842, 595)
    assert f"page 1 / {len(document.pages)}" in text


def test_pdf_bytes_of_a_plan_without_actions_nor_targets(scenario):
    scenario.plan.actions.all().delete()
    pdf = render_plan_pdf(scenario.plan, TODAY)
    assert pdf.startswith(b"%PDF-")
    pages, _document = _pages_text(render_plan_html(scenario.plan, TODAY))
    text = " ".join(pages)
    assert "Aucune action n'est encore inscrite au plan." in text
    assert "Le plan ne fixe pas encore de cible : tous les indicateurs sont donnés pour information." in text


def test_timeline_geometry(scenario):
    rows, ticks = timeline(scenario.plan, list(scenario.plan.actions.order_by("starts_on")), TODAY)
    job_dating, mentoring, needs = rows
    # 2026 has 365 days; 1 March is day 59 (16.16 %), March-April is 61 days (16.71 %).
    assert (job_dating.left, job_dating.width) == (16.16, 16.71)
    assert (mentoring.left, mentoring.width) == (32.88, 58.63)
    assert (needs.left, needs.width) == (66.58, 12.33)
    assert not any(row.outside for row in rows)
    assert [t.label for t in ticks][:3] == ["janv. 26", "févr. 26", "mars 26"] and len(ticks) == 12


def test_timeline_marks_late_and_clamps_actions_outside_the_period(scenario):
    scenario.mentoring.starts_on = datetime.date(2025, 11, 1)
    scenario.mentoring.ends_on = datetime.date(2026, 5, 31)
    scenario.mentoring.save(update_fields=["starts_on", "ends_on"])
    context = plan_report_context(scenario.plan, TODAY)
    mentoring = next(row for row in context["rows"] if row.action == scenario.mentoring)
    assert mentoring.outside and mentoring.left == 0 and mentoring.late
    assert context["late_count"] == 1
    scenario.mentoring.status = ActionStatus.DONE
    scenario.mentoring.save(update_fields=["status"])
    assert plan_report_context(scenario.plan, TODAY)["late_count"] == 0


def test_plan_page_links_the_pdf_and_exports(client, scenario):
    client.force_login(scenario.apec.contact)
    page = client.get(scenario.plan.get_absolute_url()).content.decode()
    assert reverse("plans:plan_pdf", args=[scenario.plan.pk]) in page
    assert reverse("plans:plan_export", args=[scenario.plan.pk, "csv"]) in page
    assert reverse("plans:plan_export", args=[scenario.plan.pk, "xlsx"]) in page
    assert "Télécharger le PDF pour le comité de pilotage" in page


def test_a_three_year_plan_gets_one_tick_a_quarter(scenario):
    scenario.plan.ends_on = datetime.date(2028, 12, 31)
    _rows, ticks = timeline(scenario.plan, [], TODAY)
    assert [t.label for t in ticks][:3] == ["janv. 26", "avr. 26", "juil. 26"] and len(ticks) == 12
    assert ticks[4].left == 33.3  # January 2027: 365 of the plan's 1,096 days
