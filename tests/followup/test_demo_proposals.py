"""The proposals of the follow-up demo (issue 15): one prescription accepted (the recruiter sees the
prescriber), one job-dating registration, one offer waiting for Lina's answer; idempotent."""

from __future__ import annotations

import pytest

from emploi_territoires.accounts.models import Organisation
from emploi_territoires.applications.models import Application
from emploi_territoires.followup import services
from emploi_territoires.followup.demo import APEC_ADVISOR_EMAIL, ML_ADVISOR_EMAIL, PERSON_EMAIL
from emploi_territoires.followup.demo_proposals import load_demo_proposals
from emploi_territoires.followup.models import Proposal
from emploi_territoires.jobdating.models import CandidateRegistration
from emploi_territoires.offers.models import OfferStatus
from tests.applications.factories import CandidateProfileFactory
from tests.clock import paris
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, clamecy, nevers
from tests.jobdating.factories import EventFactory
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(time_machine):
    time_machine.move_to(paris(2026, 11, 16), tick=False)
    structures = {}
    for email, name, kind in [
        (ML_ADVISOR_EMAIL, "Mission locale Nevers Sud Nivernais (démo)", Organisation.Kind.MISSION_LOCALE),
        (APEC_ADVISOR_EMAIL, "Apec Bourgogne-Franche-Comté", Organisation.Kind.APEC),
    ]:
        organisation = OrganisationFactory(name=name, kind=kind, commune=nevers(), siren="", siret="")
        user = UserFactory(email=email, first_name="Julie", last_name="Marchetti")
        MembershipFactory(user=user, organisation=organisation, role="admin")
        structures[email] = (user, organisation)
    lina = CandidateProfileFactory(
        user__email=PERSON_EMAIL, user__first_name="Lina", user__last_name="Mansouri", commune=nevers()
    ).user
    for user, organisation in structures.values():
        services.open_followup(user, lina, organisation=organisation, consent_recorded=True)
    mairie = OrganisationFactory(name="Mairie de Clamecy", collectivite=True, commune=clamecy())
    offers = [OfferFactory(organisation=mairie, status=OfferStatus.PUBLISHED, commune=clamecy()) for _ in range(2)]
    event = EventFactory(title="Job dating de la vallée de l'Ondaine — Firminy (démo)")
    return lina, offers, event


def test_one_prescription_accepted_one_registration_one_offer_waiting(demo):
    lina, offers, event = demo
    assert load_demo_proposals() == 3
    application = Application.objects.get(candidate=lina)
    assert application.offer == offers[0]
    assert application.prescribed_by.email == ML_ADVISOR_EMAIL
    assert application.prescriber_organisation.name == "Mission locale Nevers Sud Nivernais (démo)"
    assert CandidateRegistration.objects.filter(event=event, user=lina).exists()
    statuses = sorted(Proposal.objects.values_list("kind", "status"))
    assert statuses == [("application", "accepted"), ("jobdating", "accepted"), ("offer", "proposed")]
    assert load_demo_proposals() == 0  # idempotent
    assert Proposal.objects.count() == 3
