"""Editor pages, persona by persona: who sees, edits, moves, duplicates, reviews and exports what."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from emploi_territoires.core.templatetags.core_tags import french_date
from emploi_territoires.offers import services, views_editor
from emploi_territoires.offers.models import Offer, OfferRevision, OfferStatus, OfferTransition
from tests.factories import MembershipFactory, UserFactory
from tests.offers.factories import OfferFactory, RomeOccupationFactory
from tests.offers.test_model_forms import valid_data

S = OfferStatus


@pytest.fixture
def offer_a(organisation_a):
    """A draft of Saint-Étienne Métropole (Saint-Étienne, Loire)."""
    return OfferFactory(organisation=organisation_a, title="Chef·fe de projet Territoire d'industrie (F/H)")


@pytest.fixture
def submitted_a(organisation_a):
    return OfferFactory(organisation=organisation_a, status=S.SUBMITTED, title="Manager de centre-ville (F/H)")


@pytest.fixture
def offer_b(organisation_b):
    """An offer of the Clamecy company (Nièvre)."""
    return OfferFactory(
        organisation=organisation_b,
        commune=organisation_b.commune,
        contract_type="cdi",
        public_category="",
        title="Menuisier·ère d'agencement (F/H)",
    )


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


def detail_url(offer):
    return reverse("offers:editor_detail", args=[offer.reference])


# --- Anonymous: every editor page asks to log in ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "method", "needs_offer"),
    [
        ("offers:mine", "get", False),
        ("offers:create", "get", False),
        ("offers:review_list", "get", False),
        ("offers:export_csv", "get", False),
        ("offers:export_xlsx", "get", False),
        ("offers:editor_detail", "get", True),
        ("offers:edit", "get", True),
        ("offers:transition", "post", True),
        ("offers:duplicate", "post", True),
    ],
)
def test_anonymous_is_sent_to_login(anonymous_client, offer_a, name, method, needs_offer):
    url = reverse(name, args=[offer_a.reference] if needs_offer else [])
    response = getattr(anonymous_client, method)(url, {"to_status": "published"} if method == "post" else None)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert Offer.objects.get(pk=offer_a.pk).status == S.DRAFT


# --- My offers ---------------------------------------------------------------------------------------


def test_my_offers_lists_only_my_organisation_with_counts(client, recruiter_a, offer_a, submitted_a, offer_b):
    OfferFactory(organisation=offer_a.organisation, status=S.PUBLISHED, title="Chargé·e de communication (F/H)")
    response = login(client, recruiter_a).get(reverse("offers:mine"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Chef·fe de projet Territoire d&#x27;industrie (F/H)" in html
    assert "Manager de centre-ville (F/H)" in html
    assert "Menuisier" not in html
    assert "Toutes (3)" in html and "Brouillon (1)" in html and "En relecture (1)" in html and "Publiée (1)" in html
    assert "Pourvue (0)" in html

    response = client.get(reverse("offers:mine"), {"etat": "submitted"})
    html = response.content.decode()
    assert "Manager de centre-ville" in html and "Chef·fe de projet" not in html
    # An unknown status shows everything rather than failing.
    assert "Toutes (3)" in client.get(reverse("offers:mine"), {"etat": "n'importe quoi"}).content.decode()


def test_my_offers_query_count_does_not_grow_with_offers(
    client, recruiter_a, organisation_a, django_assert_max_num_queries
):
    occupation = RomeOccupationFactory()
    for n in range(30):
        OfferFactory(organisation=organisation_a, occupation=occupation, title=f"Offre {n} (F/H)")
    login(client, recruiter_a)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("offers:mine"))
    assert response.content.decode().count('href="/offres/espace/ET-') == 30


def test_a_professional_without_organisation_is_told_what_to_do(client, db):
    loner = UserFactory()
    html = login(client, loner).get(reverse("offers:mine")).content.decode()
    assert "Vous n'agissez pour aucune organisation" in html
    response = client.get(reverse("offers:create"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:space")
    assert client.get(reverse("offers:export_csv")).status_code == 403


# --- Create --------------------------------------------------------------------------------------------


def test_recruiter_creates_a_draft(client, recruiter_a, organisation_a):
    RomeOccupationFactory()
    login(client, recruiter_a)
    page = client.get(reverse("offers:create"))
    assert page.status_code == 200
    assert 'id="offer-form"' in page.content.decode()
    assert 'value="Saint-Étienne (42218)"' in page.content.decode()  # the organisation's commune by default

    response = client.post(reverse("offers:create"), valid_data())
    offer = Offer.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(offer)
    assert (offer.organisation, offer.created_by, offer.status) == (organisation_a, recruiter_a, S.DRAFT)
    assert (offer.salary_min, offer.salary_max, offer.occupation_id) == (38_000, 46_000, "M1403")


def test_create_from_a_template(client, recruiter_a, monkeypatch):
    RomeOccupationFactory()
    templates = {
        "chef-projet-pvd": {
            "label": "Chef·fe de projet Petites villes de demain",
            "title": "Chef·fe de projet Petites villes de demain (F/H)",
            "contract_type": "contrat_projet",
            "programme_context": "chef_projet_pvd",
            "missions": "Piloter la revitalisation du centre-bourg avec les partenaires du programme.",
        }
    }
    monkeypatch.setattr(views_editor, "offer_templates", lambda: templates)
    login(client, recruiter_a)
    html = client.get(reverse("offers:create"), {"modele": "chef-projet-pvd"}).content.decode()
    assert 'value="Chef·fe de projet Petites villes de demain (F/H)"' in html
    assert "Piloter la revitalisation du centre-bourg" in html
    assert 'name="modele" value="chef-projet-pvd"' in html

    data = valid_data(title="Chef·fe de projet Petites villes de demain (F/H)", modele="chef-projet-pvd")
    client.post(reverse("offers:create"), data)
    offer = Offer.objects.get()
    assert (offer.template, offer.written_with_assistant) == ("chef-projet-pvd", True)

    response = client.get(reverse("offers:create"), {"modele": "inconnu"})
    assert "existe pas : partez" in response.content.decode()


def test_the_edit_page_carries_the_assistant(client, recruiter_a, offer_a):
    html = login(client, recruiter_a).get(reverse("offers:edit", args=[offer_a.reference])).content.decode()
    assert '<div id="assistant-panel" aria-live="polite">' in html
    analyse = reverse("offers:assistant_analyse")
    assert f'hx-post="{analyse}" hx-trigger="input changed delay:600ms from:#offer-form"' in html


# --- Detail, edit --------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["recruiter_a", "member_a", "staff"])
def test_members_and_staff_see_and_edit_the_offer(client, request, offer_a, persona):
    user = request.getfixturevalue(persona)
    login(client, user)
    assert client.get(detail_url(offer_a)).status_code == 200
    assert client.get(reverse("offers:edit", args=[offer_a.reference])).status_code == 200
    response = client.post(
        reverse("offers:edit", args=[offer_a.reference]), valid_data(title="Chef·fe de projet industrie (F/H)")
    )
    assert response.status_code == 302
    revision = OfferRevision.objects.get(offer=offer_a)
    assert revision.actor == user and revision.changes["title"][1] == "Chef·fe de projet industrie (F/H)"


@pytest.mark.parametrize("persona", ["recruiter_b", "candidate", "advisor", "advisor_other"])
def test_outsiders_get_404_on_a_draft(client, request, offer_a, persona):
    login(client, request.getfixturevalue(persona))
    assert client.get(detail_url(offer_a)).status_code == 404
    assert client.get(reverse("offers:edit", args=[offer_a.reference])).status_code == 404
    assert client.post(reverse("offers:edit", args=[offer_a.reference]), valid_data()).status_code == 404
    assert client.post(reverse("offers:duplicate", args=[offer_a.reference])).status_code == 404
    assert not OfferRevision.objects.exists() and Offer.objects.count() == 1


def test_an_unknown_reference_is_404(client, recruiter_a):
    assert login(client, recruiter_a).get(reverse("offers:editor_detail", args=["ET-2026-999999"])).status_code == 404


def test_detail_shows_history_and_the_buttons_the_person_may_use(client, recruiter_a, advisor, offer_a):
    login(client, recruiter_a)
    client.post(reverse("offers:edit", args=[offer_a.reference]), valid_data(salary_min="39000"))
    client.post(reverse("offers:transition", args=[offer_a.reference]), {"to_status": "submitted"})
    html = client.get(detail_url(offer_a)).content.decode()
    assert "Brouillon → En relecture, par Claire Roux" in html
    assert "Salaire brut annuel minimum (€) : 36000 → 39000" in html
    # Under review the members may withdraw the offer, never publish it (issue 17).
    assert ">Renvoyer en brouillon</button>" in html and "Publier" not in html and "Offre en relecture" in html
    assert ">Modifier</a>" in html and ">Dupliquer</button>" in html

    login(client, advisor)
    html = client.get(detail_url(offer_a)).content.decode()
    publish_url = reverse("offers:publish", args=[offer_a.reference])
    assert f'href="{publish_url}">Publier…</a>' in html and ">Renvoyer en brouillon</button>" in html
    assert ">Modifier</a>" not in html and ">Dupliquer</button>" not in html


def test_a_filled_offer_is_not_edited(client, recruiter_a, organisation_a):
    offer = OfferFactory(organisation=organisation_a, status=S.FILLED)
    login(client, recruiter_a)
    response = client.get(reverse("offers:edit", args=[offer.reference]), follow=True)
    assert "ne se modifie plus : dupliquez-la" in response.content.decode()
    assert response.redirect_chain[-1][0] == detail_url(offer)


# --- Review by advisors ----------------------------------------------------------------------------------


def test_advisor_following_the_loire_reviews_a_submitted_offer(client, advisor, submitted_a):
    login(client, advisor)
    assert client.get(detail_url(submitted_a)).status_code == 200
    # Reviewers see the offer but do not rewrite it.
    assert client.get(reverse("offers:edit", args=[submitted_a.reference])).status_code == 403
    assert client.post(reverse("offers:duplicate", args=[submitted_a.reference])).status_code == 403

    response = client.post(
        reverse("offers:transition", args=[submitted_a.reference]), {"to_status": "draft", "comment": ""}, follow=True
    )
    assert "Expliquez en commentaire" in response.content.decode()
    assert Offer.objects.get(pk=submitted_a.pk).status == S.SUBMITTED

    response = client.post(
        reverse("offers:transition", args=[submitted_a.reference]),
        {"to_status": "draft", "comment": "Précisez le salaire : la loi l'exige désormais."},
    )
    # The draft is the organisation's again: the advisor goes back to the review list.
    assert response.status_code == 302 and response["Location"] == reverse("offers:review_list")
    log = OfferTransition.objects.get(offer=submitted_a)
    assert (log.actor, log.to_status, log.comment) == (
        advisor,
        S.DRAFT,
        "Précisez le salaire : la loi l'exige désormais.",
    )


def test_advisor_publishes_a_submitted_offer_after_confirming(client, advisor, submitted_a):
    login(client, advisor)
    publish_url = reverse("offers:publish", args=[submitted_a.reference])
    # The workflow form no longer publishes: it leads to the confirmation page.
    response = client.post(reverse("offers:transition", args=[submitted_a.reference]), {"to_status": "published"})
    assert response.status_code == 302 and response["Location"] == publish_url
    assert Offer.objects.get(pk=submitted_a.pk).status == S.SUBMITTED
    html = client.get(publish_url).content.decode()
    assert "Publier cette offre ?" in html and "Confirmer la publication" in html
    assert reverse("offers:preview", args=[submitted_a.reference]) in html
    response = client.post(publish_url)
    assert response.status_code == 302
    assert Offer.objects.get(pk=submitted_a.pk).status == S.PUBLISHED


def test_advisor_of_another_territory_cannot_review(client, advisor_other, submitted_a):
    login(client, advisor_other)
    assert client.get(detail_url(submitted_a)).status_code == 404
    response = client.post(reverse("offers:transition", args=[submitted_a.reference]), {"to_status": "published"})
    assert response.status_code == 404
    assert Offer.objects.get(pk=submitted_a.pk).status == S.SUBMITTED


def test_review_list_shows_submitted_offers_of_followed_territories(
    client, advisor, advisor_other, submitted_a, offer_a, organisation_b
):
    submitted_b = OfferFactory(
        organisation=organisation_b,
        commune=organisation_b.commune,
        status=S.SUBMITTED,
        contract_type="cdi",
        public_category="",
        title="Responsable d'atelier (F/H)",
    )
    html = login(client, advisor).get(reverse("offers:review_list")).content.decode()
    assert "Manager de centre-ville (F/H)" in html
    assert "Responsable d" not in html and "Chef·fe de projet Territoire" not in html  # Nièvre; a draft

    html = login(client, advisor_other).get(reverse("offers:review_list")).content.decode()
    assert "Responsable d&#x27;atelier (F/H)" in html and "Manager de centre-ville" not in html
    assert submitted_b.status == S.SUBMITTED


def test_review_list_for_staff_and_refused_to_recruiters(client, staff, recruiter_a, submitted_a):
    assert "Manager de centre-ville" in login(client, staff).get(reverse("offers:review_list")).content.decode()
    assert login(client, recruiter_a).get(reverse("offers:review_list")).status_code == 403


def test_review_list_query_count(client, advisor, organisation_a, django_assert_max_num_queries):
    for n in range(25):
        OfferFactory(organisation=organisation_a, status=S.SUBMITTED, title=f"Offre {n} (F/H)")
    login(client, advisor)
    with django_assert_max_num_queries(11):
        response = client.get(reverse("offers:review_list"))
    assert "25 offres en relecture" in response.content.decode()


# --- Transitions and duplicate by members ---------------------------------------------------------------


def test_member_publishes_directly_after_confirming_and_sees_a_message(client, member_a, offer_a):
    login(client, member_a)
    response = client.post(
        reverse("offers:transition", args=[offer_a.reference]), {"to_status": "published"}, follow=True
    )
    assert "Publier cette offre ?" in response.content.decode()
    assert Offer.objects.get(pk=offer_a.pk).status == S.DRAFT
    response = client.post(reverse("offers:publish", args=[offer_a.reference]), follow=True)
    assert "offre est publiée." in response.content.decode()
    assert Offer.objects.get(pk=offer_a.pk).status == S.PUBLISHED


def test_refused_transition_is_a_message_not_an_error(client, recruiter_a, offer_a):
    login(client, recruiter_a)
    response = client.post(reverse("offers:transition", args=[offer_a.reference]), {"to_status": "filled"}, follow=True)
    assert response.status_code == 200
    assert "Impossible de passer une offre de l" in response.content.decode()
    response = client.post(
        reverse("offers:transition", args=[offer_a.reference]), {"to_status": "effacee"}, follow=True
    )
    assert "Changement d" in response.content.decode()
    assert client.get(reverse("offers:transition", args=[offer_a.reference])).status_code == 405
    assert Offer.objects.get(pk=offer_a.pk).status == S.DRAFT


def test_recruiter_b_cannot_move_org_a_offer(client, recruiter_b, offer_a):
    response = login(client, recruiter_b).post(
        reverse("offers:transition", args=[offer_a.reference]), {"to_status": "published"}
    )
    assert response.status_code == 404
    assert Offer.objects.get(pk=offer_a.pk).status == S.DRAFT


def test_duplicate_opens_the_copy_for_editing(client, recruiter_a, offer_a):
    response = login(client, recruiter_a).post(reverse("offers:duplicate", args=[offer_a.reference]))
    copy = Offer.objects.exclude(pk=offer_a.pk).get()
    assert response["Location"] == reverse("offers:edit", args=[copy.reference])
    assert copy.title.endswith(" (copie)") and copy.status == S.DRAFT


# --- Exports -------------------------------------------------------------------------------------------


def test_exports_hold_only_my_organisation(client, recruiter_a, recruiter_b, offer_a, offer_b):
    login(client, recruiter_a)
    response = client.get(reverse("offers:export_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate()
    assert (
        response["Content-Disposition"] == f'attachment; filename="offres-saint-etienne-metropole-{today:%Y-%m-%d}.csv"'
    )
    body = response.content.decode("utf-8-sig")
    assert offer_a.reference in body and offer_b.reference not in body

    xlsx = client.get(reverse("offers:export_xlsx"))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert xlsx.content[:2] == b"PK"

    body = login(client, recruiter_b).get(reverse("offers:export_csv")).content.decode("utf-8-sig")
    assert offer_b.reference in body and offer_a.reference not in body


def test_the_current_organisation_decides_what_is_exported(client, recruiter_a, organisation_b, offer_a, offer_b):
    MembershipFactory(user=recruiter_a, organisation=organisation_b)
    recruiter_a.current_organisation = organisation_b
    recruiter_a.save(update_fields=["current_organisation"])
    body = login(client, recruiter_a).get(reverse("offers:export_csv")).content.decode("utf-8-sig")
    assert offer_b.reference in body and offer_a.reference not in body


# --- Occupation suggestions ----------------------------------------------------------------------------


def test_occupation_suggestions(client, db):
    RomeOccupationFactory()
    RomeOccupationFactory(code="K1404", label="Chargé / Chargée de mission développement territorial")
    html = client.get(reverse("offers:occupation_options"), {"occupation": "charg"}).content.decode()
    assert '<option value="Chargé / Chargée d&#x27;études socio-économiques (M1403)">' in html
    assert "K1404 — Chargé / Chargée de mission développement territorial" in html
    assert client.get(reverse("offers:occupation_options"), {"occupation": "c"}).content.decode().strip() == ""


def test_history_reads_in_plain_french(client, recruiter_a, offer_a):
    original_closing = offer_a.closing_date
    services.update_offer(
        offer_a, {"contract_type": "cdd", "closing_date": datetime.date(2031, 9, 1)}, actor=recruiter_a
    )
    html = login(client, recruiter_a).get(detail_url(offer_a)).content.decode()
    assert "Type de contrat : Contractuel de la fonction publique → CDD" in html
    assert f"Date limite de candidature : {french_date(original_closing)} → 1er septembre 2031" in html
