"""Journey 5 — a mentoring programme from its creation to the first meeting, through the browser only.

The demo programme manager opens a new programme for the Loire; the demo mentor (Philippe Garnier,
who can mentor two people) and two demo mentees of the Loire enrol themselves from their mentoring
page; the manager computes the pairs, reviews the proposals and publishes them; the mentor opens
the new pair and logs a meeting. Every page passes axe-core; each key step leaves a screenshot.

The two mentees (mentore05, Firminy; mentore08, Saint-Étienne) are demo accounts whose profiles
share evening slots with the mentor and accept remote mentoring, so the matching pairs them.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Callable, Iterator
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import new_context
from .support import assert_accessible, login, screenshot

PARIS = ZoneInfo("Europe/Paris")
MANAGER = "programme.mentorat"
MENTOR = "mentor"
MENTEES = ["mentore05", "mentore08"]


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


def open_mentoring(page: Page) -> None:
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Mentorat").click()
    expect(page.get_by_role("heading", level=1, name="Mentorat")).to_be_visible()
    assert_accessible(page)


def enrol(page: Page, account: str, programme: str, button: str) -> None:
    """A mentor or a mentee joins the programme from the "Programmes ouverts" list."""
    login(page, account)
    open_mentoring(page)
    entry = (
        page.get_by_role("region", name="Programmes ouverts")
        .locator("div")
        .filter(has=page.get_by_text(programme, exact=True))
    )
    entry.get_by_role("button", name=button).click()
    expect(page.get_by_text(f"Vous êtes inscrit·e au programme « {programme} ».")).to_be_visible()
    assert_accessible(page)


def test_manager_matches_and_publishes_then_mentor_logs_a_meeting(page: Page, new_page: Callable[[], Page]) -> None:
    today = datetime.datetime.now(PARIS).date()
    name = f"Premier emploi dans la Loire — promotion {uuid.uuid4().hex[:6]}"

    # 1. The programme manager opens a new programme for the Loire.
    login(page, MANAGER)
    open_mentoring(page)
    page.get_by_role("link", name="Nouveau programme").click()
    expect(page.get_by_role("heading", level=1, name="Nouveau programme de mentorat")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Nom du programme").fill(name)
    page.get_by_label("Présentation").fill("Des cadres de la Loire accompagnent de jeunes diplômés.")
    page.get_by_label("Périmètre", exact=True).select_option(label="Département")
    page.get_by_label(re.compile(r"Département \(périmètre")).select_option(label="Loire (42)")
    page.get_by_label("Début", exact=True).fill(today.isoformat())
    page.get_by_label("Fin", exact=True).fill((today + datetime.timedelta(days=240)).isoformat())
    page.get_by_role("button", name="Créer le programme").click()
    expect(page.get_by_text("Programme créé.")).to_be_visible()
    expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()
    programme_url = page.url
    assert_accessible(page)

    # 2. The mentor and two mentees enrol themselves.
    enrol(new_page(), MENTOR, name, "M'inscrire comme mentor")
    for mentee in MENTEES:
        enrol(new_page(), mentee, name, "M'inscrire")

    # 3. The manager computes the pairs, reviews them and publishes them.
    page.reload()
    expect(page.get_by_text("Inscrits : 1 mentor, 2 personnes mentorées")).to_be_visible()
    screenshot(page, "journey5-01-programme-enrolments")
    page.get_by_role("region", name="Appariement").get_by_role("button", name="Calculer les binômes").click()
    expect(page.get_by_role("heading", level=1, name=re.compile(r"^Appariement du "))).to_be_visible()
    expect(page.get_by_text(re.compile(r"2 binômes proposés pour 2 personnes mentorées et 1 mentor"))).to_be_visible()
    proposals = page.get_by_role("table", name="Binômes proposés et leurs raisons").locator("tbody tr")
    expect(proposals).to_have_count(2)
    expect(proposals.first).to_contain_text("Philippe Garnier")
    assert_accessible(page)
    screenshot(page, "journey5-02-proposed-pairs")
    page.get_by_role("button", name="Publier les binômes").click()
    expect(page.get_by_text("2 binôme(s) publié(s)")).to_be_visible()
    assert page.url == programme_url
    pairs = page.get_by_role("table", name="Binômes du programme").locator("tbody tr")
    expect(pairs).to_have_count(2)
    assert_accessible(page)
    screenshot(page, "journey5-03-pairs-published")

    # 4. The mentor opens one of the new pairs and logs a meeting.
    mentor = new_page()
    login(mentor, MENTOR)
    open_mentoring(mentor)
    mentor.locator("p").filter(has_text=name).get_by_role("link").first.click()
    expect(mentor.get_by_role("heading", level=1, name=re.compile(r"^Binôme : Philippe Garnier et "))).to_be_visible()
    expect(mentor.get_by_text("Aucune rencontre notée pour le moment.")).to_be_visible()
    assert_accessible(mentor)
    meetings = mentor.get_by_role("region", name="Rencontres")
    meetings.get_by_label("Date").fill(today.isoformat())
    meetings.get_by_label(re.compile(r"Durée")).fill("60")
    meetings.get_by_text("CV et entretiens", exact=True).click()  # the DSFR box is drawn on the label
    meetings.get_by_text("réseau professionnel", exact=True).click()
    expect(meetings.get_by_role("checkbox", name="CV et entretiens")).to_be_checked()
    meetings.get_by_label(re.compile(r"Note")).fill("Relecture du CV, trois entreprises à contacter.")
    meetings.get_by_role("button", name="Enregistrer la rencontre").click()
    expect(mentor.get_by_text("Rencontre enregistrée.")).to_be_visible()
    logged = mentor.get_by_role("region", name="Rencontres")
    # The topics are not asserted: the page shows their codes (cv_interview, network), reported to the lead.
    expect(logged).to_contain_text("60 minutes")
    expect(logged).to_contain_text("Relecture du CV, trois entreprises à contacter.")
    expect(logged.get_by_text("Aucune rencontre notée pour le moment.")).to_have_count(0)
    assert_accessible(mentor)
    screenshot(mentor, "journey5-04-meeting-logged")

    # The manager sees the meeting counted, never its note.
    page.reload()
    expect(page.get_by_text("Rencontres notées : 1")).to_be_visible()
    assert_accessible(page)
