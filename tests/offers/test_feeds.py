"""RSS/Atom for any board search, the VTA feed, the aggregator XML feed and sitemap.xml."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from emploi_territoires.offers.models import ContractType, OfferStatus
from emploi_territoires.search.feeds import cdata
from emploi_territoires.search.indexing import index_offer
from tests.factories import OrganisationFactory, clamecy, nevers
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def parse(content):
    return ET.fromstring(content)  # noqa: S314 - our own responses, not untrusted input


def published(**fields):
    fields.setdefault("status", OfferStatus.PUBLISHED)
    offer = OfferFactory(**fields)
    index_offer(offer.pk)
    return offer


def test_rss_follows_the_board_search(client):
    near = published(organisation=OrganisationFactory(commune=clamecy()), title="Menuisier agenceur (F/H)")
    published(organisation=OrganisationFactory(commune=nevers()), title="Menuisier poseur (F/H)")
    response = client.get("/offres/flux/offres.rss", {"q": "menuisier", "commune": "58079", "radius": "30"})
    assert response.status_code == 200 and "rss" in response["Content-Type"]
    channel = parse(response.content).find("channel")
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == [f"{near.title} — {near.organisation.name} (Clamecy)"]
    assert items[0].findtext("link").endswith(near.get_absolute_url())
    assert items[0].findtext("guid").endswith(near.get_absolute_url())
    assert "q=menuisier" in channel.findtext("link")


def test_atom_parses_and_lists_every_published_offer(client):
    offers = [published(), published()]
    OfferFactory()  # a draft
    root = parse(client.get("/offres/flux/offres.atom").content)
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 2
    assert {e.find(f"{ATOM}link").get("href").split("/offres/")[1] for e in entries} == {
        f"{o.reference}/" for o in offers
    }


def test_bad_feed_parameters_are_ignored_not_a_500(client):
    published()
    response = client.get("/offres/flux/offres.rss", {"radius": "loin", "departement": "999"})
    assert response.status_code == 200
    assert len(parse(response.content).find("channel").findall("item")) == 1


def test_vta_feed_lists_only_vta(client):
    vta = published(title="VTA chargé·e de mission ingénierie (F/H)", contract_type=ContractType.VTA)
    published(title="Chargé·e de mission RH (F/H)", contract_type=ContractType.CDD)
    items = parse(client.get("/offres/flux/vta.rss").content).find("channel").findall("item")
    assert len(items) == 1 and items[0].findtext("title").startswith(vta.title)


def test_aggregator_xml_is_well_formed_and_complete(client):
    offer = published(
        organisation=OrganisationFactory(commune=clamecy(), name="Menuiserie du Haut Nivernais"),
        title="Menuisier ]]> agenceur <b> & Cie (F/H)",
        missions="Fabrication de mobilier ]]> sur mesure.\x0b",
        contract_type=ContractType.CDI,
        salary_min=26_000,
        salary_max=30_000,
    )
    OfferFactory(title="Brouillon")
    response = client.get("/offres/flux/agregateurs.xml")
    assert response.status_code == 200 and response.streaming
    body = b"".join(response.streaming_content)
    root = parse(body)
    assert root.tag == "source"
    assert root.findtext("publisher") == "Emploi Territoires"
    assert root.findtext("lastBuildDate")
    jobs = root.findall("job")
    assert len(jobs) == 1
    job = jobs[0]
    assert job.findtext("title") == offer.title
    assert job.findtext("referencenumber") == offer.reference
    assert job.findtext("url").endswith(offer.get_absolute_url())
    assert job.findtext("company") == "Menuiserie du Haut Nivernais"
    assert job.findtext("city") == "Clamecy"
    assert job.findtext("state") == "Bourgogne-Franche-Comté"
    assert job.findtext("country") == "FR"
    assert job.findtext("postalcode") == "58500"
    # The description is HTML (escaped user text), wrapped in CDATA; control characters are dropped.
    assert "<p>Fabrication de mobilier ]]&gt; sur mesure.</p>" in job.findtext("description")
    assert job.findtext("salary") == "26\u202f000 € à 30\u202f000 € brut par an"
    assert job.findtext("jobtype") == "fulltime"
    assert job.findtext("date")


def test_cdata_survives_its_own_terminator():
    assert parse(f"<a>{cdata('x ]]> y')}</a>").text == "x ]]> y"


def test_sitemap_lists_published_offers_only(client):
    offer = published()
    draft = OfferFactory()
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    sections = [loc.text for loc in parse(index.content).iter(f"{ns}loc")]
    assert any("sitemap-offres.xml" in s for s in sections)
    offers_xml = client.get("/sitemap-offres.xml")
    urls = [loc.text for loc in parse(offers_xml.content).iter(f"{ns}loc")]
    assert urls == [f"http://testserver{offer.get_absolute_url()}"]
    assert draft.reference not in offers_xml.content.decode()
    pages = client.get("/sitemap-pages.xml").content.decode()
    assert "/offres/" in pages
