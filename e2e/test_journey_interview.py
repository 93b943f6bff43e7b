"""Issue 19: an interview arranged on the platform, from both sides.

Marc Dubois (rh.sem, Saint-Étienne Métropole) opens Inès Haddad's application to « Chargé·e de
mission mobilités », writes to her and proposes two slots (one at the Métropole, one by video);
Inès sees the next step in « Mes candidatures », picks the second slot with the keyboard and
downloads the .ics; both see the confirmed interview in their spaces (her application page and
« Mes candidatures », his agenda and the conversation page). Every page passes axe-core.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, expect

from .conftest import new_context
from .support import E2E_DIR, assert_accessible, expect_message, login, screenshot

RECRUITER = "rh.sem"
CANDIDATE = "candidate"
CANDIDATE_NAME = "Inès Haddad"
OFFER_TITLE = "Chargé·e de mission mobilités (F/H)"
PLACE = "Hôtel de Métropole, 2 avenue Grüner, Saint-Étienne"
VIDEO = "https://visio.exemple.fr/mobilites-sem"


def test_recruiter_proposes_two_slots_and_the_candidate_picks_one(browser: Browser, base_url: str):
    # A week ahead in Paris (the server's time zone): always in the future, whatever the day of the run.
    first_day = datetime.datetime.now(tz=ZoneInfo("Europe/Paris")).date() + datetime.timedelta(days=7)
    second_day = first_day + datetime.timedelta(days=1)

    # --- The recruiter: from the offer's board to the application, then the conversation. ---
    context = new_context(browser, base_url)
    page = context.new_page()
    login(page, RECRUITER)
    page.goto("/candidats/recrutement/")
    page.get_by_role("link", name=OFFER_TITLE).first.click()
    page.get_by_role("link", name=re.compile(CANDIDATE_NAME)).first.click()
    detail_url = page.url
    conversation_link = page.get_by_role("link", name=re.compile("Conversation et entretien"))
    if conversation_link.count():
        conversation_link.first.click()
    else:  # the link on the detail page comes with the recruiter-side work of the issue
        page.goto(detail_url.rstrip("/") + "/conversation/")
    expect(page.get_by_role("heading", name=f"Conversation avec {CANDIDATE_NAME}")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Votre message").fill(
        "Bonjour Inès,\nvotre candidature nous intéresse : je vous propose deux créneaux d'entretien."
    )
    page.get_by_role("button", name="Envoyer le message").click()
    expect_message(page, "Message envoyé.")

    page.get_by_role("link", name="Proposer un entretien").click()
    assert_accessible(page)
    page.locator("#id_slot1_date").fill(first_day.isoformat())
    page.locator("#id_slot1_start").fill("10:00")
    page.locator("#id_slot1_end").fill("11:00")
    page.locator("#id_slot1_place").fill(PLACE)
    page.locator("#id_slot2_date").fill(second_day.isoformat())
    page.locator("#id_slot2_start").fill("14:00")
    page.locator("#id_slot2_end").fill("15:00")
    page.locator("#id_slot2_video_url").fill(VIDEO)
    page.get_by_label("Précisions pour la personne").fill("Avec la directrice des mobilités.")
    screenshot(page, "interview-01-proposition")
    page.get_by_role("button", name="Proposer ces créneaux").click()
    expect_message(page, "Entretien proposé")
    expect(page.locator("main")).to_contain_text("En attente du choix de la personne parmi 2 créneaux")
    assert_accessible(page)
    context.close()

    # --- The candidate: « Mes candidatures » gives the next step; she picks with the keyboard. ---
    context = new_context(browser, base_url)
    page = context.new_page()
    login(page, CANDIDATE)
    page.goto("/candidats/mes-candidatures/")
    card = page.locator("section.fr-card").filter(has_text=OFFER_TITLE)
    expect(card).to_contain_text("Choisir un créneau d'entretien")
    expect(card).to_contain_text("votre candidature nous intéresse")
    assert_accessible(page)
    card.get_by_role("link", name=OFFER_TITLE).click()
    expect(page.get_by_role("heading", name=OFFER_TITLE, level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("je vous propose deux créneaux")
    assert_accessible(page)
    second = page.get_by_label(re.compile("de 14h00 à 15h00"))
    second.focus()
    page.keyboard.press("Space")
    expect(second).to_be_checked()
    page.keyboard.press("Tab")  # a radio group is one tab stop: next comes the form's button
    expect(page.get_by_role("button", name="Confirmer ce créneau")).to_be_focused()
    page.keyboard.press("Enter")
    expect_message(page, "Votre entretien est confirmé")
    expect(page.locator("main")).to_contain_text("Entretien confirmé")
    expect(page.locator("main")).to_contain_text(VIDEO)
    screenshot(page, "interview-02-confirme-candidate")
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ajouter à mon agenda (.ics)").click()
    ics_path = Path(E2E_DIR / "entretien-candidate.ics")
    download_info.value.save_as(ics_path)
    ics = ics_path.read_text(encoding="utf-8")
    assert "BEGIN:VCALENDAR" in ics and "BEGIN:VEVENT" in ics
    assert f"DTSTART;TZID=Europe/Paris:{second_day:%Y%m%d}T140000" in ics
    assert "Chargé·e de mission mobilités" in ics

    page.goto("/candidats/mes-candidatures/")
    card = page.locator("section.fr-card").filter(has_text=OFFER_TITLE)
    expect(card).to_contain_text(re.compile(r"Entretien le .* à 14h00, en visioconférence"))
    context.close()

    # --- The recruiter sees it in the agenda and the conversation, and gets the same .ics. ---
    context = new_context(browser, base_url)
    page = context.new_page()
    login(page, RECRUITER)
    page.goto("/candidats/recrutement/agenda/")
    expect(page.get_by_role("heading", name="Agenda des entretiens")).to_be_visible()
    row = page.locator("tr").filter(has_text=CANDIDATE_NAME).filter(has_text=OFFER_TITLE)
    expect(row).to_contain_text("14h00 – 15h00")
    expect(row).to_contain_text("Visioconférence")
    screenshot(page, "interview-03-agenda-recruteur")
    assert_accessible(page)
    row.get_by_role("link", name=CANDIDATE_NAME).click()
    expect(page.locator("main")).to_contain_text("Entretien confirmé")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ajouter à mon agenda (.ics)").click()
    recruiter_ics = Path(E2E_DIR / "entretien-recruteur.ics")
    download_info.value.save_as(recruiter_ics)
    assert f"DTSTART;TZID=Europe/Paris:{second_day:%Y%m%d}T140000" in recruiter_ics.read_text(encoding="utf-8")
    context.close()
