"""Issue 19, the recruiter's side: the inbox and the board across offers, colleagues' comments and
ratings, sharing a project lead's applications with an Apec advisor, « Inviter à postuler ».

Personas (tests/conftest.py): recruiter_a and member_a (colleagues of Saint-Étienne Métropole, a
collectivité of the Loire), recruiter_b (a company of Clamecy), advisor (Apec, follows the Loire),
advisor_other (Apec, follows the Nièvre: sees nothing unless an application is shared with her),
candidate (Inès Haddad), anonymous. The clock is pinned on Wednesday 18 November 2026.
"""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.core import mail
from django.urls import reverse

from emploi_territoires.applications import services_pipeline
from emploi_territoires.applications import services_recruiter as services
from emploi_territoires.applications.models import (
    Application,
    ApplicationComment,
    ApplicationShare,
    ApplicationStatus,
    Interview,
    InterviewSlot,
    InterviewStatus,
    Invitation,
    InvitationStatus,
    Visibility,
)
from emploi_territoires.offers.models import OfferStatus, ProgrammeContext
from tests.applications.factories import CandidateProfileFactory, CandidateUserFactory
from tests.clock import paris
from tests.factories import DepartementFactory
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db
NOW = paris(2026, 11, 18, 10)  # a Wednesday
S = ApplicationStatus


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def pvd_offer(organisation_a):
    return OfferFactory(
        organisation=organisation_a,
        status=OfferStatus.PUBLISHED,
        title="Chef·fe de projet Petites villes de demain (F/H)",
        programme_context=ProgrammeContext.PVD_LEAD,
    )


@pytest.fixture
def other_offer(organisation_a):
    return OfferFactory(organisation=organisation_a, status=OfferStatus.PUBLISHED, title="Urbaniste (F/H)")


def apply(offer, user=None, **profile):
    user = user or CandidateUserFactory()
    CandidateProfileFactory(user=user, **profile)
    return services_pipeline.apply(offer, user, "Je connais bien les centres-bourgs du Pilat.")


@pytest.fixture
def application(pvd_offer, candidate):
    return apply(pvd_offer, candidate)


def login(client, user):
    client.force_login(user)
    return client


def days_ago(application, days):
    Application.objects.filter(pk=application.pk).update(status_changed_at=NOW - datetime.timedelta(days=days))


def confirmed_interview(application, start):
    interview = Interview.objects.create(application=application, status=InterviewStatus.CONFIRMED)
    slot = InterviewSlot.objects.create(
        interview=interview, start=start, end=start + datetime.timedelta(hours=1), place="Mairie, salle du conseil"
    )
    interview.chosen_slot = slot
    interview.save(update_fields=["chosen_slot"])
    return interview


# --- the inbox ----------------------------------------------------------------------------------------


def test_inbox_new_waiting_and_interviews_of_the_week(client, member_a, pvd_offer, other_offer, recruiter_b):
    fresh = apply(pvd_offer)
    old = apply(other_offer)
    days_ago(old, 10)
    reviewed = apply(other_offer)
    services_pipeline.transition_application(reviewed, S.UNDER_REVIEW, actor=member_a)
    days_ago(reviewed, 3)  # under review 3 days: not waiting yet (7 days)
    thursday = apply(pvd_offer)
    services_pipeline.transition_application(thursday, S.INTERVIEW, actor=member_a)
    confirmed_interview(thursday, paris(2026, 11, 19, 14, 30))
    next_week = apply(other_offer)
    services_pipeline.transition_application(next_week, S.INTERVIEW, actor=member_a)
    confirmed_interview(next_week, paris(2026, 11, 23, 9))
    elsewhere = apply(OfferFactory(organisation=recruiter_b.memberships.get().organisation, status="published"))

    response = login(client, member_a).get(reverse("applications:inbox", args=[pvd_offer.organisation_id]))
    assert response.status_code == 200
    page = response.content.decode()
    new_ids = [row["application"].pk for row in response.context["new"]]
    assert new_ids == [old.pk, fresh.pk]  # most recent first: both « nouvelles »
    assert [row["application"].pk for row in response.context["waiting"]] == [old.pk]
    assert [i["application"].pk for i in response.context["interviews"]] == [thursday.pk]
    assert "jeudi 19 novembre à 14:30" in page
    assert "En attente d'une réponse depuis plus de 7 jours (1)" in page
    assert "Entretiens de la semaine du 16 novembre 2026 au 22 novembre 2026 (1)" in page
    assert elsewhere.pk not in new_ids


