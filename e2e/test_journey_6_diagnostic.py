"""Journey 6 — an advisor opens the territory diagnostic of Saint-Étienne and downloads its PDF report.

The Apec advisor of the Loire goes from the main menu to the territories, finds Saint-Étienne with
the territory search, opens its diagnostic (figures precomputed by the demo, compared with the Loire
and France), checks its sections, has the report prepared (a background task: the e2e server runs
tasks at once) and downloads it: a real PDF (header, end marker, pages, tens of kilobytes). Every
page passes axe-core; the diagnostic page leaves a screenshot.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

from playwright.sync_api import Page, expect

from .support import assert_accessible, login, screenshot

ADVISOR = "conseillere.apec"
COMMUNE = "Saint-Étienne"
# A WeasyPrint report with tables and SVG charts weighs tens of kilobytes; an error page would not.
MIN_PDF_BYTES = 10_000


def pdf_pages(data: bytes) -> int:
    """The number of page objects of a PDF, looked for in the file and its compressed object streams."""
    chunks = [data]
    for stream in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.DOTALL):
        try:
            chunks.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            continue  # not a deflated stream (an image, a font subset…)
    return sum(len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", chunk)) for chunk in chunks)


def test_advisor_opens_the_loire_diagnostic_and_downloads_the_pdf(page: Page) -> None:
    login(page, ADVISOR)
    assert_accessible(page)

    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Territoires").click()
    expect(page.get_by_role("heading", level=1, name="Territoires")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Rechercher une commune").fill(COMMUNE)
    page.get_by_role("search").get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("heading", level=2, name=f"Résultats pour « {COMMUNE} »")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=f"{COMMUNE} (Loire, 42)").click()
    expect(page.get_by_role("heading", level=1, name=COMMUNE)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Diagnostic du territoire").click()
    expect(page.get_by_role("heading", level=1, name=f"Diagnostic territorial : {COMMUNE}")).to_be_visible()
    for section in ("Synthèse", "Tension par métier", "Besoins déclarés", "Candidats disponibles à 30 km"):
        expect(page.get_by_role("heading", level=2, name=section)).to_be_visible()
    expect(page.get_by_text(re.compile(r"Chiffres calculés le \d{1,2}(er)? \S+ \d{4}"))).to_be_visible()
    assert_accessible(page)
    screenshot(page, "journey6-01-diagnostic-saint-etienne")

    # The PDF is prepared in the background (the e2e server runs tasks at once), then downloaded.
    page.get_by_role("button", name="Préparer le rapport (PDF)").click()
    expect(page.get_by_role("heading", name="Votre rapport est prêt")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Télécharger le rapport (PDF)").click()
    download = info.value
    assert download.failure() is None
    assert download.suggested_filename.endswith(".pdf")
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF-"), data[:40]
    assert data.rstrip().endswith(b"%%EOF")
    assert len(data) > MIN_PDF_BYTES, f"{len(data)} octets seulement"
    assert pdf_pages(data) >= 2, "le rapport tient sur plusieurs pages (synthèse, tableaux, définitions)"
