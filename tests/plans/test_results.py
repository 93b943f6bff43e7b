"""Automatic results (issue 10: "its results appear on the plan automatically, from the evaluation
indicators — never typed by hand twice"): a real job dating with registrations and interviews, a
mentoring programme with pairs and a needs campaign with declarations, all in Clamecy, linked to the
Haut Nivernais plan; the plan page shows their figures and follows the data when it changes."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from emploi_territoires.jobdating.models import (
    EventStatus,
    Interview,
    InterviewOutcome,
    InterviewStatus,
    RunKind,
    RunStatus,
    ScheduleRun,
)
from emploi_territoires.mentoring.models import Meeting, Outcome, Pair
from emploi_territoires.mentoring.models import Programme as MentoringProgramme
from emploi_territoires.needs.models import ScopeKind
from emploi_territoires.plans import services
from emploi_territoires.plans.models import ActionKind
from emploi_territoires.plans.results import ResultLine, action_results, plan_results
from emploi_territoires.plans.services import ActionData
from tests.factories import OrganisationFactory, UserFactory, clamecy, nevers
from tests.jobdating.factories import CandidateRegistrationFactory, EventFactory, RecruiterRegistrationFactory
from tests.mentoring.conftest import make_mentee, rome
from tests.needs.factories import CampaignInvitationFactory, NeedDeclarationFactory, NeedsCampaignFactory
from tests.plans.factories import PlanTargetFactory
from tests.plans.world import plan_world

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def figures(lines: list[ResultLine]) -> dict:
    return {line.label: line.value for line in lines}


@pytest.fixture
def linked(db):
    world = plan_world()
    today = world.today
    cl = clamecy()

    # A job dating held in Clamecy 20 days ago: 3 registered (1 absent), 2 interviews held, 1 hire.
    event = EventFactory(
        title="Job dating des métiers du bois — Clamecy", commune=cl, date=today - 20 * DAY, status=EventStatus.HELD
    )
    recruiter = RecruiterRegistrationFactory(event=event, organisation=OrganisationFactory(commune=cl))
    registered = [CandidateRegistrationFactory(event=event) for _ in range(3)]
    registered[2].no_show = True
    registered[2].save(update_fields=["no_show"])
    run = ScheduleRun.objects.create(event=event, kind=RunKind.BUILD, status=RunStatus.DONE, accepted=True)
    rows = [
        (registered[0], InterviewStatus.HELD, InterviewOutcome.HIRED),
        (registered[1], InterviewStatus.HELD, InterviewOutcome.SECOND_INTERVIEW),
        (registered[2], InterviewStatus.NO_SHOW, InterviewOutcome.NONE),
    ]
    interviews = [
        Interview.objects.create(
            event=event,
            run=run,
            candidate_registration=registration,
            recruiter_registration=recruiter,
            slot=slot,
            table=0,
            status=status,
            outcome=outcome,
        )
        for slot, (registration, status, outcome) in enumerate(rows)
    ]

    # A mentoring cohort on the intercommunality: two mentees of Clamecy, one pair ended with a job.
    programme = MentoringProgramme.objects.create(
        name="Cohorte mentorat Haut Nivernais 2026", scope_kind=ScopeKind.EPCI, epci=cl.epci,
        starts_on=today - 90 * DAY, ends_on=today + 90 * DAY,
    )  # fmt: skip
    carpenter = rome("H2206", "Menuisier / Menuisière")
    mentor = UserFactory(email="mentor.bois@exemple.fr")
    pairs = []
    for n, (email, ended, outcome) in enumerate(
        [("jade@exemple.fr", today - 5 * DAY, Outcome.JOB), ("tom@exemple.fr", None, "")]
    ):
        mentee = make_mentee(email, "Prénom", "Nom", cl, [carpenter])
        pairs.append(
            Pair.objects.create(
                programme=programme,
                mentor=mentor,
                mentee=mentee,
                started_on=today - (60 - n) * DAY,
                ended_on=ended,
                outcome=outcome,
                state=Pair.State.ENDED if ended else Pair.State.ACTIVE,
            )
        )
    Meeting.objects.create(pair=pairs[1], date=today - 30 * DAY, duration_minutes=60)

    # A needs campaign on the intercommunality: two employers invited, one answered with two needs.
    campaign = NeedsCampaignFactory(
        title="Besoins de recrutement — Haut Nivernais", scope_kind=ScopeKind.EPCI, epci=cl.epci, departement=None
    )
    menuiserie = OrganisationFactory(name="Menuiserie du Haut Nivernais", commune=cl)
    CampaignInvitationFactory(campaign=campaign, organisation=menuiserie, answered_at=timezone.now())
    CampaignInvitationFactory(
        campaign=campaign, organisation=OrganisationFactory(name="Scierie de Clamecy", commune=cl)
    )
    NeedDeclarationFactory(organisation=menuiserie, campaign=campaign, count=2)
    NeedDeclarationFactory(organisation=menuiserie, campaign=campaign, count=3)

    def add(kind, title, **link):
        return services.create_action(
            world.plan,
            ActionData(kind=kind, title=title, lead=world.apec_partner, starts_on=today - 90 * DAY,
                       ends_on=today + 30 * DAY, **link),
        )  # fmt: skip

    world.jobdating_action = add(ActionKind.JOB_DATING, "Job dating du bois", jobdating_event=event)
    world.mentoring_action = add(ActionKind.MENTORING, "Cohorte de mentorat", mentoring_programme=programme)
    world.needs_action = add(ActionKind.NEEDS_CAMPAIGN, "Recensement des besoins", needs_campaign=campaign)
    PlanTargetFactory(plan=world.plan, indicator_code="jobdating_hires", target=Decimal(4))
    PlanTargetFactory(plan=world.plan, indicator_code="pairs_started", target=Decimal(4))
    PlanTargetFactory(plan=world.plan, indicator_code="needs_declared", target=Decimal(10))
    world.interviews, world.pairs, world.campaign, world.menuiserie = interviews, pairs, campaign, menuiserie
    return world


def test_each_action_shows_its_object_figures(linked):
    jobdating = figures(action_results(linked.jobdating_action))
    assert jobdating["État du job dating"] == "Tenu"
    assert (jobdating["Candidats inscrits"], jobdating["Entretiens tenus"], jobdating["Recrutements"]) == (3, 2, 1)
    assert jobdating["Seconds entretiens"] == 1 and jobdating["Taux d'absence"] == pytest.approx(33.3)
    mentoring = figures(action_results(linked.mentoring_action))
    assert (mentoring["Binômes formés"], mentoring["Binômes en cours"], mentoring["Binômes terminés"]) == (2, 1, 1)
    assert mentoring["Rencontres"] == 1 and mentoring["Mentorés en emploi ou en formation à la fin"] == 100
    needs = figures(action_results(linked.needs_action))
    assert (needs["Organisations invitées"], needs["Organisations qui ont répondu"], needs["Taux de réponse"]) == (
        2,
        1,
        50,
    )
    assert (needs["Besoins déclarés"], needs["Postes à pourvoir déclarés"]) == (2, 5)
    assert action_results(linked.action) == []  # no link, no figure
    # Everything linked is in Clamecy: the plan territory's figures are the whole objects'.
    cut = [line for a in (linked.jobdating_action, linked.mentoring_action, linked.needs_action)
           for line in action_results(a) if line.is_cut]  # fmt: skip
    assert len(cut) == 7 + 6 + 5 and all(line.value == line.whole for line in cut)


def test_plan_results_against_targets(linked):
    lines = {line.code: line for line in plan_results(linked.plan)}
    assert list(lines) == ["jobdating_hires", "pairs_started", "needs_declared"]  # the INDICATORS order
    assert (lines["jobdating_hires"].actual, lines["jobdating_hires"].achievement) == (1, 25.0)
    assert (lines["pairs_started"].actual, lines["pairs_started"].achievement) == (2, 50.0)
    assert (lines["needs_declared"].actual, lines["needs_declared"].target) == (2, Decimal(10))


def test_results_follow_the_data(client, linked):
    client.force_login(linked.agent)
    url = reverse("plans:detail", args=[linked.plan.pk])
    page = client.get(url).content.decode()
    assert "<td>Recrutements</td><td>1</td>" in page
    assert "<td>Binômes formés</td><td>2</td>" in page
    assert "<td>Postes à pourvoir déclarés</td><td>5</td>" in page
    assert "25 %" in page  # 1 hire out of a target of 4
    assert "<td>Taux d&#x27;absence</td><td>33,3 %</td>" in page

    # The recruiter records a second hire; a third mentee starts; another need is declared.
    Interview.objects.filter(pk=linked.interviews[1].pk).update(outcome=InterviewOutcome.HIRED)
    Pair.objects.create(
        programme=linked.mentoring_action.mentoring_programme, mentor=linked.pairs[0].mentor,
        mentee=make_mentee("zoe@exemple.fr", "Zoé", "Nom", clamecy(), [rome("H2206", "Menuisier")]),
        started_on=linked.today - DAY,
    )  # fmt: skip
    NeedDeclarationFactory(organisation=linked.menuiserie, campaign=linked.campaign, count=1)

    page = client.get(url).content.decode()
    assert "<td>Recrutements</td><td>2</td>" in page and "50 %" in page
    assert "<td>Binômes formés</td><td>3</td>" in page
    assert "<td>Postes à pourvoir déclarés</td><td>6</td>" in page
    lines = {line.code: line for line in plan_results(linked.plan)}
    assert (lines["jobdating_hires"].actual, lines["pairs_started"].actual, lines["needs_declared"].actual) == (2, 3, 3)


def test_plan_results_stay_in_the_plan_territory(linked):
    """A need declared in Nevers (another intercommunality) does not count for the Haut Nivernais plan."""
    NeedDeclarationFactory(organisation=OrganisationFactory(name="Fonderie de Nevers", commune=nevers()))
    lines = {line.code: line for line in plan_results(linked.plan)}
    assert lines["needs_declared"].actual == 2


def test_result_values_read_in_french():
    assert ResultLine("Taux d'absence", 33.333, "%").display == "33,3 %"
    assert ResultLine("Taux de réponse", 100.0, "%").display == "100 %"
    assert ResultLine("Candidats inscrits", 1234).display == "1\u202f234"
    assert ResultLine("Satisfaction moyenne", None, "/ 5").display == "—"
    assert ResultLine("État du job dating", "Tenu").display == "Tenu"