def test_inbox_waiting_days_is_a_setting(client, member_a, pvd_offer, settings):
    settings.APPLICATIONS_INBOX_WAITING_DAYS = 2
    waiting = apply(pvd_offer)
    days_ago(waiting, 3)
    response = login(client, member_a).get(reverse("applications:inbox", args=[pvd_offer.organisation_id]))
    assert [row["application"].pk for row in response.context["waiting"]] == [waiting.pk]
    assert "depuis plus de 2 jours" in response.content.decode()


def test_the_space_leads_to_the_inbox_and_the_board_and_days_are_french(client, member_a, pvd_offer):
    login(client, member_a)
    space = client.get(reverse("accounts:space")).content.decode()
    assert reverse("applications:inbox", args=[pvd_offer.organisation_id]) in space
    assert reverse("applications:board", args=[pvd_offer.organisation_id]) in space
    today, yesterday = apply(pvd_offer), apply(pvd_offer)
    days_ago(yesterday, 1)
    board = client.get(reverse("applications:board", args=[pvd_offer.organisation_id])).content.decode()
    # French: « 0 jour », « 1 jour », « 2 jours » (Django's pluralize would write « 0 jours »).
    assert re.search(r"Depuis 0 jour\b(?!s)", board) and re.search(r"Depuis 1 jour\b(?!s)", board)
    assert "0 jours" not in board
    assert today.pk != yesterday.pk


@pytest.mark.parametrize("persona", ["recruiter_b", "advisor", "candidate"])
def test_inbox_and_board_are_404_outside_the_organisation(client, persona, request, organisation_a):
    login(client, request.getfixturevalue(persona))
    assert client.get(reverse("applications:inbox", args=[organisation_a.pk])).status_code == 404
    assert client.get(reverse("applications:board", args=[organisation_a.pk])).status_code == 404


def test_inbox_and_board_query_counts_do_not_grow_with_applications(
    client, member_a, pvd_offer, other_offer, django_assert_max_num_queries
):
    for i in range(12):
        application = apply(pvd_offer if i % 2 else other_offer)
        days_ago(application, i)
        if i % 3 == 0:
            services.add_comment(application, author=member_a, body="Profil solide.", rating=4)
    login(client, member_a)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("applications:inbox", args=[pvd_offer.organisation_id])).status_code == 200
    with django_assert_max_num_queries(16):
        response = client.get(reverse("applications:board", args=[pvd_offer.organisation_id]))
    assert response.status_code == 200
    new_column = next(c for c in response.context["columns"] if c["status"] == S.NEW)
    assert new_column["count"] == 12
    rated = [card for card in new_column["cards"] if card["rating"] is not None]
    assert len(rated) == 4
    assert {card["rating"] for card in rated} == {4.0}


# --- the board ----------------------------------------------------------------------------------------


def test_board_has_a_column_per_state_and_moves_with_a_form(client, member_a, application, other_offer):
    login(client, member_a)
    url = reverse("applications:board", args=[application.organisation_id])
    response = client.get(url)
    assert [c["label"] for c in response.context["columns"]] == [s.label for s in ApplicationStatus]
    page = response.content.decode()
    assert f'<label class="fr-label fr-text--sm" for="vers-{application.pk}">' in page  # a labelled select
    assert "Passer en examen" in page
    response = client.post(
        reverse("applications:board_move", args=[application.pk]), {"to_status": S.UNDER_REVIEW, "next": url}
    )
    assert response.status_code == 302
    assert response.url == f"{url}#candidature-{application.pk}"
    application.refresh_from_db()
    assert application.status == S.UNDER_REVIEW
    assert application.transitions.last().actor == member_a
    # Filtered by offer: the other offer has no application.
    response = client.get(url, {"offre": other_offer.reference})
    assert sum(c["count"] for c in response.context["columns"]) == 0


