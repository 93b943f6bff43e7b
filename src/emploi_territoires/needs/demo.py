"""The needs demo: a campaign over the Nièvre, two organisations answered (the issue's walk-through).

`load_demo_needs()` runs after `demo.loader.load_demo` has created the demo organisations and users
(it looks them up by name and e-mail, and does nothing if they are missing). Everything goes
through `needs.services`: campaign, opening (invitations e-mailed), declarations. An organisation
answers only through one of its members (the service refuses anyone else): the Mairie de Clamecy
through its HR manager, the sawmill through its manager, given an account here if it has no member
yet. Idempotent: when the campaign exists, nothing changes.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from emploi_territoires.accounts.demo import DEMO_DOMAIN, DEMO_PASSWORD
from emploi_territoires.accounts.models import Membership, Organisation, User
from emploi_territoires.offers.models import ContractType, RomeOccupation
from emploi_territoires.territories.models import Departement

from . import services
from .models import DifficultyReason, EngineeringNeed, Horizon, NeedsCampaign

CAMPAIGN_TITLE = "Besoins de recrutement 2027 — Nièvre"
ADVISOR_EMAILS = (f"delegue.anct@{DEMO_DOMAIN}", f"conseiller.bfc@{DEMO_DOMAIN}")
CLAMECY_EMAIL = f"rh.clamecy@{DEMO_DOMAIN}"
# Who answers for each organisation: (e-mail, first name, last name) — created if the organisation has no member.
RESPONDENTS = {
    "Mairie de Clamecy": (CLAMECY_EMAIL, "Sophie", "Lambert"),
    "Bois du Nivernais (démo)": (f"gerance.bois@{DEMO_DOMAIN}", "Thierry", "Vannier"),
}
OCCUPATIONS = ("H2202", "A1203", "K1404", "F1503")

ANSWERS = {
    "Bois du Nivernais (démo)": [
        {
            "occupation": "H2202",  # Conducteur / Conductrice de machines à bois
            "count": 3,
            "horizon": Horizon.UNDER_3_MONTHS,
            "contract_type": ContractType.CDI,
            "is_difficult": True,
            "difficulty_reasons": [DifficultyReason.FEW_CANDIDATES, DifficultyReason.MOBILITY],
            "comment": "Scierie à 6 km de Clamecy, sans transport en commun : le permis est indispensable.",
        },
        {
            "occupation": "F1503",  # Charpentier / Charpentière
            "count": 1,
            "horizon": Horizon.MONTHS_3_TO_12,
            "contract_type": ContractType.APPRENTICESHIP,
            "is_difficult": False,
            "comment": "Apprentissage en lien avec le CFA du BTP de Nevers.",
        },
    ],
    "Mairie de Clamecy": [
        {
            "occupation": "K1404",  # Chargé / Chargée de mission développement territorial
            "count": 1,
            "horizon": Horizon.UNDER_3_MONTHS,
            "contract_type": ContractType.PROJECT,
            "is_difficult": True,
            "difficulty_reasons": [DifficultyReason.TERRITORY_ATTRACTIVENESS, DifficultyReason.HOUSING],
            "engineering_needs": [EngineeringNeed.PVD_LEAD],
            "comment": "Chef·fe de projet Petites villes de demain (poste cofinancé), pour revitaliser le centre.",
        },
        {
            "occupation": "A1203",  # Agent / Agente d'entretien des espaces verts
            "count": 1,
            "horizon": Horizon.MONTHS_3_TO_12,
            "contract_type": ContractType.CONTRACTUAL,
            "is_difficult": False,
        },
    ],
}


def _respondent(organisation: Organisation) -> User | None:
    """A member of the organisation who answers for it: the named one if they are a member, else the
    first member; a new member (the named one) when the organisation has nobody."""
    email, first_name, last_name = RESPONDENTS.get(organisation.name, ("", "", ""))
    named = organisation.members.filter(email=email).first() if email else None
    if named is not None:
        return named
    membership = Membership.objects.filter(organisation=organisation).select_related("user").order_by("pk").first()
    if membership is not None or not email:
        return membership.user if membership else None
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email=email, password=DEMO_PASSWORD, first_name=first_name, last_name=last_name, kind=User.Kind.PROFESSIONAL
    )
    Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": Membership.Role.ADMIN})
    if user.current_organisation_id is None:
        user.current_organisation = organisation
        user.save(update_fields=["current_organisation"])
    return user


def load_demo_needs() -> int:
    """Create the Nièvre campaign and the two answers; returns the number of needs declared (0 if already there)."""
    if NeedsCampaign.objects.filter(title=CAMPAIGN_TITLE, is_demo=True).exists():
        return 0
    advisor = next((u for e in ADVISOR_EMAILS if (u := User.objects.filter(email=e).first())), None)
    nievre = Departement.objects.filter(code="58").first()
    occupations = RomeOccupation.objects.in_bulk(OCCUPATIONS)
    if advisor is None or nievre is None or len(occupations) < len(OCCUPATIONS):
        return 0  # the demo accounts, the geography or the ROME referential are not loaded
    declared = 0
    with transaction.atomic():
        # The respondents first, so that their organisations' invitations are e-mailed to them.
        organisations = {}
        for name in ANSWERS:
            organisation = Organisation.objects.filter(name=name, is_demo=True, commune__departement=nievre).first()
            if organisation is not None:
                organisations[name] = (organisation, _respondent(organisation))
        campaign = services.create_campaign(
            advisor,
            title=CAMPAIGN_TITLE,
            territory=services.Territory(kind="departement", departement=nievre),
            deadline=timezone.localdate() + datetime.timedelta(days=30),
            reminder_days=7,
            is_demo=True,
        )
        services.open_campaign(campaign, advisor)
        for name, (organisation, respondent) in organisations.items():
            if respondent is None:
                continue  # nobody can answer for it: it stays « en attente »
            values = [{**line, "occupation": occupations[line["occupation"]]} for line in ANSWERS[name]]
            declared += len(
                services.declare_needs(organisation, values, actor=respondent, campaign=campaign, is_demo=True)
            )
    return declared
