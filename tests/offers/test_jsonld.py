"""The offer page's schema.org JobPosting: every property Google requires and recommends, and
user text that cannot break out of the <script> element."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.utils import timezone

from emploi_territoires.offers.jsonld import employment_type, job_posting
from emploi_territoires.offers.models import ContractType, OfferStatus, Remote
from emploi_territoires.search.indexing import index_offer
from tests.clock import paris
from tests.factories import OrganisationFactory, clamecy
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db


def published(**fields):
    fields.setdefault("status", OfferStatus.PUBLISHED)
    offer = OfferFactory(**fields)
    index_offer(offer.pk)
    return offer


def page_jsonld(client, offer) -> tuple[dict, str]:
    response = client.get(offer.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r'<script type="application/ld\+json" nonce="([^"]+)">(.*?)</script>', html, re.S)
    assert len(scripts) == 1
    nonce, body = scripts[0]
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    return json.loads(body), html


def test_every_required_and_recommended_property(client):
    organisation = OrganisationFactory(
        commune=clamecy(), name="Commune de Clamecy", kind="collectivite", website="https://www.clamecy.fr"
    )
    offer = published(
        organisation=organisation,
        title="Chef·fe de projet Petites villes de demain (F/H)",
        contract_type=ContractType.PROJECT,
        salary_min=38_000,
        salary_max=45_000,
        address="Place du 19 août 1944",
        missions="Piloter la revitalisation du centre-bourg.\nAnimer le comité de projet.",
    )
    data, _ = page_jsonld(client, offer)
    assert data["@context"] == "https://schema.org/" and data["@type"] == "JobPosting"
    assert data["title"] == offer.title
    assert "<h2>Missions</h2>" in data["description"] and "centre-bourg" in data["description"]
    assert data["datePosted"] == timezone.localtime(offer.published_at).date().isoformat()
    assert data["validThrough"].startswith(offer.closing_date.isoformat() + "T23:59:59")
    assert data["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Commune de Clamecy",
        "sameAs": "https://www.clamecy.fr",
    }
    address = data["jobLocation"]["address"]
    assert address == {
        "@type": "PostalAddress",
        "addressLocality": "Clamecy",
        "postalCode": "58500",
        "addressRegion": "Bourgogne-Franche-Comté",
        "addressCountry": "FR",
        "streetAddress": "Place du 19 août 1944",
    }
    assert data["employmentType"] == ["FULL_TIME", "TEMPORARY"]
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "EUR",
        "value": {"@type": "QuantitativeValue", "unitText": "YEAR", "minValue": 38000, "maxValue": 45000},
    }
    assert data["identifier"] == {"@type": "PropertyValue", "name": "Commune de Clamecy", "value": offer.reference}
    # Candidates apply on the offer page itself unless the offer sends them elsewhere.
    assert data["directApply"] is (offer.apply_method == "platform")
    assert data["url"].endswith(offer.get_absolute_url())
    assert "jobLocationType" not in data


def test_full_remote_is_telecommute_with_country_requirement():
    offer = OfferFactory(status=OfferStatus.PUBLISHED, remote=Remote.FULL)
    data = job_posting(offer, "https://exemple.fr/o")
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"] == {"@type": "Country", "name": "FR"}


def test_no_salary_means_no_base_salary_and_single_amount_is_a_value():
    assert "baseSalary" not in job_posting(OfferFactory(salary_min=None, salary_max=None), "u")
    single = job_posting(OfferFactory(salary_min=7_000, salary_max=7_000), "u")
    assert single["baseSalary"]["value"]["value"] == 7000


@pytest.mark.parametrize(
    ("contract", "hours", "expected"),
    [
        (ContractType.CDI, 35, ["FULL_TIME"]),
        (ContractType.CDI, 28, ["PART_TIME"]),
        (ContractType.CIVIL_SERVANT, 35, ["FULL_TIME"]),
        (ContractType.VTA, 35, ["FULL_TIME", "TEMPORARY"]),
        (ContractType.CDD, 35, ["FULL_TIME", "TEMPORARY"]),
        (ContractType.APPRENTICESHIP, 35, ["FULL_TIME", "TEMPORARY"]),
        (ContractType.INTERNSHIP, 35, ["INTERN"]),
    ],
)
def test_employment_type_mapping(contract, hours, expected):
    assert employment_type(OfferFactory.build(contract_type=contract, weekly_hours=hours)) == expected


def test_script_end_tag_in_user_text_stays_inside_the_json(client):
    offer = published(
        title="Chargé de mission </script><script>alert(1)</script> (F/H)",
        missions="Missions <b>importantes</b> & </SCRIPT> <!-- commentaire",
    )
    data, html = page_jsonld(client, offer)
    assert data["title"] == offer.title
    assert "&lt;b&gt;importantes&lt;/b&gt; &amp; &lt;/SCRIPT&gt;" in data["description"]
    assert "<script>alert(1)</script>" not in html
    head = html.split("</head>")[0]
    assert head.count("<script") == head.count("</script>")


def test_valid_through_is_the_end_of_the_closing_day_in_paris():
    offer = OfferFactory(closing_date=datetime.date(2027, 1, 15))
    assert job_posting(offer, "u")["validThrough"] == "2027-01-15T23:59:59+01:00"


def test_direct_apply_follows_the_apply_method(db):
    from emploi_territoires.offers.jsonld import job_posting
    from tests.offers.factories import OfferFactory

    on_platform = OfferFactory(apply_method="platform")
    elsewhere = OfferFactory(apply_method="url", apply_url="https://recrutement.exemple.fr/offre-42")
    assert job_posting(on_platform, "https://exemple.fr/o/1")["directApply"] is True
    assert job_posting(elsewhere, "https://exemple.fr/o/2")["directApply"] is False


def test_date_posted_is_the_paris_date_between_midnight_in_paris_and_midnight_utc(client, time_machine):
    # 00:30 in Paris is still the day before in UTC: the page gives the date a French reader expects.
    time_machine.move_to(paris(2026, 12, 1, 0, 30))
    offer = published(organisation=OrganisationFactory(commune=clamecy()), published_at=timezone.now())
    data, _ = page_jsonld(client, offer)
    assert offer.published_at.astimezone(datetime.UTC).date() == datetime.date(2026, 11, 30)
    assert data["datePosted"] == "2026-12-01"
