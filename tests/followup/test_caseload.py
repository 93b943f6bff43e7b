"""The caseload: sorting, the situation filter, the alerts (no contact, an application waiting, an
interview tomorrow), the situation « déclaré » / « vérifié », and its query count."""

from __future__ import annotations

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from emploi_territoires.followup import services
from emploi_territoires.followup.caseload import alerts_for, caseload, situations_of
from emploi_territoires.followup.models import SupportStructure
from emploi_territoires.jobdating.models import Interview, ScheduleRun
from tests.applications.factories import ApplicationFactory, CandidateProfileFactory
from tests.clock import paris
from tests.factories import clamecy
from tests.jobdating.factories import CandidateRegistrationFactory, EventFactory, RecruiterRegistrationFactory

pytestmark = pytest.mark.django_db


def _second_person(pro, organisation, **profile):
    other = CandidateProfileFactory(
        user__email="noah.girard@exemple.fr",
        user__first_name="Noah",
        user__last_name="Girard",
        commune=clamecy(),
        **profile,
    ).user
    return services.open_followup(pro, other, organisation=organisation, consent_recorded=True).followup


def test_alerts_no_contact_by_the_structure_setting_waiting_application_and_interview_tomorrow(
    followup, person, pro_ml, pro_apec, mission_locale, time_machine
):
    ApplicationFactory(candidate=person)  # created on 2 November, no answer yet
    time_machine.move_to(paris(2026, 11, 20, 9), tick=False)
    event = EventFactory(date=paris(2026, 11, 21).date(), commune=clamecy())
    run = ScheduleRun.objects.create(event=event, accepted=True)
    Interview.objects.create(
        event=event,
        run=run,
        candidate_registration=CandidateRegistrationFactory(event=event, user=person),
        recruiter_registration=RecruiterRegistrationFactory(event=event),
        slot=2,
        table=0,
    )
    [row] = caseload(pro_ml)
    # 18 days without contact: under the default 4 weeks; the application waits for more than 15 days.
    assert alerts_for(row, paris(2026, 11, 20, 9)) == [
        "1 candidature sans réponse depuis plus de 15 jours",
        "Entretien de job dating demain",
    ]
    SupportStructure.objects.create(organisation=mission_locale, no_contact_alert_weeks=2)
    [row] = caseload(pro_ml)
    assert alerts_for(row, paris(2026, 11, 20, 9))[0] == "Aucun contact depuis plus de 2 semaines"
    [row] = caseload(pro_apec)  # the Apec keeps the default 4 weeks
    assert not alerts_for(row, paris(2026, 11, 20, 9))[0].startswith("Aucun contact")


def test_sorting_and_the_situation_filter(followup, pro_ml, mission_locale, time_machine):
    time_machine.move_to(paris(2026, 11, 10, 9), tick=False)
    noah = _second_person(pro_ml, mission_locale, has_rqth=True)
    services.plan_appointment(pro_ml, noah, starts_at=paris(2026, 11, 12, 10))
    services.plan_appointment(pro_ml, followup, starts_at=paris(2026, 11, 16, 10))
    assert [f.person.first_name for f in caseload(pro_ml)] == ["Lina", "Noah"]  # oldest contact first
    assert [f.person.first_name for f in caseload(pro_ml, sort="appointment")] == ["Noah", "Lina"]
    assert [f.person.first_name for f in caseload(pro_ml, situation="has_rqth")] == ["Noah"]
    assert [f.person.first_name for f in caseload(pro_ml, situation="is_qpv_resident")] == ["Lina"]


def test_situations_declared_and_checked_by_the_reference_data(person):
    labels = [(s.label, s.checked) for s in situations_of(person.candidate_profile)]
    assert labels == [
        ("Habitant·e d'un quartier prioritaire (QPV)", "la commune (Nevers) compte un QPV"),
        ("Moins de 26 ans", ""),
    ]


def test_the_caseload_page_query_count(client, followup, pro_ml, mission_locale, django_assert_max_num_queries):
    for name in ("Emma", "Jules", "Chloé"):
        other = CandidateProfileFactory(user__email=f"{name.lower()}@exemple.fr", user__first_name=name).user
        services.open_followup(pro_ml, other, organisation=mission_locale, consent_recorded=True)
    client.force_login(pro_ml)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("followup:caseload"))
    page = html.unescape(response.content.decode())
    assert "4 personnes accompagnées" in page
    assert "Lina Mansouri" in page and "Chloé" in page


def test_the_detail_page_shows_the_checked_situation(client, followup, pro_apec):
    client.force_login(pro_apec)
    page = html.unescape(client.get(reverse("followup:detail", args=[followup.pk])).content.decode())
    assert "vérifié : la commune (Nevers) compte un QPV" in page
    assert 'Moins de 26 ans — <span class="fr-badge fr-badge--sm fr-badge--no-icon">déclaré</span>' in page


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_followup_pages_query_counts(client, followup, person, pro_ml, pro_apec):
    """The timeline reads each source once: as many queries with one note and one application as with four."""
    detail, mine = reverse("followup:detail", args=[followup.pk]), reverse("followup:mine")
    services.add_note(pro_apec, followup, "Point d'étape.", visibility="group")
    ApplicationFactory(candidate=person)
    client.force_login(pro_ml)
    small_detail = _queries(client, detail)
    client.force_login(person)
    small_mine = _queries(client, mine)
    for n in range(3):
        services.add_note(pro_apec, followup, f"Point d'étape n° {n + 2}.", visibility="group")
        ApplicationFactory(candidate=person)
    client.force_login(pro_ml)
    assert _queries(client, detail) == small_detail <= 30
    client.force_login(person)
    assert _queries(client, mine) == small_mine <= 30
