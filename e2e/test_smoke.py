"""The harness itself: the served platform answers, a demo account logs in, pages pass axe-core."""

from playwright.sync_api import Page, expect

from .support import assert_accessible, login, screenshot


def test_home_and_accessibility_statement_are_accessible(page: Page):
    page.goto("/")
    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page)
    page.goto("/accessibilite")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Accessibilité")
    assert_accessible(page)


def test_demo_account_logs_in(page: Page):
    login(page, "candidate")
    page.goto("/comptes/espace/")
    assert_accessible(page)
    screenshot(page, "smoke-01-espace-candidat")
