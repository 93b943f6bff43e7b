"""Mentoring: programmes, profiles, enrolments, matching runs, pairs and their follow-up.

Every write goes through `mentoring.services_*` (transactions, e-mails on commit); reads of private
data go through `mentoring.permissions`. The matcher itself is `mentoring.matching` (no Django).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from emploi_territoires.accounts.models import Organisation
from emploi_territoires.applications.models import DiplomaLevel
from emploi_territoires.offers.models import RomeOccupation
from emploi_territoires.territories.models import Commune
from emploi_territoires.territories.models import Programme as TerritorialProgramme
from emploi_territoires.territories.scope import ScopeKind, TerritoryScoped, scope_kind_field

from .matching.pairs import CRITERIA, DEFAULT_MAX_DISTANCE_KM, SLOT_LABELS, TOPICS

TOPIC_CHOICES = list(TOPICS.items())
SLOT_CHOICES = list(SLOT_LABELS.items())
MAX_MEETING_MINUTES = 8 * 60
SURVEY_MILESTONES = (1, 3, 6)

# ROME broad domains: a field of study is mapped to one, so it can meet a mentor's occupation.
ROME_DOMAINS = [
    ("A", "Agriculture, pêche, espaces naturels et animaux"),
    ("B", "Arts et façonnage d'ouvrages d'art"),
    ("C", "Banque, assurance, immobilier"),
    ("D", "Commerce, vente et grande distribution"),
    ("E", "Communication, média et multimédia"),
    ("F", "Construction, bâtiment et travaux publics"),
    ("G", "Hôtellerie-restauration, tourisme, loisirs et animation"),
    ("H", "Industrie"),
    ("I", "Installation et maintenance"),
    ("J", "Santé"),
    ("K", "Services à la personne et à la collectivité"),
    ("L", "Spectacle"),
    ("M", "Support à l'entreprise (gestion, informatique, RH, droit…)"),
    ("N", "Transport et logistique"),
]


PROGRAMME_KINDS = (ScopeKind.NATIONAL, ScopeKind.DEPARTEMENT, ScopeKind.EPCI, ScopeKind.COMMUNE, ScopeKind.PROGRAMME)


class Audience(models.TextChoices):
    YOUNG_GRADUATES = "young_graduates", "Jeunes diplômés depuis moins de deux ans"
    QPV_FIRST = "qpv_first", "Jeunes diplômés, habitants des quartiers prioritaires en priorité"
    SMALL_TOWNS_FIRST = "small_towns_first", "Jeunes diplômés, habitants des petites villes en priorité"


class Mode(models.TextChoices):
    SCORE = "score", "Meilleur score total"
    PARTICIPATION = "participation", "Le plus de binômes possible, puis le meilleur score"
    STABLE = "stable", "Stable : aucun mentor et mentoré ne se préféreraient mutuellement"


class Outcome(models.TextChoices):
    JOB = "job", "En emploi"
    TRAINING = "training", "En formation"
    STILL_SEARCHING = "still_searching", "Toujours en recherche"


class Programme(TerritoryScoped):
    """A mentoring programme, national or on a territory (`.scope`, territories.scope): a mentee
    joins only if the territory covers their commune."""

    name = models.CharField("nom", max_length=200)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="mentoring_programmes",
        verbose_name="organisation qui porte le programme",
    )  # fmt: skip
    description = models.TextField("présentation", blank=True)
    scope_kind = scope_kind_field(*PROGRAMME_KINDS, default=ScopeKind.NATIONAL)
    audience = models.CharField("public", max_length=20, choices=Audience.choices, default=Audience.YOUNG_GRADUATES)
    duration_months = models.PositiveSmallIntegerField(
        "durée (mois)", default=6, validators=[MinValueValidator(1), MaxValueValidator(24)]
    )
    meeting_every_weeks = models.PositiveSmallIntegerField(
        "fréquence attendue des rencontres (semaines)", default=2, validators=[MinValueValidator(1)]
    )
    alert_after_weeks = models.PositiveSmallIntegerField(
        "alerte sans rencontre après (semaines)", default=4, validators=[MinValueValidator(1)]
    )
    starts_on = models.DateField("début")
    ends_on = models.DateField("fin")
    managers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="managed_mentoring_programmes")
    weights = models.JSONField("pondérations des critères", default=dict, blank=True)
    max_distance_km = models.PositiveSmallIntegerField("distance maximale en présentiel (km)", default=30)
    qpv_priority = models.BooleanField("priorité aux habitants des quartiers prioritaires", default=False)
    # Situations declared on the candidate profile (applications.situations.SITUATIONS) that get the
    # priority bonus in the matching, as the partners choose (issue 15).
    priority_situations = models.JSONField("situations prioritaires", default=list, blank=True)
    is_demo = models.BooleanField("donnée de démonstration", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "programme de mentorat"
        verbose_name_plural = "programmes de mentorat"
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="programme_dates"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("mentoring:programme", args=[self.pk])

    @property
    def scope_label(self) -> str:
        if self.scope_kind == ScopeKind.DEPARTEMENT and self.departement_id:
            return f"Département : {self.departement}"
        if self.scope_kind == ScopeKind.EPCI and self.epci_id:
            return f"Intercommunalité : {self.epci}"
        if self.scope_kind == ScopeKind.COMMUNE and self.commune_id:
            return f"Commune : {self.commune}"
        if self.scope_kind == ScopeKind.PROGRAMME and self.programme:
            return f"Programme : {TerritorialProgramme(self.programme).label}"
        return "National"

    @property
    def weight_values(self) -> dict[str, int]:
        from .matching.pairs import Weights

        return Weights.from_dict({k: v for k, v in (self.weights or {}).items() if k in CRITERIA}).as_dict()


class _Profile(models.Model):
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+", verbose_name="commune")
    in_person = models.BooleanField("accepte les rencontres en présentiel", default=True)
    remote = models.BooleanField("accepte le mentorat à distance", default=True)
    languages = models.JSONField("langues", default=list)
    availability = models.JSONField("disponibilités (jour × moment)", default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def availability_labels(self) -> list[str]:
        return [SLOT_LABELS[s] for s in SLOT_LABELS if s in self.availability]


class MentorProfile(_Profile):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_profile")
    occupation = models.ForeignKey(
        RomeOccupation, on_delete=models.PROTECT, related_name="+", verbose_name="métier (ROME)"
    )
    sector = models.CharField("secteur", max_length=150, blank=True)
    employer = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="employeur"
    )
    experience_years = models.PositiveSmallIntegerField("années d'expérience", validators=[MaxValueValidator(60)])
    capacity = models.PositiveSmallIntegerField(
        "nombre de personnes mentorées (1 à 3)", default=1, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    topics = models.JSONField("sujets sur lesquels je peux aider", default=list)

    class Meta:
        verbose_name = "profil de mentor"
        constraints = [
            models.CheckConstraint(condition=models.Q(capacity__gte=1, capacity__lte=3), name="mentor_capacity_1_3"),
        ]

    def __str__(self) -> str:
        return f"Mentor : {self.user}"

    @property
    def topic_labels(self) -> list[str]:
        return [TOPICS[t] for t in TOPICS if t in self.topics]


class MenteeProfile(_Profile):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentee_profile")
    field_of_study = models.CharField("domaine d'études", max_length=150)
    field_domain = models.CharField("grand domaine du métier visé", max_length=1, choices=ROME_DOMAINS)
    diploma_level = models.PositiveSmallIntegerField("niveau de diplôme", choices=DiplomaLevel.choices)
    graduated_on = models.DateField("date d'obtention du diplôme", null=True, blank=True)
    wished_occupations = models.ManyToManyField(
        RomeOccupation, blank=True, related_name="+", verbose_name="métiers visés"
    )
    experience_years = models.PositiveSmallIntegerField("années d'expérience", default=0)
    goals = models.JSONField("objectifs", default=list)
    employer = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="employeur ou établissement actuel",
    )  # fmt: skip
    # Situation declared with explicit consent (versioned text, withdrawal clears it).
    is_qpv_resident = models.BooleanField("habitant·e d'un quartier prioritaire", default=False)
    is_first_generation = models.BooleanField("premier·e diplômé·e de sa famille", default=False)
    situation_consent_version = models.CharField(max_length=20, blank=True)
    situation_consent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "profil de personne mentorée"

    def __str__(self) -> str:
        return f"Personne mentorée : {self.user}"

    @property
    def goal_labels(self) -> list[str]:
        return [TOPICS[t] for t in TOPICS if t in self.goals]


class Enrolment(models.Model):
    class Role(models.TextChoices):
        MENTOR = "mentor", "Mentor"
        MENTEE = "mentee", "Personne mentorée"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="enrolments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentoring_enrolments")
    role = models.CharField("rôle", max_length=6, choices=Role.choices)
    is_active = models.BooleanField("inscription active", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "inscription"
        constraints = [models.UniqueConstraint(fields=["programme", "user", "role"], name="unique_enrolment")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.programme}"


class NeverTogether(models.Model):
    """A manager's exclusion: this mentor and this mentee are never proposed together."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="exclusions")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    mentee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField("motif", max_length=200, blank=True)

    class Meta:
        verbose_name = "exclusion"
        constraints = [
            models.UniqueConstraint(fields=["programme", "mentor", "mentee"], name="unique_never_together"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} jamais avec {self.mentee}"


class MatchingRun(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="runs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    mode = models.CharField("mode", max_length=13, choices=Mode.choices, default=Mode.SCORE)
    qpv_bonus = models.PositiveSmallIntegerField("bonus QPV (points)", default=0)
    weights = models.JSONField(default=dict)
    max_distance_km = models.PositiveSmallIntegerField(default=int(DEFAULT_MAX_DISTANCE_KM))
    mentors_count = models.PositiveIntegerField(default=0)
    mentees_count = models.PositiveIntegerField(default=0)
    feasible_pairs = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField("score total", default=0)
    matched = models.PositiveIntegerField("personnes mentorées appariées", default=0)
    blocking_pairs = models.PositiveIntegerField("paires bloquantes", default=0)
    optimal_total = models.PositiveIntegerField("score total du mode « score »", null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "appariement"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Appariement du {self.created_at:%d/%m/%Y %H:%M} — {self.programme}"

    def get_absolute_url(self) -> str:
        return reverse("mentoring:run", args=[self.programme_id, self.pk])

    @property
    def stability_cost(self) -> int | None:
        if self.mode != Mode.STABLE or self.optimal_total is None:
            return None
        return self.optimal_total - self.total


class ProposedPair(models.Model):
    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="proposals")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    mentee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField()
    reasons = models.JSONField(default=list)
    meeting = models.CharField("mode de rencontre", max_length=40, blank=True)
    distance_km = models.FloatField(null=True, blank=True)
    locked = models.BooleanField("verrouillé", default=False)
    removed = models.BooleanField("retiré", default=False)

    class Meta:
        verbose_name = "binôme proposé"
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "mentor", "mentee"], name="unique_proposal"),
            models.CheckConstraint(condition=~models.Q(locked=True, removed=True), name="proposal_locked_or_removed"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} et {self.mentee} ({self.score})"


