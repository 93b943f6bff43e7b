"""The plans demo: a territorial action plan for a Petite ville de demain intercommunality (issue 10).

The plan covers the CC Haut Nivernais - Val d'Yonne (Clamecy, PVD, Nièvre) over twelve months. Its
three partners each have a named contact: the Apec Bourgogne-Franche-Comté (conseiller.bfc), the
Préfecture de la Nièvre, delegate of the ANCT (delegue.anct, who opens the plan) and the Mairie de
Clamecy (rh.clamecy; agent.clamecy, a plain member, reads the plan without editing it).

Its actions link what the other demos created, so the plan page shows their live results: the needs
campaign over the Nièvre (needs.demo), the mentoring programme of the Loire and the Nièvre
(mentoring.demo), and a job dating in Clamecy created here (registrations open: two employers, eight
candidates). One action is done, one is late, the others run or are planned; targets are set.

So that the national view has a gap to show, the Ville de Nevers (CA de Nevers: no plan) answers the
Nièvre campaign with a need. Everything goes through the services; idempotent: nothing happens when
the plan exists, and nothing either when the demo accounts or the other demos are missing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from emploi_territoires.accounts.models import Organisation, User
from emploi_territoires.evaluation.indicators import LEAD_CONTEXTS
from emploi_territoires.offers.models import ContractType, Offer, OfferStatus, RomeOccupation
from emploi_territoires.territories.models import Commune

from . import services
from .models import ActionKind, ActionStatus, PartnerRole, Plan

DEMO_DOMAIN = "demo.emploi-territoires.fr"
PLAN_TITLE = "Plan d'action emploi — Haut Nivernais - Val d'Yonne (démo)"
EVENT_TITLE = "Job dating du bois et des services — Clamecy (démo)"
NEEDS_CAMPAIGN_TITLE = "Besoins de recrutement 2027 — Nièvre"  # needs.demo
MENTORING_PROGRAMME_NAME = "Premiers pas pro — jeunes diplômés de la Loire et de la Nièvre (démo)"  # mentoring.demo
CLAMECY = "58079"
CANDIDATES = 8
TARGETS = {
    "jobdating_hires": Decimal(5),
    "pairs_started": Decimal(4),
    "needs_declared": Decimal(10),
    "leads_recruited": Decimal(1),
    "offers_published": Decimal(10),
}


def _email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


def _clamecy_job_dating(advisor: User, staff: User, clamecy: Commune, employers: list[Organisation]):
    """The job dating in Clamecy, registrations open; created once (found again by its title)."""
    from emploi_territoires.jobdating import services_events, services_registrations
    from emploi_territoires.jobdating.models import Event

    event = Event.objects.filter(title=EVENT_TITLE, is_demo=True).first()
    if event is not None:
        return event
    date = timezone.localdate() + datetime.timedelta(days=24)
    event = services_events.create_event(
        actor=advisor,
        is_demo=True,
        values={
            "title": EVENT_TITLE,
            "description": (
                "Une matinée pour rencontrer la scierie, les artisans et la mairie qui recrutent dans le "
                "Haut Nivernais : entretiens de 15 minutes, sans CV obligatoire."
            ),
            "commune": clamecy,
            "address": "Salle polyvalente, place du Général-de-Gaulle, 58500 Clamecy",
            "meeting_url": "",
            "date": date,
            "first_slot_time": datetime.time(9, 0),
            "slot_minutes": 15,
            "slot_count": 12,
            "breaks": [6],
            "min_gap": 1,
            "registration_deadline": timezone.make_aware(
                datetime.datetime.combine(date - datetime.timedelta(days=2), datetime.time(18, 0))
            ),
            "target_programmes": ["pvd"],
            "capacity": 30,
        },
    )
    services_events.open_registration(event, actor=advisor)
    for organisation in employers:
        member = organisation.memberships.order_by("pk").first()
        offers = Offer.objects.filter(organisation=organisation, status=OfferStatus.PUBLISHED).order_by("pk")[:2]
        services_registrations.register_recruiter(
            event, actor=staff, organisation=organisation, offers=list(offers),
            contact=member.user if member else None,
        )  # fmt: skip
    # The people of the Nièvre first: a job dating in Clamecy is for those who can get there.
    candidates = sorted(
        User.objects.filter(kind=User.Kind.CANDIDATE, candidate_profile__isnull=False).select_related(
            "candidate_profile__commune"
        ),
        key=lambda user: (user.candidate_profile.commune.departement_id != "58", user.email),
    )
    for user in candidates[:CANDIDATES]:
        services_registrations.register_candidate(event, user=user)
    return event


def _nevers_gap() -> None:
    """The Ville de Nevers answers the Nièvre campaign: a territory with a declared need and no plan."""
    from emploi_territoires.needs import services as needs
    from emploi_territoires.needs.models import Horizon, NeedsCampaign

    nevers = Organisation.objects.filter(name="Ville de Nevers", is_demo=True).first()
    campaign = NeedsCampaign.objects.filter(title=NEEDS_CAMPAIGN_TITLE, is_demo=True).first()
    occupation = RomeOccupation.objects.filter(pk="K1404").first()
    if nevers is None or campaign is None or occupation is None or nevers.need_declarations.exists():
        return
    actor = User.objects.filter(email=_email("rh.nevers"), memberships__organisation=nevers).first()
    if actor is None:
        return  # only a member of the Ville de Nevers declares its needs
    line = {
        "occupation": occupation,  # Chargé / Chargée de mission développement territorial
        "count": 1,
        "horizon": Horizon.UNDER_3_MONTHS,
        "contract_type": ContractType.CONTRACTUAL,
        "is_difficult": True,
        "difficulty_reasons": ["territory_attractiveness"],
        "engineering_needs": ["manager_centre_ville"],
        "comment": "Manager de centre-ville pour le programme Action cœur de ville.",
    }
    invited = campaign.invitations.filter(organisation=nevers).exists()
    needs.declare_needs(nevers, [line], actor=actor, campaign=campaign if invited else None, is_demo=True)


def _move(action, statuses: list[str], actor: User, note: str = "") -> None:
    for status in statuses:
        services.transition_action(action, status, actor, note if status == statuses[-1] else "")


def load_demo_plans() -> int:
    """Create the demo plan; returns the number of its actions (0 when it exists or the demo is incomplete)."""
    if Plan.objects.filter(title=PLAN_TITLE, is_demo=True).exists():
        return 0
    from emploi_territoires.mentoring.models import Programme
    from emploi_territoires.needs.models import NeedsCampaign

    logins = ("admin", "delegue.anct", "conseiller.bfc", "rh.clamecy")
    users = {key: User.objects.filter(email=_email(key)).first() for key in logins}
    organisations = {
        name: Organisation.objects.filter(name=name, is_demo=True).first()
        for name in ("Apec Bourgogne-Franche-Comté", "Préfecture de la Nièvre", "Mairie de Clamecy",
                     "Bois du Nivernais (démo)")
    }  # fmt: skip
    clamecy = Commune.objects.select_related("epci").filter(pk=CLAMECY).first()
    campaign = NeedsCampaign.objects.filter(title=NEEDS_CAMPAIGN_TITLE, is_demo=True).first()
    programme = Programme.objects.filter(name=MENTORING_PROGRAMME_NAME, is_demo=True).first()
    if None in users.values() or None in organisations.values() or clamecy is None or clamecy.epci is None:
        return 0
    if campaign is None or programme is None:
        return 0  # the needs and mentoring demos did not run

    apec, prefecture = organisations["Apec Bourgogne-Franche-Comté"], organisations["Préfecture de la Nièvre"]
    mairie, scierie = organisations["Mairie de Clamecy"], organisations["Bois du Nivernais (démo)"]
    delegue, conseiller, rh = users["delegue.anct"], users["conseiller.bfc"], users["rh.clamecy"]
    today = timezone.localdate()
    starts_on = (today - datetime.timedelta(days=150)).replace(day=1)
    ends_on = starts_on.replace(year=starts_on.year + 1) - datetime.timedelta(days=1)
    day = datetime.timedelta(days=1)

    with transaction.atomic():
        _nevers_gap()
        event = _clamecy_job_dating(conseiller, users["admin"], clamecy, [scierie, mairie])
        plan = services.create_plan(
            services.PlanData(
                title=PLAN_TITLE, scope_kind="epci", epci=clamecy.epci, starts_on=starts_on, ends_on=ends_on
            ),
            creator=delegue,
            organisation=prefecture,
            role=PartnerRole.PREFECTURE,
        )
        Plan.objects.filter(pk=plan.pk).update(is_demo=True)
        apec_partner = services.add_partner(plan, apec, PartnerRole.APEC, conseiller)
        mairie_partner = services.add_partner(plan, mairie, PartnerRole.COLLECTIVITE, rh)
        prefecture_partner = plan.partners.get(organisation=prefecture)

        def action(kind, title, lead, start, end, description="", **links):
            return services.create_action(
                plan,
                services.ActionData(
                    kind=kind, title=title, lead=lead, starts_on=start, ends_on=end, description=description, **links
                ),
                delegue,
            )

        launch = action(
            ActionKind.OTHER, "Comité de lancement du plan", prefecture_partner, starts_on + 14 * day,
            starts_on + 14 * day, "Réunion des partenaires à la sous-préfecture de Clamecy : priorités et calendrier.",
        )  # fmt: skip
        _move(launch, [ActionStatus.RUNNING, ActionStatus.DONE], delegue, "Feuille de route adoptée.")
        campaign_opened = timezone.localdate(campaign.opened_at) if campaign.opened_at else today
        needs_action = action(
            ActionKind.NEEDS_CAMPAIGN, "Recensement des besoins de recrutement des employeurs", prefecture_partner,
            min(campaign_opened, today), max(campaign.deadline, campaign_opened),
            "Campagne départementale relayée auprès des employeurs de l'intercommunalité.",
            needs_campaign=campaign,
        )  # fmt: skip
        _move(needs_action, [ActionStatus.RUNNING], delegue)
        mentoring_start = max(programme.starts_on, starts_on)
        mentoring_action = action(
            ActionKind.MENTORING, "Cohorte de mentorat des jeunes diplômés", apec_partner, mentoring_start,
            max(min(programme.ends_on, ends_on), mentoring_start),
            "Des cadres bénévoles accompagnent les jeunes diplômés du territoire vers leur premier emploi.",
            mentoring_programme=programme,
        )  # fmt: skip
        _move(mentoring_action, [ActionStatus.RUNNING], conseiller)
        jobdating_action = action(
            ActionKind.JOB_DATING, "Job dating du bois et des services à Clamecy", apec_partner,
            event.date - 30 * day, event.date,
            "Organisé par l'Apec avec la mairie ; la scierie et la mairie présentent leurs offres.",
            jobdating_event=event,
        )  # fmt: skip
        _move(jobdating_action, [ActionStatus.RUNNING], conseiller)  # registrations are open
        lead_offers = list(
            Offer.objects.filter(
                organisation=mairie, programme_context__in=LEAD_CONTEXTS, commune__epci_id=clamecy.epci_id
            ).order_by("pk")[:1]
        )
        action(
            ActionKind.PROJECT_LEAD, "Recrutement du ou de la chef·fe de projet Petites villes de demain",
            mairie_partner, today - 20 * day, today + 70 * day,
            "Poste cofinancé par l'ANCT ; l'Apec aide à la rédaction et à la diffusion de l'offre.",
            offers=lead_offers,
        )  # fmt: skip
        vta = action(
            ActionKind.VTA_CAMPAIGN, "Diffusion des missions de VTA auprès des écoles et universités", mairie_partner,
            today - 60 * day, today - 5 * day,
            "Relais auprès des écoles d'ingénieurs et des IEP de la région ; bilan attendu au comité suivant.",
        )  # fmt: skip
        _move(vta, [ActionStatus.RUNNING], rh)  # past its end and not done: shown late
        for code, target in TARGETS.items():
            services.set_target(plan, code, target)
    return plan.actions.count()
