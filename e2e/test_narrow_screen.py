"""The pages of journeys 1 to 3 on a phone: 320 CSS pixels wide (RGAA 10.11, WCAG 1.4.10 reflow).

No horizontal scrolling of the page (a wide table may scroll inside its own frame) and still no
serious or critical axe-core violation at that width.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from .support import assert_accessible, login, screenshot

WIDTH = 320


@pytest.fixture
def phone(browser: Browser, base_url: str):
    context = browser.new_context(
        base_url=base_url, locale="fr-FR", timezone_id="Europe/Paris", viewport={"width": WIDTH, "height": 640}
    )
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def _assert_reflows(page: Page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"Défilement horizontal à {WIDTH} px sur {page.url} : {widths[0]} px de large"
    assert_accessible(page)


def test_candidate_pages_reflow_at_320_pixels(phone: Page):
    phone.goto("/")
    _assert_reflows(phone)
    phone.goto("/offres/?q=chef+de+projet")
    _assert_reflows(phone)
    phone.locator("#board-results a[href^='/offres/ET-']").first.click()
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    _assert_reflows(phone)
    screenshot(phone, "narrow-01-offre-sur-telephone")
    login(phone, "candidate")
    for path in ("/candidats/profil/modifier/", "/candidats/mes-candidatures/"):
        phone.goto(path)
        _assert_reflows(phone)


def test_recruiter_pages_reflow_at_320_pixels(phone: Page):
    login(phone, "rh.clamecy")
    _assert_reflows(phone)
    phone.goto("/offres/espace/nouvelle/?modele=chef_projet_pvd")
    expect(phone.locator("#assistant-score")).to_contain_text(re.compile(r"\d+ sur 100"))
    _assert_reflows(phone)
    phone.goto("/candidats/recrutement/")
    _assert_reflows(phone)
    phone.locator("main a[href*='/candidats/recrutement/offre/']").first.click()
    _assert_reflows(phone)
    phone.locator("main a[href*='/candidats/recrutement/candidature/']").first.click()
    expect(phone).to_have_title(re.compile("^Candidature de "))
    _assert_reflows(phone)


@pytest.mark.parametrize("size", [(320, 568), (375, 667)], ids=["320x568", "375x667"])
def test_board_shows_the_first_result_before_the_filters_on_a_phone(browser: Browser, base_url: str, size):
    """Issue 18: on a phone the filters are behind « Filtrer » (a closed <details>), so the first
    result follows the search box instead of 15 filters; opening « Filtrer » shows them."""
    width, height = size
    context = browser.new_context(
        base_url=base_url, locale="fr-FR", timezone_id="Europe/Paris", viewport={"width": width, "height": height}
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    try:
        page.goto("/offres/?q=chef+de+projet")
        first = page.locator("#board-list > li").first
        expect(first).to_be_visible()
        contracts = page.locator("#board-contracts")
        expect(contracts).to_be_hidden()
        top = first.bounding_box()["y"]
        # The first result starts within the first two screens (header, demo notice and the search
        # box above it), and above every filter.
        assert top < 2 * height, f"Premier résultat à {top:.0f} px sur un écran de {height} px"
        toggle = page.locator("#board-filters-toggle")
        below_toggle = top - toggle.bounding_box()["y"]
        # Between « Filtrer » and the first result: the count and its links, no filter.
        assert 0 < below_toggle < 260, f"{below_toggle:.0f} px entre « Filtrer » et le premier résultat"
        _assert_reflows(page)
        screenshot(page, f"narrow-02-tableau-{width}")
        toggle.click()
        expect(contracts).to_be_visible()
        expect(page.locator("#board-versant-territoriale")).to_be_attached()
        # Wide screens: the filters are shown without the toggle.
        page.set_viewport_size({"width": 1280, "height": 900})
        page.reload()
        expect(page.locator("#board-contracts")).to_be_visible()
        expect(page.locator("#board-filters-toggle")).to_be_hidden()
    finally:
        context.close()