def test_board_refusal_and_bad_moves_write_nothing(client, member_a, recruiter_b, application):
    login(client, member_a)
    move = reverse("applications:board_move", args=[application.pk])
    response = client.post(move, {"to_status": S.REFUSED}, follow=True)
    assert "Pour refuser, ouvrez la candidature" in response.content.decode()
    response = client.post(move, {"to_status": "embauchée"}, follow=True)
    assert "État inconnu." in response.content.decode()
    response = client.post(move, {"to_status": S.HIRED}, follow=True)  # new -> hired is not a move
    assert "Impossible de passer une candidature" in response.content.decode()
    login(client, recruiter_b)
    assert client.post(move, {"to_status": S.UNDER_REVIEW}).status_code == 404
    application.refresh_from_db()
    assert application.status == S.NEW
    assert application.transitions.count() == 1


def test_board_next_parameter_cannot_leave_the_site(client, member_a, application):
    login(client, member_a)
    response = client.post(
        reverse("applications:board_move", args=[application.pk]),
        {"to_status": S.UNDER_REVIEW, "next": "https://exemple.com/piege"},
    )
    assert response.url.startswith(reverse("applications:board", args=[application.organisation_id]))


# --- comments and ratings -------------------------------------------------------------------------------


def test_colleagues_comment_and_rate_inside_the_organisation(client, member_a, recruiter_a, advisor, application):
    login(client, member_a)
    response = client.post(
        reverse("applications:comment_add", args=[application.pk]),
        {"body": "Très bon entretien téléphonique, connaît le programme PVD.", "rating": "5"},
        follow=True,
    )
    assert "Commentaire enregistré" in response.content.decode()
    comment = ApplicationComment.objects.get()
    assert (comment.author, comment.rating, comment.organisation_id) == (member_a, 5, application.organisation_id)
    login(client, recruiter_a)
    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "connaît le programme PVD" in page
    assert "note moyenne 5" in page
    # The advisor who follows the Loire sees the application read-only, never the comments.
    login(client, advisor)
    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "connaît le programme PVD" not in page
    assert "Commentaires des collègues" not in page


def test_comments_refused_outside_and_bad_input_writes_nothing(
    client, recruiter_b, advisor, candidate, member_a, application
):
    url = reverse("applications:comment_add", args=[application.pk])
    for persona, status in ((recruiter_b, 404), (candidate, 404), (advisor, 403)):
        login(client, persona)
        assert client.post(url, {"body": "Intrusion", "rating": "1"}).status_code == status
    assert ApplicationComment.objects.count() == 0
    with pytest.raises(services.RecruiterError, match="Écrivez un commentaire ou choisissez une note"):
        services.add_comment(application, author=member_a, body=" ", rating=None)


def test_comment_bad_rating_gets_a_french_message(client, member_a, application):
    login(client, member_a)
    response = client.post(
        reverse("applications:comment_add", args=[application.pk]), {"body": "Bien", "rating": "9"}, follow=True
    )
    assert "La note va de 1 à 5." in response.content.decode()
    assert ApplicationComment.objects.count() == 0


# --- sharing with an Apec advisor --------------------------------------------------------------------------


def test_share_with_the_apec_advisor_informs_candidates_and_opens_only_those(
    client, recruiter_a, advisor_other, candidate, application, other_offer, django_capture_on_commit_callbacks
):
    not_shared = apply(other_offer)
    login(client, advisor_other)  # Apec, follows the Nièvre: nothing in the Loire
    detail = reverse("applications:detail", args=[application.pk])
    assert client.get(detail).status_code == 404
    mail.outbox.clear()
    login(client, recruiter_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("applications:share", args=[application.offer.reference]),
            {"email": "MARIE.GIRARD@exemple.fr"},
            follow=True,
        )
    assert "1 candidature partagée avec Marie Girard ; la personne est prévenue par e-mail." in (
        response.content.decode()
    )
    share = ApplicationShare.objects.get()
    assert (share.application, share.advisor, share.shared_by) == (application, advisor_other, recruiter_a)
    assert share.candidate_informed_at == NOW
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == ["ines.haddad@exemple.fr", "marie.girard@exemple.fr"]
    informed = next(m for m in mail.outbox if m.to == ["ines.haddad@exemple.fr"])
    assert "partagée avec l'Apec" in informed.subject
    assert reverse("applications:mine") in informed.body

    login(client, advisor_other)
    assert client.get(detail).status_code == 200
    assert client.get(reverse("applications:detail", args=[not_shared.pk])).status_code == 404
    listing = client.get(reverse("applications:shared_with_me"))
    assert [a.pk for a in listing.context["applications"]] == [application.pk]
    # Read-only: no comment, no move.
    assert client.post(reverse("applications:comment_add", args=[application.pk]), {"body": "x"}).status_code == 403

    login(client, recruiter_a)
    client.post(reverse("applications:share_revoke", args=[application.offer.reference, advisor_other.pk]))
    login(client, advisor_other)
    assert client.get(detail).status_code == 404