class Pair(models.Model):
    class State(models.TextChoices):
        ACTIVE = "active", "En cours"
        ENDED = "ended", "Terminé"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="pairs")
    run = models.ForeignKey(MatchingRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="pairs")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentoring_as_mentor")
    mentee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentoring_as_mentee")
    score = models.PositiveSmallIntegerField(default=0)
    reasons = models.JSONField(default=list)
    state = models.CharField("état", max_length=6, choices=State.choices, default=State.ACTIVE)
    started_on = models.DateField("début")
    ended_on = models.DateField("fin", null=True, blank=True)
    outcome = models.CharField("situation à la fin", max_length=15, choices=Outcome.choices, blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        "satisfaction (1 à 5)", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "binôme"
        ordering = ["-started_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "mentee"], condition=models.Q(state="active"), name="one_active_pair_per_mentee"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} et {self.mentee}"

    def get_absolute_url(self) -> str:
        return reverse("mentoring:pair", args=[self.pk])


class Meeting(models.Model):
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField("date")
    duration_minutes = models.PositiveSmallIntegerField(
        "durée (minutes)", validators=[MinValueValidator(1), MaxValueValidator(MAX_MEETING_MINUTES)]
    )
    topics = models.JSONField("sujets abordés", default=list, blank=True)
    # Visible only to the mentor and the mentee (never to managers).
    note = models.TextField("note", blank=True)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "rencontre"
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"Rencontre du {self.date:%d/%m/%Y}"

    @property
    def topic_labels(self) -> list[str]:
        """The topics in French, in the list's order (an unknown code is shown as is)."""
        return [TOPICS.get(code, code) for code in self.topics]


class HelpRequest(models.Model):
    class Kind(models.TextChoices):
        HELP = "help", "Demande d'aide"
        NO_MEETING = "no_meeting", "Pas de rencontre depuis plusieurs semaines"

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="help_requests")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    message = models.TextField("message", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "alerte"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.pair}"


class SurveyAnswer(models.Model):
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="survey_answers")
    milestone = models.PositiveSmallIntegerField("étape (mois)", choices=[(m, f"{m} mois") for m in SURVEY_MILESTONES])
    respondent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    satisfaction = models.PositiveSmallIntegerField(
        "satisfaction (1 à 5)", validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    situation = models.CharField("situation de la personne mentorée", max_length=15, choices=Outcome.choices)
    comment = models.TextField("commentaire", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "réponse au questionnaire"
        constraints = [models.UniqueConstraint(fields=["pair", "milestone"], name="one_survey_per_milestone")]

    def __str__(self) -> str:
        return f"Questionnaire à {self.milestone} mois — {self.pair}"


class SurveyReminder(models.Model):
    """A survey reminder sent for a pair and a milestone: recorded so it is sent only once."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="survey_reminders")
    milestone = models.PositiveSmallIntegerField("étape (mois)", choices=[(m, f"{m} mois") for m in SURVEY_MILESTONES])
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "relance de questionnaire"
        constraints = [models.UniqueConstraint(fields=["pair", "milestone"], name="one_reminder_per_milestone")]

    def __str__(self) -> str:
        return f"Relance à {self.milestone} mois — {self.pair}"
