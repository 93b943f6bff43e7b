"""Journey 4 — a job dating from creation to the candidate's calendar file, through the browser only.

The Apec advisor of the Loire organises a new job dating in Saint-Étienne and opens registrations;
two recruiters (Saint-Étienne Métropole, the Forges de l'Ondaine) register their organisation; two
demo candidates register and rank them; the advisor computes the schedule (a background task: the
page polls until the run is done), retains it and publishes it; a candidate downloads their agenda
as .ics, which must parse as a VCALENDAR with one VEVENT per interview. Every page passes axe-core.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import new_context
from .support import assert_accessible, login, screenshot

PARIS = ZoneInfo("Europe/Paris")
ADVISOR = "conseillere.apec"
RECRUITERS = [("rh.sem", "Saint-Étienne Métropole"), ("recrutement.forges", "Forges de l'Ondaine (démo)")]
# Two demo candidates of the Loire with a profile (README logins).
CANDIDATES = ["yanis.benaissa", "lea.girard"]
# The solver may run in a worker process: the schedule page polls every 2 s until the run is done.
SCHEDULE_TIMEOUT_MS = 120_000


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


def open_event(page: Page, title: str) -> None:
    """From anywhere: the main menu, then the event in the job-dating list."""
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Job datings").click()
    expect(page.get_by_role("heading", level=1, name="Job datings")).to_be_visible()
    assert_accessible(page)
    # An event open to registration is listed twice when signed in: open now, and coming.
    page.get_by_role("link", name=title).first.click()
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    assert_accessible(page)


def test_jobdating_from_creation_to_ics(page: Page, new_page: Callable[[], Page]) -> None:
    today = datetime.datetime.now(PARIS).date()
    day = today + datetime.timedelta(days=30)
    deadline = today + datetime.timedelta(days=20)
    title = f"Job dating des métiers de l'industrie — Saint-Étienne ({uuid.uuid4().hex[:6]})"

    # 1. The advisor creates the event and opens registrations.
    login(page, ADVISOR)
    assert_accessible(page)
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Job datings").click()
    assert_accessible(page)
    page.get_by_role("link", name="Organiser un job dating").click()
    expect(page.get_by_role("heading", level=1, name="Organiser un job dating")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Titre").fill(title)
    page.get_by_label("Présentation").fill("Huit créneaux de quinze minutes avec les industriels qui recrutent.")
    page.get_by_label("Commune", exact=False).first.fill("Saint-Étienne (42218)")
    page.get_by_label("Adresse du lieu").fill("Cité du design, 3 rue Javelin-Pagnon, 42000 Saint-Étienne")
    page.get_by_label("Date", exact=True).fill(day.isoformat())
    page.get_by_label("Début du premier créneau").fill("09:00")
    page.get_by_label("Durée d'un créneau (minutes)").fill("15")
    page.get_by_label("Nombre de créneaux").fill("8")
    page.get_by_label("Date limite d'inscription").fill(f"{deadline.isoformat()}T18:00")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    expect(page.get_by_text("Le job dating est créé en brouillon")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Ouvrir les inscriptions").click()
    expect(page.get_by_text("Inscriptions ouvertes", exact=False).first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "journey4-01-event-open")

    # 2. Two recruiters register their organisation (whole day, one table).
    for email, organisation in RECRUITERS:
        recruiter = new_page()
        login(recruiter, email)
        open_event(recruiter, title)
        recruiter.get_by_role("link", name=f"Inscrire {organisation}").click()
        expect(recruiter.get_by_role("heading", level=1, name=f"Inscrire {organisation}")).to_be_visible()
        assert_accessible(recruiter)
        offers = recruiter.get_by_role("group", name=re.compile("Offres présentées"))
        if offers.get_by_role("checkbox").count():
            # DSFR draws the box on the label: people click the label.
            offers.locator("label").first.click()
            expect(offers.get_by_role("checkbox").first).to_be_checked()
        recruiter.get_by_role("button", name=f"Inscrire {organisation}").click()
        expect(recruiter.get_by_text(f"{organisation} est inscrite")).to_be_visible()
        assert_accessible(recruiter)
        if email == RECRUITERS[0][0]:
            screenshot(recruiter, "journey4-02-recruiter-registered")

    # 3. Two candidates register and rank the recruiters.
    candidate_pages = []
    for n, email in enumerate(CANDIDATES):
        candidate = new_page()
        candidate_pages.append(candidate)
        login(candidate, email)
        open_event(candidate, title)
        candidate.get_by_role("button", name="M'inscrire").click()
        expect(candidate.get_by_role("heading", level=1, name="Mes souhaits")).to_be_visible()
        assert_accessible(candidate)
        first, second = (RECRUITERS[0][1], RECRUITERS[1][1]) if n == 0 else (RECRUITERS[1][1], RECRUITERS[0][1])
        candidate.get_by_label(first).select_option(label="1er choix")
        candidate.get_by_label(second).select_option(label="2e choix")
        candidate.get_by_role("button", name="Enregistrer").click()
        expect(candidate.get_by_text("Vos souhaits et vos disponibilités sont enregistrés.")).to_be_visible()
        assert_accessible(candidate)
        if n == 0:
            screenshot(candidate, "journey4-03-candidate-wishes")

    # 4. The advisor computes the schedule, retains it and publishes it.
    page.reload()
    expect(page.get_by_text("2 recruteurs, 2 candidats, 4 souhaits.")).to_be_visible()
    page.get_by_role("link", name="Planning des entretiens").click()
    expect(page.get_by_role("heading", level=1, name="Planning des entretiens")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Lancer le calcul").click()
    retain = page.get_by_role("button", name="Retenir ce planning")
    expect(retain).to_be_visible(timeout=SCHEDULE_TIMEOUT_MS)
    expect(page.get_by_text(re.compile(r"\d+ entretiens?"))).to_be_visible()
    assert_accessible(page)
    screenshot(page, "journey4-04-schedule-computed")
    retain.click()
    expect(page.get_by_text(re.compile(r"Le calcul n° \d+ est retenu comme planning"))).to_be_visible()
    expect(page.get_by_role("heading", name="Planning retenu")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("navigation", name=re.compile("vous êtes ici", re.I)).get_by_role("link", name=title).click()
    page.get_by_role("button", name="Publier le planning").click()
    expect(page.get_by_text("Le job dating est maintenant à l'état « Planning publié »")).to_be_visible()
    assert_accessible(page)

    # 5. The first candidate opens their agenda and downloads it as .ics.
    candidate = candidate_pages[0]
    open_event(candidate, title)
    candidate.get_by_role("link", name="Mon agenda").click()
    expect(candidate.get_by_role("table")).to_be_visible()
    assert_accessible(candidate)
    screenshot(candidate, "journey4-05-candidate-agenda")
    rows = candidate.get_by_role("table").locator("tbody tr").count()
    assert rows >= 1
    with candidate.expect_download() as info:
        candidate.get_by_role("link", name="Ajouter à mon calendrier (.ics)").click()
    download = info.value
    assert download.suggested_filename.endswith(".ics")
    calendar = icalendar.Calendar.from_ical(Path(download.path()).read_bytes())
    assert calendar.name == "VCALENDAR"
    events = calendar.walk("VEVENT")
    assert len(events) == rows
    for event in events:
        start = event.decoded("DTSTART")
        assert start.date() == day
        assert datetime.time(9, 0) <= start.astimezone(PARIS).time() < datetime.time(11, 0)
        assert any(name in str(event.get("SUMMARY")) for _, name in RECRUITERS)
