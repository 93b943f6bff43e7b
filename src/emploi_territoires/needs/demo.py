"""The needs demo: a campaign over the Nièvre, two organisations answered (the issue's walk-through).

`load_demo_needs()` runs after `core.demo.load_demo` has created the demo organisations and users
(it looks them up by name and e-mail, and does nothing if they are missing). Everything goes
through `needs.services`: campaign, opening (invitations e-mailed), declarations. Idempotent: when
the campaign exists, nothing changes.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from emploi_territoires.accounts.models import Organisation, User
from emploi_territoires.core.demo import DEMO_DOMAIN
from emploi_territoires.offers.models import ContractType, RomeOccupation
from emploi_territoires.territories.models import Departement

from . import services
from .models import DifficultyReason, EngineeringNeed, Horizon, NeedsCampaign

CAMPAIGN_TITLE = "Besoins de recrutement 2027 — Nièvre"
ADVISOR_EMAILS = (f"delegue.anct@{DEMO_DOMAIN}", f"conseiller.bfc@{DEMO_DOMAIN}")
CLAMECY_EMAIL = f"rh.clamecy@{DEMO_DOMAIN}"
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
        campaign = services.create_campaign(
            advisor,
            title=CAMPAIGN_TITLE,
            territory=services.Territory(kind="departement", departement=nievre),
            deadline=timezone.localdate() + datetime.timedelta(days=30),
            reminder_days=7,
            is_demo=True,
        )
        services.open_campaign(campaign, advisor)
        clamecy_rh = User.objects.filter(email=CLAMECY_EMAIL).first()
        for name, lines in ANSWERS.items():
            organisation = Organisation.objects.filter(name=name, is_demo=True, commune__departement=nievre).first()
            if organisation is None:
                continue
            actor = (
                clamecy_rh
                if clamecy_rh is not None and organisation.members.filter(pk=clamecy_rh.pk).exists()
                else None
            )
            values = [{**line, "occupation": occupations[line["occupation"]]} for line in lines]
            declared += len(services.declare_needs(organisation, values, actor=actor, campaign=campaign, is_demo=True))
    return declared
