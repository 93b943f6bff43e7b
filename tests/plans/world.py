"""A plan for the CC Haut Nivernais - Val d'Yonne (Clamecy, PVD, Nièvre) with its three partners.

`plan_world()` returns a namespace: plan; apec / prefecture / collectivite organisations and partners;
their named contacts (apec_contact, delegue, dgs) — the DGS of the collectivité is its admin;
`agent` a plain member of the collectivité, not a contact: sees the plan, edits nothing;
`action` a planned job dating action led by the collectivité.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from django.utils import timezone

from emploi_territoires.plans.models import ActionKind, PartnerRole
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, clamecy, nevers
from tests.plans.factories import ActionFactory, PlanFactory, partner_with_contact


def plan_world(**plan_fields) -> SimpleNamespace:
    today = timezone.localdate()
    plan_fields.setdefault("starts_on", today - datetime.timedelta(days=180))
    plan_fields.setdefault("ends_on", today + datetime.timedelta(days=180))
    plan = PlanFactory(**plan_fields)
    apec = OrganisationFactory(apec=True, name="Apec Bourgogne-Franche-Comté", commune=nevers())
    prefecture = OrganisationFactory(anct=True, commune=nevers())
    collectivite = OrganisationFactory(
        kind="collectivite", name="Communauté de communes Haut Nivernais - Val d'Yonne", siren="200067429",
        siret="", commune=clamecy(),
    )  # fmt: skip
    apec_contact = UserFactory(email="claire.apec@exemple.fr", first_name="Claire", last_name="Moreau")
    delegue = UserFactory(email="delegue.anct@exemple.fr", first_name="Paul", last_name="Lemoine")
    dgs = UserFactory(email="dgs@haut-nivernais.exemple.fr", first_name="Anne", last_name="Perrin")
    agent = UserFactory(email="agent@haut-nivernais.exemple.fr", first_name="Luc", last_name="Simon")
    MembershipFactory(user=agent, organisation=collectivite, role="member")
    apec_partner = partner_with_contact(plan, apec, PartnerRole.APEC, contact=apec_contact)
    prefecture_partner = partner_with_contact(plan, prefecture, PartnerRole.PREFECTURE, contact=delegue)
    collectivite_partner = partner_with_contact(
        plan, collectivite, PartnerRole.COLLECTIVITE, contact=dgs, member_role="admin"
    )
    action = ActionFactory(
        plan=plan,
        lead=collectivite_partner,
        kind=ActionKind.OTHER,
        title="Réunion des employeurs du Haut Nivernais",
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=20),
    )
    return SimpleNamespace(
        plan=plan, apec=apec, prefecture=prefecture, collectivite=collectivite, apec_partner=apec_partner,
        prefecture_partner=prefecture_partner, collectivite_partner=collectivite_partner, apec_contact=apec_contact,
        delegue=delegue, dgs=dgs, agent=agent, action=action, today=today,
    )  # fmt: skip
