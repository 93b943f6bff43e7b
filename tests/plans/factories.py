"""Plans factories: a plan for the CC Haut Nivernais - Val d'Yonne (Clamecy, a Petite ville de
demain in the Nièvre) over 2026, its partners with a named contact, targets and actions.

- `PlanFactory()`: EPCI plan (SIREN 200067429) from 2026-01-01 to 2026-12-31.
- `PlanPartnerFactory(plan=plan, organisation=org)`: the contact is created as a member of the
  organisation unless given (pass `contact=user` who must already be a member).
- `partner_with_contact(plan, org, role, contact=None, member_role="member")`: same, explicit.
- `ActionFactory(plan=plan)`: a planned job dating action led by a new partner of the same plan
  unless `lead=` is given (the lead must be a partner of that plan).
- `PlanTargetFactory(plan=plan, indicator_code="jobdating_hires", target=10)`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from emploi_territoires.plans.models import (
    Action,
    ActionKind,
    ActionStatus,
    PartnerRole,
    Plan,
    PlanPartner,
    PlanTarget,
)
from emploi_territoires.territories.scope import ScopeKind
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, clamecy


class PlanFactory(DjangoModelFactory):
    class Meta:
        model = Plan

    title = "Plan d'action emploi 2026 — Haut Nivernais"
    scope_kind = ScopeKind.EPCI
    epci = factory.LazyFunction(lambda: clamecy().epci)
    commune = None
    departement = None
    programme = ""
    starts_on = datetime.date(2026, 1, 1)
    ends_on = datetime.date(2026, 12, 31)


def _member_contact(partner) -> object:
    user = UserFactory()
    MembershipFactory(user=user, organisation=partner.organisation)
    return user


class PlanPartnerFactory(DjangoModelFactory):
    class Meta:
        model = PlanPartner

    plan = factory.SubFactory(PlanFactory)
    organisation = factory.SubFactory(OrganisationFactory, apec=True, name="Apec Bourgogne-Franche-Comté")
    role = PartnerRole.APEC
    contact = factory.LazyAttribute(_member_contact)


def partner_with_contact(plan, organisation, role=PartnerRole.OTHER, contact=None, member_role="member") -> PlanPartner:
    """A partner of `plan` with a named contact, made a member of `organisation` if needed."""
    if contact is None:
        contact = UserFactory()
    if not organisation.memberships.filter(user=contact).exists():
        MembershipFactory(user=contact, organisation=organisation, role=member_role)
    return PlanPartner.objects.create(plan=plan, organisation=organisation, role=role, contact=contact)


class PlanTargetFactory(DjangoModelFactory):
    class Meta:
        model = PlanTarget

    plan = factory.SubFactory(PlanFactory)
    indicator_code = "jobdating_hires"
    target = Decimal("10")


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = Action
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)
    kind = ActionKind.JOB_DATING
    title = "Job dating des métiers de l'industrie à Clamecy"
    description = ""
    lead = factory.LazyAttribute(lambda o: PlanPartnerFactory(plan=o.plan))
    starts_on = datetime.date(2026, 3, 1)
    ends_on = datetime.date(2026, 4, 30)
    status = ActionStatus.PLANNED
