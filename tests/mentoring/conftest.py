"""A small programme: Saint-Étienne and Firminy mentors, young graduates around them."""

from __future__ import annotations

import datetime

import pytest

from emploi_territoires.accounts.models import User
from emploi_territoires.mentoring import services_matching, services_profiles
from emploi_territoires.mentoring.models import Enrolment, Programme
from emploi_territoires.offers.models import RomeOccupation
from tests.clock import paris
from tests.factories import CommuneFactory, UserFactory, saint_etienne

EVENINGS = ["mar-soir", "jeu-soir"]


def rome(code: str, label: str) -> RomeOccupation:
    return RomeOccupation.objects.get_or_create(code=code, defaults={"label": label, "search_label": label.lower()})[0]


@pytest.fixture
def firminy(db):
    st = saint_etienne()
    return CommuneFactory(
        code="42095", name="Firminy", postcodes=["42700"], population=16_900, departement=st.departement,
        epci=st.epci, latitude=45.37462, longitude=4.28967, in_ti=True, in_qpv=True, in_fs=False,
    )  # fmt: skip


@pytest.fixture
def manager(db):
    return UserFactory(email="sandrine.chazal@exemple.fr", first_name="Sandrine", last_name="Chazal")


@pytest.fixture
def programme(manager, time_machine):
    # Early October 2026: the programme (September 2026 – June 2027) is running, whatever day it is.
    time_machine.move_to(paris(2026, 10, 5))
    programme = Programme.objects.create(
        name="Premiers pas pro Loire Sud",
        starts_on=datetime.date(2026, 9, 1),
        ends_on=datetime.date(2027, 6, 30),
        qpv_priority=True,
    )
    programme.managers.add(manager)
    return programme


def make_mentor(email, first, last, commune, occupation, *, capacity=1, remote=False, topics=("cv_interview",)):
    user = UserFactory(email=email, first_name=first, last_name=last, kind=User.Kind.MENTOR)
    services_profiles.save_mentor_profile(
        user, commune=commune, occupation=occupation, experience_years=15, capacity=capacity, languages=["fr"],
        availability=EVENINGS, topics=list(topics), remote=remote,
    )  # fmt: skip
    return user


def make_mentee(user_or_email, first, last, commune, wished, *, goals=("cv_interview",), qpv=False):
    if isinstance(user_or_email, User):
        user = user_or_email
    else:
        user = UserFactory(email=user_or_email, first_name=first, last_name=last, kind=User.Kind.CANDIDATE)
    services_profiles.save_mentee_profile(
        user, commune=commune, field_of_study="Master informatique", field_domain="M", diploma_level=7,
        wished_occupations=wished, languages=["fr"], availability=EVENINGS, goals=list(goals), qpv=qpv,
        consent=qpv,
    )  # fmt: skip
    return user


@pytest.fixture
def pool(programme, firminy, candidate):
    """Two mentors (one place each), three mentees; Inès (the `candidate` persona) lives in Firminy."""
    st = saint_etienne()
    dev = rome("M1805", "Développeur / Développeuse informatique")
    accountant = rome("M1203", "Comptable")
    karim = make_mentor("karim.mentor@exemple.fr", "Karim", "Benali", st, dev)
    paul = make_mentor("paul.mentor@exemple.fr", "Paul", "Girard", firminy, accountant)
    ines = make_mentee(candidate, "Inès", "Haddad", firminy, [dev], qpv=True)
    lucas = make_mentee("lucas.mentore@exemple.fr", "Lucas", "Morel", st, [dev])
    chloe = make_mentee("chloe.mentore@exemple.fr", "Chloé", "Perrin", st, [accountant])
    for user in (karim, paul):
        services_profiles.enrol(programme, user, Enrolment.Role.MENTOR)
    for user in (ines, lucas, chloe):
        services_profiles.enrol(programme, user, Enrolment.Role.MENTEE)
    return {"karim": karim, "paul": paul, "ines": ines, "lucas": lucas, "chloe": chloe}


@pytest.fixture
def published(programme, manager, pool):
    run = services_matching.run_matching(programme, manager)
    pairs = services_matching.publish_run(run, manager, today=datetime.date(2026, 10, 1))
    return {(p.mentor.first_name, p.mentee.first_name): p for p in pairs}
