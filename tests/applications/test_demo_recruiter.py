"""The recruiter's demo (issue 19): comments and ratings, a share with the Apec, three invitations
(one accepted through the pipeline, one declined, one waiting) — written through the services,
and made once however many times load_demo runs."""

from __future__ import annotations

import pytest

from emploi_territoires.accounts.models import Organisation, User
from emploi_territoires.applications import services_pipeline
from emploi_territoires.applications.demo_recruiter import load_demo_recruiter
from emploi_territoires.applications.models import (
    Application,
    ApplicationComment,
    ApplicationShare,
    ApplicationStatus,
    Invitation,
    InvitationStatus,
    Visibility,
)
from emploi_territoires.offers.models import OfferStatus, ProgrammeContext
from tests.applications.factories import CandidateProfileFactory
from tests.clock import paris
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, clamecy, nevers, nievre
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db


def demo_user(local: str, first_name: str, last_name: str, kind=User.Kind.PROFESSIONAL, organisation=None) -> User:
    user = UserFactory(
        email=f"{local}@demo.emploi-territoires.fr", first_name=first_name, last_name=last_name, kind=kind
    )
    if organisation is not None:
        MembershipFactory(user=user, organisation=organisation)
    if kind == User.Kind.CANDIDATE:
        profile = CandidateProfileFactory(user=user, commune=nevers(), visibility=Visibility.TERRITORIES)
        profile.visible_departements.set([nievre()])
    return user


@pytest.fixture
def demo(time_machine):
    """What load_demo has made before the recruiter's demo runs: its organisations, logins and offers."""
    time_machine.move_to(paris(2026, 12, 7, 9), tick=False)
    mairie = OrganisationFactory(collectivite=True, name="Mairie de Clamecy", siren="215800791", commune=clamecy())
    ville = OrganisationFactory(collectivite=True, name="Ville de Nevers", siren="215801948", commune=nevers())
    apec = OrganisationFactory(apec=True, name="Apec Bourgogne-Franche-Comté", commune=nevers())
    demo_user("rh.clamecy", "Sophie", "Lambert", organisation=mairie)
    demo_user("agent.clamecy", "Julien", "Moreau", organisation=mairie)
    demo_user("rh.nevers", "Nadia", "Benali", organisation=ville)
    demo_user("conseiller.bfc", "Hugo", "Lefèvre", organisation=apec)
    mathis = demo_user("mathis.roche", "Mathis", "Roche", User.Kind.CANDIDATE)
    demo_user("chloe.martin", "Chloé", "Martin", User.Kind.CANDIDATE)
    demo_user("romain.perret", "Romain", "Perret", User.Kind.CANDIDATE)
    published = {"status": OfferStatus.PUBLISHED}
    pvd = OfferFactory(
        organisation=mairie,
        title="Chef·fe de projet Petites villes de demain (F/H)",
        programme_context=ProgrammeContext.PVD_LEAD,
        **published,
    )
    OfferFactory(organisation=ville, title="Agent·e des espaces verts (F/H)", **published)
    OfferFactory(organisation=ville, title="Agent·e d'accueil et d'état civil (F/H)", **published)
    OfferFactory(organisation=ville, title="Chargé·e de mission politique de la ville (F/H)", **published)
    services_pipeline.apply(pvd, mathis, "Je connais bien le Haut Nivernais.")
    return pvd


def test_the_recruiters_demo_is_made_once(demo):
    assert load_demo_recruiter() == 6  # 3 invitations, 2 comments, 1 application shared
    assert load_demo_recruiter() == 0

    comments = ApplicationComment.objects.order_by("pk")
    assert [(c.author.email.split("@")[0], c.rating) for c in comments] == [("rh.clamecy", 4), ("agent.clamecy", 5)]
    assert {c.application.candidate.last_name for c in comments} == {"Roche"}

    share = ApplicationShare.objects.get()
    assert share.application.offer == demo and share.advisor.last_name == "Lefèvre"
    assert share.candidate_informed_at is not None and share.revoked_at is None
    assert share.advisor_organisation.kind == Organisation.Kind.APEC

    invitations = {i.candidate.last_name: i for i in Invitation.objects.select_related("candidate", "application")}
    assert {name: i.status for name, i in invitations.items()} == {
        "Martin": InvitationStatus.ACCEPTED,
        "Roche": InvitationStatus.SENT,
        "Perret": InvitationStatus.DECLINED,
    }
    accepted = invitations["Martin"].application
    assert accepted.status == ApplicationStatus.NEW
    assert accepted.offer.title == "Agent·e d'accueil et d'état civil (F/H)"
    assert accepted.transitions.count() == 1  # created by the pipeline, with its log
    assert invitations["Perret"].application is None and invitations["Perret"].answered_at is not None
    assert Application.objects.count() == 2  # Mathis's application and Chloé's, nothing else
