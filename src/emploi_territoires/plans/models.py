"""Territorial action plans (issue 10): a plan per territory and period, its partners with a named
contact, its targets, and its actions linked to the platform objects that carry them out.

The results of an action are never typed: `plans.results` reads them live from the linked job
dating, mentoring programme, needs campaign, offers or impact study, and the plan's results come
from `evaluation.indicators.compute_indicators` over the plan's territory and period. Writes go
through `plans.services` (validation in French, transitions logged).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from emploi_territoires.accounts.models import Organisation
from emploi_territoires.core.workflow import TransitionLog
from emploi_territoires.territories.models import Programme as TerritorialProgramme
from emploi_territoires.territories.scope import ScopeKind, TerritoryScoped, scope_kind_field

PLAN_KINDS = (ScopeKind.COMMUNE, ScopeKind.EPCI, ScopeKind.DEPARTEMENT, ScopeKind.PROGRAMME)


class Plan(TerritoryScoped):
    """A plan over a commune, an EPCI, a département, or a programme's communes in one département
    (`.scope`, territories.scope: the same cut everywhere the plan's territory matters)."""

    title = models.CharField("intitulé", max_length=200)
    scope_kind = scope_kind_field(*PLAN_KINDS)
    starts_on = models.DateField("début")
    ends_on = models.DateField("fin")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_demo = models.BooleanField("donnée de démonstration", default=False)

    class Meta:
        verbose_name = "plan d'action territorial"
        verbose_name_plural = "plans d'action territoriaux"
        ordering = ["-starts_on", "title", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="plan_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:detail", args=[self.pk])

    def territory_label(self) -> str:
        if self.scope_kind == ScopeKind.COMMUNE and self.commune_id:
            return f"{self.commune.name} ({self.commune.departement_id})"
        if self.scope_kind == ScopeKind.EPCI and self.epci_id:
            return self.epci.name
        if self.scope_kind == ScopeKind.DEPARTEMENT and self.departement_id:
            return str(self.departement)
        if self.scope_kind == ScopeKind.PROGRAMME and self.departement_id and self.programme:
            return f"Communes {TerritorialProgramme(self.programme).label} — {self.departement}"
        return "Territoire non renseigné"

    def indicator_period(self):  # -> evaluation.indicators.Period
        from emploi_territoires.evaluation.indicators import Period

        return Period(self.starts_on, self.ends_on)


class PartnerRole(models.TextChoices):
    APEC = "apec", "Apec"
    ANCT = "anct", "ANCT"
    PREFECTURE = "prefecture", "Préfecture (délégué territorial de l'ANCT)"
    COLLECTIVITE = "collectivite", "Collectivité"
    ASSOCIATION = "association", "Association"
    OTHER = "other", "Autre partenaire"


class PlanPartner(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="plan_partnerships", verbose_name="organisation"
    )
    role = models.CharField("rôle", max_length=12, choices=PartnerRole.choices)
    # Must be a member of the organisation (checked in plans.services).
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="plan_contacts", verbose_name="contact"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "partenaire du plan"
        verbose_name_plural = "partenaires du plan"
        ordering = ["plan", "organisation__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "organisation"], name="unique_plan_partner"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class PlanTarget(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    # A code of evaluation.indicators.INDICATORS (checked in services/forms).
    indicator_code = models.CharField("indicateur", max_length=40)
    target = models.DecimalField("cible", max_digits=10, decimal_places=1)

    class Meta:
        verbose_name = "cible du plan"
        verbose_name_plural = "cibles du plan"
        ordering = ["plan", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "indicator_code"], name="unique_plan_target"),
            models.CheckConstraint(condition=Q(target__gte=0), name="plan_target_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_code} : {self.target}"


class ActionKind(models.TextChoices):
    OFFER_SUPPORT = "offer_support", "Accompagnement à la rédaction d'offres"
    JOB_DATING = "job_dating", "Job dating"
    PROJECT_LEAD = "project_lead", "Recrutement d'un chef de projet ou manager de centre-ville"
    MENTORING = "mentoring", "Cohorte de mentorat"
    VTA_CAMPAIGN = "vta_campaign", "Campagne de diffusion VTA"
    NEEDS_CAMPAIGN = "needs_campaign", "Campagne de recensement des besoins"
    STUDY = "study", "Étude ou évaluation"
    OTHER = "other", "Autre action"


class ActionStatus(models.TextChoices):
    PLANNED = "planned", "Prévue"
    RUNNING = "running", "En cours"
    DONE = "done", "Réalisée"
    CANCELLED = "cancelled", "Annulée"


CLOSED_STATUSES = (ActionStatus.DONE, ActionStatus.CANCELLED)


class Action(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField("type d'action", max_length=20, choices=ActionKind.choices)
    title = models.CharField("intitulé", max_length=200)
    description = models.TextField("description", blank=True)
    # Must be a partner of the same plan (checked in plans.services).
    # RESTRICT: a partner leading actions cannot be removed alone, but deleting the plan deletes both.
    lead = models.ForeignKey(PlanPartner, on_delete=models.RESTRICT, related_name="led_actions", verbose_name="pilote")
    starts_on = models.DateField("début")
    ends_on = models.DateField("fin")
    status = models.CharField(
        "état", max_length=10, choices=ActionStatus.choices, default=ActionStatus.PLANNED, db_index=True
    )
    budget_eur = models.DecimalField("budget (€)", max_digits=12, decimal_places=2, null=True, blank=True)
    days_spent = models.DecimalField("temps passé (jours)", max_digits=7, decimal_places=1, null=True, blank=True)
    jobdating_event = models.ForeignKey(
        "jobdating.Event", on_delete=models.SET_NULL, null=True, blank=True, related_name="plan_actions",
        verbose_name="job dating",
    )  # fmt: skip
    mentoring_programme = models.ForeignKey(
        "mentoring.Programme", on_delete=models.SET_NULL, null=True, blank=True, related_name="plan_actions",
        verbose_name="programme de mentorat",
    )  # fmt: skip
    needs_campaign = models.ForeignKey(
        "needs.NeedsCampaign", on_delete=models.SET_NULL, null=True, blank=True, related_name="plan_actions",
        verbose_name="campagne de besoins",
    )  # fmt: skip
    impact_study = models.ForeignKey(
        "evaluation.ImpactStudy", on_delete=models.SET_NULL, null=True, blank=True, related_name="plan_actions",
        verbose_name="étude d'impact",
    )  # fmt: skip
    offers = models.ManyToManyField("offers.Offer", blank=True, related_name="plan_actions", verbose_name="offres")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "action"
        ordering = ["starts_on", "ends_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="action_ends_after_start"),
            models.CheckConstraint(condition=Q(budget_eur__gte=0) | Q(budget_eur__isnull=True), name="action_budget"),
            models.CheckConstraint(condition=Q(days_spent__gte=0) | Q(days_spent__isnull=True), name="action_days"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:detail", args=[self.plan_id]) + f"#action-{self.pk}"

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    def is_late(self, today: datetime.date) -> bool:
        """Not done nor cancelled, and its end date is past."""
        return not self.is_closed and self.ends_on < today

    def is_due(self, today: datetime.date, days: int = 7) -> bool:
        """Open and ending within `days` days (today included), not yet late."""
        return not self.is_closed and today <= self.ends_on <= today + datetime.timedelta(days=days)


class ActionTransition(TransitionLog):
    """The action's log: every status change, who, when, and the note (`services.WORKFLOW`)."""

    subject_field = "action"
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=10, choices=ActionStatus.choices)
    to_status = models.CharField(max_length=10, choices=ActionStatus.choices)
    comment = models.TextField("note", blank=True)

    class Meta(TransitionLog.Meta):
        verbose_name = "changement d'état d'une action"

    def __str__(self) -> str:
        return f"{self.action} : {self.from_status} → {self.to_status}"


class ReminderKind(models.TextChoices):
    DUE = "due", "Échéance proche"
    LATE = "late", "En retard"


class ActionReminder(models.Model):
    """One reminder per action and kind: a partner is never told twice the same thing."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=4, choices=ReminderKind.choices)
    sent_on = models.DateField()

    class Meta:
        verbose_name = "rappel d'action"
        constraints = [models.UniqueConstraint(fields=["action", "kind"], name="unique_action_reminder")]

    def __str__(self) -> str:
        return f"{self.action} — {self.kind} ({self.sent_on})"


class DigestLog(models.Model):
    """The weekly digest of a plan, sent once per ISO week ("2026-W48")."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="digests")
    week = models.CharField(max_length=8)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "synthèse hebdomadaire"
        constraints = [models.UniqueConstraint(fields=["plan", "week"], name="unique_plan_digest")]

    def __str__(self) -> str:
        return f"{self.plan} — {self.week}"
