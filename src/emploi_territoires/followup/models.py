"""Individual support of the people furthest from employment (issue 15).

A *follow-up* (`FollowUp`) joins one person to the professionals who accompany them, from one or
several support structures (missions locales, France Travail, Cap emploi, PLIE, CCAS, associations,
Apec, collectivités: `accounts.models.SUPPORT_STRUCTURE_KINDS`). A person has at most one open
follow-up; its group (`FollowUpMember`) has one referent. A professional opens it with the
person's consent recorded, or the person asks a structure (`FollowUpRequest`) and a member accepts.

Around it: notes (private to the author's structure or shared with the group), appointments,
shared documents (private storage), proposals made for the person (prescribe an application,
register to a job dating, propose a mentoring programme, send an offer: `Proposal`, which the
person accepts or declines) and the person's situation at the end and 3 and 6 months later
(`OutcomeCheck`, for the indicators).

Every write goes through `followup.services`; every read of private data through
`followup.permissions`, which computes access from the *current* memberships (a professional who
leaves their structure loses access at once). followup sits above applications, jobdating and
mentoring: it reads them; they never import it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from emploi_territoires.accounts.models import Organisation
from emploi_territoires.core.storage import private_storage
from emploi_territoires.territories.models import EPCI, Commune, Departement

# The consent text a professional reads to the person, or the person accepts when asking a
# structure; its version is stored with the follow-up (docs/followup.md quotes it).
CONSENT_TEXT_VERSION = "2026-12"
DEFAULT_NO_CONTACT_WEEKS = 4


class SupportStructure(models.Model):
    """What a support structure sets for its follow-ups (one row per organisation, created on demand)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="support_settings", verbose_name="structure"
    )
    no_contact_alert_weeks = models.PositiveSmallIntegerField(
        "alerte sans contact après (semaines)",
        default=DEFAULT_NO_CONTACT_WEEKS,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )
    accepts_requests = models.BooleanField(
        "les personnes peuvent demander un accompagnement depuis leur espace", default=True
    )
    public_description = models.TextField(
        "présentation aux personnes", blank=True, help_text="Ce que la structure propose, ses horaires, son adresse."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "réglages d'une structure d'accompagnement"
        verbose_name_plural = "réglages des structures d'accompagnement"

    def __str__(self) -> str:
        return f"Réglages de {self.organisation}"


class StructureTerritory(models.Model):
    """One territory a support structure covers: a commune, an EPCI or a département (exactly one)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="covered_territories", verbose_name="structure"
    )
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    epci = models.ForeignKey(EPCI, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "territoire couvert par une structure"
        verbose_name_plural = "territoires couverts par les structures"
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(commune__isnull=False, epci__isnull=True, departement__isnull=True)
                    | models.Q(commune__isnull=True, epci__isnull=False, departement__isnull=True)
                    | models.Q(commune__isnull=True, epci__isnull=True, departement__isnull=False)
                ),
                name="followup_territory_exactly_one_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.label}"

    @property
    def label(self) -> str:
        if self.commune_id:
            return f"Commune : {self.commune}"
        if self.epci_id:
            return f"Intercommunalité : {self.epci}"
        return f"Département : {self.departement}"


class StartReason(models.TextChoices):
    JOB_SEARCH = "job_search", "Recherche d'emploi"
    ORIENTATION = "orientation", "Orientation, projet professionnel"
    TRAINING = "training", "Recherche de formation"
    BARRIERS = "barriers", "Freins périphériques (mobilité, logement, santé, garde d'enfants)"
    OTHER = "other", "Autre"


class ConsentMode(models.TextChoices):
    RECORDED_BY_PROFESSIONAL = "recorded", "Accord recueilli par un ou une professionnelle"
    ASKED_BY_PERSON = "asked", "Demandé par la personne depuis son espace"


class EndReason(models.TextChoices):
    JOB = "job", "Accès à l'emploi"
    TRAINING = "training", "Entrée en formation"
    ENDED_BY_PERSON = "person", "Arrêt demandé par la personne"
    MOVED = "moved", "Déménagement ou relais vers une autre structure"
    NO_CONTACT = "no_contact", "Plus de nouvelles"
    ACCOUNT_DELETED = "account_deleted", "Compte supprimé"
    OTHER = "other", "Autre"


class FollowUp(models.Model):
    """The follow-up of one person: its group, referent, consent, dates and reasons."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followups", verbose_name="personne"
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followups_as_referent",
        verbose_name="référent ou référente",
    )
    started_on = models.DateField("début de l'accompagnement")
    start_reason = models.CharField("motif", max_length=12, choices=StartReason.choices)
    start_comment = models.TextField("précisions sur le motif", blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    consent_mode = models.CharField("recueil de l'accord", max_length=10, choices=ConsentMode.choices)
    consent_text_version = models.CharField("version du texte d'accord", max_length=20)
    consent_at = models.DateTimeField("accord donné le")
    last_contact_at = models.DateTimeField("dernier contact", null=True, blank=True, db_index=True)
    ended_at = models.DateTimeField("fin de l'accompagnement", null=True, blank=True, db_index=True)
    end_reason = models.CharField("motif de fin", max_length=16, choices=EndReason.choices, blank=True)
    end_comment = models.TextField("précisions sur la fin", blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "accompagnement"
        ordering = ["-started_on", "-pk"]
        constraints = [
            # One open follow-up per person: one group, one timeline.
            models.UniqueConstraint(
                fields=["person"], condition=models.Q(ended_at__isnull=True), name="followup_one_open_per_person"
            ),
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True) | ~models.Q(end_reason=""), name="followup_end_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"Accompagnement de {self.person}"

    def get_absolute_url(self) -> str:
        return reverse("followup:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


class FollowUpMember(models.Model):
    """A professional in a follow-up's group, acting for one structure. Leaving keeps the row (history)."""

    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followup_memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="followup_memberships")
    joined_at = models.DateTimeField("a rejoint le")
    left_at = models.DateTimeField("a quitté le", null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "professionnel d'un accompagnement"
        verbose_name_plural = "professionnels des accompagnements"
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["followup", "user"], condition=models.Q(left_at__isnull=True), name="followup_member_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation}) — {self.followup}"


class FollowUpRequest(models.Model):
    """A person asks a support structure to accompany them; a member of the structure answers."""

    class Status(models.TextChoices):
        PENDING = "pending", "En attente"
        ACCEPTED = "accepted", "Acceptée"
        DECLINED = "declined", "Refusée"
        CANCELLED = "cancelled", "Annulée par la personne"

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followup_requests")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="followup_requests")
    message = models.TextField("message", blank=True)
    start_reason = models.CharField("motif", max_length=12, choices=StartReason.choices, default=StartReason.JOB_SEARCH)
    consent_text_version = models.CharField("version du texte d'accord", max_length=20)
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answer_message = models.TextField("réponse", blank=True)
    followup = models.ForeignKey(FollowUp, on_delete=models.SET_NULL, null=True, blank=True, related_name="requests")

    class Meta:
        verbose_name = "demande d'accompagnement"
        verbose_name_plural = "demandes d'accompagnement"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation"],
                condition=models.Q(status="pending"),
                name="followup_one_pending_request",
            ),
        ]

    def __str__(self) -> str:
        return f"Demande de {self.person} à {self.organisation} ({self.status})"


class NoteVisibility(models.TextChoices):
    STRUCTURE = "structure", "Ma structure seulement"
    GROUP = "group", "Tout le groupe et la personne"


class Note(models.Model):
    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, related_name="+")
    visibility = models.CharField("visible par", max_length=10, choices=NoteVisibility.choices)
    text = models.TextField("note")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "note d'accompagnement"
        verbose_name_plural = "notes d'accompagnement"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Note {self.pk} sur {self.followup_id}"