def test_the_candidate_sees_the_share_in_their_space(client, recruiter_a, advisor_other, candidate, application):
    services.share_offer_applications(application.offer, advisor_email=advisor_other.email, actor=recruiter_a)
    page = html.unescape(login(client, candidate).get(reverse("applications:mine")).content.decode())
    assert "Candidatures partagées avec l'Apec" in page
    assert "« Chef·fe de projet Petites villes de demain (F/H) » (Saint-Étienne Métropole) : partagée avec" in page
    services.revoke_share(application.offer, advisor_other.pk, actor=recruiter_a)
    page = html.unescape(client.get(reverse("applications:mine")).content.decode())
    assert "Candidatures partagées avec l'Apec" not in page


def test_a_recruiter_invites_from_a_profile_they_may_see(client, recruiter_a, candidate, application):
    """Inès applied to organisation A: its recruiter opens her profile and may invite her to another offer."""
    login(client, recruiter_a)
    url = reverse("applications:candidate_detail", args=[candidate.pk])
    page = client.get(url).content.decode()
    assert reverse("applications:invite", args=[candidate.pk]) in page
    candidate.candidate_profile.refuses_invitations = True
    candidate.candidate_profile.save(update_fields=["refuses_invitations"])
    page = html.unescape(client.get(url).content.decode())
    assert "Cette personne ne souhaite pas recevoir d'invitations à postuler." in page
    assert reverse("applications:invite", args=[candidate.pk]) not in page


def test_share_refused_for_other_offers_and_other_people(
    recruiter_a, advisor_other, member_a, application, other_offer
):
    apply(other_offer)
    with pytest.raises(services.RecruiterError, match="réservé aux offres de chef·fe de projet"):
        services.share_offer_applications(other_offer, advisor_email=advisor_other.email, actor=recruiter_a)
    with pytest.raises(services.RecruiterError, match="Aucun conseiller ou conseillère d'une organisation Apec"):
        services.share_offer_applications(application.offer, advisor_email=member_a.email, actor=recruiter_a)
    with pytest.raises(services.RecruiterError, match="Seuls les membres"):
        services.share_offer_applications(application.offer, advisor_email=advisor_other.email, actor=advisor_other)
    assert ApplicationShare.objects.count() == 0


def test_a_company_cannot_share(client, recruiter_b, advisor_other):
    offer = OfferFactory(
        organisation=recruiter_b.memberships.get().organisation,
        status=OfferStatus.PUBLISHED,
        programme_context=ProgrammeContext.PVD_LEAD,
    )
    apply(offer)
    login(client, recruiter_b)
    response = client.post(reverse("applications:share", args=[offer.reference]), {"email": advisor_other.email})
    assert "Seules les collectivités peuvent partager" in response.content.decode()
    assert ApplicationShare.objects.count() == 0


# --- invitations ------------------------------------------------------------------------------------------


@pytest.fixture
def visible_candidate(candidate):
    """Inès shows her profile to the recruiters of the Loire (42)."""
    profile = CandidateProfileFactory(user=candidate, visibility=Visibility.TERRITORIES)
    profile.visible_departements.set([DepartementFactory()])
    return candidate


