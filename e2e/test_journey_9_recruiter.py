"""Journey 9 — the recruiter's inbox, board and « Inviter à postuler » (issue 19), browser only.

Nadia Benali (rh.nevers, Ville de Nevers) goes from « Candidatures reçues » to an offer's
applications and its « Boîte de réception », opens the « Tableau par état » and moves an
application to « Entretien » with the keyboard only (the card's labelled select, Tab, Enter on
« Déplacer »); then, from an offer's « Candidats proposés », she invites a proposed person of the
Nièvre to apply. The person accepts in « Mes invitations » and finds the application in « Mes
candidatures »; the recruiter sees it in her inbox. Every page passes axe-core; each key step
leaves a screenshot.

Runs on a fresh demo as on a reused one: the card moved is the first one still « Nouvelle » or
« En cours d'examen » that may go to « Entretien » (each run's accepted invitation leaves a new
one), and the person invited is the first proposed, not yet invited nor applied, of the offers
tried in the board's order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from .conftest import new_context
from .support import assert_accessible, expect_message, login, screenshot

RECRUITER = "rh.nevers"
EMPLOYER = "Ville de Nevers"
# The demo candidates of the Nièvre (demo/candidates.py, followup/demo.py), whom the Ville de
# Nevers' offers may propose: their name on the page → their demo login.
NIEVRE_CANDIDATES = {
    "Antoine Leroy": "antoine.leroy",
    "Sabrina Morel": "sabrina.morel",
    "Mathis Roche": "mathis.roche",
    "Chloé Martin": "chloe.martin",
    "Sébastien Roy": "sebastien.roy",
    "Romain Perret": "romain.perret",
    "Lina Mansouri": "lina.mansouri",
}
MOVABLE_COLUMNS = ("new", "under_review")  # a card there may go to « Entretien »
INVITE_LINK = re.compile(r"^Inviter (.+) à postuler$")
MESSAGE = (
    "Bonjour,\nvotre profil correspond à ce poste de la Ville de Nevers : "
    "nous serions heureux de recevoir votre candidature."
)


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


def movable_card(page: Page) -> Locator:
    """The first card of « Nouvelle » or « En cours d'examen » whose move list offers « Entretien »."""
    for status in MOVABLE_COLUMNS:
        cards = page.locator(f"section[aria-labelledby='colonne-{status}'] li[id^='candidature-']")
        for index in range(cards.count()):
            card = cards.nth(index)
            if card.locator("select option[value='interview']").count():
                return card
    raise AssertionError("Aucune candidature « Nouvelle » ou « En cours d'examen » à déplacer sur le tableau.")


def open_first_invitation(page: Page, references: list[str]) -> tuple[str, str, str]:
    """Go through the offers' « Candidats proposés » until a demo person of the Nièvre has an
    « Inviter … à postuler » button; follow it. Returns (offer reference, person, offer title)."""
    for reference in references:
        page.goto(f"/candidats/recrutement/offre/{reference}/candidats-proposes/")
        links = page.get_by_role("link", name=INVITE_LINK)
        for index in range(links.count()):
            match = INVITE_LINK.match(links.nth(index).inner_text().strip())
            if match and match.group(1) in NIEVRE_CANDIDATES:
                offer_title = page.get_by_role("heading", level=1).inner_text().split(" — ", 1)[1]
                assert_accessible(page)
                screenshot(page, "journey9r-03-candidats-proposes")
                links.nth(index).click()
                return reference, match.group(1), offer_title
    raise AssertionError("Aucune personne proposée à inviter parmi les offres de la Ville de Nevers.")


