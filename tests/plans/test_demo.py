"""The demo (issue 10's "done when"): a plan for a PVD intercommunality with three partners links a job
dating, a mentoring cohort and a needs campaign, its page shows their live results, and a territory
has declared needs but no action planned. Loads the full demo: slow."""

import pytest
from django.urls import reverse

from emploi_territoires.accounts.models import User
from emploi_territoires.demo.loader import load_demo
from emploi_territoires.needs.models import NeedDeclaration
from emploi_territoires.offers.rome import load_copy as load_rome_copy
from emploi_territoires.plans.demo import PLAN_TITLE, load_demo_plans
from emploi_territoires.plans.models import Action, ActionStatus, Plan
from emploi_territoires.plans.permissions import visible_plans

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

DOMAIN = "@demo.emploi-territoires.fr"


def test_demo_plan(cog, client, django_capture_on_commit_callbacks):
    load_rome_copy()
    with django_capture_on_commit_callbacks(execute=True):
        load_demo()
    plan = Plan.objects.get(title=PLAN_TITLE, is_demo=True)
    assert plan.epci_id == "200067429" and plan.scope.communes().filter(pk="58079", in_pvd=True).exists()
    assert sorted(plan.partners.values_list("role", "contact__email")) == [
        ("apec", "conseiller.bfc" + DOMAIN),
        ("collectivite", "rh.clamecy" + DOMAIN),
        ("prefecture", "delegue.anct" + DOMAIN),
    ]
    actions = plan.actions.all()
    assert actions.filter(jobdating_event__commune_id="58079").exists()
    assert actions.filter(mentoring_programme__isnull=False).exists()
    assert actions.filter(needs_campaign__isnull=False).exists()
    assert actions.filter(status=ActionStatus.DONE).exists()
    assert plan.targets.count() == 5

    client.force_login(User.objects.get(email="agent.clamecy" + DOMAIN))  # a plain member of the mairie
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "<td>Candidats inscrits</td><td>8</td>" in page
    assert "<td>Binômes formés</td>" in page and "<td>Organisations invitées</td>" in page
    assert "En retard" in page
    assert client.get(reverse("plans:edit", args=[plan.pk])).status_code == 403
    for outsider in ("rh.nevers", "conseillere.apec", "candidate"):
        assert plan not in visible_plans(User.objects.get(email=outsider + DOMAIN))

    # The national view's gap: the CA de Nevers declared a need, and no plan covers it.
    nevers_needs = NeedDeclaration.objects.filter(commune__epci__name="CA de Nevers")
    assert nevers_needs.exists()
    assert list(Plan.objects.all()) == [plan]  # the demo's only plan, checked below
    assert not any(
        p.scope.communes().filter(pk__in=nevers_needs.values("commune_id")).exists() for p in Plan.objects.all()
    )

    counts = (Plan.objects.count(), Action.objects.count(), NeedDeclaration.objects.count())
    assert load_demo_plans() == 0
    load_demo()
    assert (Plan.objects.count(), Action.objects.count(), NeedDeclaration.objects.count()) == counts
