"""Mentoring pages, persona by persona: managers manage, a pair sees only itself, others get a 404."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from emploi_territoires.mentoring import services_followup, services_matching
from emploi_territoires.mentoring.models import Meeting, Pair, SurveyAnswer


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def run(programme, manager, pool):
    return services_matching.run_matching(programme, manager)


def test_home_lists_managed_programmes_and_own_pairs(client, manager, published, pool, django_assert_max_num_queries):
    login(client, manager)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("mentoring:home"))
    assert "Premiers pas pro Loire Sud" in response.content.decode()
    login(client, pool["ines"])
    page = client.get(reverse("mentoring:home")).content.decode()
    assert "Avec Karim Benali, mon mentor" in page
    assert "Premiers pas pro Loire Sud</a>" not in page


def test_anonymous_is_sent_to_login(anonymous_client, programme, published):
    pair = next(iter(published.values()))
    for url in (
        reverse("mentoring:home"),
        reverse("mentoring:programme", args=[programme.pk]),
        pair.get_absolute_url(),
    ):
        response = anonymous_client.get(url)
        assert response.status_code == 302
        assert "/comptes/" in response.url or "login" in response.url


def test_programme_page_for_managers_and_staff_only(
    client, programme, manager, staff, recruiter_b, candidate, published, django_assert_max_num_queries
):
    url = reverse("mentoring:programme", args=[programme.pk])
    login(client, manager)
    with django_assert_max_num_queries(14):
        response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Binômes formés : 2 — en cours : 2 — terminés : 0" in page
    assert login(client, staff).get(url).status_code == 200
    assert login(client, recruiter_b).get(url).status_code == 404
    assert login(client, candidate).get(url).status_code == 404


def test_manager_runs_reviews_and_publishes_through_the_pages(
    client, programme, manager, pool, recruiter_b, django_capture_on_commit_callbacks
):
    login(client, manager)
    response = client.post(reverse("mentoring:run_create", args=[programme.pk]), {"mode": "score", "qpv": "on"})
    run = programme.runs.get()
    assert response.url == run.get_absolute_url()
    page = client.get(run.get_absolute_url()).content.decode()
    assert "Même métier : Développeur / Développeuse informatique (M1805) (40 pts)" in page
    assert "Rien n'est encore envoyé" in page

    proposal = run.proposals.get(mentor=pool["paul"])
    outsider = login(client, recruiter_b).post(
        reverse("mentoring:proposal_action", args=[proposal.pk]), {"action": "lock"}
    )
    assert outsider.status_code == 404
    login(client, manager)
    client.post(reverse("mentoring:proposal_action", args=[proposal.pk]), {"action": "lock"})
    proposal.refresh_from_db()
    assert proposal.locked
    client.post(reverse("mentoring:run_create", args=[programme.pk]), {"mode": "participation"})
    latest = programme.runs.first()
    assert latest.proposals.get(mentor=pool["paul"]).locked

    assert (
        login(client, recruiter_b).post(reverse("mentoring:run_publish", args=[programme.pk, latest.pk])).status_code
        == 404
    )
    assert mail.outbox == []
    login(client, manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mentoring:run_publish", args=[programme.pk, latest.pk]))
    assert Pair.objects.filter(programme=programme).count() == 2
    assert len(mail.outbox) == 4
    # A published run can no longer be edited.
    response = client.post(reverse("mentoring:proposal_action", args=[proposal.pk]), {"action": "unlock"}, follow=True)
    assert (
        "Un appariement plus récent existe" in response.content.decode() or "déjà publié" in response.content.decode()
    )


def test_run_page_of_another_programme_is_404(client, programme, run, staff, recruiter_b):
    url = reverse("mentoring:run", args=[programme.pk, run.pk])
    assert login(client, recruiter_b).get(url).status_code == 404
    assert login(client, staff).get(url).status_code == 200
    assert login(client, staff).get(reverse("mentoring:run", args=[programme.pk + 1, run.pk])).status_code == 404


def test_pair_page_and_meeting_note_visibility(client, published, pool, manager, staff, recruiter_b):
    pair = published[("Karim", "Inès")]
    services_followup.log_meeting(pair, pool["karim"], date=datetime.date(2026, 10, 2), duration_minutes=60,
                         note="Inès vise les ESN de Saint-Étienne.", today=datetime.date(2026, 10, 3))  # fmt: skip
    url = pair.get_absolute_url()
    for member in (pool["karim"], pool["ines"]):
        page = login(client, member).get(url).content.decode()
        assert "Inès vise les ESN de Saint-Étienne." in page
        assert "Noter une rencontre" in page
    for viewer in (manager, staff):
        response = login(client, viewer).get(url)
        assert response.status_code == 200
        assert "Inès vise les ESN" not in response.content.decode()  # the note is the pair's only
        assert "Noter une rencontre" not in response.content.decode()
    for outsider in (pool["lucas"], pool["paul"], recruiter_b):
        assert login(client, outsider).get(url).status_code == 404


def test_log_meeting_through_the_page_and_bad_inputs(client, published, pool, manager):
    pair = published[("Karim", "Inès")]
    url = reverse("mentoring:meeting_create", args=[pair.pk])
    login(client, pool["karim"])
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    page = client.post(url, {"date": future, "duration_minutes": 60}, follow=True).content.decode()
    assert "La date de la rencontre ne peut pas être dans le futur." in page
    page = client.post(url, {"date": timezone.localdate().isoformat(), "duration_minutes": 500}, follow=True)
    assert "La durée doit être comprise entre 1 minute et 8 heures (480 minutes)." in page.content.decode()
    assert not Meeting.objects.exists()
    Pair.objects.filter(pk=pair.pk).update(started_on=timezone.localdate() - datetime.timedelta(days=10))
    client.post(url, {"date": timezone.localdate().isoformat(), "duration_minutes": 90, "topics": ["network"]})
    assert Meeting.objects.get().topics == ["network"]
    # The pair page shows the topic in French, not its code.
    page = client.get(pair.get_absolute_url()).content.decode()
    assert "90 minutes — réseau professionnel" in page
    assert "minutes — network" not in page
    # Managers do not log meetings for the pair.
    assert (
        login(client, manager).post(url, {"date": timezone.localdate().isoformat(), "duration_minutes": 30}).status_code
        == 404
    )


def test_survey_twice_through_the_page(client, published, pool):
    pair = published[("Paul", "Chloé")]
    url = reverse("mentoring:survey_answer", args=[pair.pk])
    data = {"milestone": 1, "satisfaction": 4, "situation": "still_searching"}
    login(client, pool["chloe"]).post(url, data)
    page = login(client, pool["paul"]).post(url, data, follow=True).content.decode()
    assert "Le questionnaire à 1 mois a déjà été rempli pour ce binôme." in page
    assert SurveyAnswer.objects.filter(pair=pair).count() == 1
    assert login(client, pool["ines"]).post(url, {**data, "milestone": 3}).status_code == 404


def test_end_pair_and_help_pages(client, published, pool, manager, recruiter_b, django_capture_on_commit_callbacks):
    pair = published[("Paul", "Chloé")]
    with django_capture_on_commit_callbacks(execute=True):
        login(client, pool["chloe"]).post(
            reverse("mentoring:help_create", args=[pair.pk]), {"message": "Besoin d'un autre créneau."}
        )
    alert = pair.help_requests.get()
    assert [m.to for m in mail.outbox] == [[manager.email]]
    assert login(client, recruiter_b).post(reverse("mentoring:help_resolve", args=[alert.pk])).status_code == 404
    login(client, manager).post(reverse("mentoring:help_resolve", args=[alert.pk]))
    alert.refresh_from_db()
    assert alert.resolved_at is not None
    assert (
        login(client, recruiter_b).post(reverse("mentoring:pair_end", args=[pair.pk]), {"outcome": "job"}).status_code
        == 404
    )
    login(client, manager).post(
        reverse("mentoring:pair_end", args=[pair.pk]), {"outcome": "training", "satisfaction": "4"}
    )
    pair.refresh_from_db()
    assert (pair.state, pair.outcome, pair.satisfaction) == ("ended", "training", 4)
    page = client.get(reverse("mentoring:programme", args=[pair.programme_id])).content.decode()
    assert "100 % (1 sur 1 : 0 en emploi, 1 en formation)" in page
