"""Journey 7 (issue 17) — an unverified mairie's offer goes to review, the advisor verifies the mairie,
the offer is published.

1. The secretary general of the Mairie de Varzy (Nièvre), signed up on the site and waiting for
   verification, opens her draft: « Publier » is not offered, the page says an advisor must review
   it; she asks for a review, and « Publier » is still not offered while it is under review.
2. The Apec advisor following the Nièvre opens « Organisations à vérifier », sees the SIREN checked
   against the COG copy and the stated function, and verifies the mairie.
3. She opens the offer from « Offres à relire », confirms its publication on « Publier cette offre ? »;
   it is on the public board, and the mairie's space says « Organisation vérifiée ».

Demo data: `demo.loader.load_demo_unverified_mairie` (README: secretariat.varzy). Every page passes
axe-core; each step leaves a screenshot.
"""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from .conftest import new_context
from .support import assert_accessible, expect_message, login, screenshot

SECRETARY = "secretariat.varzy"
ADVISOR = "conseillere.apec"
MAIRIE = "Mairie de Varzy"
OFFER = "Agent technique polyvalent des espaces verts et des bâtiments (F/H)"


def test_unverified_mairie_offer_is_reviewed_the_mairie_verified_and_the_offer_published(
    browser: Browser, base_url: str
) -> None:
    # 1. The mairie's offer goes to review.
    context = new_context(browser, base_url)
    page = context.new_page()
    login(page, SECRETARY)
    expect(page.get_by_role("heading", name="Organisation en attente de vérification")).to_be_visible()
    assert_accessible(page)
    page.goto("/offres/espace/?etat=draft")
    page.get_by_role("link", name=OFFER).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(OFFER)
    reference = re.search(r"/offres/espace/([^/]+)/$", page.url)
    assert reference, f"La page de l'offre était attendue ({page.url})."
    expect(page.get_by_text("Relecture par un conseiller obligatoire")).to_be_visible()
    expect(page.get_by_role("link", name="Publier…")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "journey7-01-offre-mairie-non-verifiee")
    page.get_by_role("button", name="Demander une relecture").click()
    expect_message(page, "envoyée en relecture")
    expect(page.get_by_text("Offre en relecture", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Publier…")).to_have_count(0)
    assert_accessible(page)
    context.close()

    # 2. The advisor of the Nièvre verifies the mairie.
    context = new_context(browser, base_url)
    page = context.new_page()
    login(page, ADVISOR)
    page.goto("/comptes/espace/")
    page.get_by_role("link", name="Organisations à vérifier").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisations à vérifier")
    assert_accessible(page)
    page.get_by_role("link", name=MAIRIE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Vérifier « {MAIRIE} »")
    expect(page.get_by_text("conforme au code officiel géographique")).to_be_visible()
    expect(page.get_by_text("« Secrétaire générale de mairie »")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "journey7-02-verification-de-la-mairie")
    page.get_by_role("button", name="Vérifier", exact=True).click()
    expect_message(page, "L'organisation est vérifiée.")
    assert_accessible(page)

    # 3. She publishes the offer she was asked to review, after the confirmation.
    page.goto("/offres/espace/a-relire/")
    page.locator(f"main a[href*='/{reference.group(1)}/']").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(OFFER)
    page.get_by_role("link", name="Publier…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publier cette offre ?")
    expect(page.get_by_text("Organisation vérifiée").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "journey7-03-confirmation-de-publication")
    page.get_by_role("button", name="Confirmer la publication").click()
    expect_message(page, "L'offre est publiée.")
    context.close()

    # Online for everyone; the mairie's people see it is verified.
    context = new_context(browser, base_url)
    page = context.new_page()
    page.goto(f"/offres/{reference.group(1)}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(OFFER)
    assert_accessible(page)
    login(page, SECRETARY)
    expect(page.get_by_text("Organisation vérifiée").first).to_be_visible()
    expect(page.get_by_role("heading", name="Organisation en attente de vérification")).to_have_count(0)
    screenshot(page, "journey7-04-mairie-verifiee")
    context.close()