def test_the_recruiter_moves_a_card_and_invites_a_person_who_accepts(page: Page, new_page: Callable[[], Page]):
    # 1. From « Candidatures reçues » to an offer's applications, then the organisation's inbox.
    login(page, RECRUITER)
    page.goto("/comptes/espace/")
    page.get_by_role("link", name="Candidatures reçues").click()
    page.locator("main table").get_by_role("link").first.click()
    page.get_by_role("link", name="Boîte de réception").click()
    expect(page.get_by_role("heading", level=1, name=f"Boîte de réception — {EMPLOYER}")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"^Nouvelles candidatures"))).to_be_visible()
    assert_accessible(page)
    screenshot(page, "journey9r-01-boite-de-reception")

    # 2. The board: one card to « Entretien », with the keyboard only.
    page.get_by_role("link", name="Tableau par état").click()
    expect(page.get_by_role("heading", level=1, name=f"Tableau des candidatures — {EMPLOYER}")).to_be_visible()
    assert_accessible(page)
    card = movable_card(page)
    card_id = card.get_attribute("id")
    name = card.get_by_role("heading").inner_text().strip()
    select = card.get_by_label(f"Déplacer {name} vers")
    select.focus()
    # A closed select takes the arrow keys: down until « Proposer un entretien » (the last move offered).
    for _ in range(card.locator("select option").count()):
        if select.input_value() == "interview":
            break
        page.keyboard.press("ArrowDown")
    expect(select).to_have_value("interview")
    page.keyboard.press("Tab")
    expect(card.get_by_role("button", name="Déplacer")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator(f"section[aria-labelledby='colonne-interview'] #{card_id}")).to_contain_text(name)
    expect(page.locator(f"section[aria-labelledby='colonne-new'] #{card_id}")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "journey9r-02-carte-deplacee-en-entretien")

    # 3. « Candidats proposés » of the offers, in the board's order, until one person may be invited.
    references = [
        value for value in page.locator("#offre option").evaluate_all("options => options.map(o => o.value)") if value
    ]
    assert len(references) >= 10, f"Le filtre du tableau ne liste que {len(references)} offres."
    reference, person, offer_title = open_first_invitation(page, references)
    expect(page.get_by_role("heading", level=1, name="Inviter à postuler")).to_be_visible()
    expect(page.get_by_label("Offre")).to_have_value(reference)
    page.get_by_label("Votre message").fill(MESSAGE)
    assert_accessible(page)
    page.get_by_role("button", name="Envoyer l'invitation").click()
    expect_message(page, f"Invitation envoyée pour « {offer_title} »")
    screenshot(page, "journey9r-04-invitation-envoyee")

    # 4. The person accepts in « Mes invitations »…
    candidate = new_page()
    login(candidate, NIEVRE_CANDIDATES[person])
    candidate.goto("/candidats/mes-candidatures/")
    candidate.get_by_role("link", name="Mes invitations à postuler").click()
    expect(candidate.get_by_role("heading", level=1, name="Mes invitations à postuler")).to_be_visible()
    invitation = candidate.locator("#invitations > li").filter(has_text=offer_title).filter(has_text=EMPLOYER)
    invitation = invitation.filter(has=candidate.get_by_role("button", name=re.compile("^Accepter et postuler")))
    expect(invitation).to_have_count(1)
    expect(invitation).to_contain_text("nous serions heureux de recevoir votre candidature")
    assert_accessible(candidate)
    invitation.get_by_label("Message joint à votre candidature (facultatif)").fill(
        "Bonjour, merci pour votre invitation : je suis disponible pour un entretien dès la semaine prochaine."
    )
    invitation.get_by_role("button", name=f"Accepter et postuler à « {offer_title} »").click()
    expect_message(candidate, f"Votre candidature à « {offer_title} » est envoyée à {EMPLOYER}.")

    # 5. … and finds the application in « Mes candidatures ».
    expect(candidate.get_by_role("heading", level=1, name="Mes candidatures")).to_be_visible()
    expect(candidate.locator("main").get_by_text(offer_title).first).to_be_visible()
    assert_accessible(candidate)
    screenshot(candidate, "journey9r-05-mes-candidatures")

    # 6. The recruiter finds the new application in her inbox.
    page.goto("/comptes/espace/")
    page.get_by_role("link", name="Candidatures reçues").click()
    page.locator("main table").get_by_role("link").first.click()
    page.get_by_role("link", name="Boîte de réception").click()
    new_rows = page.locator("#nouvelles")
    expect(new_rows).to_contain_text(person)
    expect(new_rows).to_contain_text(offer_title)
    screenshot(page, "journey9r-06-nouvelle-candidature-dans-la-boite")