def test_invite_then_the_candidate_accepts_through_the_pipeline(
    client, recruiter_a, visible_candidate, pvd_offer, django_capture_on_commit_callbacks
):
    login(client, recruiter_a)
    invite_url = reverse("applications:invite", args=[visible_candidate.pk])
    page = client.get(invite_url, {"offre": pvd_offer.reference}).content.decode()
    assert "Inviter à postuler" in page and "Inès Haddad" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            invite_url,
            {
                "offer": pvd_offer.reference,
                "message": "Bonjour Inès, votre master d'urbanisme nous intéresse.\nNous recrutons pour Firminy.",
            },
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.recruiter, invitation.candidate, invitation.status) == (
        recruiter_a,
        visible_candidate,
        InvitationStatus.SENT,
    )
    [email] = mail.outbox
    assert email.to == ["ines.haddad@exemple.fr"]
    assert reverse("applications:invitations") in email.body
    assert "votre master d'urbanisme nous intéresse" in email.body
    assert "Nous recrutons pour Firminy" not in email.body  # only the first line of a private message

    login(client, visible_candidate)
    page = client.get(reverse("applications:invitations")).content.decode()
    assert "Nous recrutons pour Firminy" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("applications:invitation_accept", args=[invitation.pk]), {"message": "Avec plaisir."}
        )
    assert response.url == reverse("applications:mine")
    application = Application.objects.get(offer=pvd_offer, candidate=visible_candidate)
    assert (application.status, application.message) == (S.NEW, "Avec plaisir.")
    assert list(application.transitions.values_list("to_status", flat=True)) == [S.NEW]
    invitation.refresh_from_db()
    assert (invitation.status, invitation.application, invitation.answered_at) == (
        InvitationStatus.ACCEPTED,
        application,
        NOW,
    )
    # Answered once: a second answer is refused.
    response = client.post(reverse("applications:invitation_decline", args=[invitation.pk]), follow=True)
    assert "Vous avez déjà répondu à cette invitation" in response.content.decode()


