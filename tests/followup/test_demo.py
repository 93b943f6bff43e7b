"""The follow-up demo (issue 15): the mission locale of the Nièvre and the Apec advisor share Lina's
follow-up (QPV, Nevers) with notes, a held appointment and the next one; the Apec advisor accompanies
the demo candidates of her territory (what « followed_by » said for issue 14), not those elsewhere;
idempotent. Replaces tests/applications/test_demo_accompaniment.py."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from emploi_territoires.accounts.models import User
from emploi_territoires.applications import services_profile
from emploi_territoires.applications.models import Visibility
from emploi_territoires.followup import permissions
from emploi_territoires.followup.demo import APEC_ADVISOR_EMAIL, ML_ADVISOR_EMAIL, PERSON_EMAIL, load_demo_followups
from emploi_territoires.followup.models import Appointment, FollowUp, Note
from emploi_territoires.territories.models import Commune
from tests.clock import paris
from tests.factories import AdvisorScopeFactory, MembershipFactory, OrganisationFactory, UserFactory, nievre

pytestmark = pytest.mark.django_db
DOMAIN = "demo.emploi-territoires.fr"


def demo_candidate(local: str, first: str, last: str, commune: Commune) -> User:
    user = UserFactory(email=f"{local}@{DOMAIN}", first_name=first, last_name=last, kind=User.Kind.CANDIDATE)
    services_profile.save_profile(
        user,
        services_profile.ProfileData(
            first_name=first,
            last_name=last,
            commune=commune,
            headline="Comptable",
            visibility=Visibility.PRIVATE,
            profile_consent=True,
        ),
    )
    return user


@pytest.fixture
def demo_world(cog, time_machine):
    from tests.factories import DepartementFactory  # the Loire

    time_machine.move_to(paris(2026, 12, 7, 9), tick=False)
    Commune.objects.filter(pk="58194").update(in_qpv=True)  # as the QPV list import does (Nevers has five)
    apec = OrganisationFactory(apec=True, name="Apec Auvergne-Rhône-Alpes", commune=Commune.objects.get(pk="69123"))
    advisor = UserFactory(email=APEC_ADVISOR_EMAIL, first_name="Isabelle", last_name="Perrin")
    MembershipFactory(user=advisor, organisation=apec)
    AdvisorScopeFactory(user=advisor, departements=[DepartementFactory(), nievre()])
    ines = demo_candidate("candidate", "Inès", "Haddad", Commune.objects.get(pk="42218"))
    mathis = demo_candidate("mathis.roche", "Mathis", "Roche", Commune.objects.get(pk="58194"))
    karima = demo_candidate("karima.elamrani", "Karima", "El Amrani", Commune.objects.get(pk="12202"))
    return advisor, ines, mathis, karima


def test_the_demo_followups(client, demo_world):
    advisor, ines, mathis, karima = demo_world
    assert load_demo_followups() == 3
    lina = User.objects.get(email=PERSON_EMAIL)
    ml_advisor = User.objects.get(email=ML_ADVISOR_EMAIL)
    followup = FollowUp.objects.get(person=lina)
    assert followup.referent == ml_advisor
    assert [m.organisation.name for m in permissions.active_members(followup)] == [
        "Mission locale Nevers Sud Nivernais (démo)",
        "Apec Auvergne-Rhône-Alpes",
    ]
    assert Note.objects.filter(followup=followup).count() == 3
    assert [a.status for a in Appointment.objects.filter(followup=followup)] == ["held", "planned"]
    assert Appointment.objects.filter(followup=followup, status="planned").get().starts_at.date() == datetime.date(
        2026, 12, 11
    )
    followed = {f.person for f in permissions.followups_of_professional(advisor)}
    assert followed == {lina, ines, mathis}  # Karima lives in Rodez: not her territory
    assert karima not in followed

    client.force_login(ml_advisor)
    page = client.get(reverse("followup:detail", args=[followup.pk])).content.decode()
    assert "vérifié : la commune (Nevers) compte un QPV" in page
    assert "Freins : pas de permis" in page  # the mission locale's own note
    client.force_login(advisor)
    page = client.get(reverse("followup:detail", args=[followup.pk])).content.decode()
    assert "Freins : pas de permis" not in page  # private to the mission locale
    assert "Inès Haddad" in client.get(reverse("applications:advisor")).content.decode()

    assert load_demo_followups() == 3  # idempotent
    assert FollowUp.objects.count() == 3
    assert timezone.localdate() == datetime.date(2026, 12, 7)
