"""Needs pages with the personas: allowed, forbidden (404) and anonymous (login) for each."""

from __future__ import annotations

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from emploi_territoires.needs import services
from emploi_territoires.needs.models import CampaignInvitation, CampaignState, NeedDeclaration, NeedsCampaign
from emploi_territoires.offers.models import Offer, OfferStatus
from tests.factories import TEST_PASSWORD
from tests.needs.conftest import need_line

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(email=user.email, password=TEST_PASSWORD)
    return client


def formset_data(*lines, organisation=None, total=3):
    data = {
        "besoins-TOTAL_FORMS": str(total),
        "besoins-INITIAL_FORMS": "0",
        "besoins-MIN_NUM_FORMS": "0",
        "besoins-MAX_NUM_FORMS": "20",
    }
    if organisation is not None:
        data["organisation"] = str(organisation.pk)
    for i in range(total):
        data[f"besoins-{i}-horizon"] = "3_to_12_months"
        data[f"besoins-{i}-contract_type"] = "cdi"
    for i, line in enumerate(lines):
        for key, value in line.items():
            data[f"besoins-{i}-{key}"] = value
    return data


@pytest.fixture
def answered(loire_campaign, organisation_a, recruiter_a, espaces_verts):
    [need] = services.declare_needs(
        organisation_a,
        [need_line(espaces_verts, count=4, is_difficult=True, difficulty_reasons=["housing", "pay"])],
        actor=recruiter_a,
        campaign=loire_campaign,
    )
    return need


# --- Campaign pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["needs:campaigns", "needs:campaign_create", "needs:mine", "needs:declare"])
def test_anonymous_goes_to_login(anonymous_client, name):
    response = anonymous_client.get(reverse(name))
    assert response.status_code == 302 and "/comptes/" in response["Location"]


def test_campaign_list_for_the_advisor(client, advisor, loire_campaign, django_assert_max_num_queries):
    login(client, advisor)
    with django_assert_max_num_queries(14):  # fixed: session, user, advisor scope (x3), count, page
        response = client.get(reverse("needs:campaigns"))
    assert response.status_code == 200
    assert "Besoins de recrutement 2027 — Loire" in response.content.decode()
    assert "0 sur 1" in response.content.decode()


def test_campaign_list_hides_other_territories_and_refuses_non_advisors(
    client, advisor_other, recruiter_a, loire_campaign
):
    login(client, advisor_other)
    assert "2027 — Loire" not in client.get(reverse("needs:campaigns")).content.decode()
    assert client.get(loire_campaign.get_absolute_url()).status_code == 404
    login(client, recruiter_a)
    assert client.get(reverse("needs:campaigns")).status_code == 404
    assert client.get(loire_campaign.get_absolute_url()).status_code == 404


