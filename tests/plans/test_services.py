"""The status workflow and bad input (issue 10: "an action ending before it starts, a partner not in the plan
named as lead"): each refused input leaves nothing half-written, through the services and through the pages."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from emploi_territoires.plans import services
from emploi_territoires.plans.models import (
    Action,
    ActionKind,
    ActionStatus,
    ActionTransition,
    PartnerRole,
    Plan,
    PlanPartner,
    PlanTarget,
)
from emploi_territoires.plans.services import ActionData, PlanData, PlanError
from emploi_territoires.territories.scope import ScopeKind
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, clamecy, nevers, nievre, saint_etienne
from tests.jobdating.factories import EventFactory
from tests.offers.factories import OfferFactory
from tests.plans.factories import PlanFactory, partner_with_contact
from tests.plans.world import plan_world

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def world(db):
    return plan_world()


def action_data(world, **changes) -> ActionData:
    fields = {
        "kind": ActionKind.OTHER,
        "title": "Forum de l'emploi de Clamecy",
        "lead": world.apec_partner,
        "starts_on": world.today,
        "ends_on": world.today + datetime.timedelta(days=30),
    }
    fields.update(changes)
    return ActionData(**fields)


# --- Workflow ------------------------------------------------------------------------------------


def test_allowed_transitions_are_logged(world):
    action = world.action
    services.transition_action(action, ActionStatus.RUNNING, world.dgs)
    services.transition_action(action, ActionStatus.DONE, world.delegue, "Douze employeurs présents.")
    services.transition_action(action, ActionStatus.RUNNING, world.dgs, "Une seconde réunion est prévue.")
    action.refresh_from_db()
    assert action.status == ActionStatus.RUNNING
    log = list(action.transitions.values_list("from_status", "to_status", "actor__email", "comment"))
    assert log == [
        ("planned", "running", "dgs@haut-nivernais.exemple.fr", ""),
        ("running", "done", "delegue.anct@exemple.fr", "Douze employeurs présents."),
        ("done", "running", "dgs@haut-nivernais.exemple.fr", "Une seconde réunion est prévue."),
    ]


@pytest.mark.parametrize(
    ("start", "target", "message"),
    [
        (ActionStatus.PLANNED, ActionStatus.DONE, "« Prévue » ne peut pas passer à « Réalisée »"),
        (ActionStatus.DONE, ActionStatus.CANCELLED, "« Réalisée » ne peut pas passer à « Annulée »"),
        (ActionStatus.CANCELLED, ActionStatus.RUNNING, "« Annulée » ne peut pas passer à « En cours »"),
        (ActionStatus.RUNNING, ActionStatus.PLANNED, "« En cours » ne peut pas passer à « Prévue »"),
        (ActionStatus.PLANNED, "archived", "État inconnu"),
    ],
)
def test_refused_transitions_change_nothing(world, start, target, message):
    Action.objects.filter(pk=world.action.pk).update(status=start)
    world.action.refresh_from_db()
    with pytest.raises(PlanError, match=message):
        services.transition_action(world.action, target, world.dgs)
    world.action.refresh_from_db()
    assert world.action.status == start and not ActionTransition.objects.exists()


def test_going_back_needs_a_note(world):
    Action.objects.filter(pk=world.action.pk).update(status=ActionStatus.CANCELLED)
    with pytest.raises(PlanError, match="raison"):
        services.transition_action(world.action, ActionStatus.PLANNED, world.dgs, "   ")
    assert not ActionTransition.objects.exists()
    services.transition_action(world.action, ActionStatus.PLANNED, world.dgs, "Budget retrouvé.")
    assert Action.objects.get(pk=world.action.pk).status == ActionStatus.PLANNED


def test_transition_page(client, world):
    client.force_login(world.dgs)
    url = reverse("plans:action_transition", args=[world.plan.pk, world.action.pk])
    response = client.post(url, {"to_status": "done"}, follow=True)
    assert "ne peut pas passer à « Réalisée »" in response.content.decode()
    assert Action.objects.get(pk=world.action.pk).status == ActionStatus.PLANNED
    response = client.post(url, {"to_status": "running", "note": "x" * 2001}, follow=True)
    assert "La note fait 2 000 caractères au maximum." in response.content.decode()
    response = client.post(url, {"to_status": "archived"}, follow=True)
    assert "État inconnu" in response.content.decode()
    assert not ActionTransition.objects.exists()
    client.post(url, {"to_status": "running"})
    assert Action.objects.get(pk=world.action.pk).status == ActionStatus.RUNNING
    # The page offers only the allowed moves.
    page = client.get(reverse("plans:detail", args=[world.plan.pk])).content.decode()
    assert 'value="done">Marquer comme réalisée' in page and 'value="planned"' not in page


# --- Bad input on actions ------------------------------------------------------------------------


def test_action_ending_before_it_starts(world):
    with pytest.raises(PlanError, match=r"La fin de l'action \(\d\d/\d\d/\d{4}\) est avant son début"):
        services.create_action(world.plan, action_data(world, ends_on=world.today - datetime.timedelta(days=1)))
    with pytest.raises(PlanError, match="avant son début"):
        services.update_action(world.action, action_data(world, starts_on=D(2026, 6, 1), ends_on=D(2026, 5, 31)))
    assert Action.objects.count() == 1
    assert Action.objects.get().title == "Réunion des employeurs du Haut Nivernais"


def test_lead_must_be_a_partner_of_this_plan(world):
    other_plan = PlanFactory(title="Plan emploi — Nevers", scope_kind=ScopeKind.COMMUNE, epci=None, commune=nevers())
    stranger = partner_with_contact(other_plan, OrganisationFactory(anct=True, name="ANCT"), PartnerRole.ANCT)
    with pytest.raises(PlanError, match="« ANCT » n'est pas partenaire de ce plan"):
        services.create_action(world.plan, action_data(world, lead=stranger))
    assert world.plan.actions.count() == 1


def test_link_of_the_wrong_kind_or_outside_the_territory(world):
    event_clamecy = EventFactory(title="Job dating de Clamecy", commune=clamecy())
    with pytest.raises(PlanError, match="« Cohorte de mentorat » ne peut pas être liée à un job dating"):
        services.create_action(world.plan, action_data(world, kind=ActionKind.MENTORING, jobdating_event=event_clamecy))
    with pytest.raises(PlanError, match="« Autre action » ne peut pas être liée à un job dating"):
        services.create_action(world.plan, action_data(world, jobdating_event=event_clamecy))
    event_nevers = EventFactory(title="Job dating de Nevers", commune=nevers())
    with pytest.raises(PlanError, match="hors du territoire du plan"):
        services.create_action(world.plan, action_data(world, kind=ActionKind.JOB_DATING, jobdating_event=event_nevers))
    not_vta = OfferFactory(organisation=world.collectivite, title="Agent d'accueil", contract_type="cdd")
    with pytest.raises(PlanError, match="n'est pas un volontariat territorial"):
        services.create_action(world.plan, action_data(world, kind=ActionKind.VTA_CAMPAIGN, offers=[not_vta]))
    assert world.plan.actions.count() == 1
    action = services.create_action(
        world.plan, action_data(world, kind=ActionKind.JOB_DATING, jobdating_event=event_clamecy)
    )
    assert action.jobdating_event == event_clamecy


def test_action_form_refuses_bad_dates_without_writing(client, world):
    client.force_login(world.dgs)
    url = reverse("plans:action_create", args=[world.plan.pk])
    response = client.post(
        url,
        {
            "kind": "other",
            "title": "Visite d'entreprises",
            "lead": world.collectivite_partner.pk,
            "starts_on": "2026-06-10",
            "ends_on": "2026-06-01",
            "budget_eur": "1500",
        },
    )
    assert response.status_code == 200
    assert "La fin de l&#x27;action (01/06/2026) est avant son début (10/06/2026)." in response.content.decode()
    assert world.plan.actions.count() == 1
    # A lead from another plan is not even a choice of the form.
    other = partner_with_contact(PlanFactory(title="Autre plan"), OrganisationFactory(apec=True), PartnerRole.APEC)
    response = client.post(
        url,
        {"kind": "other", "title": "Visite", "lead": other.pk, "starts_on": "2026-06-01", "ends_on": "2026-06-10"},
    )
    assert response.status_code == 200 and "Sélectionnez un choix valide" in response.content.decode()
    assert world.plan.actions.count() == 1
    response = client.post(
        url,
        {"kind": "other", "title": "Visite", "lead": world.apec_partner.pk, "starts_on": "2026-06-01",
         "ends_on": "2026-06-10", "budget_eur": "1500", "days_spent": "2.5"},
    )  # fmt: skip
    assert response.status_code == 302
    created = world.plan.actions.get(title="Visite")
    assert created.budget_eur == Decimal("1500") and created.days_spent == Decimal("2.5")


# --- Plans, partners, targets ---------------------------------------------------------------------


def initiative_nievre():
    return OrganisationFactory(kind="association", name="Initiative Nièvre", siren="", siret="", commune=nevers())


def test_contact_must_be_a_member(world):
    outsider = UserFactory(email="externe@exemple.fr")
    association = OrganisationFactory(
        kind="association", name="Initiative Nièvre", siren="", siret="", commune=nevers()
    )
    with pytest.raises(PlanError, match=r"externe@exemple\.fr n'est pas membre de « Initiative Nièvre »"):
        services.add_partner(world.plan, association, PartnerRole.ASSOCIATION, outsider)
    with pytest.raises(PlanError, match="n'est pas membre"):
        services.update_partner(world.apec_partner, PartnerRole.APEC, outsider)
    assert not PlanPartner.objects.filter(organisation=association).exists()
    assert PlanPartner.objects.get(pk=world.apec_partner.pk).contact == world.apec_contact
    with pytest.raises(PlanError, match="déjà partenaire"):
        services.add_partner(world.plan, world.apec, PartnerRole.APEC, world.apec_contact)


def test_partner_page_contact_not_a_member(client, world):
    association = OrganisationFactory(
        kind="association", name="Initiative Nièvre", siren="", siret="", commune=nevers()
    )
    member = UserFactory(email="chargee@initiative-nievre.exemple.fr")
    MembershipFactory(user=member, organisation=association)
    client.force_login(world.dgs)
    url = reverse("plans:partners", args=[world.plan.pk])
    data = {"organisation": association.pk, "role": "association", "contact_email": "externe@exemple.fr"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert (
        "Aucun membre de « Initiative Nièvre » n&#x27;a l&#x27;adresse externe@exemple.fr" in response.content.decode()
    )
    assert not PlanPartner.objects.filter(organisation=association).exists()
    response = client.post(url, {**data, "contact_email": "CHARGEE@initiative-nievre.exemple.fr"})
    assert response.status_code == 302
    assert PlanPartner.objects.get(organisation=association).contact == member


def test_partner_leading_actions_cannot_be_removed(client, world):
    with pytest.raises(PlanError, match="pilote des actions"):
        services.remove_partner(world.collectivite_partner)
    services.remove_partner(world.apec_partner)
    assert list(world.plan.partners.values_list("role", flat=True).order_by("role")) == ["collectivite", "prefecture"]


def test_bad_territory_combinations(world):
    base = {"title": "Plan PVD de la Nièvre", "starts_on": D(2026, 1, 1), "ends_on": D(2026, 12, 31)}
    creator = {"creator": world.delegue, "organisation": world.prefecture, "role": PartnerRole.PREFECTURE}
    with pytest.raises(PlanError, match="se limite à un département"):
        services.create_plan(PlanData(scope_kind=ScopeKind.PROGRAMME, programme="pvd", **base), **creator)
    with pytest.raises(PlanError, match="Choisissez le programme"):
        services.create_plan(PlanData(scope_kind=ScopeKind.PROGRAMME, departement=nievre(), **base), **creator)
    loire = saint_etienne().departement  # Saint-Étienne is no Petite ville de demain
    with pytest.raises(PlanError, match=r"Aucune commune du programme Petites villes de demain dans le département"):
        services.create_plan(
            PlanData(scope_kind=ScopeKind.PROGRAMME, departement=loire, programme="pvd", **base), **creator
        )
    with pytest.raises(PlanError, match="Choisissez l'intercommunalité"):
        services.create_plan(PlanData(scope_kind=ScopeKind.EPCI, commune=clamecy(), **base), **creator)
    with pytest.raises(PlanError, match="La fin du plan"):
        services.create_plan(
            PlanData(scope_kind=ScopeKind.DEPARTEMENT, departement=nievre(), **{**base, "ends_on": D(2025, 12, 31)}),
            **creator,
        )
    assert Plan.objects.count() == 1 and PlanPartner.objects.count() == 3
    plan = services.create_plan(
        PlanData(scope_kind=ScopeKind.PROGRAMME, departement=nievre(), programme="pvd", epci=clamecy().epci, **base),
        **creator,
    )
    # Only the fields of the chosen scope are kept.
    assert plan.epci is None and plan.territory_label() == "Communes Petites villes de demain — Nièvre (58)"
    assert list(plan.partners.values_list("organisation__name", "contact__email")) == [
        ("Préfecture de la Nièvre", "delegue.anct@exemple.fr")
    ]


def test_plan_form_bad_territory(client, world):
    client.force_login(world.delegue)
    response = client.post(
        reverse("plans:create"),
        {"title": "Plan PVD", "scope_kind": "programme", "programme": "pvd", "starts_on": "2026-01-01",
         "ends_on": "2026-12-31", "organisation": world.prefecture.pk, "role": "prefecture"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "se limite à un département" in response.content.decode()
    response = client.post(
        reverse("plans:create"),
        {"title": "Plan EPCI", "scope_kind": "epci", "epci": "999999999", "starts_on": "2026-01-01",
         "ends_on": "2026-12-31", "organisation": world.prefecture.pk, "role": "prefecture"},
    )  # fmt: skip
    assert "Intercommunalité inconnue" in response.content.decode()
    assert Plan.objects.count() == 1
    response = client.post(
        reverse("plans:create"),
        {"title": "Plan Haut Nivernais", "scope_kind": "epci", "epci": "200067429", "starts_on": "2026-01-01",
         "ends_on": "2026-12-31", "organisation": world.prefecture.pk, "role": "prefecture"},
    )  # fmt: skip
    plan = Plan.objects.get(title="Plan Haut Nivernais")
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert plan.epci_id == "200067429"


def test_targets(world, client):
    with pytest.raises(PlanError, match="Choisissez un indicateur"):
        services.set_target(world.plan, "hires_by_magic", Decimal(3))
    with pytest.raises(PlanError, match="pourcentage"):
        services.set_target(world.plan, "needs_answer_rate", Decimal(120))
    assert not PlanTarget.objects.exists()
    services.set_target(world.plan, "jobdating_hires", Decimal(8))
    services.set_target(world.plan, "jobdating_hires", Decimal(10))  # replaces
    assert list(PlanTarget.objects.values_list("indicator_code", "target")) == [("jobdating_hires", Decimal(10))]
    client.force_login(world.dgs)
    response = client.post(reverse("plans:targets", args=[world.plan.pk]), {"indicator_code": "x", "target": "-1"})
    assert response.status_code == 200 and PlanTarget.objects.count() == 1


def test_staff_open_a_plan_for_a_partner_naming_its_contact(client, world, staff):
    client.force_login(staff)
    data = {
        "title": "Plan emploi — Nièvre", "scope_kind": "departement", "departement": "58",
        "starts_on": "2026-01-01", "ends_on": "2026-12-31", "organisation": world.apec.pk, "role": "apec",
    }  # fmt: skip
    response = client.post(reverse("plans:create"), data)
    assert response.status_code == 200
    assert "Aucun membre de « Apec Bourgogne-Franche-Comté »" in response.content.decode()
    response = client.post(reverse("plans:create"), {**data, "contact_email": "claire.apec@exemple.fr"})
    plan = Plan.objects.get(title="Plan emploi — Nièvre")
    assert response.status_code == 302
    assert list(plan.partners.values_list("organisation__name", "contact__email")) == [
        ("Apec Bourgogne-Franche-Comté", "claire.apec@exemple.fr")
    ]
    assert plan.created_by == staff
