"""The demo dataset: realistic, idempotent, every documented login works."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from emploi_territoires.accounts.models import Organisation, User
from emploi_territoires.accounts.validators import is_valid_siret
from emploi_territoires.demo.loader import DEMO_PASSWORD, USERS, fictitious_siret, load_demo
from emploi_territoires.followup.permissions import followups_of_professional
from emploi_territoires.offers.models import Offer
from emploi_territoires.offers.publication import publication_problems
from emploi_territoires.offers.rome import load_copy as load_rome_copy
from emploi_territoires.search.models import OfferDocument
from emploi_territoires.territories.models import Commune, ProgrammeMembership

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_covers_the_four_programmes_and_is_idempotent(cog, django_capture_on_commit_callbacks):
    load_rome_copy()
    # The search projection is updated once each write commits.
    with django_capture_on_commit_callbacks(execute=True):
        first = load_demo()
    assert first.organisations_created >= 20
    assert first.users_created == len(USERS)
    organisations = Organisation.objects.filter(is_demo=True)
    flagged = {programme: organisations.in_programme(programme).count() for programme in ("acv", "pvd", "ti", "qpv")}
    assert all(count > 0 for count in flagged.values()), flagged
    # Without the official lists the demo seeded its labelled extract; Clamecy is a real PVD.
    assert Commune.objects.get(pk="58079").in_pvd
    assert ProgrammeMembership.objects.filter(programme="ti", epci_id="244200770").exists()
    # A few hundred offers, most published and indexed for the board, across the programmes.
    assert first.offers_created >= 250
    published = Offer.objects.filter(is_demo=True, status="published")
    assert published.count() > first.offers_created // 2
    assert OfferDocument.objects.count() == published.count()
    for programme in ("acv", "pvd", "ti", "qpv"):
        assert published.in_programme(programme).exists(), programme
    assert published.filter(contract_type="vta").exists()
    # Issue 16: the Mairie de Clamecy's VTA aid files, instructed by the Nièvre's préfecture (vta.demo).
    from emploi_territoires.vta.models import Mission

    statuses = sorted(Mission.objects.filter(is_demo=True).values_list("aid__status", flat=True))
    assert statuses == ["filed", "granted", "granted"]
    counts = (
        Organisation.objects.count(),
        User.objects.count(),
        ProgrammeMembership.objects.count(),
        Offer.objects.count(),
    )

    second = load_demo()
    assert (second.organisations_created, second.users_created, second.programme_lists_seeded) == (0, 0, [])
    assert second.offers_created == 0
    assert first.applications_created >= 10
    assert second.applications_created == 0
    assert first.jobdating_interviews > 0
    assert second.jobdating_interviews == 0
    assert first.mentoring_pairs > 0
    assert second.mentoring_pairs == 0
    assert first.needs_declared > 0
    assert second.needs_declared == 0
    assert first.targets_set > 0
    ines = User.objects.get(email="candidate@demo.emploi-territoires.fr")
    assert ines.candidate_profile.is_young_graduate and ines.candidate_profile.is_qpv_resident
    assert ines.applications.count() >= 1
    assert (
        Organisation.objects.count(),
        User.objects.count(),
        ProgrammeMembership.objects.count(),
        Offer.objects.count(),
    ) == counts


def test_every_documented_login_works(cog, client):
    load_demo()
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| `([\w.]+@demo\.emploi-territoires\.fr)` \|", readme, flags=re.MULTILINE)
    # The README's table of logins is exactly the demo's accounts (16 of them), each tried below.
    assert len(documented) == 16
    assert sorted(spec.email for spec in USERS) == sorted(documented)
    for spec in USERS:
        assert client.login(username=spec.email, password=DEMO_PASSWORD), spec.email
        response = client.get("/comptes/espace/")
        assert response.status_code == 200, spec.email
        client.logout()


def test_demo_roles(cog):
    load_demo()
    hr = User.objects.get(email="rh.clamecy@demo.emploi-territoires.fr")
    assert sorted(hr.organisations.values_list("name", flat=True)) == ["Mairie de Clamecy", "Ville de Nevers"]
    advisor = User.objects.get(email="conseillere.apec@demo.emploi-territoires.fr")
    assert sorted(advisor.advisor_scope.departements.values_list("code", flat=True)) == ["42", "58"]
    assert User.objects.get(email="admin@demo.emploi-territoires.fr").is_staff
    clamecy = Organisation.objects.get(name="Mairie de Clamecy")
    assert clamecy.siren == "215800798"  # the commune's real SIREN, from the COG
    assert clamecy.is_verified
    # Issue 17: the Mairie de Varzy signed up on the site and waits; one draft, one offer under review.
    varzy = Organisation.objects.get(name="Mairie de Varzy")
    assert (varzy.verification_status, varzy.siren, varzy.requester_mandate) == (
        "pending",
        "215803040",
        "Secrétaire générale de mairie",
    )
    assert varzy.requested_by.email == "secretariat.varzy@demo.emploi-territoires.fr"
    assert sorted(varzy.offers.values_list("status", flat=True)) == ["draft", "submitted"]
    # Nothing but the review stands between them and publication (the browser journey 7 publishes one).
    assert [publication_problems(offer) for offer in varzy.offers.all()] == [[], []]


def test_fictitious_sirets_pass_the_luhn_check():
    sirets = {fictitious_siret(n) for n in range(1, 50)}
    assert len(sirets) == 49
    assert all(is_valid_siret(s) for s in sirets)


def test_demo_command_needs_the_reference_data(db):
    with pytest.raises(CommandError, match="load_territories"):
        call_command("load_demo")


def test_demo_is_refused_in_production(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("load_demo")


def test_demo_advisor_mentoring_needs_and_plan_figures_read_true(cog, client, time_machine):
    """Issue 14: the advisor follows people, Inès sees a mentoring programme open to her, the mentoring
    figures come from a real cohort, only members answer needs campaigns, a plan's action shows its
    territory's figures first — and every demo person has a distinct name."""
    import datetime
    from collections import Counter
    from zoneinfo import ZoneInfo

    from django.urls import reverse

    from emploi_territoires.evaluation.indicators import Period, TerritoryScope, compute_indicators
    from emploi_territoires.mentoring.demo import OPEN_PROGRAMME_NAME, PROGRAMME_NAME
    from emploi_territoires.mentoring.figures import programme_figures
    from emploi_territoires.mentoring.models import Pair
    from emploi_territoires.mentoring.models import Programme as MentoringProgramme
    from emploi_territoires.needs.models import CampaignInvitation
    from emploi_territoires.plans.demo import PLAN_TITLE
    from emploi_territoires.plans.models import Plan
    from emploi_territoires.plans.results import action_results

    time_machine.move_to(datetime.datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Europe/Paris")))
    load_rome_copy()
    load_demo()
    domain = "@demo.emploi-territoires.fr"

    # « The advisor follows nobody »: she accompanies the demo candidates of her territory, Inès first,
    # and shares Lina's follow-up with the mission locale (issue 15, followup.demo).
    advisor = User.objects.get(email="conseillere.apec" + domain)
    followed = {f.person.email for f in followups_of_professional(advisor).select_related("person")}
    assert {"candidate" + domain, "lina.mansouri" + domain} <= followed and len(followed) >= 4
    client.force_login(advisor)
    assert "Inès Haddad" in client.get(reverse("applications:advisor")).content.decode()

    # « The candidate sees no mentoring programme open to her »: one of her territory, with its button.
    ines = User.objects.get(email="candidate" + domain)
    opening = MentoringProgramme.objects.get(name=OPEN_PROGRAMME_NAME)
    assert opening.starts_on > datetime.date(2026, 6, 15) and opening.scope.covers(ines.mentee_profile.commune)
    client.force_login(ines)
    assert reverse("mentoring:enrol", args=[opening.pk]) in client.get(reverse("mentoring:home")).content.decode()

    # « One ended pair with no meeting »: a cohort with meetings, outcomes, in the indicators too.
    running = MentoringProgramme.objects.get(name=PROGRAMME_NAME)
    figures = programme_figures(running)
    assert figures.pairs_started >= 25 and figures.pairs_ended >= 6 and figures.meetings >= 150
    assert figures.job_or_training_share is not None and figures.average_satisfaction is not None
    assert not Pair.objects.filter(programme=running, meetings__isnull=True).exists()
    indicators = {v.code: v.value for v in compute_indicators(TerritoryScope("departement", "42"), Period.year(2026))}
    assert indicators["pairs_started"] > 0 and indicators["pairs_ended"] > 0
    assert indicators["pairs_positive_share"] is not None

    # « A company with no member a répondu »: every answer comes from a member of the organisation.
    answered = list(CampaignInvitation.objects.filter(answered_at__isnull=False).select_related("organisation"))
    assert len(answered) >= 2
    for invitation in answered:
        assert invitation.organisation.members.filter(pk=invitation.answered_by_id).exists(), invitation

    # A plan's action: the plan territory's figures first, the whole object's second.
    plan = Plan.objects.get(title=PLAN_TITLE)
    mentoring = {line.label: line for line in action_results(plan.actions.get(mentoring_programme=running))}
    formed = mentoring["Binômes formés"]
    assert 0 < formed.value < formed.whole == figures.pairs_started
    needs = {line.label: line for line in action_results(plan.actions.get(needs_campaign__isnull=False))}
    assert needs["Organisations invitées"].value < needs["Organisations invitées"].whole  # the Ville de Nevers
    client.force_login(User.objects.get(email="agent.clamecy" + domain))
    page = client.get(plan.get_absolute_url()).content.decode()
    assert f"<td>Binômes formés</td><td>{formed.value}</td><td>{formed.whole}</td>" in page

    # Every demo person has a distinct name.
    names = Counter(User.objects.filter(email__endswith=domain).values_list("first_name", "last_name"))
    assert [name for name, count in names.items() if count > 1] == []


def test_demo_job_datings_read_true(cog, client, settings, time_machine, django_capture_on_commit_callbacks):
    """Issue 14: the job datings are dated from the load day — one held in the past, with outcomes
    recorded after their interviews; one coming, open for registration, suggested to Inès — and no
    two people registered to them share a name."""
    import datetime
    from zoneinfo import ZoneInfo

    from django.urls import reverse
    from django.utils import timezone

    from emploi_territoires.jobdating.models import Event, EventStatus, Interview
    from emploi_territoires.jobdating.services_outcomes import event_figures
    from emploi_territoires.jobdating.services_registrations import registration_problem

    settings.JOBDATING_NUM_WORKERS = 1
    settings.JOBDATING_TIME_LIMIT = 5.0
    settings.JOBDATING_REOPTIMISE_SECONDS = 3.0
    # The day the issue was found: the Saint-Étienne job dating of 27 December was « tenu » that day.
    time_machine.move_to(datetime.datetime(2026, 12, 6, 10, 0, tzinfo=ZoneInfo("Europe/Paris")))
    load_rome_copy()
    with django_capture_on_commit_callbacks(execute=True):
        load_demo()
    now, today = timezone.now(), timezone.localdate()

    # Nothing is « tenu » or « clos » before it started, and the past one has outcomes.
    after = Event.objects.filter(is_demo=True, status__in=[EventStatus.HELD, EventStatus.CLOSED])
    assert after.exists()
    for event in after:
        marked = event.transitions.get(to_status=EventStatus.HELD).created_at
        assert event.date < today and event.slot_start(0) <= marked < now
    held = after.get()
    figures = event_figures(held)
    assert figures.interviews_held > 30 and figures.hires + figures.second_interviews > 0
    recorded = Interview.objects.filter(event=held, run__accepted=True).exclude(outcome="")
    assert recorded.exists()
    assert all(held.slot_end(i.slot) <= i.outcome_recorded_at <= now for i in recorded)

    # A coming one, open for registration, with registrations; Inès sees it in her space.
    coming = [e for e in Event.objects.filter(is_demo=True, date__gt=today) if registration_problem(e) is None]
    assert coming and all(e.candidate_registrations.exists() for e in coming)
    client.force_login(User.objects.get(email="candidate@demo.emploi-territoires.fr"))
    space = client.get(reverse("accounts:space")).content.decode()
    assert "Job datings pour vous" in space and any(e.get_absolute_url() in space for e in coming)

    # « 31 registrations share 11 names »: no more.
    events = list(Event.objects.filter(is_demo=True))
    # The past Saint-Étienne event, the coming Firminy one, and the Haut Nivernais plan's Clamecy one.
    assert len(events) == 3
    for event in events:
        names = list(event.candidate_registrations.values_list("user__first_name", "user__last_name"))
        assert len(set(names)) == len(names), event.title
