"""Event pages per persona: managers, recruiters (least privilege), candidates, outsiders, anonymous."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from emploi_territoires.jobdating.models import (
    CandidateRegistration,
    EventStatus,
    RecruiterRegistration,
    RunStatus,
    ScheduleRun,
    ScreeningDecision,
    Wish,
)
from emploi_territoires.offers.models import OfferStatus
from tests.applications.factories import CandidateProfileFactory
from tests.jobdating.factories import (
    CandidateRegistrationFactory,
    CandidateScreeningFactory,
    EventFactory,
    RecruiterRegistrationFactory,
    WishFactory,
)
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_solver(settings):
    settings.JOBDATING_NUM_WORKERS = 1
    settings.JOBDATING_TIME_LIMIT = 2.0


@pytest.fixture
def event(advisor):
    return EventFactory(advisors=[advisor])


def test_anonymous_is_redirected_to_login_except_for_the_public_pages(anonymous_client, event):
    response = anonymous_client.get(reverse("jobdating:event_create"))
    assert response.status_code == 302 and "/comptes/" in response["Location"]
    for name in ("jobdating:schedule", "jobdating:candidate_wishes", "jobdating:recruiter_registration"):
        response = anonymous_client.get(reverse(name, args=[event.pk]))
        assert response.status_code == 302 and "/comptes/" in response["Location"]
    response = anonymous_client.post(reverse("jobdating:candidate_register", args=[event.pk]))
    assert response.status_code == 302 and "/comptes/" in response["Location"]
    assert not event.candidate_registrations.exists()
    # The list of the events open to registration, and their pages, are public (see test_public.py).
    assert anonymous_client.get(reverse("jobdating:event_list")).status_code == 200
    assert anonymous_client.get(event.get_absolute_url()).status_code == 200


def test_advisor_creates_an_event_through_the_form(client, advisor):
    client.force_login(advisor)
    date = timezone.localdate() + datetime.timedelta(days=30)
    response = client.post(
        reverse("jobdating:event_create"),
        {
            "title": "Job dating des métiers de la métallurgie",
            "commune": "Saint-Étienne (42218)",
            "address": "Cité du design, 42000 Saint-Étienne",
            "date": date.isoformat(),
            "first_slot_time": "14:00",
            "slot_minutes": "15",
            "slot_count": "12",
            "break_start": "15:30",
            "break_end": "15:45",
            "min_gap": "1",
            "registration_deadline": f"{date - datetime.timedelta(days=3)}T18:00",
            "target_programmes": ["ti"],
        },
    )
    assert response.status_code == 302
    event = advisor.jobdating_events.get()
    assert event.breaks == [6] and event.status == EventStatus.DRAFT


def test_event_form_reports_errors_in_french(client, advisor):
    client.force_login(advisor)
    response = client.post(reverse("jobdating:event_create"), {"title": "Sans date", "commune": "42218"})
    assert response.status_code == 200
    assert "Le job dating n'est pas enregistré" in response.content.decode()


def test_candidate_and_recruiter_cannot_create(client, candidate, recruiter_a):
    for user in (candidate, recruiter_a):
        client.force_login(user)
        assert client.get(reverse("jobdating:event_create")).status_code == 403


def test_advisor_of_another_territory_cannot_manage(client, advisor_other, event):
    client.force_login(advisor_other)
    for name in ("jobdating:schedule", "jobdating:event_edit", "jobdating:export_json", "jobdating:import_file"):
        assert client.get(reverse(name, args=[event.pk])).status_code == 403
    draft = EventFactory(status=EventStatus.DRAFT)
    assert client.get(reverse("jobdating:event_detail", args=[draft.pk])).status_code == 404
    response = client.post(reverse("jobdating:event_transition", args=[event.pk]), {"to_status": "draft"})
    assert response.status_code == 403


def test_event_list_query_count(client, advisor, django_assert_max_num_queries):
    for _ in range(5):
        event = EventFactory(advisors=[advisor])
        RecruiterRegistrationFactory(event=event)
        CandidateRegistrationFactory(event=event)
    client.force_login(advisor)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("jobdating:event_list"))
    # Open to registration (the public table), and coming (the signed-in table).
    assert response.context["open_events"] == response.context["coming"]
    assert response.content.decode().count("Job dating de l&#x27;industrie") == 10


def test_event_detail_for_a_candidate_shows_recruiters_and_offers_not_candidates(client, candidate, event):
    CandidateProfileFactory(user=candidate)
    offer = OfferFactory(status=OfferStatus.PUBLISHED, title="Technicien·ne de maintenance industrielle (F/H)")
    RecruiterRegistrationFactory(event=event, organisation=offer.organisation, offers=[offer])
    other = CandidateRegistrationFactory(event=event)
    client.force_login(candidate)
    page = client.get(reverse("jobdating:event_detail", args=[event.pk])).content.decode()
    assert "Technicien·ne de maintenance industrielle" in page
    assert other.user.last_name not in page
    assert "M'inscrire" in page


def test_candidate_registers_then_ranks_wishes(client, candidate, event):
    CandidateProfileFactory(user=candidate)
    forges, metropole = RecruiterRegistrationFactory(event=event), RecruiterRegistrationFactory(event=event)
    client.force_login(candidate)
    response = client.post(reverse("jobdating:candidate_register", args=[event.pk]))
    assert response.status_code == 302
    url = reverse("jobdating:candidate_wishes", args=[event.pk])
    response = client.post(
        url,
        {
            f"souhaits-rank_{forges.pk}": "2",
            f"souhaits-rank_{metropole.pk}": "1",
            "available_from": "09:00",
            "available_to": "11:00",
        },
    )
    assert response.status_code == 302
    registration = CandidateRegistration.objects.get(user=candidate)
    assert registration.availability == [[0, 7]]
    assert list(registration.wishes.values_list("recruiter_registration", "rank")) == [
        (metropole.pk, 1),
        (forges.pk, 2),
    ]


def test_candidate_wish_bad_inputs_are_shown(client, candidate, event):
    CandidateProfileFactory(user=candidate)
    forges, metropole = RecruiterRegistrationFactory(event=event), RecruiterRegistrationFactory(event=event)
    CandidateRegistrationFactory(event=event, user=candidate)
    client.force_login(candidate)
    response = client.post(
        reverse("jobdating:candidate_wishes", args=[event.pk]),
        {
            f"souhaits-rank_{forges.pk}": "1",
            f"souhaits-rank_{metropole.pk}": "1",
            "available_from": "08:00",
            "available_to": "10:00",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "sortent de ceux de l&#x27;événement (9 h 00 – 13 h 00)" in page
    assert not Wish.objects.exists()


def test_recruiter_registers_the_organisation(client, recruiter_a, organisation_a, event):
    offer = OfferFactory(organisation=organisation_a, status=OfferStatus.PUBLISHED)
    client.force_login(recruiter_a)
    url = reverse("jobdating:recruiter_registration", args=[event.pk])
    response = client.post(
        url, {"offers": [offer.pk], "tables": "2", "available_from": "09:00", "available_to": "13:00"}
    )
    assert response.status_code == 302
    registration = RecruiterRegistration.objects.get(organisation=organisation_a)
    assert registration.tables == 2 and registration.availability == [[0, 15]]


def test_recruiter_sees_only_candidates_who_wished_them_and_not_others_screening(
    client, recruiter_a, recruiter_b, organisation_a, organisation_b, event
):
    mine = RecruiterRegistrationFactory(event=event, organisation=organisation_a)
    theirs = RecruiterRegistrationFactory(event=event, organisation=organisation_b)
    wished_me = WishFactory(recruiter_registration=mine, candidate_registration__event=event)
    wished_them = WishFactory(recruiter_registration=theirs, candidate_registration__event=event)
    wished_them.candidate_registration.user.last_name = "Zerbib"
    wished_them.candidate_registration.user.save(update_fields=["last_name"])
    CandidateScreeningFactory(
        recruiter_registration=theirs,
        candidate_registration=wished_them.candidate_registration,
        decision=ScreeningDecision.REFUSED,
    )
    client.force_login(recruiter_a)
    url = reverse("jobdating:recruiter_candidates", args=[event.pk])
    page = client.get(url).content.decode()
    assert wished_me.candidate_registration.user.get_full_name() in page
    assert "Chargée de mission développement économique" in page  # the profile headline
    assert "Zerbib" not in page
    # Screening a candidate who did not wish me is a 404, and recruiter_b's screening stays untouched.
    response = client.post(url, {"candidate": wished_them.candidate_registration.pk, "decision": "preferred"})
    assert response.status_code == 404
    assert theirs.screenings.get().decision == "refused"
    client.post(url, {"candidate": wished_me.candidate_registration.pk, "decision": "preferred"})
    assert mine.screenings.get().decision == "preferred"
    other_client = Client()
    other_client.force_login(recruiter_b)
    page = other_client.get(url).content.decode()
    assert wished_me.candidate_registration.user.get_full_name() not in page


def test_recruiter_not_registered_gets_404_on_candidates(client, recruiter_b, event):
    client.force_login(recruiter_b)
    assert client.get(reverse("jobdating:recruiter_candidates", args=[event.pk])).status_code == 404


def test_schedule_page_runs_polls_and_accepts(client, advisor, event, django_capture_on_commit_callbacks):
    recruiter = RecruiterRegistrationFactory(event=event, tables=2)
    for rank in (1,):
        for _ in range(3):
            WishFactory(recruiter_registration=recruiter, candidate_registration__event=event, rank=rank)
    client.force_login(advisor)
    url = reverse("jobdating:schedule", args=[event.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"at_least_one": "on", "max_interviews": "2"})
    assert response.status_code == 302
    run = ScheduleRun.objects.get(event=event)
    assert run.status == RunStatus.DONE
    page = client.get(url).content.decode()
    assert "72 points" in page and "à 0,0 % de la meilleure valeur possible" in page
    panel = client.get(reverse("jobdating:run_progress", args=[event.pk, run.pk]), HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 2s"' not in panel.content.decode()  # done: polling stops
    client.post(reverse("jobdating:run_accept", args=[event.pk, run.pk]))
    event.refresh_from_db()
    assert event.status == EventStatus.SCHEDULE_BUILT


def test_running_run_panel_polls_every_two_seconds(client, advisor, event):
    run = ScheduleRun.objects.create(
        event=event, status=RunStatus.RUNNING, progress={"objective": 1200, "bound": 1204, "gap": 0.0033}
    )
    client.force_login(advisor)
    panel = client.get(reverse("jobdating:run_progress", args=[event.pk, run.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in panel
    assert "à 0,3 % de la meilleure valeur possible" in panel
    assert "borne supérieure : 1\u202f204 points" in panel


def test_admin_pages_open_for_staff(client, event):
    from tests.factories import UserFactory

    admin_user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    for name in ("event", "recruiterregistration", "candidateregistration", "schedulerun", "interview"):
        assert client.get(reverse(f"admin:jobdating_{name}_changelist")).status_code == 200
    assert client.get(reverse("admin:jobdating_event_change", args=[event.pk])).status_code == 200


def test_marking_held_before_the_start_is_refused_in_french_on_the_page(client, advisor, time_machine):
    paris = datetime.timezone(datetime.timedelta(hours=2))  # summer time in Paris
    time_machine.move_to(datetime.datetime(2026, 6, 15, 10, 0, tzinfo=paris))
    event = EventFactory(advisors=[advisor], status=EventStatus.PUBLISHED)  # Monday 29 June 2026 at 9 h
    client.force_login(advisor)
    url = reverse("jobdating:event_transition", args=[event.pk])
    page = client.post(url, {"to_status": "held"}, follow=True).content.decode()
    assert (
        "Le job dating commence le lundi 29 juin 2026 à 9 h 00 : il ne peut pas être marqué comme tenu "
        "avant d&#x27;avoir commencé."
    ) in page
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    time_machine.move_to(datetime.datetime(2026, 6, 29, 12, 0, tzinfo=paris))
    client.force_login(advisor)  # a fortnight later: a new session
    page = client.post(url, {"to_status": "held"}, follow=True).content.decode()
    assert "Le job dating est maintenant à l&#x27;état « Tenu »." in page
    event.refresh_from_db()
    assert event.status == EventStatus.HELD
