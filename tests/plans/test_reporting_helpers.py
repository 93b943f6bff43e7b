"""The scenario shared by the reporting tests (national view, PDF, exports, notifications); no test here.

`haut_nivernais_plan()` builds the plan of the CC Haut Nivernais - Val d'Yonne (Clamecy, a Petite ville
de demain in the Nièvre) over 2026 with three partners — Apec Bourgogne-Franche-Comté, the Préfecture
de la Nièvre and the Commune de Clamecy — each with a named contact, and three actions: a job dating
(done), a mentoring cohort (running) and a needs campaign (planned, linked to a real campaign so its
results are computed).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from emploi_territoires.accounts.models import Organisation, User
from emploi_territoires.needs.models import ScopeKind
from emploi_territoires.plans.models import Action, ActionKind, ActionStatus, PartnerRole, Plan, PlanPartner
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, clamecy, nevers, nievre
from tests.needs.factories import CampaignInvitationFactory, NeedDeclarationFactory, NeedsCampaignFactory
from tests.plans.factories import ActionFactory, PlanFactory, partner_with_contact

PLAN_TITLE = "Plan d'action emploi 2026 — Haut Nivernais"


@dataclass
class Scenario:
    plan: Plan
    apec: PlanPartner
    prefecture: PlanPartner
    town: PlanPartner
    job_dating: Action
    mentoring: Action
    needs: Action


def organisation(kind: str, name: str, commune=None) -> Organisation:
    return OrganisationFactory(kind=kind, name=name, siren="", siret="", commune=commune or nevers())


def member(org: Organisation, email: str, first_name: str, last_name: str, role: str = "member") -> User:
    user = UserFactory(email=email, first_name=first_name, last_name=last_name)
    MembershipFactory(user=user, organisation=org, role=role)
    return user


def haut_nivernais_plan(title: str = PLAN_TITLE) -> Scenario:
    plan = PlanFactory(title=title, epci=clamecy().epci)
    apec_org = organisation(Organisation.Kind.APEC, "Apec Bourgogne-Franche-Comté")
    prefecture_org = organisation(Organisation.Kind.ANCT, "Préfecture de la Nièvre")
    town_org = organisation(Organisation.Kind.COLLECTIVITE, "Commune de Clamecy", clamecy())
    apec = partner_with_contact(
        plan, apec_org, PartnerRole.APEC, member(apec_org, "lucie.moreau@exemple.fr", "Lucie", "Moreau")
    )
    prefecture = partner_with_contact(
        plan,
        prefecture_org,
        PartnerRole.PREFECTURE,
        member(prefecture_org, "paul.lefevre@exemple.fr", "Paul", "Lefèvre"),
    )
    town = partner_with_contact(
        plan, town_org, PartnerRole.COLLECTIVITE, member(town_org, "nadia.perrin@exemple.fr", "Nadia", "Perrin")
    )
    campaign = NeedsCampaignFactory(
        title="Besoins de recrutement 2026 — Nièvre", scope_kind=ScopeKind.DEPARTEMENT, departement=nievre()
    )
    CampaignInvitationFactory(campaign=campaign, organisation=town_org, answered_at=None)
    job_dating = ActionFactory(
        plan=plan,
        lead=apec,
        kind=ActionKind.JOB_DATING,
        title="Job dating des métiers de l'industrie à Clamecy",
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2026, 4, 30),
        status=ActionStatus.DONE,
    )
    mentoring = ActionFactory(
        plan=plan,
        lead=prefecture,
        kind=ActionKind.MENTORING,
        title="Cohorte de mentorat des jeunes diplômés",
        starts_on=datetime.date(2026, 5, 1),
        ends_on=datetime.date(2026, 11, 30),
        status=ActionStatus.RUNNING,
        budget_eur=12000,
    )
    needs = ActionFactory(
        plan=plan,
        lead=town,
        kind=ActionKind.NEEDS_CAMPAIGN,
        title="Recensement des besoins des entreprises du Haut Nivernais",
        starts_on=datetime.date(2026, 9, 1),
        ends_on=datetime.date(2026, 10, 15),
        needs_campaign=campaign,
    )
    return Scenario(plan, apec, prefecture, town, job_dating, mentoring, needs)


def declare_need(commune, count: int = 2, created_at: datetime.datetime | None = None, **fields):
    """A need declared by a new entreprise located in `commune` (optionally back-dated)."""
    org = OrganisationFactory(name=f"Entreprise de {commune.name}", commune=commune)
    need = NeedDeclarationFactory(organisation=org, count=count, **fields)
    if created_at is not None:
        type(need).objects.filter(pk=need.pk).update(created_at=created_at)
        need.refresh_from_db()
    return need
