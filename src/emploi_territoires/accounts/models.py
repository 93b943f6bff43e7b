"""Users, organisations, memberships and the territories advisors follow."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.urls import reverse
from django.utils import timezone

from emploi_territoires.core.workflow import TransitionLog
from emploi_territoires.territories.models import Departement, LocatedModel, Programme


class EmailUserManager(UserManager):
    """Users log in with their email; `username` is not used."""

    use_in_migrations = True

    def _create_user_object(self, username, email, password, **extra_fields):
        email = self.normalize_email(email or username).lower()
        user = self.model(email=email, **extra_fields)
        user.password = ""
        if password is not None:
            user.set_password(password)
        else:
            user.set_unusable_password()
        return user

    def _create_user(self, username, email, password, **extra_fields):
        user = self._create_user_object(username, email, password, **extra_fields)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(None, email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(None, email, password, **extra_fields)


class User(AbstractUser):
    class Kind(models.TextChoices):
        PROFESSIONAL = "professional", "Professionnel (collectivité, entreprise, partenaire)"
        CANDIDATE = "candidate", "Candidat ou candidate"
        MENTOR = "mentor", "Mentor"

    username = None  # type: ignore[assignment]
    email = models.EmailField("adresse e-mail", unique=True)
    kind = models.CharField("profil", max_length=20, choices=Kind.choices, default=Kind.PROFESSIONAL)
    # The organisation the user acts for; kept in the user row so it survives a new session.
    current_organisation = models.ForeignKey(
        "Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Issue 17: a password account proves its address through a signed link (accounts/identity.py);
    # until then it cannot speak for an organisation. Accounts created otherwise (ProConnect,
    # invitation link, demo, staff, and all accounts existing at the migration) are verified.
    email_verified_at = models.DateTimeField("adresse e-mail vérifiée le", null=True, blank=True, default=timezone.now)
    # ProConnect's stable identifier of the agent (OpenID Connect `sub`), set at the first
    # ProConnect sign-in; the next ones match on it even if the agent's e-mail changes.
    proconnect_sub = models.CharField(
        "identifiant ProConnect", max_length=255, null=True, blank=True, unique=True, editable=False
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = EmailUserManager()

    class Meta:
        verbose_name = "utilisateur"

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None


class VerificationStatus(models.TextChoices):
    """Where an organisation stands in its verification (accounts.verification owns the moves)."""

    PENDING = "pending", "En attente de vérification"
    NEEDS_INFO = "needs_info", "Complément demandé"
    VERIFIED = "verified", "Vérifiée"
    REFUSED = "refused", "Refusée"


class LegalNature(models.TextChoices):
    """An organisation's legal nature: what the VTA eligibility (vta/eligibility.py) and the
    préfecture read. Blank: not said yet (a collectivité's is inferred from its SIREN)."""

    COMMUNE = "commune", "Commune"
    EPCI = "epci", "Intercommunalité à fiscalité propre (communauté de communes, d'agglomération, urbaine, métropole)"
    SYNDICAT_MIXTE = "syndicat_mixte", "Syndicat mixte"
    SYNDICAT_INTERCOMMUNAL = "syndicat_intercommunal", "Syndicat intercommunal (SIVU, SIVOM)"
    PETR = "petr", "Pôle d'équilibre territorial et rural (PETR) ou pays"
    DEPARTEMENT = "departement", "Département"
    REGION = "region", "Région"
    ETAT = "etat", "Service de l'État (préfecture, direction départementale…)"
    ETABLISSEMENT_PUBLIC = "etablissement_public", "Autre établissement public"
    ASSOCIATION = "association", "Association"
    ENTREPRISE = "entreprise", "Entreprise"


class Organisation(LocatedModel):
    class Kind(models.TextChoices):
        COLLECTIVITE = "collectivite", "Collectivité"
        ENTREPRISE = "entreprise", "Entreprise"
        APEC = "apec", "Apec"
        ANCT = "anct", "ANCT ou préfecture"
        ASSOCIATION = "association", "Association"
        # Structures that accompany people towards employment (issue 15, the followup app).
        MISSION_LOCALE = "mission_locale", "Mission locale"
        FRANCE_TRAVAIL = "france_travail", "Agence France Travail"
        CAP_EMPLOI = "cap_emploi", "Cap emploi"
        PLIE = "plie", "PLIE"
        CCAS = "ccas", "CCAS ou service emploi d'une collectivité"

    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    legal_nature = models.CharField(
        "nature juridique",
        max_length=25,
        choices=LegalNature.choices,
        blank=True,
        default="",
        help_text="Commune, intercommunalité, syndicat mixte, PETR, association… : elle décide de l'éligibilité "
        "au volontariat territorial en administration (VTA).",
    )
    siren = models.CharField("SIREN", max_length=9, blank=True)
    siret = models.CharField("SIRET", max_length=14, blank=True)
    description = models.TextField("présentation", blank=True)
    website = models.URLField("site web", blank=True)
    is_demo = models.BooleanField("donnée de démonstration", default=False)
    # Minimal verification (issue 20, item 5; issue 17 builds the workflow): an organisation signed
    # up on the site starts unverified (`services.create_organisation` sets None) and sees no
    # candidate data until staff verify it in the admin; organisations created otherwise (demo,
    # staff, imports) and those existing at the migration are verified.
    verified_at = models.DateTimeField(
        "vérifiée le",
        null=True,
        blank=True,
        default=timezone.now,
        help_text="Vide : organisation non vérifiée, qui ne voit aucune donnée de candidat.",
    )
    # Issue 17: the verification workflow (accounts/verification.py). `verification_status` is the
    # truth; `verified_at` is kept in step (set when verified, empty otherwise: the constraint below).
    verification_status = models.CharField(
        "vérification",
        max_length=12,
        choices=VerificationStatus.choices,
        default=VerificationStatus.VERIFIED,
        db_index=True,
    )
    requested_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="demandeur",
        help_text="La personne qui a inscrit l'organisation sur le site.",
    )
    requester_mandate = models.CharField(
        "fonction du demandeur",
        max_length=150,
        blank=True,
        help_text="Ce que la personne déclare être pour l'organisation : « DGS », « maire adjoint »…",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    members = models.ManyToManyField(User, through="Membership", related_name="organisations")

    class Meta:
        verbose_name = "organisation"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["siret"], condition=~models.Q(siret=""), name="unique_organisation_siret"),
            # A collectivité is one legal unit: registered once, its people join that organisation.
            models.UniqueConstraint(
                fields=["siren"],
                condition=models.Q(kind="collectivite") & ~models.Q(siren=""),
                name="unique_collectivite_siren",
            ),
            models.CheckConstraint(
                condition=(models.Q(verification_status="verified") & models.Q(verified_at__isnull=False))
                | (~models.Q(verification_status="verified") & models.Q(verified_at__isnull=True)),
                name="organisation_verified_at_matches_status",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.verification_status == VerificationStatus.VERIFIED

    def get_absolute_url(self) -> str:
        return reverse("accounts:organisation", args=[self.pk])

    @property
    def is_public_employer(self) -> bool:
        return self.kind in {self.Kind.COLLECTIVITE, self.Kind.ANCT}

    @property
    def is_advisor_organisation(self) -> bool:
        return self.kind in {self.Kind.APEC, self.Kind.ANCT}

    @property
    def is_support_structure(self) -> bool:
        """A structure that accompanies people towards employment (followup app)."""
        return self.kind in SUPPORT_STRUCTURE_KINDS


SUPPORT_STRUCTURE_KINDS = frozenset(
    {
        Organisation.Kind.MISSION_LOCALE,
        Organisation.Kind.FRANCE_TRAVAIL,
        Organisation.Kind.CAP_EMPLOI,
        Organisation.Kind.PLIE,
        Organisation.Kind.CCAS,
        Organisation.Kind.ASSOCIATION,
        Organisation.Kind.APEC,
        Organisation.Kind.COLLECTIVITE,
    }
)


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", "Administrateur"
        MEMBER = "member", "Membre"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("rôle", max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "appartenance"
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"


class MembershipInvitation(models.Model):
    """An organisation's admin invites an existing professional account; the `Membership` exists
    only once the person accepts in their space (services.accept_invitation), or never.

    An address without an account gets an invitation with `user` empty and `email` set: a signed,
    expiring link (identity.invitation_token) lets the person create their account (password or
    ProConnect) and join at once (services.accept_invitation_link).

    Pending until accepted, declined, revoked (all delete it) or VALID_DAYS old (then ignored)."""

    VALID_DAYS = 30

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations", null=True, blank=True)
    email = models.EmailField("adresse invitée", blank=True)
    role = models.CharField(
        "rôle proposé", max_length=10, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "invitation à rejoindre une organisation"
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership_invitation"),
            models.UniqueConstraint(
                fields=["email", "organisation"],
                condition=models.Q(user__isnull=True),
                name="unique_membership_invitation_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user or self.email} — invitation à {self.organisation} ({self.get_role_display()})"

    @property
    def expires_at(self) -> datetime.datetime:
        return self.created_at + datetime.timedelta(days=self.VALID_DAYS)

    @classmethod
    def pending(cls) -> models.QuerySet[MembershipInvitation]:
        return cls.objects.filter(created_at__gt=timezone.now() - datetime.timedelta(days=cls.VALID_DAYS))


class AdvisorScope(models.Model):
    """The territories an advisor (Apec or ANCT staff) follows: départements and/or programmes.

    An advisor follows a located object when its commune is in one of the départements, or
    carries one of the programmes (within the départements if both are given).
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="advisor_scope")
    departements = models.ManyToManyField(Departement, blank=True, related_name="+")
    programmes = models.JSONField("programmes suivis", default=list, blank=True)

    class Meta:
        verbose_name = "territoires suivis"
        verbose_name_plural = "territoires suivis"

    def __str__(self) -> str:
        return f"Territoires suivis par {self.user}"

    def clean_programmes(self) -> list[str]:
        return [p for p in self.programmes if p in Programme.values]


class OrganisationVerificationTransition(TransitionLog):
    """The verification's log: every change of `Organisation.verification_status`, who, when, why."""

    subject_field = "organisation"
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="verification_log")
    from_status = models.CharField(max_length=12, choices=VerificationStatus.choices)
    to_status = models.CharField(max_length=12, choices=VerificationStatus.choices)
    comment = models.TextField("motif ou message", blank=True)

    class Meta(TransitionLog.Meta):
        verbose_name = "étape de vérification d'organisation"
        verbose_name_plural = "étapes de vérification d'organisation"


class ApiToken(models.Model):
    """A token an organisation uses to write through the API. Only a hash of the key is stored."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("nom", max_length=100)
    prefix = models.CharField(max_length=8, db_index=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "jeton d'API"
        verbose_name_plural = "jetons d'API"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…) — {self.organisation}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
