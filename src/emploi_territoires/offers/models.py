"""Job offers written for the territory (schema.org JobPosting plus what French employers need).

Writes go through `offers.services` (state machine with a transition log, history of changes);
the public search reads the projection kept by `emploi_territoires.search`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from emploi_territoires.accounts.models import Organisation
from emploi_territoires.core.workflow import TransitionLog
from emploi_territoires.territories.models import LocatedModel

from .education import EDUCATION_LEVELS


class RomeOccupation(models.Model):
    """An occupation of the ROME referential (France Travail), loaded from the committed copy."""

    code = models.CharField("code ROME", max_length=5, primary_key=True)
    label = models.CharField("libellé", max_length=200)
    search_label = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        verbose_name = "métier ROME"
        verbose_name_plural = "métiers ROME"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.label} ({self.code})"


class ContractType(models.TextChoices):
    CDI = "cdi", "CDI"
    CDD = "cdd", "CDD"
    VTA = "vta", "Volontariat territorial en administration (VTA)"
    PROJECT = "contrat_projet", "Contrat de projet"
    CIVIL_SERVANT = "fonctionnaire", "Fonctionnaire (mutation ou détachement)"
    CONTRACTUAL = "contractuel", "Contractuel de la fonction publique"
    APPRENTICESHIP = "apprentissage", "Apprentissage"
    INTERNSHIP = "stage", "Stage"


class PublicCategory(models.TextChoices):
    A = "A", "Catégorie A"
    B = "B", "Catégorie B"
    C = "C", "Catégorie C"


class PublicServiceBranch(models.TextChoices):
    """The three branches ("versants") of the French civil service; blank for a private employer."""

    TERRITORIALE = "territoriale", "Fonction publique territoriale"
    ETAT = "etat", "Fonction publique de l'État"
    HOSPITALIERE = "hospitaliere", "Fonction publique hospitalière"


# The contracts open to a non-civil servant ("contractuel") in the public service; see
# search.indexing.open_to_contractuels for offers that say so in their text.
CONTRACTUAL_CONTRACT_TYPES = ("contractuel", "cdd", "contrat_projet", "vta")


def default_public_service_branch(organisation_kind: str) -> str:
    """The branch an offer starts with, from its employer's kind (the editor's initial value)."""
    return {"collectivite": PublicServiceBranch.TERRITORIALE, "anct": PublicServiceBranch.ETAT}.get(
        organisation_kind, ""
    )


class Remote(models.TextChoices):
    NONE = "none", "Pas de télétravail"
    PARTIAL = "partial", "Télétravail partiel"
    FULL = "full", "Télétravail complet"


class ApplyMethod(models.TextChoices):
    PLATFORM = "platform", "Sur la plateforme"
    URL = "url", "Sur un site externe"
    EMAIL = "email", "Par e-mail"


class ProgrammeContext(models.TextChoices):
    NONE = "", "Aucun"
    PVD_LEAD = "chef_projet_pvd", "Chef·fe de projet Petites villes de demain"
    ACV_LEAD = "chef_projet_acv", "Chef·fe de projet Action cœur de ville"
    TOWN_CENTRE = "manager_centre_ville", "Manager de centre-ville"
    VTA = "vta", "Volontariat territorial en administration"
    TI_DEVELOPMENT = "developpement_ti", "Développement économique — Territoire d'industrie"
    QPV = "qpv", "Emploi dans ou pour un quartier prioritaire"


class OfferStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    SUBMITTED = "submitted", "En relecture"
    PUBLISHED = "published", "Publiée"
    FILLED = "filled", "Pourvue"
    EXPIRED = "expired", "Expirée"
    ARCHIVED = "archived", "Archivée"


class Offer(LocatedModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="offers")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reference = models.CharField("référence", max_length=20, unique=True, editable=False)

    title = models.CharField("intitulé du poste", max_length=150)
    occupation = models.ForeignKey(
        RomeOccupation, on_delete=models.PROTECT, null=True, blank=True, related_name="offers", verbose_name="métier"
    )
    address = models.CharField("adresse", max_length=250, blank=True)
    remote = models.CharField("télétravail", max_length=10, choices=Remote.choices, default=Remote.NONE)
    contract_type = models.CharField("type de contrat", max_length=20, choices=ContractType.choices)
    contract_duration_months = models.PositiveSmallIntegerField("durée du contrat (mois)", null=True, blank=True)
    public_category = models.CharField(
        "catégorie de la fonction publique", max_length=1, choices=PublicCategory.choices, blank=True
    )
    public_service_branch = models.CharField(
        "versant de la fonction publique",
        max_length=15,
        choices=PublicServiceBranch.choices,
        blank=True,
        default="",
        help_text="Territoriale, de l'État ou hospitalière ; vide pour un employeur privé.",
    )
    weekly_hours = models.DecimalField(
        "durée hebdomadaire (heures)", max_digits=4, decimal_places=1, null=True, blank=True
    )
    education_level = models.PositiveSmallIntegerField(
        "niveau de diplôme requis",
        null=True,
        blank=True,
        choices=EDUCATION_LEVELS.items(),
        help_text="Le niveau minimum demandé ; un VTA demande au moins bac + 2.",
    )
    salary_min = models.PositiveIntegerField("salaire brut annuel minimum (€)", null=True, blank=True)
    salary_max = models.PositiveIntegerField("salaire brut annuel maximum (€)", null=True, blank=True)
    start_date = models.DateField("date de prise de poste", null=True, blank=True)
    closing_date = models.DateField("date limite de candidature", null=True, blank=True)
    positions = models.PositiveSmallIntegerField("nombre de postes", default=1)

    missions = models.TextField("missions", blank=True)
    profile = models.TextField("profil recherché", blank=True)
    benefits = models.TextField("avantages", blank=True)
    territory_presentation = models.TextField("présentation du territoire", blank=True)

    apply_method = models.CharField(
        "modalité de candidature", max_length=10, choices=ApplyMethod.choices, default=ApplyMethod.PLATFORM
    )
    apply_url = models.URLField("adresse du site de candidature", blank=True)
    apply_email = models.EmailField("e-mail de candidature", blank=True)
    programme_context = models.CharField(
        "contexte de programme", max_length=30, choices=ProgrammeContext.choices, blank=True, default=""
    )

    status = models.CharField(
        "état", max_length=10, choices=OfferStatus.choices, default=OfferStatus.DRAFT, db_index=True
    )
    quality_score = models.PositiveSmallIntegerField("score de qualité", null=True, blank=True)
    written_with_assistant = models.BooleanField("rédigée avec l'assistant", default=False)
    template = models.CharField("modèle de départ", max_length=50, blank=True)
    published_at = models.DateTimeField("publiée le", null=True, blank=True, db_index=True)
    status_changed_at = models.DateTimeField("état changé le", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_demo = models.BooleanField("donnée de démonstration", default=False)

    class Meta:
        verbose_name = "offre"
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["organisation", "status"], name="offer_org_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(salary_min__isnull=True)
                | models.Q(salary_max__isnull=True)
                | models.Q(salary_min__lte=models.F("salary_max")),
                name="offer_salary_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.organisation}"

    def get_absolute_url(self) -> str:
        return reverse("offers:detail", args=[self.reference])

    @property
    def is_public_employer(self) -> bool:
        return self.organisation.is_public_employer

    @property
    def safe_apply_url(self) -> str:
        """The apply link if it is a web address; "" for anything else stored before validation
        covered every entry point (a `javascript:` link would run on the offer page)."""
        url = self.apply_url.strip()
        return url if url.lower().startswith(("https://", "http://")) else ""

    @property
    def is_published(self) -> bool:
        return self.status == OfferStatus.PUBLISHED


class OfferTransition(TransitionLog):
    """The state machine's log: every status change with who and when (`services.WORKFLOW`)."""

    subject_field = "offer"
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=10, choices=OfferStatus.choices)
    to_status = models.CharField(max_length=10, choices=OfferStatus.choices)


class OfferRevision(models.Model):
    """History of changes: which fields changed, from what to what, who and when."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="revisions")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changes = models.JSONField(default=dict)  # {field: [old, new]}
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Révision de {self.offer_id} ({', '.join(self.changes)})"
