"""Job datings: events, registrations, wishes, schedule runs and interviews.

Writes go through `jobdating.services_*` (the event's state machine with its log, registrations
checked against the event's hours and deadline, schedule runs). The schedule itself is computed by
`jobdating.solver` from plain data; here slots are numbered from 0 like in the solver's JSON format,
and availability is stored as inclusive ranges `[[first_slot, last_slot], ...]`.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from emploi_territoires.accounts.models import Organisation
from emploi_territoires.core.workflow import TransitionLog
from emploi_territoires.territories.models import Departement, LocatedModel

# A candidate ranks at most this many recruiters (solver.weights.MAX_RANK is the same figure).
MAX_WISHES = 12
MAX_TABLES = 10


class EventStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    REGISTRATION_OPEN = "registration_open", "Inscriptions ouvertes"
    SCHEDULE_BUILT = "schedule_built", "Planning construit"
    PUBLISHED = "published", "Planning publié"
    HELD = "held", "Tenu"
    CLOSED = "closed", "Clos"


class Event(LocatedModel):
    """A job dating: a place (commune + address) or an online meeting, a day cut into slots."""

    title = models.CharField("titre", max_length=200)
    description = models.TextField("présentation", blank=True)
    address = models.CharField("adresse", max_length=250, blank=True)
    meeting_url = models.URLField("lien de la réunion en ligne", blank=True)
    date = models.DateField("date")
    first_slot_time = models.TimeField("début du premier créneau")
    slot_minutes = models.PositiveSmallIntegerField("durée d'un créneau (minutes)", default=15)
    slot_count = models.PositiveSmallIntegerField("nombre de créneaux", default=24)
    # Slot indexes (0-based) kept free for a break: nobody is scheduled then.
    breaks = models.JSONField("pauses (numéros de créneaux)", default=list, blank=True)
    min_gap = models.PositiveSmallIntegerField("créneaux libres entre deux entretiens d'un candidat", default=0)
    registration_deadline = models.DateTimeField("date limite d'inscription")
    target_programmes = models.JSONField("programmes visés", default=list, blank=True)
    target_departements = models.ManyToManyField(
        Departement, blank=True, related_name="+", verbose_name="départements visés"
    )
    target_occupations = models.ManyToManyField(
        "offers.RomeOccupation", blank=True, related_name="+", verbose_name="métiers visés"
    )
    capacity = models.PositiveIntegerField("nombre maximal de candidats", null=True, blank=True)
    # Declared situations (applications.situations.SITUATIONS) whose candidates' wishes weigh more
    # (solver.weights.PRIORITY_BONUS): the partners choose them per event (issue 15).
    priority_situations = models.JSONField("situations prioritaires", default=list, blank=True)

    organiser = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="jobdating_events", verbose_name="organisateur"
    )
    advisors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="jobdating_events", verbose_name="conseillers"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        "état", max_length=20, choices=EventStatus.choices, default=EventStatus.DRAFT, db_index=True
    )
    status_changed_at = models.DateTimeField("état changé le", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_demo = models.BooleanField("donnée de démonstration", default=False)

    class Meta:
        verbose_name = "job dating"
        verbose_name_plural = "job datings"
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(slot_minutes__gte=1), name="event_slot_minutes_positive"),
            models.CheckConstraint(condition=models.Q(slot_count__gte=1), name="event_slot_count_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("jobdating:event_detail", args=[self.pk])

    @property
    def is_online(self) -> bool:
        return bool(self.meeting_url)

    def slot_start(self, slot: int) -> datetime.datetime:
        """Aware start of slot `slot` (0-based) in the site's time zone."""
        naive = datetime.datetime.combine(self.date, self.first_slot_time) + datetime.timedelta(
            minutes=slot * self.slot_minutes
        )
        return timezone.make_aware(naive)

    def slot_end(self, slot: int) -> datetime.datetime:
        return self.slot_start(slot) + datetime.timedelta(minutes=self.slot_minutes)

    def slot_label(self, slot: int) -> str:
        start = timezone.localtime(self.slot_start(slot))
        end = timezone.localtime(self.slot_end(slot))
        return f"{start.hour} h {start:%M} – {end.hour} h {end:%M}"

    @property
    def break_slots(self) -> set[int]:
        return {b for b in self.breaks if isinstance(b, int)}

    @property
    def working_slots(self) -> list[int]:
        breaks = self.break_slots
        return [s for s in range(self.slot_count) if s not in breaks]

    @property
    def ends_at(self) -> datetime.datetime:
        return self.slot_end(self.slot_count - 1)


class EventTransition(TransitionLog):
    """The state machine's log: every status change with who and when (`created_at` is the `now` of
    the move: the demo replays a past event)."""

    subject_field = "event"
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=EventStatus.choices)
    to_status = models.CharField(max_length=20, choices=EventStatus.choices)


