"""Personas of the follow-up tests: a mission locale and an Apec office of the Nièvre, their
advisors, another mission locale's advisor (outside the group), and Lina, who lives in Nevers (a
commune with a QPV) and declared her situation."""

from __future__ import annotations

import pytest

from emploi_territoires.accounts.models import Organisation, User
from emploi_territoires.followup import services
from tests.applications.factories import CandidateProfileFactory
from tests.clock import paris
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, clamecy, nevers


def _structure(name: str, kind: str, commune) -> Organisation:
    return OrganisationFactory(name=name, kind=kind, commune=commune, siren="", siret="")


def _pro(organisation: Organisation, email: str, first_name: str, last_name: str, role: str = "member") -> User:
    user = UserFactory(email=email, first_name=first_name, last_name=last_name)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def mission_locale(db):
    return _structure("Mission locale Nevers Sud Nivernais", Organisation.Kind.MISSION_LOCALE, nevers())


@pytest.fixture
def apec_nievre(db):
    return _structure("Apec Bourgogne-Franche-Comté", Organisation.Kind.APEC, nevers())


@pytest.fixture
def other_structure(db):
    return _structure("Mission locale du Haut Nivernais", Organisation.Kind.MISSION_LOCALE, clamecy())


@pytest.fixture
def pro_ml(mission_locale):
    return _pro(mission_locale, "sarah.lefevre@exemple.fr", "Sarah", "Lefèvre", role="admin")


@pytest.fixture
def pro_ml_colleague(mission_locale):
    return _pro(mission_locale, "yanis.morel@exemple.fr", "Yanis", "Morel")


@pytest.fixture
def pro_apec(apec_nievre):
    return _pro(apec_nievre, "helene.marchand@exemple.fr", "Hélène", "Marchand")


@pytest.fixture
def pro_other(other_structure):
    return _pro(other_structure, "thomas.petit@exemple.fr", "Thomas", "Petit")


@pytest.fixture
def person(db):
    profile = CandidateProfileFactory(
        user__email="lina.mansouri@exemple.fr",
        user__first_name="Lina",
        user__last_name="Mansouri",
        commune=nevers(),
        is_qpv_resident=True,
        is_under_26=True,
    )
    return profile.user


@pytest.fixture
def followup(pro_ml, pro_apec, person, mission_locale, apec_nievre, time_machine):
    """Lina's follow-up, opened by the mission locale on 2 November 2026; the Apec advisor joined."""
    time_machine.move_to(paris(2026, 11, 2, 10), tick=False)
    opened = services.open_followup(pro_ml, person, organisation=mission_locale, consent_recorded=True).followup
    services.open_followup(pro_apec, person, organisation=apec_nievre, consent_recorded=True)
    return opened
