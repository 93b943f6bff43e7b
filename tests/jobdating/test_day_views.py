"""Agendas, poster, day-of console, outcomes and rating pages, per persona."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from icalendar import Calendar

from emploi_territoires.jobdating.agenda import PARIS
from emploi_territoires.jobdating.models import (
    CandidateRegistration,
    EventRating,
    EventStatus,
    Interview,
    InterviewOutcome,
    InterviewStatus,
)
from tests.jobdating.day_setup import BUILT_AT, fast_solver, hold, interviews_of, published_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, time_machine, advisor, organisation_a, organisation_b, candidate):
    fast_solver(settings)
    time_machine.move_to(BUILT_AT)
    # Strict templates: a typo in a variable name fails the test instead of printing nothing.
    settings.TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = "INVALID{%s}"
    return published_world(advisor, organisation_a, organisation_b, candidate)


def url(name, world, *args):
    return reverse(f"jobdating:{name}", args=[world.event.pk, *args])


def as_user(client, user):
    client.force_login(user)
    return client


# --- Agendas -------------------------------------------------------------------------------------


def test_candidate_sees_their_agenda_on_the_web(client, world, candidate, django_assert_max_num_queries):
    as_user(client, candidate)
    with django_assert_max_num_queries(10):
        response = client.get(url("candidate_agenda", world, world.ines.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "INVALID" not in html
    assert "Agenda de Inès Haddad" in html
    assert world.rec_a.organisation.name in html and "11:15 – 11:30" in html  # slot 9, after the break
    assert "Chef de projet Petites villes de demain (F/H)" in html
    assert "Lucas Martin" not in html  # nobody else's interviews


def test_my_agenda_redirects_each_person_to_their_own(client, world, candidate, recruiter_a, advisor):
    response = as_user(client, candidate).get(url("my_agenda", world))
    assert response.url == url("candidate_agenda", world, world.ines.pk)
    response = as_user(client, recruiter_a).get(url("my_agenda", world))
    assert response.url == url("recruiter_agenda", world, world.rec_a.pk)
    assert as_user(client, advisor).get(url("my_agenda", world)).status_code == 404


def test_candidate_ics_download(client, world, candidate):
    response = as_user(client, candidate).get(url("candidate_agenda_ics", world, world.ines.pk))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Cache-Control"] == "private, no-store"
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == len(interviews_of(world.ines)) == 3
    by_summary = {str(e["summary"]): e for e in events}
    a = by_summary[f"Entretien avec {world.rec_a.organisation.name} (table 1)"]
    start = a.decoded("dtstart")
    assert start.tzinfo is not None and start.astimezone(PARIS).strftime("%H:%M") == "11:15"
    assert start.date() == world.event.date
    assert str(a["location"]) == world.event.address


def test_candidate_pdf_download(client, world, candidate):
    response = as_user(client, candidate).get(url("candidate_agenda_pdf", world, world.ines.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_recruiter_sees_their_tables_and_downloads(client, world, recruiter_a, django_assert_max_num_queries):
    as_user(client, recruiter_a)
    with django_assert_max_num_queries(11):
        response = client.get(url("recruiter_agenda", world, world.rec_a.pk))
    html = response.content.decode()
    assert response.status_code == 200 and "INVALID" not in html
    assert "Saint-Étienne Métropole — table 1" in html and "Inès Haddad" in html
    ics = client.get(url("recruiter_agenda_ics", world, world.rec_a.pk))
    assert len(Calendar.from_ical(ics.content).walk("VEVENT")) == 3  # the scarce table, slots 9 to 11
    pdf = client.get(url("recruiter_agenda_pdf", world, world.rec_a.pk))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize("name", ["candidate_agenda", "candidate_agenda_ics", "candidate_agenda_pdf"])
def test_candidate_agenda_is_theirs_only(client, world, recruiter_a, recruiter_b, advisor_other, staff, advisor, name):
    other = world.candidates[1]
    target = url(name, world, other.pk)
    for outsider in (recruiter_a, recruiter_b, advisor_other):
        assert as_user(client, outsider).get(target).status_code == 404
    for manager in (advisor, staff):
        assert as_user(client, manager).get(target).status_code == 200


def test_candidate_cannot_open_another_candidate_agenda(client, world, candidate):
    as_user(client, candidate)
    assert client.get(url("candidate_agenda", world, world.candidates[1].pk)).status_code == 404
    assert client.get(url("candidate_agenda_ics", world, world.candidates[1].pk)).status_code == 404


@pytest.mark.parametrize("name", ["recruiter_agenda", "recruiter_agenda_ics", "recruiter_agenda_pdf"])
def test_recruiter_agenda_is_the_organisation_only(
    client, world, candidate, recruiter_b, member_a, advisor_other, advisor, name
):
    target = url(name, world, world.rec_a.pk)
    for outsider in (candidate, recruiter_b, advisor_other):
        assert as_user(client, outsider).get(target).status_code == 404
    for allowed in (member_a, advisor):
        assert as_user(client, allowed).get(target).status_code == 200


@pytest.mark.parametrize(
    "name_args",
    [
        ("candidate_agenda", "ines"),
        ("candidate_agenda_ics", "ines"),
        ("recruiter_agenda_pdf", "rec_a"),
        ("poster_pdf", None),
        ("day_console", None),
        ("outcomes", None),
        ("rating", None),
    ],
)
def test_anonymous_goes_to_login(anonymous_client, world, name_args):
    name, attr = name_args
    args = [getattr(world, attr).pk] if attr else []
    response = anonymous_client.get(url(name, world, *args))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_agendas_wait_for_publication_except_for_managers(client, world, candidate, advisor):
    world.event.status = EventStatus.SCHEDULE_BUILT
    world.event.save(update_fields=["status"])
    as_user(client, candidate)
    page = client.get(url("candidate_agenda", world, world.ines.pk))
    assert "pas encore publié" in page.content.decode()
    assert client.get(url("candidate_agenda_ics", world, world.ines.pk)).status_code == 404
    as_user(client, advisor)
    assert client.get(url("candidate_agenda_ics", world, world.ines.pk)).status_code == 200


def test_poster_is_a3_landscape_for_managers_only(client, world, advisor, recruiter_a, candidate, advisor_other):
    response = as_user(client, advisor).get(url("poster_pdf", world))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    for user, status in ((recruiter_a, 403), (candidate, 403), (advisor_other, 403)):
        assert as_user(client, user).get(url("poster_pdf", world)).status_code == status


def test_poster_page_size_from_the_view(client, world, advisor, monkeypatch):
    from emploi_territoires.jobdating import agenda

    seen = {}
    original = agenda.html_to_pdf

    def spy(html, base_url=None, uncompressed=False):
        seen["html"] = html
        return original(html, base_url, uncompressed=True)

    monkeypatch.setattr(agenda, "html_to_pdf", spy)
    pdf = as_user(client, advisor).get(url("poster_pdf", world)).content
    sizes = {
        (round(float(w), 2), round(float(h), 2)) for w, h in re.findall(rb"/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]", pdf)
    }
    assert sizes == {(1190.55, 841.89)}
    assert "Inès H." in seen["html"] and "Forges de l&#x27;Ondaine" in seen["html"]


# --- The day-of console --------------------------------------------------------------------------


def test_console_lists_candidates_for_managers(client, world, advisor, django_assert_max_num_queries):
    as_user(client, advisor)
    with django_assert_max_num_queries(18):
        response = client.get(url("day_console", world))
    html = response.content.decode()
    assert response.status_code == 200 and "INVALID" not in html
    assert "Inès Haddad" in html and "Noé Perrin" in html and "Ré-optimiser à partir de maintenant" in html


def test_console_query_count_does_not_grow_with_candidates(client, world, advisor, django_assert_max_num_queries):
    from tests.jobdating.factories import CandidateRegistrationFactory

    for _ in range(10):
        CandidateRegistrationFactory(event=world.event)
    as_user(client, advisor)
    with django_assert_max_num_queries(18):
        assert client.get(url("day_console", world)).status_code == 200


def test_console_forbidden_to_others(client, world, recruiter_a, candidate, advisor_other):
    # They can see the event page, so they get a 403 (not a 404), as on the other managers' pages.
    for user in (recruiter_a, candidate, advisor_other):
        assert as_user(client, user).get(url("day_console", world)).status_code == 403
        assert as_user(client, user).post(url("day_check_in", world, world.ines.pk)).status_code == 403
    world.ines.refresh_from_db()
    assert world.ines.checked_in_at is None


def test_htmx_check_in_swaps_the_row(client, world, advisor):
    as_user(client, advisor)
    response = client.post(url("day_check_in", world, world.ines.pk), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and html.strip().startswith(f'<tr id="candidate-{world.ines.pk}"')
    assert "Arrivé·e à" in html and "INVALID" not in html
    world.ines.refresh_from_db()
    assert world.ines.checked_in_at is not None


def test_no_show_without_htmx_redirects_with_a_message(client, world, advisor):
    as_user(client, advisor)
    response = client.post(url("day_no_show", world, world.ines.pk), follow=True)
    assert "est indiqué·e absent·e" in response.content.decode()
    assert interviews_of(world.ines) == []  # the event is a fortnight away: all freed
    again = client.post(url("day_no_show", world, world.ines.pk), headers={"HX-Request": "true"})
    assert again.status_code == 422 and "déjà indiqué" in again.content.decode()


def test_walk_in_form_then_reoptimise(client, world, advisor):
    as_user(client, advisor)
    page = client.get(url("day_walk_in", world))
    assert page.status_code == 200 and "INVALID" not in page.content.decode()
    bad = client.post(url("day_walk_in", world), {"email": "karim@exemple.fr", "recruiters": ["x"]})
    assert bad.status_code == 422 and "ne participe pas" in bad.content.decode()
    response = client.post(
        url("day_walk_in", world),
        {
            "email": "yanis.cherif@exemple.fr",
            "first_name": "Yanis",
            "last_name": "Chérif",
            "recruiters": [world.rec_b.pk, world.rec_c.pk],
        },
    )
    assert response.status_code == 302
    walk_in = CandidateRegistration.objects.get(user__email="yanis.cherif@exemple.fr")
    result = client.post(url("day_reoptimise", world), headers={"HX-Request": "true"})
    html = result.content.decode()
    assert result.status_code == 200 and "INVALID" not in html
    assert "2 entretiens ajoutés" in html and "écart à la meilleure valeur possible" in html
    assert len(interviews_of(walk_in)) == 2


def test_reoptimise_refused_before_publication_says_why(client, world, advisor):
    world.event.status = EventStatus.SCHEDULE_BUILT
    world.event.save(update_fields=["status"])
    response = as_user(client, advisor).post(url("day_reoptimise", world), headers={"HX-Request": "true"})
    assert "Le planning doit être publié" in response.content.decode()


# --- After the event -----------------------------------------------------------------------------


@pytest.fixture
def held(time_machine, advisor):
    return lambda world: hold(world, time_machine, advisor)


def test_recruiter_records_outcomes_from_the_page(client, world, recruiter_a, django_assert_max_num_queries, held):
    held(world)
    as_user(client, recruiter_a)
    with django_assert_max_num_queries(9):
        page = client.get(url("outcomes", world))
    assert page.status_code == 200 and "INVALID" not in page.content.decode()
    interview = next(i for i in interviews_of(world.ines) if i.recruiter_registration_id == world.rec_a.pk)
    response = client.post(url("outcomes", world), {"interview": interview.pk, "outcome": "second_interview"})
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.outcome == InterviewOutcome.SECOND_INTERVIEW and interview.status == InterviewStatus.HELD


def test_outcome_for_another_organisation_interview_is_404(client, world, recruiter_a, recruiter_b, candidate, held):
    held(world)
    interview = next(i for i in interviews_of(world.ines) if i.recruiter_registration_id == world.rec_a.pk)
    response = as_user(client, recruiter_b).post(
        url("outcomes", world), {"interview": interview.pk, "outcome": "hired"}
    )
    assert response.status_code == 404
    # recruiter_a cannot touch the interview of organisation B either.
    theirs = next(i for i in interviews_of(world.ines) if i.recruiter_registration_id == world.rec_b.pk)
    response = as_user(client, recruiter_a).post(url("outcomes", world), {"interview": theirs.pk, "outcome": "hired"})
    assert response.status_code == 404
    assert as_user(client, candidate).get(url("outcomes", world)).status_code == 404
    assert not Interview.objects.exclude(outcome="").exists()


def test_rating_once_with_a_clear_message(client, world, candidate, recruiter_a, held):
    held(world)
    as_user(client, candidate)
    page = client.get(url("rating", world))
    assert page.status_code == 200 and "INVALID" not in page.content.decode()
    bad = client.post(url("rating", world), {"score": "9"})
    assert bad.status_code == 422 and "Choisissez une note de 1 à 5." in bad.content.decode()
    client.post(url("rating", world), {"score": "5", "comment": "Très bien organisé, merci."})
    second = client.post(url("rating", world), {"score": "1"}, follow=True)
    assert "Vous avez déjà donné votre avis" in second.content.decode()
    assert EventRating.objects.get().score == 5
    assert as_user(client, recruiter_a).get(url("rating", world)).status_code == 404