class RecruiterRegistration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="recruiter_registrations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="jobdating_registrations")
    offers = models.ManyToManyField("offers.Offer", blank=True, related_name="jobdating_registrations")
    tables = models.PositiveSmallIntegerField("nombre de tables", default=1)
    availability = models.JSONField("disponibilités (plages de créneaux)", default=list, blank=True)
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checked_in_at = models.DateTimeField("arrivé le", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "inscription d'un recruteur"
        verbose_name_plural = "inscriptions des recruteurs"
        ordering = ["organisation__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "organisation"], name="jd_recruiter_once_per_event"),
            models.CheckConstraint(
                condition=models.Q(tables__gte=1, tables__lte=MAX_TABLES), name="jd_recruiter_tables_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.event}"


class CandidateRegistration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="candidate_registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobdating_registrations")
    availability = models.JSONField("disponibilités (plages de créneaux)", default=list, blank=True)
    max_interviews = models.PositiveSmallIntegerField("nombre maximal d'entretiens", null=True, blank=True)
    checked_in_at = models.DateTimeField("arrivé le", null=True, blank=True)
    no_show = models.BooleanField("absent", default=False)
    walk_in = models.BooleanField("venu sans inscription", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "inscription d'un candidat"
        verbose_name_plural = "inscriptions des candidats"
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="jd_candidate_once_per_event")]

    def __str__(self) -> str:
        return f"{self.user} — {self.event}"


class ScreeningDecision(models.TextChoices):
    ACCEPTED = "accepted", "Accepté"
    PREFERRED = "preferred", "Prioritaire"
    REFUSED = "refused", "Refusé"


class CandidateScreening(models.Model):
    """A recruiter's answer about a candidate who wished them (no row: accepted by default)."""

    recruiter_registration = models.ForeignKey(
        RecruiterRegistration, on_delete=models.CASCADE, related_name="screenings"
    )
    candidate_registration = models.ForeignKey(
        CandidateRegistration, on_delete=models.CASCADE, related_name="screenings"
    )
    decision = models.CharField("décision", max_length=10, choices=ScreeningDecision.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "avis du recruteur"
        verbose_name_plural = "avis des recruteurs"
        constraints = [
            models.UniqueConstraint(
                fields=["recruiter_registration", "candidate_registration"], name="jd_screening_once_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recruiter_registration_id} → {self.candidate_registration_id}: {self.decision}"


class Wish(models.Model):
    candidate_registration = models.ForeignKey(CandidateRegistration, on_delete=models.CASCADE, related_name="wishes")
    recruiter_registration = models.ForeignKey(RecruiterRegistration, on_delete=models.CASCADE, related_name="wishes")
    rank = models.PositiveSmallIntegerField("rang")  # 1 = first choice

    class Meta:
        verbose_name = "souhait"
        ordering = ["candidate_registration", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate_registration", "recruiter_registration"], name="jd_wish_once_per_pair"
            ),
            models.UniqueConstraint(fields=["candidate_registration", "rank"], name="jd_wish_distinct_ranks"),
            models.CheckConstraint(condition=models.Q(rank__gte=1, rank__lte=MAX_WISHES), name="jd_wish_rank_range"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate_registration_id} → {self.recruiter_registration_id} (rang {self.rank})"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "En attente"
    RUNNING = "running", "En cours"
    DONE = "done", "Terminé"
    FAILED = "failed", "Échec"


class RunKind(models.TextChoices):
    BUILD = "build", "Construction"
    REOPTIMISE = "reoptimise", "Réoptimisation"


class ScheduleRun(models.Model):
    """One computation of the schedule: options, live progress, and the result's figures.

    `progress` holds {"phase", "objective", "bound", "elapsed", "messages": [...]}, written by the
    background task at most every second or so; the interviews of the run are `Interview` rows.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="runs")
    kind = models.CharField(max_length=12, choices=RunKind.choices, default=RunKind.BUILD)
    # Re-optimisation: interviews before this slot are frozen (part B's day-of changes).
    from_slot = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField("état", max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    options = models.JSONField("options", default=dict, blank=True)
    progress = models.JSONField("progression", default=dict, blank=True)
    method = models.CharField("méthode", max_length=20, blank=True)
    score = models.PositiveIntegerField("score", null=True, blank=True)
    bound = models.PositiveIntegerField("borne supérieure", null=True, blank=True)
    gap = models.FloatField("écart à la borne", null=True, blank=True)
    optimal = models.BooleanField("optimal prouvé", default=False)
    error = models.TextField("erreur", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    accepted = models.BooleanField("retenu", default=False)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "calcul de planning"
        verbose_name_plural = "calculs de planning"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["event"], condition=models.Q(accepted=True), name="jd_one_accepted_run"),
        ]

    def __str__(self) -> str:
        return f"Calcul {self.pk} — {self.event}"


class InterviewStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Prévu"
    HELD = "held", "Tenu"
    NO_SHOW = "no_show", "Absent"
    CANCELLED = "cancelled", "Annulé"


class InterviewOutcome(models.TextChoices):
    NONE = "", "Non renseigné"
    SECOND_INTERVIEW = "second_interview", "Second entretien"
    HIRED = "hired", "Recrutement"
    NO_FOLLOW_UP = "no_follow_up", "Sans suite"


ACTIVE_INTERVIEW = models.Q(status__in=[InterviewStatus.SCHEDULED, InterviewStatus.HELD])


class Interview(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="interviews")
    run = models.ForeignKey(ScheduleRun, on_delete=models.CASCADE, related_name="interviews")
    candidate_registration = models.ForeignKey(
        CandidateRegistration, on_delete=models.CASCADE, related_name="interviews"
    )
    recruiter_registration = models.ForeignKey(
        RecruiterRegistration, on_delete=models.CASCADE, related_name="interviews"
    )
    slot = models.PositiveSmallIntegerField("créneau")
    table = models.PositiveSmallIntegerField("table")  # 0-based, shown + 1
    weight = models.PositiveIntegerField("poids", default=0)
    status = models.CharField("état", max_length=10, choices=InterviewStatus.choices, default=InterviewStatus.SCHEDULED)
    outcome = models.CharField(
        "suite donnée", max_length=20, choices=InterviewOutcome.choices, blank=True, default=InterviewOutcome.NONE
    )
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "entretien"
        ordering = ["slot", "recruiter_registration", "table"]
        # Cancelled and no-show interviews keep their row (figures) but free their slot and table.
        constraints = [
            models.UniqueConstraint(
                fields=["run", "recruiter_registration", "slot", "table"],
                condition=ACTIVE_INTERVIEW,
                name="jd_interview_table_once_per_slot",
            ),
            models.UniqueConstraint(
                fields=["run", "candidate_registration", "slot"],
                condition=ACTIVE_INTERVIEW,
                name="jd_interview_candidate_once_per_slot",
            ),
            models.UniqueConstraint(
                fields=["run", "candidate_registration", "recruiter_registration"],
                condition=ACTIVE_INTERVIEW,
                name="jd_interview_pair_once",
            ),
        ]
        indexes = [models.Index(fields=["event", "run"], name="jd_interview_event_run_idx")]

    def __str__(self) -> str:
        return f"Entretien {self.candidate_registration_id} / {self.recruiter_registration_id} au créneau {self.slot}"


class EventRating(models.Model):
    candidate_registration = models.OneToOneField(
        CandidateRegistration, on_delete=models.CASCADE, related_name="rating"
    )
    score = models.PositiveSmallIntegerField("note (1 à 5)")
    comment = models.TextField("commentaire", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "avis sur l'événement"
        verbose_name_plural = "avis sur les événements"
        constraints = [
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="jd_rating_score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.score}/5 — {self.candidate_registration_id}"


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class InvitationOptIn(models.Model):
    """A candidate's explicit choice to receive by e-mail the job datings that match their profile.

    Kept here rather than as an `applications.Consent` purpose: the offer alerts' consent is given
    by saving a search, and says nothing about job datings. `active` off keeps the row (when and
    which text was accepted); `token` makes the e-mail's unsubscribe link work without logging in.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobdating_opt_in")
    active = models.BooleanField("actif", default=True)
    text_version = models.CharField("version du texte", max_length=20)
    given_at = models.DateTimeField("donné le", default=timezone.now)
    withdrawn_at = models.DateTimeField("retiré le", null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)

    class Meta:
        verbose_name = "abonnement aux job datings"
        verbose_name_plural = "abonnements aux job datings"

    def __str__(self) -> str:
        return f"{self.user} — {'actif' if self.active else 'retiré'}"


class InvitationKind(models.TextChoices):
    CANDIDATE = "candidate", "Candidat ou candidate"
    ADVISOR = "advisor", "Conseiller ou conseillère"


class EventInvitation(models.Model):
    """One e-mail suggesting an event to one person (a matching candidate who opted in, or an
    advisor of its territories): one row per person and event, so nobody is told twice."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobdating_invitations")
    kind = models.CharField("destinataire", max_length=10, choices=InvitationKind.choices)
    sent_at = models.DateTimeField("envoyé le", default=timezone.now)

    class Meta:
        verbose_name = "invitation à un job dating"
        verbose_name_plural = "invitations aux job datings"
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="jd_invitation_once_per_person")]

    def __str__(self) -> str:
        return f"{self.event_id} → {self.user_id} ({self.kind})"
