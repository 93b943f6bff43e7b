"""Needs fixtures: real ROME occupations and an open campaign over the Loire by the `advisor` persona."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from emploi_territoires.needs import services
from emploi_territoires.needs.models import Horizon
from emploi_territoires.offers.models import ContractType
from tests.factories import DepartementFactory
from tests.offers.factories import RomeOccupationFactory


@pytest.fixture
def espaces_verts(db):
    return RomeOccupationFactory(code="A1203", label="Agent / Agente d'entretien des espaces verts")


@pytest.fixture
def machines_bois(db):
    return RomeOccupationFactory(code="H2202", label="Conducteur / Conductrice de machines à bois")


@pytest.fixture
def loire_campaign(advisor, organisation_a, recruiter_a, django_capture_on_commit_callbacks):
    """An open campaign over the Loire: Saint-Étienne Métropole (organisation_a) is invited."""
    territory = services.Territory(kind="departement", departement=DepartementFactory())
    campaign = services.create_campaign(
        advisor,
        title="Besoins de recrutement 2027 — Loire",
        territory=territory,
        deadline=timezone.localdate() + datetime.timedelta(days=21),
        reminder_days=7,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.open_campaign(campaign, advisor)
    campaign.refresh_from_db()
    return campaign


def need_line(occupation, **overrides):
    line = {
        "occupation": occupation,
        "count": 2,
        "horizon": Horizon.UNDER_3_MONTHS,
        "contract_type": ContractType.CONTRACTUAL,
        "is_difficult": False,
        "difficulty_reasons": [],
        "engineering_needs": [],
        "comment": "",
    }
    line.update(overrides)
    return line
