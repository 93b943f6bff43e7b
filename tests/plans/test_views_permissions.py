"""Who reaches every plans page (issue 10: "only the plan's partners (and staff) see a plan; tests prove
it for every view").

Expected: anonymous → login; candidate → 403 on the list and creation, 404 on a plan; member of a
non-partner organisation → 404 on a plan (it must not learn it exists), 403 on creation (an
entreprise does not open plans); plain member of a partner → reads the plan, 403 on editing pages;
named contact of a partner and staff → everything.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.plans.world import plan_world

pytestmark = pytest.mark.django_db

# (url name, needs the plan, needs: None | "partner" | "target" | "action", method)
PLAN_PAGES = [
    ("plans:detail", None, "get", "view"),
    ("plans:edit", None, "get", "edit"),
    ("plans:partners", None, "get", "edit"),
    ("plans:partner_edit", "partner", "get", "edit"),
    ("plans:partner_remove", "partner", "post", "edit"),
    ("plans:targets", None, "get", "edit"),
    ("plans:target_remove", "target", "post", "edit"),
    ("plans:action_create", None, "get", "edit"),
    ("plans:action_edit", "action", "get", "edit"),
    ("plans:action_transition", "action", "post", "edit"),
]


@pytest.fixture
def world(db):
    from tests.plans.factories import PlanTargetFactory

    world = plan_world()
    world.target = PlanTargetFactory(plan=world.plan, indicator_code="jobdating_hires", target=5)
    return world


def _url(world, name, extra):
    args = [world.plan.pk]
    if extra == "partner":
        args.append(world.apec_partner.pk)
    elif extra == "target":
        args.append(world.target.pk)
    elif extra == "action":
        args.append(world.action.pk)
    return reverse(name, args=args)


def _request(client, method, url):
    if method == "post":
        # A harmless body: the transition form without a status is refused without a change.
        return client.post(url, {})
    return client.get(url)


@pytest.mark.parametrize(("name", "extra", "method", "level"), PLAN_PAGES)
def test_anonymous_is_sent_to_login(client, world, name, extra, method, level):
    url = _url(world, name, extra)
    response = _request(client, method, url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("name", "extra", "method", "level"), PLAN_PAGES)
def test_outsiders_get_404(client, world, candidate, recruiter_b, advisor_other, name, extra, method, level):
    # A candidate, an entreprise of Clamecy itself, and an Apec advisor following the Nièvre from another
    # Apec organisation: none of them is a partner of the plan.
    for outsider in (candidate, recruiter_b, advisor_other):
        client.force_login(outsider)
        assert _request(client, method, _url(world, name, extra)).status_code == 404, outsider


@pytest.mark.parametrize(("name", "extra", "method", "level"), PLAN_PAGES)
def test_plain_member_of_a_partner_reads_but_does_not_edit(client, world, name, extra, method, level):
    client.force_login(world.agent)
    response = _request(client, method, _url(world, name, extra))
    assert response.status_code == (200 if level == "view" else 403)


@pytest.mark.parametrize("who", ["delegue", "dgs", "staff"])
@pytest.mark.parametrize(("name", "extra", "method", "level"), PLAN_PAGES)
def test_contacts_and_staff_reach_every_page(client, world, staff, who, name, extra, method, level):
    # The préfecture's delegate (a plain member, named contact), the collectivité's DGS (admin, contact), staff.
    user = staff if who == "staff" else getattr(world, who)
    client.force_login(user)
    response = _request(client, method, _url(world, name, extra))
    assert response.status_code == (302 if method == "post" else 200)


def test_lead_contact_edits_their_action_without_editing_the_plan(client, world):
    """The Apec's named contact (a plain member of the Apec) edits the action the Apec leads; another plain
    member of the Apec reads the plan but edits nothing."""
    from tests.factories import MembershipFactory, UserFactory
    from tests.plans.factories import ActionFactory

    apec_member = UserFactory(email="stagiaire.apec@exemple.fr")
    MembershipFactory(user=apec_member, organisation=world.apec)
    action = ActionFactory(plan=world.plan, lead=world.apec_partner, title="Ateliers de rédaction d'offres")
    client.force_login(apec_member)
    assert client.get(reverse("plans:detail", args=[world.plan.pk])).status_code == 200
    assert client.get(reverse("plans:action_edit", args=[world.plan.pk, action.pk])).status_code == 403
    client.force_login(world.apec_contact)
    assert client.get(reverse("plans:action_edit", args=[world.plan.pk, action.pk])).status_code == 200


def test_list_and_create(client, world, candidate, recruiter_b, staff):
    list_url, create_url = reverse("plans:list"), reverse("plans:create")
    for url in (list_url, create_url):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    client.force_login(candidate)
    assert client.get(list_url).status_code == 403
    assert client.get(create_url).status_code == 403
    client.force_login(recruiter_b)
    response = client.get(list_url)
    assert response.status_code == 200
    plan_link = f'href="{world.plan.get_absolute_url()}"'
    assert plan_link not in response.content.decode()
    assert client.get(create_url).status_code == 403  # an entreprise does not open plans
    for user in (world.agent, world.delegue, staff):
        client.force_login(user)
        response = client.get(list_url)
        assert response.status_code == 200 and plan_link in response.content.decode()
        assert client.get(create_url).status_code == 200


def test_get_on_post_only_pages_is_refused(client, world):
    client.force_login(world.dgs)
    for name, extra in (("plans:partner_remove", "partner"), ("plans:action_transition", "action")):
        assert client.get(_url(world, name, extra)).status_code == 405


def test_the_space_links_to_the_plans_for_partners_not_for_companies(client, world, recruiter_b):
    link = f'href="{reverse("plans:list")}"'
    client.force_login(world.agent)
    assert link in client.get(reverse("accounts:space")).content.decode()
    client.force_login(recruiter_b)  # an entreprise
    assert link not in client.get(reverse("accounts:space")).content.decode()
