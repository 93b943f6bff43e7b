"""Needs factories: a campaign over the Loire (42) and real-sounding recruitment needs.

`NeedsCampaignFactory` is an open campaign over the département of the Loire, deadline in three
weeks; `NeedDeclarationFactory` is a need of an entreprise of Saint-Étienne for two
"Chargé / Chargée d'études socio-économiques" (M1403), within 3 to 12 months, in CDI. Pass
`organisation=organisation_a` etc. in persona tests; the commune follows the organisation.
"""

from __future__ import annotations

import datetime
import secrets

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from emploi_territoires.needs.models import (
    CampaignInvitation,
    CampaignState,
    Horizon,
    NeedDeclaration,
    NeedsCampaign,
    ScopeKind,
)
from emploi_territoires.offers.models import ContractType
from tests.factories import DepartementFactory, OrganisationFactory, UserFactory
from tests.offers.factories import RomeOccupationFactory


class NeedsCampaignFactory(DjangoModelFactory):
    class Meta:
        model = NeedsCampaign

    title = "Besoins de recrutement 2027 — Loire"
    scope_kind = ScopeKind.DEPARTEMENT
    departement = factory.SubFactory(DepartementFactory)
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=21))
    reminder_days = 7
    state = CampaignState.OPEN
    created_by = factory.SubFactory(UserFactory)
    opened_at = factory.LazyFunction(timezone.now)


class CampaignInvitationFactory(DjangoModelFactory):
    class Meta:
        model = CampaignInvitation

    campaign = factory.SubFactory(NeedsCampaignFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    token = factory.LazyFunction(lambda: secrets.token_urlsafe(32))
    sent_at = factory.LazyFunction(timezone.now)


class NeedDeclarationFactory(DjangoModelFactory):
    class Meta:
        model = NeedDeclaration

    organisation = factory.SubFactory(OrganisationFactory)
    commune = factory.LazyAttribute(lambda o: o.organisation.commune)
    campaign = None
    occupation = factory.SubFactory(RomeOccupationFactory)
    count = 2
    horizon = Horizon.MONTHS_3_TO_12
    contract_type = ContractType.CDI
    is_difficult = False
    difficulty_reasons = factory.LazyFunction(list)
    engineering_needs = factory.LazyFunction(list)