def test_decline_tells_the_recruiter(
    client, recruiter_a, visible_candidate, pvd_offer, django_capture_on_commit_callbacks
):
    invitation = services.invite(pvd_offer, visible_candidate, recruiter=recruiter_a, message="")
    mail.outbox.clear()
    login(client, visible_candidate)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("applications:invitation_decline", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED
    assert [m.to for m in mail.outbox] == [["claire.roux@exemple.fr"]]
    assert Application.objects.count() == 0


def test_a_candidate_who_refuses_invitations_gets_none_and_the_button_says_so(
    client, recruiter_a, visible_candidate, pvd_offer
):
    login(client, visible_candidate)
    client.post(reverse("applications:invitation_preference"), {"refuses": "on"})
    assert visible_candidate.candidate_profile.__class__.objects.get(user=visible_candidate).refuses_invitations
    login(client, recruiter_a)
    page = client.get(reverse("applications:offer_proposals", args=[pvd_offer.reference])).content.decode()
    assert "Cette personne ne souhaite pas recevoir d'invitations à postuler." in page
    assert reverse("applications:invite", args=[visible_candidate.pk]) not in page
    response = client.post(
        reverse("applications:invite", args=[visible_candidate.pk]), {"offer": pvd_offer.reference}, follow=True
    )
    assert "ne souhaite pas recevoir d'invitations" in html.unescape(response.content.decode())
    assert Invitation.objects.count() == 0
    assert mail.outbox == []


def test_proposals_show_the_invite_button(client, recruiter_a, visible_candidate, pvd_offer):
    from emploi_territoires.offers.models import RomeOccupation

    profile = visible_candidate.candidate_profile
    profile.wanted_occupations.set([RomeOccupation.objects.get(pk=pvd_offer.occupation_id)])
    login(client, recruiter_a)
    page = client.get(reverse("applications:offer_proposals", args=[pvd_offer.reference])).content.decode()
    assert f"{reverse('applications:invite', args=[visible_candidate.pk])}?offre={pvd_offer.reference}" in page


def test_invitations_are_limited_per_recruiter_and_day(recruiter_a, pvd_offer, settings, time_machine):
    settings.APPLICATIONS_INVITATIONS_PER_DAY = 2
    people = []
    for _ in range(4):
        person = CandidateUserFactory()
        profile = CandidateProfileFactory(user=person, visibility=Visibility.TERRITORIES)
        profile.visible_departements.set([DepartementFactory()])
        people.append(person)
    services.invite(pvd_offer, people[0], recruiter=recruiter_a, message="")
    services.invite(pvd_offer, people[1], recruiter=recruiter_a, message="")
    with pytest.raises(services.RecruiterError, match="Vous avez déjà envoyé 2 invitations aujourd'hui, la limite"):
        services.invite(pvd_offer, people[2], recruiter=recruiter_a, message="")
    assert Invitation.objects.count() == 2
    time_machine.move_to(paris(2026, 11, 19, 0, 5), tick=False)  # the next day in Paris
    services.invite(pvd_offer, people[2], recruiter=recruiter_a, message="")
    assert Invitation.objects.count() == 3


def test_invitation_refusals(recruiter_a, recruiter_b, visible_candidate, pvd_offer):
    services.invite(pvd_offer, visible_candidate, recruiter=recruiter_a, message="")
    with pytest.raises(services.RecruiterError, match="attend déjà la réponse"):
        services.invite(pvd_offer, visible_candidate, recruiter=recruiter_a, message="")
    with pytest.raises(services.RecruiterError, match="Seuls les membres"):
        services.invite(pvd_offer, visible_candidate, recruiter=recruiter_b, message="")
    with pytest.raises(services.RecruiterError, match="2\u202f000 au maximum"):
        services.invite(pvd_offer, visible_candidate, recruiter=recruiter_a, message="x" * 2001)
    draft = OfferFactory(organisation=pvd_offer.organisation, status=OfferStatus.DRAFT)
    with pytest.raises(services.RecruiterError, match="Seule une offre publiée"):
        services.invite(draft, visible_candidate, recruiter=recruiter_a, message="")
    assert Invitation.objects.count() == 1


def test_a_private_profile_cannot_be_invited_and_its_page_is_404(client, recruiter_a, candidate, pvd_offer):
    CandidateProfileFactory(user=candidate, visibility=Visibility.PRIVATE)
    login(client, recruiter_a)
    url = reverse("applications:invite", args=[candidate.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"offer": pvd_offer.reference}).status_code == 404
    assert Invitation.objects.count() == 0


def test_other_people_cannot_answer_an_invitation(client, recruiter_a, recruiter_b, visible_candidate, pvd_offer):
    invitation = services.invite(pvd_offer, visible_candidate, recruiter=recruiter_a, message="")
    other = CandidateUserFactory()
    CandidateProfileFactory(user=other)
    login(client, other)
    assert client.post(reverse("applications:invitation_accept", args=[invitation.pk])).status_code == 404
    login(client, recruiter_b)
    assert client.post(reverse("applications:invitation_decline", args=[invitation.pk])).status_code == 403
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.SENT


def test_accepting_an_invitation_to_a_closed_offer_explains_and_writes_nothing(
    client, recruiter_a, visible_candidate, pvd_offer
):
    invitation = services.invite(pvd_offer, visible_candidate, recruiter=recruiter_a, message="")
    pvd_offer.status = OfferStatus.FILLED
    pvd_offer.save(update_fields=["status"])
    login(client, visible_candidate)
    response = client.post(reverse("applications:invitation_accept", args=[invitation.pk]), follow=True)
    assert "Cette offre n'est plus ouverte aux candidatures." in html.unescape(response.content.decode())
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.SENT
    assert Application.objects.count() == 0


def test_anonymous_visitors_are_sent_to_log_in_and_change_nothing(client, recruiter_a, visible_candidate, pvd_offer):
    invitation = services.invite(pvd_offer, visible_candidate, recruiter=recruiter_a, message="")
    for url in (
        reverse("applications:inbox", args=[pvd_offer.organisation_id]),
        reverse("applications:board", args=[pvd_offer.organisation_id]),
        reverse("applications:invitations"),
        reverse("applications:invite", args=[visible_candidate.pk]),
    ):
        assert client.get(url).url.startswith(reverse("accounts:login"))
    response = client.post(reverse("applications:invitation_accept", args=[invitation.pk]))
    assert response.url.startswith(reverse("accounts:login"))
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.SENT
    assert Application.objects.count() == 0
