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
