"""Journey 8 — a prescription (issue 15), through the browser only.

The mission locale's demo advisor (conseiller.missionlocale) opens Lina Mansouri's follow-up from
her caseload and prescribes an application to an offer of the Mairie de Clamecy that takes
applications on the platform (found on the public board); Lina (lina.mansouri) accepts it in
« Mes propositions »; the Mairie's HR officer (rh.clamecy) sees « Candidature prescrite par … » on
the offer's applications. Every page passes axe-core; each key step leaves a screenshot.

The demo may already hold a prescription to one of these offers (followup/demo_proposals.py), and
an offer the platform does not take applications for is refused with a French message: the
advisor tries the Mairie's offers one after the other until one is accepted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import new_context
from .support import assert_accessible, login, screenshot

ADVISOR = "conseiller.missionlocale"
PERSON = "lina.mansouri"
HR_OFFICER = "rh.clamecy"
EMPLOYER = "Mairie de Clamecy"
MAX_TRIES = 8


@pytest.fixture
def new_page(browser: Browser, base_url: str) -> Iterator[Callable[[], Page]]:
    """Pages in fresh browser contexts: another person, with their own cookies."""
    contexts = []

    def make() -> Page:
        context = new_context(browser, base_url)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def employer_offers(page: Page) -> list[tuple[str, str]]:
    """(title, address) of the Mairie de Clamecy's offers on the public board."""
    page.goto("/offres/?commune=58079")
    cards = page.locator("#board-list .fr-card").filter(has_text=EMPLOYER)
    offers = []
    for index in range(min(cards.count(), MAX_TRIES)):
        link = cards.nth(index).get_by_role("link").first
        offers.append((link.inner_text().strip(), link.get_attribute("href") or ""))
    assert offers, f"Aucune offre de la {EMPLOYER} sur la page des offres."
    return offers


def test_an_advisor_prescribes_the_person_accepts_the_recruiter_sees_it(
    page: Page, new_page: Callable[[], Page]
) -> None:
    # 1. The advisor opens Lina's follow-up from her caseload.
    login(page, ADVISOR)
    offers = employer_offers(page)
    page.goto("/accompagnement/suivi/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_role("link", name="Lina Mansouri").first.click()
    expect(page.get_by_role("heading", name="Propositions faites à la personne")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "journey8-01-accompagnement-de-lina")

    # 2. « Prescrire une candidature »: the offer's address, a message; the first offer the checks accept.
    page.get_by_role("link", name="Prescrire une candidature").click()
    expect(page.get_by_role("heading", level=1, name="Prescrire une candidature")).to_be_visible()
    assert_accessible(page)
    propose_url = page.url
    assert offers, "La Mairie de Clamecy n'a aucune offre publiée dans la démo."
    chosen = None
    for title, address in offers:
        page.goto(propose_url)
        page.get_by_label("Offre").fill(address)
        page.get_by_label("Message à la personne (facultatif)").fill(
            "Ce poste à Clamecy correspond à ce dont nous avons parlé mardi."
        )
        page.get_by_role("button", name="Envoyer la proposition").click()
        page.wait_for_load_state()
        if page.get_by_text("Votre proposition est envoyée à Lina Mansouri").count():
            chosen = title
            break
        # Refused in French (already applied, applications elsewhere…): nothing written, the next one.
        expect(page.get_by_role("alert").filter(has_text="La proposition n'est pas envoyée")).to_be_visible()
    assert chosen, "Aucune offre de la Mairie de Clamecy n'a pu être prescrite."
    expect(page.get_by_role("table").filter(has_text=chosen)).to_contain_text("Proposée")
    assert_accessible(page)
    screenshot(page, "journey8-02-candidature-prescrite")

    # 3. Lina accepts in « Mes propositions ».
    person = new_page()
    login(person, PERSON)
    person.goto("/accompagnement/propositions/")
    expect(person.get_by_role("heading", level=1, name="Mes propositions")).to_be_visible()
    assert_accessible(person)
    card = person.locator(".fr-card").filter(has_text=chosen).filter(has_text="Candidature prescrite")
    card.locator("label", has_text="J'accepte").click()  # the DSFR label covers its radio button
    card.get_by_role("button", name="Envoyer ma réponse").click()
    expect(person.get_by_text(re.compile(r"Votre candidature à « .* » est envoyée"))).to_be_visible()
    assert_accessible(person)
    screenshot(person, "journey8-03-lina-a-accepte")

    # 4. The Mairie's HR officer sees that the application was prescribed, and by whom.
    recruiter = new_page()
    login(recruiter, HR_OFFICER)
    reference = next(a for t, a in offers if t == chosen).rstrip("/").rsplit("/", 1)[-1]
    recruiter.goto(f"/candidats/recrutement/offre/{reference}/")
    expect(recruiter.locator("main")).to_contain_text(
        "Candidature prescrite par Julie Marchetti (Mission locale Nevers Sud Nivernais (démo))"
    )
    assert_accessible(recruiter)
    screenshot(recruiter, "journey8-04-recruteur-voit-la-prescription")
