"""The VTA's State aid and the volunteer's mission (issue 16, docs/vta-aid.md).

- `Mission`: one volunteer on one VTA offer of a collectivité — created when the collectivité tells
  the préfecture that a candidate is chosen; carries the contract dates, the volunteer's consent to
  be listed on the département's public page, and the volunteer's situation at the end and 6 months
  later (`MissionOutcome`).
- `AidRequest`: the file of the State's flat-rate aid for that mission (one per mission), its state
  machine logged in `AidTransition`, the signed charter (private storage) and the préfecture's
  decision. It draws on the département's `Envelope` of the year.

Writes go through `vta.services_aid` (French messages, one transaction, the transition logged,
e-mails on commit); nothing else saves these models.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from emploi_territoires.accounts.models import Organisation
from emploi_territoires.core.workflow import TransitionLog
from emploi_territoires.territories.models import Departement, LocatedModel

# The State's flat-rate aid per volunteer (préfectures' and ANCT's pages, docs/vta-aid.md): the amount
# a préfecture commits when it confirms the aid is available, and grants unless it decides otherwise.
DEFAULT_AID_EUR = 15_000


class Envelope(models.Model):
    """The credits a département's préfecture may grant for VTA in one year."""

    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+", verbose_name="département")
    year = models.PositiveSmallIntegerField("année")
    amount_eur = models.PositiveIntegerField("montant de l'enveloppe (€)")
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField("mise à jour le", default=timezone.now)
    is_demo = models.BooleanField("donnée de démonstration", default=False)

    class Meta:
        verbose_name = "enveloppe VTA"
        verbose_name_plural = "enveloppes VTA"
        ordering = ["departement", "-year"]
        constraints = [models.UniqueConstraint(fields=["departement", "year"], name="unique_vta_envelope")]

    def __str__(self) -> str:
        return f"Enveloppe VTA {self.year} — {self.departement_id}"


class Mission(LocatedModel):
    """A volunteer's mission on a VTA offer; located at the offer's commune (its département's préfecture)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="vta_missions", verbose_name="collectivité"
    )
    offer = models.ForeignKey(
        "offers.Offer", on_delete=models.PROTECT, related_name="vta_missions", verbose_name="offre de VTA"
    )
    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="vta_missions",
        verbose_name="candidature retenue",
    )
    # A platform user (usually the chosen application's candidate), or only a name and an address.
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="vta_missions",
        verbose_name="volontaire (compte)",
    )
    volunteer_name = models.CharField("nom du ou de la volontaire", max_length=150)
    volunteer_email = models.EmailField("e-mail du ou de la volontaire", blank=True)
    title = models.CharField("intitulé de la mission", max_length=150)
    summary = models.TextField("mission confiée", blank=True)
    starts_on = models.DateField("début du contrat", null=True, blank=True)
    ends_on = models.DateField("fin du contrat", null=True, blank=True)
    # The volunteer's consent to appear on the département's public page (given and withdrawn by them).
    listing_consent_at = models.DateTimeField("accord pour figurer dans l'annuaire le", null=True, blank=True)
    listing_withdrawn_at = models.DateTimeField("accord retiré le", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    is_demo = models.BooleanField("donnée de démonstration", default=False)

    class Meta:
        verbose_name = "mission de VTA"
        verbose_name_plural = "missions de VTA"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gt=models.F("starts_on")),
                name="vta_mission_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.volunteer_name or 'volontaire'}"

    def get_absolute_url(self) -> str:
        return reverse("vta:aid_detail", args=[self.pk])

    @property
    def departement_code(self) -> str:
        return self.commune.departement_id

    @property
    def mid_term_on(self) -> datetime.date | None:
        if self.starts_on is None or self.ends_on is None:
            return None
        return self.starts_on + (self.ends_on - self.starts_on) / 2

    @property
    def is_listed(self) -> bool:
        return self.listing_consent_at is not None and self.listing_withdrawn_at is None

    def phase(self, today: datetime.date) -> str:
        """« à venir », « en cours », « terminée » or "" without contract dates."""
        if self.starts_on is None or self.ends_on is None:
            return ""
        if today < self.starts_on:
            return "à venir"
        if today <= self.ends_on:
            return "en cours"
        return "terminée"


class AidStatus(models.TextChoices):
    NOTIFIED = "notified", "Candidat choisi, préfecture informée"
    AVAILABLE = "available", "Aide disponible : demande à déposer"
    FILED = "filed", "Demande déposée, en instruction"
    INCOMPLETE = "incomplete", "Dossier incomplet"
    GRANTED = "granted", "Aide accordée"
    REFUSED = "refused", "Aide refusée"
    WITHDRAWN = "withdrawn", "Abandonnée par la collectivité"


# The aid the préfecture has set aside for a file (counted as « engagé » in the envelope).
COMMITTED_STATUSES = (AidStatus.AVAILABLE, AidStatus.FILED, AidStatus.INCOMPLETE)
OPEN_STATUSES = (AidStatus.NOTIFIED, *COMMITTED_STATUSES)


class AidRequest(models.Model):
    """The State aid file of one mission (one per mission: a second request is refused)."""

    mission = models.OneToOneField(Mission, on_delete=models.CASCADE, related_name="aid", verbose_name="mission")
    status = models.CharField(
        "état", max_length=12, choices=AidStatus.choices, default=AidStatus.NOTIFIED, db_index=True
    )
    envelope = models.ForeignKey(
        Envelope, on_delete=models.PROTECT, null=True, blank=True, related_name="aids", verbose_name="enveloppe"
    )
    committed_eur = models.PositiveIntegerField("montant réservé (€)", default=DEFAULT_AID_EUR)
    granted_eur = models.PositiveIntegerField("montant accordé (€)", null=True, blank=True)
    decided_on = models.DateField("date de la décision", null=True, blank=True)
    missing_items = models.TextField("pièces ou informations manquantes", blank=True)
    refusal_reason = models.TextField("motif du refus", blank=True)
    # The signed charter: a PDF in the private storage, under a random name, served by a checked view.
    charter_file = models.CharField("charte signée (fichier privé)", max_length=255, blank=True, editable=False)
    charter_original_name = models.CharField("nom du fichier déposé", max_length=200, blank=True)
    charter_uploaded_at = models.DateTimeField("charte déposée le", null=True, blank=True)
    filed_at = models.DateTimeField("demande déposée le", null=True, blank=True)
    status_changed_at = models.DateTimeField("état changé le", default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "demande d'aide VTA"
        verbose_name_plural = "demandes d'aide VTA"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="granted") | (Q(granted_eur__isnull=False) & Q(decided_on__isnull=False)),
                name="vta_aid_granted_has_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"Aide VTA — {self.mission}"

    def get_absolute_url(self) -> str:
        return reverse("vta:aid_detail", args=[self.mission_id])


class AidTransition(TransitionLog):
    """The aid's log: every status change, who, when, and what was said (`services_aid.WORKFLOW`)."""

    subject_field = "aid"
    aid = models.ForeignKey(AidRequest, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=12, choices=AidStatus.choices)
    to_status = models.CharField(max_length=12, choices=AidStatus.choices)

    class Meta(TransitionLog.Meta):
        verbose_name = "étape d'une demande d'aide VTA"
        verbose_name_plural = "étapes des demandes d'aide VTA"


