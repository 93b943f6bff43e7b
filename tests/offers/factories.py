"""Offer factories (shared by the editor, assistant and board tests).

`OfferFactory` builds a real-sounding draft offer of Saint-Étienne Métropole (a collectivité in
Saint-Étienne, Loire) unless told otherwise; it goes through the same reference numbering as
`offers.services.create_offer` so references look like production ones ("ET-2026-000123").
Pass `status=OfferStatus.PUBLISHED` for a published offer (published_at is then set).
"""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from emploi_territoires.accounts.models import Organisation
from emploi_territoires.offers.models import (
    ApplyMethod,
    ContractType,
    Offer,
    OfferStatus,
    PublicCategory,
    Remote,
    RomeOccupation,
    default_public_service_branch,
)
from emploi_territoires.offers.services import assign_reference, temporary_reference
from emploi_territoires.territories.search import normalize
from tests.factories import OrganisationFactory, saint_etienne


class RomeOccupationFactory(DjangoModelFactory):
    """A real ROME occupation: M1403 by default (see offers/data/rome.json for the others)."""

    class Meta:
        model = RomeOccupation
        django_get_or_create = ("code",)

    code = "M1403"
    label = "Chargé / Chargée d'études socio-économiques"
    search_label = factory.LazyAttribute(lambda o: normalize(o.label))


class OfferFactory(DjangoModelFactory):
    class Meta:
        model = Offer
        skip_postgeneration_save = True

    # A fictitious collectivité of the Loire (its own SIREN, so several can coexist); pass
    # organisation=organisation_a (Saint-Étienne Métropole) in persona tests.
    organisation = factory.SubFactory(
        OrganisationFactory,
        kind=Organisation.Kind.COLLECTIVITE,
        name=factory.Sequence(lambda n: f"Commune test du Forez {n}"),
        commune=factory.LazyFunction(saint_etienne),
    )
    commune = factory.LazyAttribute(lambda o: o.organisation.commune)
    reference = factory.LazyFunction(temporary_reference)
    title = "Chargé·e de mission développement économique (F/H)"
    occupation = factory.SubFactory(RomeOccupationFactory)
    remote = Remote.PARTIAL
    contract_type = ContractType.CONTRACTUAL
    public_category = factory.LazyAttribute(lambda o: PublicCategory.A if o.organisation.is_public_employer else "")
    public_service_branch = factory.LazyAttribute(lambda o: default_public_service_branch(o.organisation.kind))
    weekly_hours = 35
    salary_min = 36_000
    salary_max = 44_000
    start_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=60))
    closing_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    positions = 1
    missions = (
        "Vous accompagnez les entreprises du territoire dans leurs projets d'implantation et de développement, "
        "animez le réseau des acteurs économiques et suivez le programme Territoires d'industrie."
    )
    profile = "Formation supérieure en développement territorial ou économie ; expérience en collectivité appréciée."
    benefits = "Télétravail deux jours par semaine, tickets restaurant, comité d'action sociale."
    territory_presentation = "Saint-Étienne Métropole réunit 53 communes entre Loire et Pilat, à 45 minutes de Lyon."
    apply_method = ApplyMethod.PLATFORM
    status = OfferStatus.DRAFT
    published_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status in {OfferStatus.PUBLISHED, OfferStatus.FILLED} else None
    )
    status_changed_at = factory.LazyAttribute(lambda o: o.published_at)

    @factory.post_generation
    def _reference(obj, create, extracted, **kwargs):
        if create:
            assign_reference(obj)