class Appointment(models.Model):
    class Channel(models.TextChoices):
        IN_PERSON = "in_person", "Sur place"
        PHONE = "phone", "Par téléphone"
        VIDEO = "video", "En visio"

    class Status(models.TextChoices):
        PLANNED = "planned", "Prévu"
        HELD = "held", "Tenu"
        MISSED = "missed", "La personne n'est pas venue"
        CANCELLED = "cancelled", "Annulé"

    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="appointments")
    starts_at = models.DateTimeField("date et heure", db_index=True)
    duration_minutes = models.PositiveSmallIntegerField(
        "durée (minutes)", default=45, validators=[MinValueValidator(5), MaxValueValidator(8 * 60)]
    )
    channel = models.CharField("modalité", max_length=10, choices=Channel.choices, default=Channel.IN_PERSON)
    place = models.CharField("lieu ou lien", max_length=250, blank=True)
    subject = models.CharField("objet", max_length=200, blank=True)
    with_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="avec"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.PLANNED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "rendez-vous"
        verbose_name_plural = "rendez-vous"
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return f"Rendez-vous {self.pk} de {self.followup_id}"


class SharedDocument(models.Model):
    """A document shared in the follow-up (CV, certificate…): private storage, same checks as CVs."""

    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField("intitulé", max_length=150)
    file = models.FileField("fichier", upload_to="followup/%Y/%m/", storage=private_storage)
    content_type = models.CharField(max_length=100, editable=False)
    original_name = models.CharField(max_length=200, blank=True, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "document partagé"
        verbose_name_plural = "documents partagés"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Proposal(models.Model):
    """Something a professional proposes for the person, who accepts or declines it in their space.

    The target depends on the kind: an offer (prescribed application, or an offer sent), a job
    dating event, a mentoring programme. Accepting creates the result (application, registration,
    enrolment), recorded here (followup-actions' services)."""

    class Kind(models.TextChoices):
        APPLICATION = "application", "Candidature prescrite à une offre"
        JOBDATING = "jobdating", "Inscription à un job dating"
        MENTORING = "mentoring", "Programme de mentorat"
        OFFER = "offer", "Offre envoyée"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposée"
        ACCEPTED = "accepted", "Acceptée"
        DECLINED = "declined", "Refusée"
        WITHDRAWN = "withdrawn", "Retirée"

    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField("type", max_length=12, choices=Kind.choices)
    offer = models.ForeignKey("offers.Offer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    event = models.ForeignKey("jobdating.Event", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    programme = models.ForeignKey(
        "mentoring.Programme", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    message = models.TextField("message à la personne", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.PROPOSED, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField("réponse le", null=True, blank=True)
    answer_message = models.TextField("réponse de la personne", blank=True)
    application = models.ForeignKey(
        "applications.Application", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    registration = models.ForeignKey(
        "jobdating.CandidateRegistration", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    enrolment = models.ForeignKey(
        "mentoring.Enrolment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "proposition"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} pour {self.followup_id} ({self.status})"


class Situation(models.TextChoices):
    JOB = "job", "En emploi"
    TRAINING = "training", "En formation"
    JOB_SEEKING = "job_seeking", "En recherche d'emploi"
    OTHER = "other", "Autre situation"
    UNKNOWN = "unknown", "Situation inconnue"


class ContractKind(models.TextChoices):
    CDI = "cdi", "CDI"
    CDD_LONG = "cdd_long", "CDD de six mois ou plus"
    CDD_SHORT = "cdd_short", "CDD de moins de six mois"
    INTERIM = "interim", "Intérim"
    WORK_STUDY = "work_study", "Alternance (apprentissage, professionnalisation)"
    SUBSIDISED = "subsidised", "Contrat aidé ou insertion par l'activité économique"
    CIVIL_SERVICE = "civil_service", "Fonction publique (titulaire ou contractuel)"
    SELF_EMPLOYED = "self_employed", "Création d'activité, indépendant"
    OTHER = "other", "Autre"


class OutcomeCheck(models.Model):
    """The person's situation at the end of the follow-up, then 3 and 6 months after (indicators)."""

    class Milestone(models.TextChoices):
        END = "end", "À la fin de l'accompagnement"
        MONTH_3 = "m3", "Trois mois après la fin"
        MONTH_6 = "m6", "Six mois après la fin"

    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="outcomes")
    milestone = models.CharField("échéance", max_length=3, choices=Milestone.choices)
    situation = models.CharField("situation", max_length=12, choices=Situation.choices)
    contract_kind = models.CharField("type de contrat", max_length=14, choices=ContractKind.choices, blank=True)
    recorded_on = models.DateField("constatée le")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "situation après l'accompagnement"
        verbose_name_plural = "situations après l'accompagnement"
        ordering = ["followup", "milestone"]
        constraints = [
            models.UniqueConstraint(fields=["followup", "milestone"], name="followup_outcome_once_per_milestone"),
            models.CheckConstraint(
                condition=models.Q(situation="job") | models.Q(contract_kind=""), name="followup_contract_only_for_job"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_milestone_display()} : {self.get_situation_display()}"
