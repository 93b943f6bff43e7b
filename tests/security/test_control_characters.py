"""Control characters (a vertical tab: Word's Shift+Enter) are cleaned at the boundary, and every feed,
export and PDF survives the ones already stored (written here straight into the database, as text saved
before the cleaning existed)."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from emploi_territoires.core.text import clean_text, xml_safe
from emploi_territoires.offers import services
from emploi_territoires.offers.models import Offer, OfferStatus
from emploi_territoires.plans.models import Action
from emploi_territoires.search.indexing import index_offer
from tests.clock import paris
from tests.offers.factories import OfferFactory
from tests.plans.test_reporting_helpers import haut_nivernais_plan

pytestmark = pytest.mark.django_db

# What an old row may hold. PostgreSQL refuses NUL in text (only SQLite can store it), so NUL is
# part of the stored text only there; the services' cleaning of NUL is tested on both engines.
RAW = "Chargé de mission\vurbanisme\x1b\x0c(F/H)" + ("\x00" if connection.vendor == "sqlite" else "")


def test_clean_text_turns_controls_into_line_breaks_or_spaces():
    assert clean_text("Chargé de mission\vurbanisme") == "Chargé de mission\nurbanisme"
    assert clean_text("a\x00b\x1bc\x7fd") == "a b c d"
    assert clean_text("ligne 1\r\nligne 2\tcolonne") == "ligne 1\r\nligne 2\tcolonne"
    assert clean_text("") == ""
    assert xml_safe("a\x0bb\x00c\ufffe") == "abc"


def test_services_clean_an_offer_typed_with_a_vertical_tab(organisation_a, recruiter_a):
    offer = OfferFactory(organisation=organisation_a)
    services.update_offer(
        offer, {"title": "Chef de projet\vPVD (F/H)", "missions": "Piloter\x0bAnimer"}, actor=recruiter_a
    )
    offer.refresh_from_db()
    assert (offer.title, offer.missions) == ("Chef de projet PVD (F/H)", "Piloter\nAnimer")


def _stored_raw(offer: Offer) -> None:
    """The raw text written past the services, as if saved before they cleaned it."""
    Offer.objects.filter(pk=offer.pk).update(title=RAW, missions=RAW, profile=RAW)


@pytest.mark.parametrize("url", ["/offres/flux/offres.rss", "/offres/flux/offres.atom", "/offres/flux/vta.rss"])
def test_feeds_survive_stored_control_characters(client, url):
    offer = OfferFactory(status=OfferStatus.PUBLISHED, contract_type="vta", contract_duration_months=12)
    _stored_raw(offer)
    index_offer(offer.pk)
    response = client.get(url)
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    assert "Chargé de missionurbanisme(F/H)" in ET.tostring(root, encoding="unicode")


def test_feed_urls_are_the_ones_tested():
    assert reverse("offers:feed_vta") == "/offres/flux/vta.rss"


def test_aggregator_feed_survives_stored_control_characters(client):
    offer = OfferFactory(status=OfferStatus.PUBLISHED)
    _stored_raw(offer)
    response = client.get(reverse("offers:aggregator_xml"))
    assert response.status_code == 200
    ET.fromstring(b"".join(response.streaming_content))  # noqa: S314 - our own response


@pytest.mark.parametrize("status", [OfferStatus.PUBLISHED, OfferStatus.ARCHIVED])
def test_organisation_exports_survive_stored_control_characters(client, organisation_a, recruiter_a, status):
    offer = OfferFactory(organisation=organisation_a, status=status)
    _stored_raw(offer)
    client.force_login(recruiter_a)
    response = client.get(reverse("offers:export_xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["B2"].value == "Chargé de missionurbanisme(F/H)"
    assert client.get(reverse("offers:export_csv")).status_code == 200
    assert client.get(offer.get_absolute_url()).status_code in (200, 404)  # public page only when published


@pytest.fixture
def plan_scenario(db, time_machine):
    time_machine.move_to(paris(2026, 11, 16))
    scenario = haut_nivernais_plan()
    Action.objects.filter(pk=scenario.job_dating.pk).update(title=RAW, description=RAW)
    return scenario


def test_plan_exports_and_pdf_survive_stored_control_characters(client, plan_scenario):
    client.force_login(plan_scenario.apec.contact)
    plan = plan_scenario.plan
    xlsx = client.get(reverse("plans:plan_export", args=[plan.pk, "xlsx"]))
    assert xlsx.status_code == 200
    titles = [row[0] for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(min_row=2, values_only=True)]
    assert "Chargé de missionurbanisme(F/H)" in titles
    assert client.get(reverse("plans:plan_export", args=[plan.pk, "csv"])).status_code == 200
    pdf = client.get(reverse("plans:plan_pdf", args=[plan.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert client.get(plan.get_absolute_url()).status_code == 200


def test_plan_services_clean_an_action_title(plan_scenario):
    from emploi_territoires.plans import services as plan_services

    action = plan_scenario.needs
    data = plan_services.ActionData(
        kind=action.kind,
        title="Recensement\vdes besoins",
        lead=action.lead,
        starts_on=action.starts_on,
        ends_on=action.ends_on,
        description="Ligne 1\x0bLigne 2",
        needs_campaign=action.needs_campaign,
    )
    plan_services.update_action(action, data)
    action.refresh_from_db()
    assert (action.title, action.description) == ("Recensement\ndes besoins", "Ligne 1\nLigne 2")
