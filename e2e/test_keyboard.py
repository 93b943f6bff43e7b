"""Forms usable with the keyboard alone: no mouse click anywhere in these tests.

Each step presses Tab, types or presses Enter, and checks where the focus went: the skip link,
then the fields in reading order, with a visible focus ring (the DSFR outline).
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .support import DEMO_PASSWORD, assert_accessible, demo_email, screenshot


def _focused(page: Page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = el ? getComputedStyle(el) : null;
            return {
                tag: el ? el.tagName.toLowerCase() : null,
                id: el ? el.id : null,
                name: el ? el.getAttribute('name') : null,
                text: el ? (el.innerText || '').trim() : '',
                outline: style ? style.outlineStyle + ' ' + style.outlineWidth : '',
            };
        }"""
    )


def _tab_to(page: Page, element_id: str, *, max_presses: int = 60) -> list[str]:
    """Press Tab until the element ``element_id`` has the focus; the path taken, for messages."""
    path = []
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        focused = _focused(page)
        path.append(focused["id"] or focused["name"] or focused["text"][:30] or focused["tag"])
        if focused["id"] == element_id:
            return path
    raise AssertionError(f"#{element_id} jamais atteint au clavier après {max_presses} Tab : {path}")


def _has_focus_ring(page: Page) -> bool:
    outline = _focused(page)["outline"]
    return not outline.startswith("none") and not outline.endswith(" 0px")


def test_login_with_the_keyboard_alone(page: Page):
    page.goto("/comptes/connexion/")
    assert_accessible(page)
    # The e-mail field has the focus on arrival (autofocus), with a visible focus ring.
    assert _focused(page)["id"] == "id_username", f"Focus à l'arrivée : {_focused(page)}"
    assert _has_focus_ring(page), "Le champ e-mail n'a pas de contour de focus visible."
    page.keyboard.type(demo_email("candidate"))
    page.keyboard.press("Tab")
    assert _focused(page)["id"] == "id_password", f"Après l'e-mail, le focus est sur {_focused(page)}"
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/comptes/espace/$"))
    assert_accessible(page)


def test_a_wrong_password_is_announced_and_the_form_stays_usable(page: Page):
    page.goto("/comptes/connexion/")
    _tab_to(page, "id_username")
    page.keyboard.type(demo_email("agent.clamecy"))
    page.keyboard.press("Tab")
    page.keyboard.type("pas-le-bon-mot-de-passe")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_text("Adresse e-mail ou mot de passe incorrect")).to_be_visible()
    assert_accessible(page)
    # Fixed with the keyboard only: the e-mail is kept, the password typed again.
    expect(page.locator("#id_username")).to_have_value(demo_email("agent.clamecy"))
    _tab_to(page, "id_password")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/comptes/espace/$"))


def test_search_the_board_with_the_keyboard_alone(page: Page):
    page.goto("/offres/")
    # First Tab: the skip links; "Contenu" moves the focus past the header and the menu.
    page.keyboard.press("Tab")
    first = _focused(page)
    assert first["tag"] == "a" and first["text"] == "Contenu", f"Premier Tab : {first}"
    assert _has_focus_ring(page), "Le lien d'évitement n'a pas de contour de focus visible."
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#content$"))
    path = _tab_to(page, "board-q", max_presses=15)
    assert len(path) <= 15
    page.keyboard.type("chef de projet")
    with page.expect_response(lambda r: "/offres/?" in r.url and "q=chef" in r.url):
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"q=chef"))
    expect(page.locator("#board-results")).to_contain_text(re.compile("[Cc]hef"))

    # Then around a commune: the radius is a native select, changed with the arrow keys.
    _tab_to(page, "board-commune", max_presses=3)
    page.keyboard.type("Clamecy (58079)")
    _tab_to(page, "board-radius", max_presses=3)
    with page.expect_response(lambda r: "/offres/?" in r.url and "radius=" in r.url):
        page.keyboard.press("ArrowDown")
    expect(page).to_have_url(re.compile(r"radius=\d+"))
    expect(page).to_have_url(re.compile(r"commune="))
    assert_accessible(page)
    screenshot(page, "keyboard-01-recherche-au-clavier")


def test_apply_to_an_offer_with_the_keyboard_alone(page: Page):
    page.goto("/comptes/connexion/")
    page.keyboard.type(demo_email("candidate"))
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/comptes/espace/$"))
    # An offer on the platform she has not applied to yet (the address bar is the keyboard too).
    page.goto("/offres/?q=&radius=")
    offers = page.locator("#board-results a[href^='/offres/ET-']").evaluate_all("links => links.map(a => a.href)")
    for url in offers:
        page.goto(url)
        if page.locator("#apply-message").count():
            break
    else:
        raise AssertionError("Aucune offre de la première page n'accepte de candidature de la candidate de démo.")
    _tab_to(page, "apply-message", max_presses=120)
    assert _has_focus_ring(page), "Le champ du message n'a pas de contour de focus visible."
    page.keyboard.type("Bonjour, votre offre correspond à mon parcours : je serais ravie d'en parler avec vous.")
    page.keyboard.press("Tab")
    focused = _focused(page)
    assert focused["tag"] == "button" and focused["text"] == "Postuler", f"Après le message : {focused}"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/candidats/mes-candidatures/$"))
    expect(page.get_by_role("alert").filter(has_text="Votre candidature")).to_be_visible()
    assert_accessible(page)
