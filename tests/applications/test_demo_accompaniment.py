"""The accompaniment demo (issue 14: « the advisor follows nobody »): the demo candidates of the Apec
advisor's territory name her as « la personne qui m'accompagne », through the profile service, Inès
first; her page lists them; a candidate outside her territory does not; idempotent."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from emploi_territoires.accounts.models import User
from emploi_territoires.applications import services_profile
from emploi_territoires.applications.demo import ADVISOR_EMAIL, load_demo_accompaniment
from emploi_territoires.applications.models import AuditEvent, CandidateProfile, Visibility
from emploi_territoires.territories.models import Commune
from tests.factories import AdvisorScopeFactory, MembershipFactory, OrganisationFactory, UserFactory, nievre

pytestmark = pytest.mark.django_db
DOMAIN = "demo.emploi-territoires.fr"


def demo_candidate(local: str, first: str, last: str, commune: Commune, *, young: bool = False) -> User:
    user = UserFactory(email=f"{local}@{DOMAIN}", first_name=first, last_name=last, kind=User.Kind.CANDIDATE)
    today = timezone.localdate()
    services_profile.save_profile(
        user,
        services_profile.ProfileData(
            first_name=first,
            last_name=last,
            commune=commune,
            headline="Jeune diplômée en aménagement du territoire" if young else "Comptable",
            skills=["urbanisme"] if young else ["comptabilité"],
            visibility=Visibility.TERRITORIES,
            visible_departements=[commune.departement],
            is_young_graduate=young,
            graduated_on=today - datetime.timedelta(days=365) if young else None,
            is_qpv_resident=young and commune.in_qpv,
            situation_consent=young,
            profile_consent=True,
        ),
    )
    return user


@pytest.fixture
def demo_world(cog):
    from tests.factories import DepartementFactory  # the Loire

    apec = OrganisationFactory(apec=True, name="Apec Auvergne-Rhône-Alpes", commune=Commune.objects.get(pk="69123"))
    advisor = UserFactory(email=ADVISOR_EMAIL, first_name="Isabelle", last_name="Perrin")
    MembershipFactory(user=advisor, organisation=apec)
    AdvisorScopeFactory(user=advisor, departements=[DepartementFactory(), nievre()])
    ines = demo_candidate("candidate", "Inès", "Haddad", Commune.objects.get(pk="42218"), young=True)
    lea = demo_candidate("lea.girard", "Léa", "Girard", Commune.objects.get(pk="42095"))
    mathis = demo_candidate("mathis.roche", "Mathis", "Roche", Commune.objects.get(pk="58194"), young=True)
    karima = demo_candidate("karima.elamrani", "Karima", "El Amrani", Commune.objects.get(pk="12202"))
    return advisor, ines, lea, mathis, karima


def test_the_advisor_is_named_by_the_demo_candidates_of_her_territory(client, demo_world):
    advisor, ines, lea, mathis, karima = demo_world
    fields = ("headline", "skills", "visibility", "is_young_graduate", "graduated_on", "is_qpv_resident", "commune_id")
    before = CandidateProfile.objects.filter(user=ines).values(*fields).get()
    assert load_demo_accompaniment() == 3
    followed = set(CandidateProfile.objects.filter(followed_by=advisor).values_list("user__email", flat=True))
    assert followed == {ines.email, lea.email, mathis.email}
    assert CandidateProfile.objects.get(user=karima).followed_by is None  # Rodez: not her territory
    # The candidate's own choice, through the service: audited, situation and consents kept.
    assert AuditEvent.objects.filter(action="advisor_changed", subject_user_id=ines.pk, actor=ines).count() == 1
    assert CandidateProfile.objects.filter(user=ines).values(*fields).get() == before
    assert before["is_young_graduate"] and services_profile.has_consent(ines, "situation")

    client.force_login(advisor)
    page = client.get(reverse("applications:advisor")).content.decode()
    for name in ("Inès Haddad", "Léa Girard", "Mathis Roche"):
        assert name in page
    assert "Karima El Amrani" not in page
    client.force_login(ines)
    assert "Vous êtes accompagné·e par Isabelle Perrin" in client.get(reverse("applications:profile")).content.decode()

    assert load_demo_accompaniment() == 0
    assert AuditEvent.objects.filter(action="advisor_changed").count() == 3


def test_nothing_without_the_demo_advisor(db):
    assert load_demo_accompaniment() == 0
