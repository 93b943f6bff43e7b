"""Helpers shared by the browser journeys: log in, screenshots, axe-core checks."""

from __future__ import annotations

import os
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

PROJECT_DIR = Path(__file__).resolve().parent.parent
# Database, files, server log and screenshots of a run; E2E_DIR=<folder> lets two runs coexist.
E2E_DIR = Path(os.environ.get("E2E_DIR") or PROJECT_DIR / "var" / "e2e").resolve()
# The CI artefact folder.
SCREENSHOTS_DIR = E2E_DIR / "screenshots"
DEMO_PASSWORD = "demo-territoires-2026"  # noqa: S105 - the published demo password
DEMO_DOMAIN = "demo.emploi-territoires.fr"
# Impacts that fail a page (axe-core classes them minor, moderate, serious, critical).
BLOCKING_IMPACTS = ("serious", "critical")
AXE = Axe()


def demo_email(login: str) -> str:
    """``rh.clamecy`` → ``rh.clamecy@demo.emploi-territoires.fr`` (a full address is kept)."""
    return login if "@" in login else f"{login}@{DEMO_DOMAIN}"


def login(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the login form as a demo account (``rh.clamecy`` or a full address)."""
    page.goto("/comptes/connexion/")
    page.get_by_label("Adresse e-mail").fill(demo_email(email))
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Se connecter", exact=True)).to_have_count(0)


def logout(page: Page) -> None:
    page.context.clear_cookies()


def screenshot(page: Page, name: str) -> Path:
    """A full-page PNG in var/e2e/screenshots/<name>.png (the CI artefact folder)."""
    path = SCREENSHOTS_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# Every page checked in the session, with all its violations (any impact): written to
# var/e2e/accessibilite.json at the end of the run (see conftest), for the accessibility statement.
AUDITED_PAGES: list[dict] = []


def accessibility_violations(page: Page) -> list[dict]:
    """axe-core violations of impact serious or critical on the current page."""
    page.wait_for_load_state()
    results = AXE.run(page)
    violations = results.response["violations"]
    AUDITED_PAGES.append(
        {
            "url": page.url,
            "title": page.title(),
            "axe": results.response.get("testEngine", {}).get("version", ""),
            "violations": [
                {"id": v["id"], "impact": v.get("impact"), "help": v["help"], "nodes": len(v["nodes"])}
                for v in violations
            ],
        }
    )
    return [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- [{violation['impact']}] {violation['id']} : {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:5]:
            lines.append(f"    {', '.join(map(str, node['target']))} : {node.get('failureSummary', '')}")
            lines.append(f"      {node.get('html', '')[:200]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … et {len(violation['nodes']) - 5} autre(s) élément(s)")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    """Fail when axe-core finds a serious or critical violation on the current page.

    Also checks what axe-core cannot: each page has a title of its own (RGAA 8.6), not just the
    site's name.
    """
    violations = accessibility_violations(page)
    title = page.title().strip()
    assert " — " in title, f"Titre de page non pertinent « {title} » sur {page.url}"
    assert not violations, (
        f"Accessibilité (axe-core) : {len(violations)} violation(s) grave(s) ou critique(s) sur {page.url}\n"
        + format_violations(violations)
    )


def expect_message(page: Page, text: str) -> None:
    """A django.contrib.messages alert (shown above the page's main content) containing ``text``."""
    expect(page.get_by_role("alert").filter(has_text=text).first).to_be_visible()
