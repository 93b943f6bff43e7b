"""Pipeline pages per persona: the recruiter board, the application detail, notes, bulk refusal,
"Mes candidatures", the advisor's follow-up and the recruitment figures."""

from __future__ import annotations

import html as html_module

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from emploi_territoires.applications import services_pipeline as services
from emploi_territoires.applications.models import Application, ApplicationNote, ApplicationStatus
from emploi_territoires.followup.services import open_followup
from emploi_territoires.offers.models import OfferStatus
from tests.applications.factories import ApplicationFactory, CandidateProfileFactory, CandidateUserFactory
from tests.factories import TEST_PASSWORD
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db
S = ApplicationStatus


@pytest.fixture
def offer_a(organisation_a):
    return OfferFactory(organisation=organisation_a, status=OfferStatus.PUBLISHED, title="Manager de commerce (F/H)")


@pytest.fixture
def application(offer_a, candidate):
    profile = CandidateProfileFactory(user=candidate, headline="Animatrice du commerce de proximité")
    profile.cv.save("cv-ines-haddad.pdf", ContentFile(b"%PDF-1.4\n% CV d'Ines Haddad\n"), save=False)
    profile.save(update_fields=["cv"])
    return services.apply(offer_a, candidate, "Je connais chaque commerçant de la Grand'Rue de Saint-Étienne.")


def login(client, user):
    assert client.login(email=user.email, password=TEST_PASSWORD)
    return client


def text(response) -> str:
    return html_module.unescape(response.content.decode())


def board_url(offer):
    return reverse("applications:offer_applications", args=[offer.reference])


def detail_url(application):
    return reverse("applications:detail", args=[application.pk])


# --- the board ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["recruiter_a", "member_a", "staff"])
def test_board_for_the_organisation(client, request, application, offer_a, persona):
    response = login(client, request.getfixturevalue(persona)).get(board_url(offer_a))
    assert response.status_code == 200
    page = text(response)
    assert "Inès Haddad" in page and "Animatrice du commerce de proximité" in page and "Saint-Étienne" in page
    assert "Nouvelle (1)" in page and "Toutes (1)" in page
    assert reverse("applications:bulk_refuse", args=[offer_a.reference]) in page
    assert "consultation seule" not in page


def test_board_for_the_advisor_of_the_territory_is_read_only(client, advisor, application, offer_a):
    page = text(login(client, advisor).get(board_url(offer_a)))
    # Not the advisor Inès chose: her profile is a 404 for Karim, so the board does not name her.
    assert "Inès Haddad" not in page and "Candidature anonymisée" in page and "consultation seule" in page
    assert 'name="applications"' not in page and "Refuser les candidatures cochées" not in page


@pytest.mark.parametrize("persona", ["recruiter_b", "advisor_other", "candidate"])
def test_board_is_404_for_everyone_else(client, request, application, offer_a, persona):
    assert login(client, request.getfixturevalue(persona)).get(board_url(offer_a)).status_code == 404


def test_board_asks_anonymous_to_log_in(anonymous_client, offer_a):
    response = anonymous_client.get(board_url(offer_a))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_board_query_count_does_not_grow_with_applications(client, recruiter_a, offer_a, django_assert_max_num_queries):
    for _ in range(25):
        CandidateProfileFactory(user=ApplicationFactory(offer=offer_a).candidate)
    login(client, recruiter_a)
    # 12, plus 2 for the rule of who may see the person (followed profiles, recruiter access), whatever the count.
    with django_assert_max_num_queries(14):
        response = client.get(board_url(offer_a))
    page = text(response)
    assert "Nouvelle (25)" in page and page.count("Chargée de mission développement économique") == 25


def test_board_tabs_filter_by_status(client, recruiter_a, offer_a):
    ApplicationFactory(offer=offer_a, candidate=CandidateUserFactory(first_name="Yanis", last_name="Brahimi"))
    ApplicationFactory(
        offer=offer_a, status=S.REFUSED, candidate=CandidateUserFactory(first_name="Chloé", last_name="Vidal")
    )
    page = text(login(client, recruiter_a).get(board_url(offer_a) + "?etat=refused"))
    assert "Chloé Vidal" in page and "Yanis Brahimi" not in page
    assert "Refusée (1)" in page and "Toutes (2)" in page


# --- the detail ---------------------------------------------------------------------------------------


