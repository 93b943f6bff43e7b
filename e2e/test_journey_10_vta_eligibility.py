"""Journey 10 (issue 16) — « Êtes-vous éligible au VTA ? » before writing, then the offer's conditions.

1. Anybody checks Saint-Denis as a commune: not eligible (grands centres urbains, level 1), with the
   route it can take; then Clamecy: eligible (bourgs ruraux).
2. The Mairie de Clamecy's HR officer opens the page: her organisation is eligible; « Écrire une offre
   de VTA » opens the editor on the VTA template, which links back to the check; the assistant's
   panel names the scheme's conditions an offer at 20 hours a week breaks.

Demo data: the Mairie de Clamecy (rh.clamecy). Every page passes axe-core; each step leaves a screenshot.
The aid that follows is journey 9.
"""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from .conftest import new_context
from .support import assert_accessible, login, screenshot


def test_eligibility_before_writing_a_vta_offer(browser: Browser, base_url: str) -> None:
    # 1. The public check.
    context = new_context(browser, base_url)
    page = context.new_page()
    page.goto("/vta/eligibilite/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Êtes-vous éligible au VTA ?")
    page.get_by_label("Commune du siège").fill("93066")
    page.get_by_label("Nature de la structure").select_option("commune")
    page.get_by_role("button", name="Vérifier l'éligibilité").click()
    expect(page.get_by_role("heading", name="Commune à Saint-Denis (93066) : non éligible au VTA")).to_be_visible()
    level = "« Grands centres urbains » (niveau 1 de la grille communale de densité)"
    expect(page.get_by_text(level).first).to_be_visible()
    expect(page.get_by_text("Ce que vous pouvez faire").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "journey10-01-saint-denis-non-eligible")
    page.get_by_label("Commune du siège").fill("58079")
    page.get_by_role("button", name="Vérifier l'éligibilité").click()
    expect(page.get_by_role("heading", name="Commune à Clamecy (58079) : éligible au VTA")).to_be_visible()

    # 2. The mairie, before writing.
    login(page, "rh.clamecy")
    page.goto("/vta/eligibilite/")
    expect(page.get_by_role("heading", name="Mairie de Clamecy : éligible au VTA")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "journey10-02-clamecy-eligible")
    page.get_by_role("link", name="Écrire une offre de VTA").click()
    expect(page.get_by_label("Type de contrat")).to_have_value("vta")
    hint = page.locator("#vta-eligibility-hint")
    expect(hint.get_by_role("link", name="êtes-vous éligible au VTA ?")).to_be_visible()
    hours = page.get_by_label("Durée hebdomadaire (heures)")
    hours.fill("20")
    hours.blur()
    panel = page.locator("#assistant-panel")
    expect(panel.get_by_text("Un VTA travaille au moins 75 % d'un temps plein")).to_be_visible(timeout=20_000)
    expect(panel.locator("#assistant-vta").get_by_role("link", name="êtes-vous éligible au VTA ?")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "journey10-03-editeur-vta")
