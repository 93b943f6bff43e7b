"""Journeys 1 to 3 of issue 9, chained on one offer of the Mairie de Clamecy.

1. The HR officer of a small town writes an offer from the "Chef·fe de projet Petites villes de
   demain" template, fixes the assistant's findings until the live score passes 80, asks her
   advisor for a review, and the advisor (Apec, Nièvre) publishes it.
2. A young graduate finds it on the board by text and radius around Clamecy, adds a CV (a real
   PDF made here) to her profile and applies.
3. The HR officer moves the application through the pipeline to "Recrutée".

Every page visited passes axe-core (no serious or critical violation); each key step leaves a
screenshot in var/e2e/screenshots/. The tests run in file order and share the offer's reference;
a later journey is skipped when an earlier one failed.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from .conftest import new_context
from .support import E2E_DIR, assert_accessible, expect_message, login, screenshot

HR_OFFICER = "rh.clamecy"
ADVISOR = "conseillere.apec"
CANDIDATE = "candidate"
CANDIDATE_NAME = "Inès Haddad"
TEMPLATE = "Chef·fe de projet Petites villes de demain"
# What the HR officer writes over the template's "[à compléter : …]" passages.
TOWN_SENTENCE = "Clamecy, ville de 3 800 habitants au bord de l'Yonne,"
BENEFIT = "- titres-restaurant et aide au logement pour votre installation."
OWN_TERRITORY_WORDS = (
    "La ville compte deux écoles, un collège et un lycée, une gare sur la ligne Paris – Clamecy et une "
    "vie associative riche : festival, clubs de canoë sur l'Yonne, chorale et marché le samedi."
)
PASSING_SCORE = 80


@pytest.fixture(scope="module")
def journey() -> dict[str, str]:
    """What one journey hands to the next (the offer's reference, its title)."""
    return {}


def _needs(journey: dict[str, str], key: str) -> str:
    if key not in journey:
        pytest.skip("Le parcours précédent n'est pas allé au bout.")
    return journey[key]


# --- Journey 1: write, fix, review, publish --------------------------------------------------


def _score(page: Page) -> int:
    return int(page.locator("#assistant-score strong").inner_text())


def _is_analysis(response) -> bool:
    return "/offres/assistant/analyse/" in response.url and response.request.method == "POST"


def _edit_and_rescore(page: Page, edit) -> int:
    """Run an edit of the form, wait for the assistant's analysis of it, return the live score.

    The assistant waits 600 ms after the last keystroke; on a slow machine one edit may still give
    two analyses: the last one is awaited (until none comes for 1.5 s).
    """
    with page.expect_response(_is_analysis) as info:
        edit()
    response = info.value
    while True:
        try:
            with page.expect_response(_is_analysis, timeout=1_500) as later:
                pass
        except PlaywrightTimeoutError:
            break
        response = later.value
    expected = re.search(r'id="assistant-score">\s*Score : <strong[^>]*>(\d+)</strong>', response.text())
    assert expected, "Le panneau de l'assistant ne donne pas de score."
    expect(page.locator("#assistant-score strong")).to_have_text(expected.group(1))
    return int(expected.group(1))


def _replace_in_field(page: Page, field: str, old: str, new: str) -> None:
    box = page.locator(f"#id_{field}")
    value = box.input_value()
    assert old in value, f"« {old} » absent du champ {field}"
    box.fill(value.replace(old, new))


def test_journey_1_collectivite_writes_fixes_and_publishes_an_offer(browser: Browser, base_url: str, journey):
    context = new_context(browser, base_url)
    page = context.new_page()
    login(page, HR_OFFICER)
    assert_accessible(page)

    page.goto("/offres/espace/nouvelle/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouvelle offre")
    assert_accessible(page)
    with page.expect_response(lambda r: "/offres/assistant/analyse/" in r.url):
        page.get_by_role("link", name=TEMPLATE, exact=True).click()
    expect(page.locator("#id_title")).to_have_value(f"{TEMPLATE} (F/H)")
    expect(page.locator("#id_commune")).to_have_value("Clamecy (58079)")
    expect(page.locator("#assistant-score strong")).to_have_text(re.compile(r"\d+"))
    first_score = _score(page)
    panel = page.locator("#assistant-panel")
    expect(panel).to_contain_text("passage du modèle reste à compléter")
    assert first_score < PASSING_SCORE, f"Le modèle non complété devrait être sous {PASSING_SCORE} ({first_score})"
    assert_accessible(page)
    screenshot(page, "journey1-01-offre-modele-score-initial")

    # A title of its own, so that the candidate can tell it from the demo offers.
    title = "Chef·fe de projet Petites villes de demain – revitalisation du centre-bourg (F/H)"
    page.locator("#id_title").fill(title)

    # Finding "passage du modèle reste à compléter" in the missions and the benefits.
    def complete_template_passages():
        _replace_in_field(page, "missions", "[à compléter : nom de la commune]", TOWN_SENTENCE)
        _replace_in_field(
            page,
            "benefits",
            "- [à compléter : autres avantages, par exemple aide au logement ou titres-restaurant].",
            BENEFIT,
        )

    placeholders = panel.get_by_text("passage du modèle reste à compléter")
    expect(placeholders).to_have_count(3)
    score = _edit_and_rescore(page, complete_template_passages)
    # One passage left (the territory): the score stays capped until the last one is written.
    expect(placeholders).to_have_count(1)

    # Finding on the territory presentation: the assistant proposes one from the public data of
    # Clamecy, the officer takes it and adds what she knows of the town.
    score = _edit_and_rescore(page, lambda: page.locator("#id_territory_presentation").fill(""))
    proposal = page.get_by_role("button", name="Proposer une présentation du territoire")
    with page.expect_response(lambda r: "/offres/assistant/territoire/" in r.url):
        proposal.first.click()
    expect(page.locator("#assistant-territory-text")).to_contain_text("Clamecy")
    before = score
    score = _edit_and_rescore(
        page, lambda: page.get_by_role("button", name=re.compile("Ajouter ce texte au champ")).click()
    )
    assert score > before, f"Le score devait monter avec la présentation du territoire ({before} → {score})"
    expect(placeholders).to_have_count(0)
    territory = page.locator("#id_territory_presentation")
    expect(territory).to_have_value(re.compile("Clamecy"))

    def add_own_words():
        territory.fill(territory.input_value() + "\n\n" + OWN_TERRITORY_WORDS)

    score = _edit_and_rescore(page, add_own_words)

    # Findings on the dates: start date and closing date.
    today = datetime.date.today()  # noqa: DTZ011 - the browser and the server share the clock

    def set_dates():
        page.locator("#id_start_date").fill((today + datetime.timedelta(days=75)).isoformat())
        page.locator("#id_closing_date").fill((today + datetime.timedelta(days=40)).isoformat())

    score = _edit_and_rescore(page, set_dates)
    assert score >= PASSING_SCORE, (
        f"Score {score} après corrections, attendu au moins {PASSING_SCORE}. Panneau :\n"
        + page.locator("#assistant-panel").inner_text()
    )
    expect(page.locator("#assistant-panel")).not_to_contain_text("passage du modèle reste à compléter")
    assert_accessible(page)
    screenshot(page, "journey1-02-offre-corrigee-score-au-dessus-de-80")

    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect_message(page, "Brouillon enregistré")
    reference = re.search(r"/offres/espace/([^/]+)/$", page.url)
    assert reference, f"Après l'enregistrement, la page de l'offre était attendue ({page.url})."
    expect(page.locator("main")).to_contain_text(f"Référence {reference.group(1)}")
    journey["reference"] = reference.group(1)
    journey["title"] = title
    assert_accessible(page)

    # The officer asks her advisor for a review.
    page.get_by_role("button", name="Demander une relecture").click()
    expect_message(page, "envoyée en relecture")
    assert_accessible(page)
    context.close()

    # The Apec advisor following the Nièvre reviews and publishes it.
    context = new_context(browser, base_url)
    page = context.new_page()
    login(page, ADVISOR)
    page.goto("/offres/espace/a-relire/")
    assert_accessible(page)
    # Her list may hold other offers of the same title: she opens this one (its reference).
    page.locator(f"main a[href*='/{journey['reference']}/']").filter(has_text=title).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Petites villes de demain")
    assert_accessible(page)
    screenshot(page, "journey1-03-offre-en-relecture-conseillere")
    # Publishing asks for a confirmation, with the summary and the preview (issue 17).
    page.get_by_role("link", name="Publier…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publier cette offre ?")
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer la publication").click()
    expect_message(page, "L'offre est publiée.")
    assert_accessible(page)
    context.close()

    # It is on the public board, for everyone.
    context = new_context(browser, base_url)
    page = context.new_page()
    page.goto(f"/offres/{journey['reference']}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert_accessible(page)
    screenshot(page, "journey1-04-offre-publiee")
    journey["published"] = "yes"
    context.close()


# --- Journey 2: find by text and radius, apply with a CV -------------------------------------


def _cv_pdf() -> Path:
    """A one-page PDF CV, written by WeasyPrint (the platform's own PDF engine)."""
    from weasyprint import HTML

    path = E2E_DIR / "cv-ines-haddad.pdf"
    HTML(
        string=(
            "<html lang='fr'><body><h1>Inès Haddad</h1><p>Jeune diplômée en aménagement du territoire "
            "(master, 2025). Stage de six mois au service urbanisme de Saint-Étienne Métropole : "
            "concertation avec les habitants, suivi d'une opération de revitalisation.</p></body></html>"
        )
    ).write_pdf(path)
    return path


def test_journey_2_candidate_finds_the_offer_by_text_and_radius_and_applies_with_a_cv(
    browser: Browser, base_url: str, journey
):
    _needs(journey, "published")
    reference, title = journey["reference"], journey["title"]
    context = new_context(browser, base_url)
    page = context.new_page()
    login(page, CANDIDATE)

    page.goto("/offres/")
    assert_accessible(page)
    # She lives far away and looks around Varzy, a village 16 km from Clamecy: nothing in Varzy
    # itself, the offer comes up when she widens the search to 30 km.
    page.get_by_label("Métier, mots-clés").fill("revitalisation centre-bourg")
    page.get_by_label("Commune", exact=False).first.fill("Varzy (58304)")
    with page.expect_response(lambda r: r.url.startswith(f"{base_url}/offres/?") and "commune=Varzy" in r.url):
        page.get_by_role("button", name=re.compile("Rechercher")).first.click()
    expect(page).to_have_url(re.compile(r"q=revitalisation.*commune=Varzy"))
    expect(page.locator(f"#board-results a[href*='{reference}']")).to_have_count(0)
    with page.expect_response(lambda r: r.url.startswith(f"{base_url}/offres/?") and "radius=30" in r.url):
        page.get_by_label("Rayon autour de la commune").select_option("30")
    expect(page).to_have_url(re.compile(r"q=revitalisation.*commune=Varzy.*radius=30"))
    result = page.locator(f"#board-results a[href*='{reference}']")
    expect(result.first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "journey2-01-recherche-texte-et-rayon")

    result.first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert_accessible(page)
    apply = page.locator("#apply")
    expect(apply).to_contain_text("votre profil")

    # She adds her CV to her profile (on a fresh demo database she has none yet), and comes back.
    if "pas de CV" in apply.inner_text():
        apply.get_by_role("link", name="déposer un").click()
    else:  # a database kept from an earlier run (E2E_REUSE_DB, E2E_BASE_URL): the CV is replaced
        apply.get_by_role("link", name="modifier").click()
    assert_accessible(page)
    page.locator("input[type=file][name=cv]").set_input_files(str(_cv_pdf()))
    page.get_by_role("button", name="Enregistrer mon profil").click()
    expect_message(page, "Votre profil est enregistré.")
    assert_accessible(page)
    page.goto(f"/offres/{reference}/#apply")
    apply = page.locator("#apply")
    expect(apply).to_contain_text("cv-ines-haddad.pdf")
    apply.get_by_label(re.compile("Message|message")).fill(
        "Bonjour, jeune diplômée en aménagement, je souhaite conduire le projet de revitalisation de "
        "Clamecy avec vous. Je suis disponible dès le mois prochain."
    )
    screenshot(page, "journey2-02-candidature-avec-cv")
    apply.get_by_role("button", name="Postuler").click()
    expect_message(page, "Votre candidature")
    expect(page.locator("main")).to_contain_text(title)
    assert_accessible(page)
    screenshot(page, "journey2-03-mes-candidatures")
    journey["applied"] = "yes"
    context.close()


# --- Journey 3: the recruiter hires ------------------------------------------------------------


def test_journey_3_recruiter_moves_the_application_to_hired(browser: Browser, base_url: str, journey):
    _needs(journey, "applied")
    reference = journey["reference"]
    context = new_context(browser, base_url)
    page = context.new_page()
    login(page, HR_OFFICER)
    page.goto(f"/candidats/recrutement/offre/{reference}/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(CANDIDATE_NAME)).first.click()
    assert_accessible(page)
    cv_link = page.get_by_role("link", name="Voir le CV")
    expect(cv_link).to_be_visible()
    # The CV she uploaded, served to the recruiter's session (private storage, no public URL).
    cv = page.request.get(cv_link.get_attribute("href"))
    assert cv.ok and cv.body().startswith(b"%PDF-"), f"CV illisible : {cv.status} {cv.headers.get('content-type')}"

    for action in ("Passer en examen", "Proposer un entretien", "Recruter"):
        page.get_by_role("button", name=action).click()
        page.wait_for_load_state()
        assert_accessible(page)
    expect(page.locator("main")).to_contain_text("Recrutée")
    screenshot(page, "journey3-01-candidature-recrutee")
    context.close()

    # The candidate sees it too.
    context = new_context(browser, base_url)
    page = context.new_page()
    login(page, CANDIDATE)
    page.goto("/candidats/mes-candidatures/")
    expect(page.locator("main")).to_contain_text("Recrutée")
    assert_accessible(page)
    context.close()