def test_detail_for_the_recruiter_shows_profile_message_cv_and_buttons(client, recruiter_a, application):
    page = text(login(client, recruiter_a).get(detail_url(application)))
    assert "Je connais chaque commerçant de la Grand'Rue" in page
    assert "Animatrice du commerce de proximité" in page and "ines.haddad@exemple.fr" in page
    assert reverse("applications:application_cv", args=[application.pk]) in page  # the CV sent
    assert "Passer en examen" in page and "Proposer un entretien" in page and "Refuser" in page
    assert "Notes de l'organisation" in page


def test_detail_is_404_for_the_other_organisation_and_its_cv_too(client, recruiter_b, application):
    login(client, recruiter_b)
    assert client.get(detail_url(application)).status_code == 404
    assert client.get(reverse("applications:cv", args=[application.candidate_id])).status_code == 404
    for name in ("transition", "add_note"):
        url = reverse(f"applications:{name}", args=[application.pk])
        assert client.post(url, {"to_status": "under_review", "text": "Intrusion"}).status_code == 404
    application.refresh_from_db()
    assert application.status == S.NEW and not ApplicationNote.objects.exists()


def test_advisor_reads_but_cannot_act_nor_see_notes(client, advisor, recruiter_a, application):
    services.add_note(application, author=recruiter_a, text="Salaire demandé au-dessus de la grille.")
    login(client, advisor)
    page = text(client.get(detail_url(application)))
    assert "consultation seule" in page
    assert "Salaire demandé" not in page and "Passer en examen" not in page
    transition = client.post(reverse("applications:transition", args=[application.pk]), {"to_status": "under_review"})
    assert transition.status_code == 403
    note = client.post(reverse("applications:add_note", args=[application.pk]), {"text": "Mon avis"})
    assert note.status_code == 403
    refusal = client.post(
        reverse("applications:bulk_refuse", args=[application.offer.reference]),
        {"applications": [application.pk], "reason": "other"},
    )
    assert refusal.status_code == 403
    application.refresh_from_db()
    assert application.status == S.NEW and ApplicationNote.objects.count() == 1


def test_detail_asks_anonymous_to_log_in(anonymous_client, application):
    response = anonymous_client.get(detail_url(application))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_recruiter_moves_the_application_through_the_page(
    client, recruiter_a, application, django_capture_on_commit_callbacks
):
    login(client, recruiter_a)
    url = reverse("applications:transition", args=[application.pk])
    client.post(url, {"to_status": "under_review"})
    client.post(url, {"to_status": "interview", "message": "Rendez-vous à l'hôtel de ville."})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"to_status": "hired"}, follow=True)
    page = text(response)
    assert "La personne est recrutée." in page
    assert "vous pouvez marquer l'offre comme pourvue" in page
    assert "Marquer l'offre comme pourvue" in page
    assert reverse("offers:transition", args=[application.offer.reference]) in page
    application.refresh_from_db()
    assert application.status == S.HIRED


def test_forbidden_transition_through_the_page_says_why(client, recruiter_a, application):
    response = login(client, recruiter_a).post(
        reverse("applications:transition", args=[application.pk]), {"to_status": "hired"}, follow=True
    )
    assert "Impossible de passer une candidature de l'état « Nouvelle » à l'état « Recrutée »." in text(response)
    response = client.post(
        reverse("applications:transition", args=[application.pk]), {"to_status": "refused"}, follow=True
    )
    assert "Choisissez le motif du refus dans la liste." in text(response)
    application.refresh_from_db()
    assert application.status == S.NEW


def test_notes_through_the_page(client, member_a, application):
    login(client, member_a)
    response = client.post(
        reverse("applications:add_note", args=[application.pk]), {"text": "Appelée le 3 mars."}, follow=True
    )
    assert "Note enregistrée." in text(response) and "Appelée le 3 mars." in text(response)
    response = client.post(reverse("applications:add_note", args=[application.pk]), {"text": ""}, follow=True)
    assert "La note est vide." in text(response)


