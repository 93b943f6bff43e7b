"""« Sauvegarder cette offre » and « Mes offres sauvegardées » (issue 18).

Inès Haddad, a candidate of Saint-Étienne, saves « Chef·fe de projet Petites villes de demain »
of Clamecy from its page; the offer is later filled: her list still shows it, marked as no longer
published. Anonymous visitors are sent to log in and come back to the offer; recruiters have no
button. Saved offers are in the data export and are deleted with the account.
"""

from __future__ import annotations

import datetime
import io
import json
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from emploi_territoires.accounts.models import Organisation
from emploi_territoires.applications import gdpr, saved_offers
from emploi_territoires.applications.models import SavedOffer
from emploi_territoires.offers.models import OfferStatus
from tests.factories import TEST_PASSWORD, OrganisationFactory, clamecy
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer():
    return OfferFactory(
        title="Chef·fe de projet Petites villes de demain (F/H)",
        organisation=OrganisationFactory(
            kind=Organisation.Kind.COLLECTIVITE, name="Commune de Clamecy", commune=clamecy()
        ),
        status=OfferStatus.PUBLISHED,
    )


def test_a_candidate_saves_an_offer_from_its_page_and_finds_it_in_her_space(client, candidate, offer):
    client.force_login(candidate)
    page = client.get(offer.get_absolute_url()).content.decode()
    assert f'action="/candidats/offres-sauvegardees/{offer.reference}/sauvegarder/"' in page
    response = client.post(reverse("applications:saved_offer_add", args=[offer.reference]))
    assert response.status_code == 302 and response["Location"] == f"{offer.get_absolute_url()}#sauvegarde"
    assert SavedOffer.objects.filter(user=candidate, offer=offer).count() == 1
    # Twice is still once.
    client.post(reverse("applications:saved_offer_add", args=[offer.reference]))
    assert SavedOffer.objects.filter(user=candidate).count() == 1
    page = client.get(offer.get_absolute_url()).content.decode()
    assert "Offre sauvegardée dans" in page and "Retirer de mes offres sauvegardées" in page
    listing = client.get(reverse("applications:saved_offers")).content.decode()
    assert f'<a href="{offer.get_absolute_url()}">Chef·fe de projet Petites villes de demain (F/H)</a>' in listing
    assert "Commune de Clamecy — Clamecy (58)" in listing
    assert "n'est plus publiée" not in listing


def test_a_filled_offer_stays_in_the_list_marked_and_without_a_link(client, candidate, offer):
    saved_offers.save_offer(candidate, offer)
    offer.status = OfferStatus.FILLED
    offer.save()
    client.force_login(candidate)
    listing = client.get(reverse("applications:saved_offers")).content.decode()
    assert "Cette offre n'est plus publiée" in listing
    assert f'href="{offer.get_absolute_url()}"' not in listing
    # It can be removed from there.
    response = client.post(reverse("applications:saved_offer_remove", args=[offer.reference]))
    assert response["Location"] == reverse("applications:saved_offers")
    assert not SavedOffer.objects.filter(user=candidate).exists()
    assert (
        "Vous n'avez pas encore sauvegardé d'offre" in client.get(reverse("applications:saved_offers")).content.decode()
    )


def test_an_offer_past_its_closing_date_counts_as_no_longer_published(candidate, offer):
    saved_offers.save_offer(candidate, offer)
    offer.closing_date = timezone.localdate() - datetime.timedelta(days=1)
    offer.save()
    [row] = saved_offers.saved_rows(candidate)
    assert row.is_online is False
    with pytest.raises(saved_offers.SavedOfferError, match="n'est plus publiée"):
        saved_offers.save_offer(candidate, OfferFactory(status=OfferStatus.FILLED))


def test_removing_from_the_offer_page_goes_back_to_it(client, candidate, offer):
    saved_offers.save_offer(candidate, offer)
    client.force_login(candidate)
    response = client.post(reverse("applications:saved_offer_remove", args=[offer.reference]), {"retour": "offre"})
    assert response["Location"] == f"{offer.get_absolute_url()}#sauvegarde"
    assert not SavedOffer.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in_and_back_to_the_offer(client, offer):
    page = client.get(offer.get_absolute_url()).content.decode()
    login = f"/comptes/connexion/?next=%2Foffres%2F{offer.reference}%2F"
    assert 'id="save-offer-login"' in page
    response = client.post(reverse("applications:saved_offer_add", args=[offer.reference]))
    assert response.status_code == 302
    assert response["Location"].endswith(f"?next=%2Foffres%2F{offer.reference}%2F")
    assert response["Location"].split("?")[0] == reverse("accounts:login")
    assert login.split("?")[1] in page.replace("&amp;", "&")
    assert not SavedOffer.objects.exists()


def test_recruiters_have_no_button_and_cannot_save(client, recruiter_a, offer):
    client.force_login(recruiter_a)
    page = client.get(offer.get_absolute_url()).content.decode()
    assert "Sauvegarder cette offre" not in page
    assert client.post(reverse("applications:saved_offer_add", args=[offer.reference])).status_code == 403
    assert client.get(reverse("applications:saved_offers")).status_code == 403
    assert not SavedOffer.objects.exists()


def test_saved_offers_are_exported_and_deleted_with_the_account(
    client, candidate, offer, django_capture_on_commit_callbacks
):
    saved_offers.save_offer(candidate, offer)
    client.force_login(candidate)
    archive = zipfile.ZipFile(io.BytesIO(client.post(reverse("applications:export")).content))
    data = json.loads(archive.read("donnees.json"))
    assert len(data["offres_sauvegardees"]) == 1
    exported = data["offres_sauvegardees"][0]
    assert exported["reference"] == offer.reference
    assert exported["intitule"] == "Chef·fe de projet Petites villes de demain (F/H)"
    assert (exported["employeur"], exported["commune"], exported["encore_publiee"]) == (
        "Commune de Clamecy",
        "Clamecy",
        True,
    )
    assert "vos offres sauvegardées" in archive.read("LISEZMOI.txt").decode()
    with django_capture_on_commit_callbacks(execute=True):
        report = gdpr.delete_account(candidate, TEST_PASSWORD)
    assert report.saved_offers_deleted == 1
    assert not SavedOffer.objects.filter(user=candidate).exists()
