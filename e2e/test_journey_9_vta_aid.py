"""Journey 9 (issue 16) — the VTA's State aid: the Nièvre's préfecture instructs the Mairie de Clamecy's
request, asks for a missing piece, and grants the aid on its envelope.

1. The Mairie de Clamecy's HR officer checks « Êtes-vous éligible au VTA ? » (Clamecy: bourg rural),
   then opens the aid files: one mission ended, one aid granted, one request being instructed.
2. The ANCT delegate of the Nièvre opens the request of Sarah Benoît and says it is incomplete (what
   is missing, in words).
3. The mairie completes it with a new signed charter (PDF).
4. The delegate grants 15,000 €; the envelope's figures move; the public page of the Nièvre's
   volunteers lists the volunteer who agreed to it.

Demo data: `vta.demo.load_demo_vta_aid` (README: delegue.anct, rh.clamecy). Every page passes axe-core;
each step leaves a screenshot.
"""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from .conftest import new_context
from .support import assert_accessible, expect_message, login, screenshot

SECRETARY = "rh.clamecy"
DELEGATE = "delegue.anct"
VOLUNTEER = "Sarah Benoît"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _open_file(page, volunteer: str) -> None:
    page.goto("/vta/aides/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aides de l'État au volontariat territorial")
    page.get_by_role("row").filter(has_text=volunteer).get_by_role("link").first.click()
    expect(page.get_by_text(volunteer).first).to_be_visible()


def test_the_prefecture_instructs_and_grants_the_vta_aid(browser: Browser, base_url: str) -> None:
    # 1. The mairie: eligible, and its files.
    context = new_context(browser, base_url)
    mairie = context.new_page()
    login(mairie, SECRETARY)
    mairie.goto("/vta/eligibilite/")
    expect(mairie.get_by_role("heading", name="Votre organisation")).to_be_visible()
    assert_accessible(mairie)
    mairie.goto("/vta/aides/")
    for name in ("Camille Dufour", "Lucas Perret", VOLUNTEER):
        expect(mairie.get_by_role("row").filter(has_text=name)).to_have_count(1)
    assert_accessible(mairie)
    screenshot(mairie, "journey9-01-aides-de-la-mairie")

    # 2. The préfecture: the file is incomplete.
    delegate_context = new_context(browser, base_url)
    prefecture = delegate_context.new_page()
    login(prefecture, DELEGATE)
    _open_file(prefecture, VOLUNTEER)
    expect(prefecture.get_by_role("heading", name="Instruire la demande")).to_be_visible()
    assert_accessible(prefecture)
    # The DSFR label covers its radio button (choices: granted, incomplete, refused).
    prefecture.locator("label[for='id_decision_1']").click()
    prefecture.get_by_label("Ce qui manque, ou le motif du refus").fill(
        "La charte n'est signée que par la commune : joignez-la signée aussi par la volontaire."
    )
    expect(prefecture.get_by_role("radio", name="Dossier incomplet")).to_be_checked()
    prefecture.get_by_role("button", name="Enregistrer la décision").click()
    expect_message(prefecture, "La collectivité est invitée à compléter le dossier.")
    screenshot(prefecture, "journey9-02-dossier-incomplet")

    # 3. The mairie completes the request with the charter signed by both.
    _open_file(mairie, VOLUNTEER)
    expect(mairie.get_by_text("signée aussi par la volontaire").first).to_be_visible()
    mairie.get_by_role("link", name="Compléter la demande").click()
    expect(mairie.get_by_role("heading", level=1)).to_have_text("Déposer la demande d'aide")
    assert_accessible(mairie)
    mairie.get_by_label("Charte du volontariat signée (PDF, 5 Mo au plus)").set_input_files(
        {"name": "charte-signee-commune-et-volontaire.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    mairie.get_by_role("button", name="Déposer la demande").click()
    expect_message(mairie, "La demande d'aide est déposée")
    assert_accessible(mairie)
    screenshot(mairie, "journey9-03-demande-completee")
    context.close()

    # 4. The préfecture grants the aid on its envelope.
    _open_file(prefecture, VOLUNTEER)
    prefecture.locator("label[for='id_decision_0']").click()
    expect(prefecture.get_by_role("radio", name="Accorder l'aide")).to_be_checked()
    prefecture.get_by_label("Montant accordé (€)").fill("15000")
    prefecture.get_by_role("button", name="Enregistrer la décision").click()
    expect_message(prefecture, "L'aide est accordée")
    expect(prefecture.get_by_text("Montant accordé")).to_be_visible()
    assert_accessible(prefecture)
    screenshot(prefecture, "journey9-04-aide-accordee")
    prefecture.goto("/vta/enveloppes/")
    expect(prefecture.get_by_role("heading", level=1)).to_have_text(
        "Enveloppes du volontariat territorial en administration"
    )
    assert_accessible(prefecture)
    delegate_context.close()

    public = new_context(browser, base_url).new_page()
    public.goto("/vta/volontaires/58/")
    expect(public.get_by_role("row").filter(has_text="Camille Dufour")).to_have_count(1)
    assert_accessible(public)