def test_bulk_refusal_through_the_board(client, recruiter_a, offer_a, django_capture_on_commit_callbacks):
    applications = [ApplicationFactory(offer=offer_a) for _ in range(3)]
    login(client, recruiter_a)
    url = reverse("applications:bulk_refuse", args=[offer_a.reference])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"applications": [a.pk for a in applications[:2]], "reason": "other_candidate", "message": "Merci !"},
            follow=True,
        )
    assert "2 candidatures refusées ; les personnes sont prévenues par e-mail." in text(response)
    assert list(Application.objects.order_by("pk").values_list("status", flat=True)) == [S.REFUSED, S.REFUSED, S.NEW]
    response = client.post(
        url, {"applications": [applications[0].pk, applications[2].pk], "reason": "other"}, follow=True
    )
    assert "déjà close : rien n'a été fait" in text(response)
    response = client.post(url, {"reason": "other"}, follow=True)
    assert "Cochez au moins une candidature à refuser." in text(response)
    response = client.post(url, {"applications": ["999999"], "reason": "other"}, follow=True)
    assert "ne concerne pas cette offre" in text(response)
    assert Application.objects.get(pk=applications[2].pk).status == S.NEW


def test_bulk_refusal_is_404_for_the_other_organisation(client, recruiter_b, offer_a):
    application = ApplicationFactory(offer=offer_a)
    response = login(client, recruiter_b).post(
        reverse("applications:bulk_refuse", args=[offer_a.reference]),
        {"applications": [application.pk], "reason": "other"},
    )
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == S.NEW


# --- the candidate -------------------------------------------------------------------------------------


def test_my_applications_lists_status_and_history_and_withdraws(
    client, candidate, recruiter_a, application, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    services.transition_application(application, S.INTERVIEW, actor=recruiter_a)
    login(client, candidate)
    # 6 + the open interviews, the last messages and the unread counts (issue 19), whatever the count.
    with django_assert_max_num_queries(9):
        page = text(client.get(reverse("applications:mine")))
    assert "Manager de commerce (F/H)" in page and "Entretien" in page
    assert "candidature envoyée" in page and "Nouvelle → Entretien" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("applications:withdraw", args=[application.pk]), {"confirm": "1"}, follow=True)
    assert "Votre candidature est retirée." in text(response)
    assert "Retirée par la personne" in text(response)
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN


def test_my_applications_query_count_is_pinned(client, candidate, django_assert_max_num_queries):
    for _ in range(10):
        ApplicationFactory(candidate=candidate)
    login(client, candidate)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("applications:mine"))
    assert text(response).count("Retirer ma candidature") == 10


def test_nobody_else_withdraws_an_application(client, recruiter_a, application):
    other = CandidateUserFactory()
    for user in (other, recruiter_a):
        client.logout()
        response = login(client, user).post(reverse("applications:withdraw", args=[application.pk]), {"confirm": "1"})
        assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == S.NEW


def test_my_applications_asks_anonymous_to_log_in(anonymous_client):
    response = anonymous_client.get(reverse("applications:mine"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


# --- the advisor -------------------------------------------------------------------------------------


def test_advisor_sees_the_candidates_they_follow_and_offers_to_review(
    client, advisor, application, organisation_a, django_assert_max_num_queries
):
    open_followup(advisor, application.candidate, consent_recorded=True)  # issue 15: a follow-up group
    CandidateProfileFactory(user=CandidateUserFactory(first_name="Théo", last_name="Marchand"))  # not followed
    OfferFactory(organisation=organisation_a, status=OfferStatus.SUBMITTED)
    login(client, advisor)
    # 13: the follow-up groups' people are read first (followup's provider, issue 15), then their profiles.
    with django_assert_max_num_queries(13):
        page = text(client.get(reverse("applications:advisor")))
    assert "Inès Haddad" in page and "Manager de commerce (F/H)" in page and "Nouvelle" in page
    assert "Théo Marchand" not in page
    assert "1 offre en relecture" in page and reverse("offers:review_list") in page


@pytest.mark.parametrize("persona", ["candidate", "recruiter_a"])
def test_advisor_page_is_forbidden_to_others(client, request, persona):
    assert login(client, request.getfixturevalue(persona)).get(reverse("applications:advisor")).status_code == 403


# --- figures page ------------------------------------------------------------------------------------


def test_organisation_figures_for_members(client, recruiter_a, organisation_a, application):
    services.transition_application(application, S.UNDER_REVIEW, actor=recruiter_a)
    login(client, recruiter_a)
    response = client.get(reverse("applications:received"))
    assert response["Location"] == reverse("applications:figures", args=[organisation_a.pk])
    page = text(client.get(response["Location"]))
    assert "Indicateurs de recrutement" in page and "Manager de commerce (F/H)" in page
    assert "délai médian de première réponse" in page


def test_organisation_figures_are_404_for_another_organisation(client, recruiter_b, organisation_a):
    response = login(client, recruiter_b).get(reverse("applications:figures", args=[organisation_a.pk]))
    assert response.status_code == 404