def test_campaign_detail_shows_rate_and_invitations(client, advisor, answered, django_assert_max_num_queries):
    login(client, advisor)
    with django_assert_max_num_queries(15):
        response = client.get(answered.campaign.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "1 organisation sur 1 ont répondu (100 %)" in page
    assert '<progress id="rate-progress" max="1" value="1">' in page
    assert "Saint-Étienne Métropole" in page and "A répondu" in page
    # Who answered for the organisation, so the advisor knows whom to call.
    assert ", par Claire Roux : 1 besoin" in page
    assert "Logement, Niveau de rémunération" in page


def test_staff_sees_any_campaign(client, staff, loire_campaign):
    login(client, staff)
    assert client.get(loire_campaign.get_absolute_url()).status_code == 200


def test_advisor_creates_and_opens_a_campaign(client, advisor, organisation_a, recruiter_a, mailoutbox):
    login(client, advisor)
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    response = client.post(
        reverse("needs:campaign_create"),
        {
            "title": "Besoins de Saint-Étienne Métropole",
            "scope_kind": "epci",
            "epci": "244200770",
            "deadline": deadline.isoformat(),
            "reminder_days": "10",
        },
    )
    campaign = NeedsCampaign.objects.get()
    assert response.status_code == 302 and response["Location"] == campaign.get_absolute_url()
    assert campaign.state == CampaignState.OPEN and campaign.epci_id == "244200770"
    assert campaign.invitations.get().organisation == organisation_a


def test_campaign_form_errors_in_french(client, advisor):
    login(client, advisor)
    response = client.post(
        reverse("needs:campaign_create"),
        {"title": "Nièvre", "scope_kind": "epci", "epci": "999999999", "deadline": "2020-01-01", "reminder_days": "7"},
    )
    assert response.status_code == 200
    assert "Intercommunalité inconnue" in response.content.decode()
    assert NeedsCampaign.objects.count() == 0


def test_close_campaign(client, advisor, loire_campaign):
    login(client, advisor)
    client.post(reverse("needs:campaign_close", args=[loire_campaign.pk]))
    loire_campaign.refresh_from_db()
    assert loire_campaign.state == CampaignState.CLOSED


# --- Exports -----------------------------------------------------------------------------------


def test_csv_and_xlsx_exports(client, advisor, answered):
    login(client, advisor)
    response = client.get(reverse("needs:campaign_export", args=[answered.campaign_id, "csv"]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Organisation", "Type d'organisation", "Commune"]
    assert rows[1][:9] == [
        "Saint-Étienne Métropole",
        "Collectivité",
        "Saint-Étienne",
        "42218",
        "A1203",
        "Agent / Agente d'entretien des espaces verts",
        "4",
        "Dans moins de 3 mois",
        "Contractuel de la fonction publique",
    ]
    response = client.get(reverse("needs:campaign_export", args=[answered.campaign_id, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=7).value == 4
    assert sheet.cell(row=2, column=10).value == "oui"


def test_export_refused_to_others(client, advisor_other, recruiter_a, answered):
    for user in (advisor_other, recruiter_a):
        login(client, user)
        assert client.get(reverse("needs:campaign_export", args=[answered.campaign_id, "csv"])).status_code == 404


# --- Answering ---------------------------------------------------------------------------------


def test_invitation_link_goes_through_login_to_the_form(client, loire_campaign, organisation_a, recruiter_a):
    invitation = loire_campaign.invitations.get()
    link = reverse("needs:invitation", args=[invitation.token])
    response = client.get(link)
    assert response.status_code == 302 and "/comptes/" in response["Location"]  # the token never logs in
    login(client, recruiter_a)
    response = client.get(link)
    expected = f"{reverse('needs:answer', args=[loire_campaign.pk])}?organisation={organisation_a.pk}"
    assert response["Location"] == expected
    page = client.get(expected).content.decode()
    assert "Pour Saint-Étienne Métropole" in page and "ingénierie de projet (collectivités)" in page


def test_invitation_link_of_another_organisation_is_404(client, loire_campaign, recruiter_b):
    login(client, recruiter_b)
    token = loire_campaign.invitations.get().token
    assert client.get(reverse("needs:invitation", args=[token])).status_code == 404
    assert client.get(reverse("needs:invitation", args=["inconnu"])).status_code == 404
    assert client.get(reverse("needs:answer", args=[loire_campaign.pk])).status_code == 404


def test_answer_with_two_lines(client, loire_campaign, organisation_a, recruiter_a, espaces_verts):
    login(client, recruiter_a)
    data = formset_data(
        {"occupation": "Agent / Agente d'entretien des espaces verts (A1203)", "count": "2", "is_difficult": "on",
         "difficulty_reasons": ["few_candidates", "mobility"]},
        {"occupation": "A1203", "count": "1", "engineering_needs": ["chef_projet_pvd"],
         "contract_type": "contrat_projet"},
        organisation=organisation_a,
    )  # fmt: skip
    response = client.post(reverse("needs:answer", args=[loire_campaign.pk]), data)
    assert response.status_code == 302
    needs = list(NeedDeclaration.objects.order_by("pk"))
    assert [(n.count, n.is_difficult, n.difficulty_reasons) for n in needs] == [
        (2, True, ["few_candidates", "mobility"]),
        (1, False, []),
    ]
    assert needs[1].engineering_needs == ["chef_projet_pvd"] and needs[1].contract_type == "contrat_projet"
    assert CampaignInvitation.objects.get().answered_at is not None


def test_answer_with_zero_count_or_no_occupation_shows_french_errors(
    client, loire_campaign, recruiter_a, espaces_verts
):
    login(client, recruiter_a)
    data = formset_data({"occupation": "A1203", "count": "0"}, {"count": "3"})
    response = client.post(reverse("needs:answer", args=[loire_campaign.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Indiquez le nombre de personnes à recruter : au moins 1." in page
    assert "Choisissez le métier recherché dans le répertoire ROME." in page
    assert NeedDeclaration.objects.count() == 0


def test_answer_with_no_line_at_all(client, loire_campaign, recruiter_a):
    login(client, recruiter_a)
    response = client.post(reverse("needs:answer", args=[loire_campaign.pk]), formset_data())
    assert "Déclarez au moins un besoin." in response.content.decode()


def test_late_answer_through_the_page(client, loire_campaign, recruiter_a, espaces_verts):
    NeedsCampaign.objects.filter(pk=loire_campaign.pk).update(
        deadline=timezone.localdate() - datetime.timedelta(days=2)
    )
    login(client, recruiter_a)
    assert "marquée tardive" in client.get(reverse("needs:answer", args=[loire_campaign.pk])).content.decode()
    response = client.post(
        reverse("needs:answer", args=[loire_campaign.pk]),
        formset_data({"occupation": "A1203", "count": "1"}),
        follow=True,
    )
    assert NeedDeclaration.objects.get().is_late is True
    assert "conservée et marquée tardive" in response.content.decode()


def test_declare_outside_a_campaign(client, organisation_b, recruiter_b, machines_bois):
    login(client, recruiter_b)
    page = client.get(reverse("needs:declare")).content.decode()
    assert "ingénierie de projet" not in page  # an entreprise has no project-engineering needs
    client.post(reverse("needs:declare"), formset_data({"occupation": "H2202", "count": "3"}))
    need = NeedDeclaration.objects.get()
    assert (need.organisation, need.campaign, need.commune_id) == (organisation_b, None, "58079")


def test_declare_for_another_organisation_is_404(client, organisation_a, recruiter_b, espaces_verts):
    login(client, recruiter_b)
    data = formset_data({"occupation": "A1203", "count": "1"}, organisation=organisation_a)
    assert client.post(reverse("needs:declare"), data).status_code == 404
    assert NeedDeclaration.objects.count() == 0


# --- Mes besoins, declaration detail, conversion ------------------------------------------------


def test_my_needs_lists_only_my_organisation(
    client, answered, recruiter_b, organisation_b, machines_bois, django_assert_max_num_queries
):
    services.declare_needs(organisation_b, [need_line(machines_bois, contract_type="cdi")], actor=recruiter_b)
    login(client, recruiter_b)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("needs:mine")).content.decode()
    assert "Conducteur / Conductrice de machines à bois" in page
    assert "espaces verts" not in page


def test_declaration_detail_permissions(client, answered, recruiter_a, member_a, advisor, advisor_other, recruiter_b):
    url = answered.get_absolute_url()
    assert client.get(url).status_code == 302
    for user in (recruiter_a, member_a, advisor):
        login(client, user)
        assert client.get(url).status_code == 200, user
    for user in (advisor_other, recruiter_b):
        login(client, user)
        assert client.get(url).status_code == 404, user
    login(client, advisor)
    assert "Créer un brouillon d'offre" not in client.get(url).content.decode()  # advisors do not write offers
    login(client, member_a)
    assert "Créer un brouillon d'offre" in client.get(url).content.decode()


def test_convert_in_one_click(client, answered, member_a):
    login(client, member_a)
    response = client.post(reverse("needs:convert", args=[answered.pk]))
    offer = Offer.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("offers:edit", args=[offer.reference])
    assert offer.status == OfferStatus.DRAFT and offer.positions == 4
    answered.refresh_from_db()
    assert answered.converted_offer == offer
    client.post(reverse("needs:convert", args=[answered.pk]))
    assert Offer.objects.count() == 1


def test_convert_refused_to_advisors_and_other_organisations(client, answered, advisor, recruiter_b):
    for user in (advisor, recruiter_b):
        login(client, user)
        assert client.post(reverse("needs:convert", args=[answered.pk])).status_code == 404
    assert Offer.objects.count() == 0
