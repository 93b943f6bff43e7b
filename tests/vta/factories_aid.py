"""A small VTA world (issue 16): the Mairie de Clamecy (a rural PVD commune of the Nièvre, « bourgs
ruraux » in the INSEE density grid) has published a VTA offer and chosen Léna Moreau, who applied on
the platform; the Nièvre's préfecture delegate instructs; a Loire delegate is a préfecture of another
département; the Menuiserie du Haut Nivernais is an entreprise of Clamecy.

Objects are built through `vta.services_aid`, the functions production uses.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from emploi_territoires.accounts.models import Membership, Organisation, User
from emploi_territoires.applications.models import ApplicationStatus
from emploi_territoires.offers.models import ContractType, OfferStatus
from emploi_territoires.territories.models import Commune
from emploi_territoires.vta import services_aid
from emploi_territoires.vta.models import Envelope, Mission
from tests.applications.factories import ApplicationFactory, CandidateUserFactory
from tests.factories import (
    AdvisorScopeFactory,
    DepartementFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    clamecy,
    nievre,
    saint_etienne,
)
from tests.offers.factories import OfferFactory

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def charter_pdf(name: str = "charte-vta-signee.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def vta_offer(organisation: Organisation, **fields):
    defaults = {
        "organisation": organisation,
        "commune": organisation.commune,
        "title": "Chargé·e de mission Petites villes de demain (VTA)",
        "contract_type": ContractType.VTA,
        "contract_duration_months": 18,
        "weekly_hours": 35,
        "salary_min": 24_000,
        "salary_max": 26_000,
        "status": OfferStatus.PUBLISHED,
    }
    return OfferFactory(**{**defaults, **fields})


def prefecture_delegate(departement, email: str, name: str = "Préfecture de la Nièvre", commune=None) -> User:
    org = OrganisationFactory(anct=True, name=name, commune=commune or clamecy())
    user = UserFactory(email=email, first_name="Hélène", last_name="Vasseur")
    MembershipFactory(user=user, organisation=org, role=Membership.Role.MEMBER)
    AdvisorScopeFactory(user=user, departements=[departement])
    return user


@dataclass
class VtaWorld:
    mairie: Organisation
    secretary: User  # admin of the Mairie de Clamecy
    offer: object
    volunteer: User
    application: object
    delegate: User  # the Nièvre's préfecture
    delegate_other: User  # the Loire's préfecture
    other_collectivite_member: User
    company_member: User
    envelope: Envelope

    def notify(self) -> Mission:
        return services_aid.notify_candidate_chosen(
            self.secretary, self.mairie, self.offer, application=self.application
        )

    def available(self, today: datetime.date) -> Mission:
        mission = self.notify()
        services_aid.confirm_available(self.delegate, mission, today=today)
        return Mission.objects.select_related("aid", "commune").get(pk=mission.pk)

    def filed(self, today: datetime.date) -> Mission:
        mission = self.available(today)
        services_aid.file_request(
            self.secretary,
            mission,
            starts_on=datetime.date(2027, 1, 4),
            ends_on=datetime.date(2028, 1, 3),
            summary="Accompagner la revitalisation du centre-bourg : opération de revitalisation du territoire, "
            "dossiers de subvention DETR et fonds vert.",
            charter=charter_pdf(),
        )
        return Mission.objects.select_related("aid", "commune").get(pk=mission.pk)

    def granted(self, today: datetime.date) -> Mission:
        mission = self.filed(today)
        services_aid.grant(self.delegate, mission, amount_eur=15_000, decided_on=today, today=today)
        return Mission.objects.select_related("aid", "commune").get(pk=mission.pk)


def build_world(year: int = 2026) -> VtaWorld:
    commune = clamecy()
    # « Bourgs ruraux », level 5 of INSEE's density grid (shared/data/territoires/densite_communes.csv).
    Commune.objects.filter(pk=commune.pk).update(density_level=5)
    commune.refresh_from_db()
    mairie = OrganisationFactory(
        kind=Organisation.Kind.COLLECTIVITE, legal_nature="commune", name="Mairie de Clamecy", commune=commune
    )
    secretary = UserFactory(email="dgs@mairie-clamecy.fr", first_name="Sophie", last_name="Perrin")
    MembershipFactory(user=secretary, organisation=mairie, role=Membership.Role.ADMIN)
    offer = vta_offer(mairie)
    volunteer = CandidateUserFactory(email="lena.moreau@exemple.fr", first_name="Léna", last_name="Moreau")
    application = ApplicationFactory(offer=offer, candidate=volunteer, status=ApplicationStatus.HIRED)
    loire = saint_etienne().departement
    delegate = prefecture_delegate(nievre(), "delegue.anct@nievre.gouv.fr")
    delegate_other = prefecture_delegate(
        loire, "delegue.anct@loire.gouv.fr", name="Préfecture de la Loire", commune=saint_etienne()
    )
    other = OrganisationFactory(kind=Organisation.Kind.COLLECTIVITE, name="Mairie de Varzy", commune=clamecy())
    other_member = UserFactory(email="mairie@varzy.fr")
    MembershipFactory(user=other_member, organisation=other, role=Membership.Role.ADMIN)
    company = OrganisationFactory(name="Menuiserie du Haut Nivernais", commune=clamecy())
    company_member = UserFactory(email="contact@menuiserie-haut-nivernais.fr")
    MembershipFactory(user=company_member, organisation=company, role=Membership.Role.ADMIN)
    envelope = Envelope.objects.create(departement=nievre(), year=year, amount_eur=45_000)
    return VtaWorld(
        mairie, secretary, offer, volunteer, application, delegate, delegate_other, other_member, company_member,
        envelope,
    )  # fmt: skip


__all__ = ["DepartementFactory", "VtaWorld", "build_world", "charter_pdf", "prefecture_delegate", "vta_offer"]
