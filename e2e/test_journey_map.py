"""The map of the board's results: from the board to the map of France, a département chosen on
the map (keyboard and mouse), its communes as points, one commune's offers, and back to the list.
Every page passes axe-core; the map also reflows at 320 px."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from .support import assert_accessible, screenshot


def test_board_to_map_to_departement_and_back(page: Page):
    page.goto("/offres/")
    page.get_by_role("link", name="Voir sur la carte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Carte des offres par département")
    nievre = page.get_by_role("link", name=re.compile(r"^Nièvre \(58\) : \d+ offres?$"))
    expect(nievre).to_have_count(1)  # the département on the map (the table's link is named « Nièvre »)
    expect(page.get_by_role("table")).to_contain_text("Nièvre")
    assert_accessible(page)
    screenshot(page, "map-01-france")

    # Keyboard: the département is a link of the map.
    nievre.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/offres/carte/\?departement=58$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Carte des offres : Nièvre (58)")
    clamecy = page.locator("#carte-departement a[aria-label^='Clamecy : ']")
    expect(clamecy).to_have_count(1)
    assert_accessible(page)
    screenshot(page, "map-02-nievre")

    clamecy.click()
    expect(page).to_have_url(re.compile(r"departement=58&commune=Clamecy"))
    expect(page.locator("#carte-departement circle")).to_have_count(1)
    expect(page.locator("#board-results")).to_contain_text("Clamecy (58)")
    page.get_by_role("link", name="Voir la liste").click()
    expect(page).to_have_url(re.compile(r"/offres/\?departement=58&commune=Clamecy"))
    expect(page.locator("#board-count")).to_contain_text("offre")


def test_map_reflows_on_a_phone(browser: Browser, base_url: str):
    context = browser.new_context(base_url=base_url, locale="fr-FR", viewport={"width": 320, "height": 640})
    page = context.new_page()
    for url in ("/offres/carte/", "/offres/carte/?departement=58"):
        page.goto(url)
        widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1], f"Défilement horizontal à 320 px sur {url} : {widths[0]} px de large"
        assert_accessible(page)
    context.close()
