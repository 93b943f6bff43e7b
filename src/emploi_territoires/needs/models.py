"""Needs campaigns and recruitment-need declarations (the territory's own "Besoins en main-d'œuvre").

An advisor opens a campaign over a territory (communes, EPCI, département or a programme's
communes); the organisations located there are invited by e-mail with a personal link and
declare their needs. A declaration can also be made outside any campaign. Writes go through
`needs.services`; the territory diagnostic reads `NeedDeclaration` for its aggregates.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from emploi_territoires.accounts.models import Organisation
from emploi_territoires.offers.models import ContractType, Offer, RomeOccupation
from emploi_territoires.territories.models import Commune, LocatedModel
from emploi_territoires.territories.scope import ScopeKind, TerritoryScoped, scope_kind_field


class CampaignState(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    OPEN = "open", "Ouverte"
    CLOSED = "closed", "Clôturée"


class Horizon(models.TextChoices):
    UNDER_3_MONTHS = "under_3_months", "Dans moins de 3 mois"
    MONTHS_3_TO_12 = "3_to_12_months", "Dans 3 à 12 mois"
    BEYOND = "beyond", "Au-delà de 12 mois"


class DifficultyReason(models.TextChoices):
    FEW_CANDIDATES = "few_candidates", "Peu de candidats"
    SKILLS = "skills", "Compétences difficiles à trouver"
    TERRITORY_ATTRACTIVENESS = "territory_attractiveness", "Attractivité du territoire"
    HOUSING = "housing", "Logement"
    MOBILITY = "mobility", "Mobilité, transports"
    PAY = "pay", "Niveau de rémunération"


class EngineeringNeed(models.TextChoices):
    """Project-engineering needs of a collectivité (the programmes' dedicated posts)."""

    PVD_LEAD = "chef_projet_pvd", "Chef·fe de projet Petites villes de demain"
    ACV_LEAD = "chef_projet_acv", "Chef·fe de projet Action cœur de ville"
    TOWN_CENTRE = "manager_centre_ville", "Manager de centre-ville"
    VTA = "vta", "Volontariat territorial en administration (VTA)"


CAMPAIGN_KINDS = (ScopeKind.COMMUNES, ScopeKind.EPCI, ScopeKind.DEPARTEMENT, ScopeKind.PROGRAMME)


class NeedsCampaign(TerritoryScoped):
    """A campaign over a list of communes, an EPCI, a département or a programme's communes
    (optionally in one département): `.scope` (territories.scope)."""

    title = models.CharField("intitulé", max_length=200)
    scope_kind = scope_kind_field(*CAMPAIGN_KINDS)
    commune = None  # a list of communes instead:
    communes = models.ManyToManyField(Commune, blank=True, related_name="+", verbose_name="communes")
    # Kinds of organisations invited (Organisation.Kind values); empty means every employer kind.
    organisation_kinds = models.JSONField("types d'organisations invitées", default=list, blank=True)
    deadline = models.DateField("date limite de réponse")
    reminder_days = models.PositiveSmallIntegerField("relance (jours avant la date limite)", default=7)
    state = models.CharField(
        "état", max_length=10, choices=CampaignState.choices, default=CampaignState.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField("ouverte le", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField("donnée de démonstration", default=False)

    class Meta:
        verbose_name = "campagne de recensement des besoins"
        verbose_name_plural = "campagnes de recensement des besoins"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("needs:campaign", args=[self.pk])

    def scope_commune_ids(self) -> list[str]:
        return [commune.pk for commune in self.communes.all()]


class CampaignInvitation(models.Model):
    campaign = models.ForeignKey(NeedsCampaign, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="needs_invitations")
    # Personal link token (secrets.token_urlsafe); it only routes to the answer page after login.
    token = models.CharField(max_length=64, unique=True, editable=False)
    sent_at = models.DateTimeField("envoyée le", null=True, blank=True)
    reminded_at = models.DateTimeField("relancée le", null=True, blank=True)
    answered_at = models.DateTimeField("répondu le", null=True, blank=True)
    # The member who answered for the organisation (needs.services.declare_needs requires one).
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="réponse donnée par",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "invitation à une campagne"
        ordering = ["organisation__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "organisation"], name="unique_campaign_invitation"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} → {self.organisation}"

    def get_absolute_url(self) -> str:
        return reverse("needs:invitation", args=[self.token])


class NeedDeclaration(LocatedModel):
    """One recruitment need: `count` people for an occupation, located in a commune of the organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="need_declarations")
    campaign = models.ForeignKey(
        NeedsCampaign, on_delete=models.SET_NULL, null=True, blank=True, related_name="declarations"
    )
    occupation = models.ForeignKey(
        RomeOccupation, on_delete=models.PROTECT, related_name="need_declarations", verbose_name="métier"
    )
    count = models.PositiveSmallIntegerField("nombre de personnes")
    horizon = models.CharField("horizon", max_length=16, choices=Horizon.choices)
    contract_type = models.CharField("type de contrat", max_length=20, choices=ContractType.choices)
    is_difficult = models.BooleanField("recrutement jugé difficile", default=False)
    difficulty_reasons = models.JSONField("raisons de la difficulté", default=list, blank=True)  # DifficultyReason
    engineering_needs = models.JSONField("besoins d'ingénierie", default=list, blank=True)  # EngineeringNeed
    comment = models.TextField("commentaire", blank=True)
    is_late = models.BooleanField("réponse tardive", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    converted_offer = models.ForeignKey(
        Offer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="offre créée"
    )
    is_demo = models.BooleanField("donnée de démonstration", default=False)

    class Meta:
        verbose_name = "besoin de recrutement"
        verbose_name_plural = "besoins de recrutement"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(count__gte=1), name="need_count_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.count} × {self.occupation.label} — {self.organisation}"

    def get_absolute_url(self) -> str:
        return reverse("needs:declaration", args=[self.pk])

    def get_difficulty_reasons_display(self) -> list[str]:
        labels = dict(DifficultyReason.choices)
        return [labels.get(r, r) for r in self.difficulty_reasons]

    def get_engineering_needs_display(self) -> list[str]:
        labels = dict(EngineeringNeed.choices)
        return [labels.get(r, r) for r in self.engineering_needs]
