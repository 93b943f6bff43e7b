"""The mentoring demo on the real geography (issue 14: « the candidate sees no mentoring programme open
to her », « the mentoring figures come from one ended pair with no meeting »): a running cohort with
meetings, surveys, ended pairs and alerts, dated from the day it is loaded; a programme open for
enrolment that Inès sees and joins; distinct names; idempotent."""

import datetime
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from emploi_territoires.accounts.models import User
from emploi_territoires.mentoring.demo import (
    CANDIDATE_EMAIL,
    HAUT_NIVERNAIS,
    MANAGER_EMAIL,
    MENTOR_EMAIL,
    OPEN_PROGRAMME_NAME,
    PROGRAMME_NAME,
    load_demo_mentoring,
)
from emploi_territoires.mentoring.figures import programme_figures
from emploi_territoires.mentoring.models import (
    Enrolment,
    HelpRequest,
    Meeting,
    Outcome,
    Pair,
    Programme,
    SurveyAnswer,
)
from emploi_territoires.offers.rome import load_copy as load_rome
from emploi_territoires.territories.models import Commune
from emploi_territoires.territories.scope import ScopeKind

PARIS = ZoneInfo("Europe/Paris")
TODAY = datetime.date(2026, 6, 15)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def loaded(cog, db, time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 15, 10, 0, tzinfo=PARIS))
    load_rome()
    User.objects.create_user(
        email=CANDIDATE_EMAIL, password="x", first_name="Inès", last_name="Haddad", kind=User.Kind.CANDIDATE
    )
    published = load_demo_mentoring()
    return published


@pytest.mark.slow
def test_demo_cohort_reads_like_a_real_one(loaded, client):
    programme = Programme.objects.get(name=PROGRAMME_NAME)
    roles = Counter(Enrolment.objects.filter(programme=programme).values_list("role", flat=True))
    assert (roles["mentor"], roles["mentee"]) == (20, 40)
    runs = list(programme.runs.order_by("created_at", "pk"))
    assert len(runs) == 3 and runs[0].published_at is None  # run, locks carried to the re-run, late wave
    assert runs[1].proposals.filter(locked=True).count() == 2
    # Runs are dated when they happened, not when the demo was loaded.
    assert [timezone.localdate(run.published_at) for run in runs[1:]] == [TODAY - 150 * DAY, TODAY - 45 * DAY]
    pairs = Pair.objects.filter(programme=programme)
    assert loaded == pairs.count() >= 25
    # Two waves, dated from the day the demo is loaded.
    assert set(pairs.values_list("started_on", flat=True)) == {TODAY - 150 * DAY, TODAY - 45 * DAY}
    assert programme.starts_on < TODAY < programme.ends_on

    # Every pair has met, none in the future; the demo mentor logged last week's meeting.
    assert not pairs.filter(meetings__isnull=True).exists()
    assert not Meeting.objects.filter(date__gt=TODAY).exists()
    assert Meeting.objects.filter(pair__mentor__email=MENTOR_EMAIL, date=TODAY - 7 * DAY).exists()
    assert Meeting.objects.filter(pair__programme=programme).count() >= 150

    # Ended pairs with their outcome and satisfaction, surveys answered, alerts raised.
    ended = pairs.filter(state=Pair.State.ENDED)
    assert ended.count() >= 6 and not ended.filter(outcome="").exists()
    assert set(ended.values_list("outcome", flat=True)) == {Outcome.JOB, Outcome.TRAINING, Outcome.STILL_SEARCHING}
    assert all(TODAY - 150 * DAY < p.ended_on < TODAY for p in ended)
    assert SurveyAnswer.objects.filter(pair__programme=programme, milestone=3).count() >= 10
    alerts = Counter(HelpRequest.objects.filter(pair__programme=programme).values_list("kind", flat=True))
    assert alerts[HelpRequest.Kind.NO_MEETING] >= 1 and alerts[HelpRequest.Kind.HELP] == 1

    figures = programme_figures(programme)
    assert figures.pairs_ended == ended.count() and figures.job >= 3
    assert figures.job_or_training_share is not None and 0.5 < figures.job_or_training_share < 1
    assert figures.average_satisfaction is not None and figures.meetings >= 150

    # The action plan's territory (CC Haut Nivernais - Val d'Yonne) has pairs of its own, one ended.
    haut_nivernais = programme_figures(programme, in_territory=lambda path: _in(path, HAUT_NIVERNAIS))
    assert haut_nivernais.pairs_started >= 3 and haut_nivernais.pairs_ended >= 1
    assert 0 < haut_nivernais.meetings < figures.meetings
    assert set(Commune.objects.filter(pk__in=HAUT_NIVERNAIS).values_list("epci_id", flat=True)) == {"200067429"}

    # The manager reads the figures on the programme page.
    client.force_login(programme.managers.get(email=MANAGER_EMAIL))
    page = client.get(programme.get_absolute_url()).content.decode()
    share = round(100 * figures.job_or_training_share)
    assert f"{share} % ({figures.job_or_training} sur {figures.ended_with_outcome} : {figures.job} en emploi" in page

    # Every person has a distinct name.
    names = Counter(User.objects.values_list("first_name", "last_name"))
    assert [name for name, n in names.items() if n > 1] == []

    assert load_demo_mentoring() == 0
    assert Programme.objects.filter(name=PROGRAMME_NAME).count() == 1


def _in(path, codes):
    from django.db.models import Q

    return Q(**{f"{path}__in": codes})


@pytest.mark.slow
def test_ines_sees_an_open_programme_of_her_territory_and_enrols(loaded, client):
    """The programme opening in three weeks covers Saint-Étienne Métropole; Inès (Montreynaud, Saint-Étienne)
    has her mentee profile, sees it among the open programmes with its button and enrols from her mentoring page."""
    opening = Programme.objects.get(name=OPEN_PROGRAMME_NAME)
    assert (opening.scope_kind, opening.epci_id, opening.starts_on) == (ScopeKind.EPCI, "244200770", TODAY + 21 * DAY)
    assert Enrolment.objects.filter(programme=opening, role="mentor").count() >= 3
    assert Enrolment.objects.filter(programme=opening, role="mentee").count() == 3
    ines = User.objects.get(email=CANDIDATE_EMAIL)
    profile = ines.mentee_profile
    assert profile.commune_id == "42218" and profile.is_qpv_resident and profile.situation_consent_at is not None
    assert not Enrolment.objects.filter(user=ines).exists()

    client.force_login(ines)
    page = client.get(reverse("mentoring:home")).content.decode()
    section = page.split('id="open-programmes"')[1].split("</section>")[0]
    assert OPEN_PROGRAMME_NAME in section and "Intercommunalité : Saint-Étienne Métropole" in section
    entry = section.split(OPEN_PROGRAMME_NAME)[1].split('<div class="fr-mb-2w">')[0]
    assert f'action="{reverse("mentoring:enrol", args=[opening.pk])}"' in entry and "M'inscrire</button>" in entry
    response = client.post(reverse("mentoring:enrol", args=[opening.pk]), follow=True)
    assert f"Vous êtes inscrit·e au programme « {OPEN_PROGRAMME_NAME} »." in response.content.decode()
    assert Enrolment.objects.filter(programme=opening, user=ines, role="mentee", is_active=True).exists()
