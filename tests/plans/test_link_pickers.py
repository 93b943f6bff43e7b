"""The action form's link pickers list only what the editor may see, in the plan's territory; a hidden
object's id posted anyway is refused without writing; a link set by another partner stays."""

from __future__ import annotations

import pytest
from django.urls import reverse

from emploi_territoires.jobdating.models import EventStatus
from emploi_territoires.offers.models import OfferStatus
from emploi_territoires.plans.models import Action, ActionKind
from tests.factories import OrganisationFactory, clamecy, nevers
from tests.jobdating.factories import EventFactory
from tests.needs.factories import NeedsCampaignFactory
from tests.offers.factories import OfferFactory
from tests.plans.factories import ActionFactory
from tests.plans.world import plan_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    world = plan_world()
    cl = clamecy()
    world.event_open = EventFactory(title="Job dating de Clamecy", commune=cl)
    world.event_draft = EventFactory(title="Job dating en préparation", commune=cl, status=EventStatus.DRAFT)
    world.event_nevers = EventFactory(title="Job dating de Nevers", commune=nevers())
    draft = OfferStatus.DRAFT
    world.own_offer = OfferFactory(organisation=world.collectivite, title="Chef de projet PVD", status=draft)
    company = OrganisationFactory(name="Scierie de Clamecy", commune=cl)
    world.company_draft = OfferFactory(organisation=company, title="Scieur (brouillon)", status=OfferStatus.DRAFT)
    world.campaign = NeedsCampaignFactory(title="Besoins — Nièvre", departement=cl.departement)
    return world


def choices(response, field) -> set[str]:
    return {str(label) for _, label in response.context["form"].fields[field].choices if _ != ""}


def test_pickers_show_what_the_editor_may_see_in_the_territory(client, world, staff):
    client.force_login(world.dgs)  # admin of the collectivité, not an advisor
    response = client.get(reverse("plans:action_create", args=[world.plan.pk]))
    events = choices(response, "jobdating_event")
    assert any("Job dating de Clamecy" in e for e in events)
    assert not any("en préparation" in e or "Nevers" in e for e in events)  # a draft; outside the plan
    offers = choices(response, "offers")
    assert any("Chef de projet PVD" in o for o in offers) and not any("Scieur" in o for o in offers)
    assert choices(response, "needs_campaign") == set()  # campaigns are for the advisors who follow them
    assert choices(response, "impact_study") == set()

    client.force_login(staff)
    response = client.get(reverse("plans:action_create", args=[world.plan.pk]))
    assert any("en préparation" in e for e in choices(response, "jobdating_event"))
    assert choices(response, "needs_campaign") == {"Besoins — Nièvre"}


def test_a_hidden_object_posted_anyway_is_refused(client, world):
    client.force_login(world.dgs)
    data = {
        "kind": ActionKind.NEEDS_CAMPAIGN, "title": "Recensement", "lead": world.collectivite_partner.pk,
        "starts_on": "2026-03-01", "ends_on": "2026-04-30", "needs_campaign": world.campaign.pk,
    }  # fmt: skip
    response = client.post(reverse("plans:action_create", args=[world.plan.pk]), data)
    assert response.status_code == 200 and "Sélectionnez un choix valide" in response.content.decode()
    assert not Action.objects.filter(title="Recensement").exists()


def test_a_link_set_by_another_partner_stays_when_editing(client, world):
    action = ActionFactory(
        plan=world.plan, lead=world.collectivite_partner, kind=ActionKind.NEEDS_CAMPAIGN, title="Recensement",
        needs_campaign=world.campaign,
    )  # fmt: skip
    client.force_login(world.dgs)  # does not follow the campaign, yet may keep it on the action
    url = reverse("plans:action_edit", args=[world.plan.pk, action.pk])
    assert choices(client.get(url), "needs_campaign") == {"Besoins — Nièvre"}
    data = {
        "kind": ActionKind.NEEDS_CAMPAIGN, "title": "Recensement des besoins", "lead": world.collectivite_partner.pk,
        "starts_on": "2026-03-01", "ends_on": "2026-04-30", "needs_campaign": world.campaign.pk,
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    action.refresh_from_db()
    assert action.title == "Recensement des besoins" and action.needs_campaign == world.campaign