class OutcomeMoment(models.TextChoices):
    END = "end", "À la fin de la mission"
    SIX_MONTHS = "six_months", "6 mois après la fin"


class Situation(models.TextChoices):
    JOB = "job", "En emploi"
    STUDIES = "studies", "En formation ou en études"
    SEEKING = "seeking", "En recherche d'emploi"
    OTHER = "other", "Autre situation"


class MissionOutcome(models.Model):
    """The volunteer's situation at one moment, recorded by the collectivité or the volunteer."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="outcomes")
    moment = models.CharField("moment", max_length=12, choices=OutcomeMoment.choices)
    situation = models.CharField("situation", max_length=10, choices=Situation.choices)
    job_title = models.CharField("poste occupé", max_length=150, blank=True)
    employer_name = models.CharField("employeur", max_length=200, blank=True)
    same_collectivite = models.BooleanField("dans la collectivité d'accueil", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "situation du volontaire"
        verbose_name_plural = "situations des volontaires"
        ordering = ["mission", "moment"]
        constraints = [models.UniqueConstraint(fields=["mission", "moment"], name="unique_vta_outcome")]

    def __str__(self) -> str:
        return f"{self.mission_id} {self.moment}: {self.situation}"


class ReminderKind(models.TextChoices):
    MID_TERM = "mid_term", "Point à mi-parcours"
    END = "end", "Fin de mission : situation à renseigner"
    SIX_MONTHS = "six_months", "6 mois après : situation à renseigner"


class MissionReminder(models.Model):
    """One reminder per mission and kind: nobody is told twice the same thing."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=12, choices=ReminderKind.choices)
    sent_on = models.DateField()

    class Meta:
        verbose_name = "rappel de mission VTA"
        constraints = [models.UniqueConstraint(fields=["mission", "kind"], name="unique_vta_mission_reminder")]

    def __str__(self) -> str:
        return f"{self.mission_id} — {self.kind} ({self.sent_on})"
