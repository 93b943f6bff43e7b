"""Personal data of candidates (GDPR): export, deletion, inactivity, retention.

- Export ("Télécharger mes données"): a ZIP with `donnees.json` (account, profile, consents,
  applications with their history, saved searches, saved offers, audit events about the person) and the CV.
  Recruiters' private notes (`ApplicationNote`) are NOT in the self-service export: they are the
  organisation's working notes, and the organisation (controller for them) answers a formal access
  request about them. Names of the recruiters, advisors or staff who acted are not exported either
  (their own personal data): the export says which role acted and, for recruiters, which organisation.
- Deletion ("Supprimer mon compte") and anonymisation after inactivity share `erase_candidate`:
  in one transaction the applications are anonymised (candidate emptied, message and refusal
  message blanked, notes about the person and comments of the history deleted, `anonymised_at`
  set; status, dates and organisation kept for the statistics), the profile, CV, consents and
  saved searches and saved offers are deleted, and the account is kept as an inactive, scrubbed row (no name, a
  placeholder e-mail, no usable password) so that foreign keys (audit trail, transitions) stay
  valid without pointing at anybody.
- Inactivity: a candidate inactive for `INACTIVITY_MONTHS` months is warned by e-mail
  `WARNING_DAYS` days before, then anonymised by the `anonymise_inactive` command; any activity in
  between (a login, a profile edit, an application: `services_profile.touch_activity`) cancels it.
- Retention for recruiters: see `permissions.can_view_candidate` (24 months after closing).

Every function takes an optional `now`, so tests and the command can run at a fixed moment.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import DateTimeField
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from emploi_territoires.accounts.models import AdvisorScope, Membership, User
from emploi_territoires.core.links import absolute_url, site_url
from emploi_territoires.core.models import SentEmail
from emploi_territoires.core.storage import private_storage
from emploi_territoires.core.tasks import send_email_on_commit

from . import gdpr_conversation, services_pipeline
from .models import (
    Application,
    ApplicationNote,
    ApplicationTransition,
    AuditEvent,
    CandidateProfile,
    Consent,
    SavedOffer,
    SavedSearch,
)
from .permissions import months_before
from .services_profile import LANGUAGES, audit

INACTIVITY_MONTHS = 24
WARNING_DAYS = 30
ERASED_EMAIL_DOMAIN = "anonyme.invalid"  # .invalid is reserved (RFC 2606): never delivered
EXPORT_FORMAT_VERSION = 1


# Modules above applications (job datings, mentoring, followup, vta) register what they export and forget
# about a person, in their AppConfig.ready(): applications never imports them. name -> (export, forget).
PERSON_DATA_MODULES: dict[str, tuple[Any, Any]] = {}


def register_person_data(name: str, *, export: Any | None, forget: Any) -> None:
    """`export(user) -> dict` goes into the export under `name` (None: nothing of its own to export);
    `forget(user, now=...) -> dict` runs inside erase_candidate's transaction and its counts go into
    ErasureReport.modules[name]."""
    PERSON_DATA_MODULES[name] = (export, forget)


def erased_email(user_id: int) -> str:
    return f"compte-supprime-{user_id}@{ERASED_EMAIL_DOMAIN}"


def is_erased(user: User) -> bool:
    return user.email.endswith(f"@{ERASED_EMAIL_DOMAIN}")


# --- Export ----------------------------------------------------------------------------------------


def _iso(value: datetime.date | datetime.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _actor_role(actor_id: int | None, user: User, organisation_member_ids: set[int]) -> str:
    if actor_id is None:
        return "plateforme (automatique)"
    if actor_id == user.pk:
        return "vous"
    if actor_id in organisation_member_ids:
        return "recruteur"
    return "équipe ou conseiller"


def collect_personal_data(user: User) -> dict[str, Any]:
    """Everything the platform holds about the person, as plain JSON-able data (French keys' values)."""
    profile = (
        CandidateProfile.objects.select_related("commune")
        .prefetch_related("wanted_occupations", "visible_departements")
        .filter(user=user)
        .first()
    )
    data: dict[str, Any] = {
        "format": EXPORT_FORMAT_VERSION,
        "exporte_le": _iso(timezone.now()),
        "compte": {
            "email": user.email,
            "prenom": user.first_name,
            "nom": user.last_name,
            "type_de_compte": user.get_kind_display(),
            "inscrit_le": _iso(user.date_joined),
            "derniere_connexion": _iso(user.last_login),
        },
        "profil": None,
    }
    if profile is not None:
        data["profil"] = {
            "commune": {"code": profile.commune_id, "nom": profile.commune.name},
            "telephone": profile.phone,
            "titre": profile.headline,
            "rayon_de_mobilite_km": profile.mobility_radius_km,
            "metiers_recherches": [
                {"code": o.code, "libelle": o.label} for o in profile.wanted_occupations.all().order_by("code")
            ],
            "competences": profile.skills,
            "annees_experience": profile.experience_years,
            "niveau_de_diplome": profile.diploma_level,
            "disponible_le": _iso(profile.available_from),
            "teletravail": profile.get_remote_preference_display(),
            "langues": [
                {"langue": LANGUAGES.get(item.get("code", ""), item.get("code")), "niveau": item.get("level")}
                for item in profile.languages
            ],
            "presentation": profile.summary,
            "visibilite": profile.get_visibility_display(),
            "departements_visibles": sorted(d.code for d in profile.visible_departements.all()),
            "programmes_visibles": profile.visible_programmes,
            "situation": {
                "jeune_diplome": profile.is_young_graduate,
                "date_du_diplome": _iso(profile.graduated_on),
                "habitant_qpv": profile.is_qpv_resident,
                "demandeur_emploi": profile.is_job_seeker,
                "moins_de_26_ans": profile.is_under_26,
                "rqth": profile.has_rqth,
                "sans_diplome": profile.has_no_diploma,
                "beneficiaire_rsa": profile.receives_rsa,
            },
            "cv": (
                {
                    "nom_du_fichier": profile.cv_original_name,
                    "type": profile.cv_content_type,
                    "depose_le": _iso(profile.cv_uploaded_at),
                }
                if profile.cv
                else None
            ),
            "derniere_activite": _iso(profile.last_activity_at),
            "cree_le": _iso(profile.created_at),
            "modifie_le": _iso(profile.updated_at),
        }
    data["consentements"] = [
        {
            "objet": c.get_purpose_display(),
            "code": c.purpose,
            "version_du_texte": c.text_version,
            "donne_le": _iso(c.given_at),
            "retire_le": _iso(c.withdrawn_at),
        }
        for c in Consent.objects.filter(user=user).order_by("given_at", "pk")
    ]
    applications = list(
        Application.objects.filter(candidate=user)
        .select_related("offer", "organisation")
        .prefetch_related("transitions")
        .order_by("created_at", "pk")
    )
    member_ids = set(
        User.objects.filter(memberships__organisation__applications__candidate=user).values_list("pk", flat=True)
    )
    data["candidatures"] = [
        {
            "offre": {"reference": a.offer.reference, "intitule": a.offer.title},
            "organisation": a.organisation.name,
            "etat": a.get_status_display(),
            "message": a.message,
            "envoyee_le": _iso(a.created_at),
            "premiere_reponse_le": _iso(a.first_answer_at),
            "close_le": _iso(a.closed_at),
            "motif_du_refus": a.refusal_reason,
            "message_de_refus": a.refusal_message,
            "historique": [
                {
                    "de": t.get_from_status_display(),
                    "vers": t.get_to_status_display(),
                    "le": _iso(t.created_at),
                    "par": _actor_role(t.actor_id, user, member_ids),
                }
                for t in a.transitions.all()
            ],
        }
        for a in applications
    ]
    # Issue 19: the threads, interviews and invitations received (gdpr_conversation.py).
    data.update(gdpr_conversation.export_for(user))
    for name, (export, _forget) in PERSON_DATA_MODULES.items():
        if export is not None:
            data[name] = export(user)
    data["recherches_enregistrees"] = [
        {
            "nom": s.name,
            "criteres": s.query,
            "frequence": s.get_frequency_display(),
            "active": s.is_active,
            "creee_le": _iso(s.created_at),
            "dernier_envoi": _iso(s.last_sent_at),
        }
        for s in SavedSearch.objects.filter(user=user).order_by("created_at", "pk")
    ]
    data["offres_sauvegardees"] = [
        {
            "reference": s.offer.reference,
            "intitule": s.offer.title,
            "employeur": s.offer.organisation.name,
            "commune": s.offer.commune.name,
            "sauvegardee_le": _iso(s.created_at),
            "encore_publiee": s.offer.status == "published",
        }
        for s in SavedOffer.objects.filter(user=user)
        .select_related("offer__organisation", "offer__commune")
        .order_by("created_at", "pk")
    ]
    data["journal"] = [
        {
            "action": e.action,
            "le": _iso(e.created_at),
            "par": _actor_role(e.actor_id, user, member_ids)
            if e.details.get("role") != "staff"
            else "équipe de la plateforme",
            "details": e.details,
        }
        for e in AuditEvent.objects.filter(subject_user_id=user.pk).order_by("created_at", "pk")
    ]
    return data


def export_personal_data(user: User) -> bytes:
    """The ZIP the person downloads: donnees.json, the CV (under its original extension) and a README."""
    data = collect_personal_data(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("donnees.json", json.dumps(data, ensure_ascii=False, indent=2))
        profile = CandidateProfile.objects.filter(user=user).first()
        if profile is not None and profile.cv:
            extension = profile.cv.name.rsplit(".", 1)[-1]
            with private_storage().open(profile.cv.name, "rb") as cv_file:
                archive.writestr(f"cv.{extension}", cv_file.read())
        archive.writestr(
            "LISEZMOI.txt",
            "Vos données sur Emploi Territoires\n\n"
            "donnees.json : votre compte, votre profil, vos consentements (avec la version du texte accepté), "
            "vos candidatures et leur historique, vos conversations avec les recruteurs, vos entretiens, "
            "les invitations à postuler reçues, vos recherches enregistrées, vos offres sauvegardées "
            "et le journal des accès à vos "
            "données (qui a consulté votre CV, et quand).\n"
            "cv.* : le CV que vous avez déposé, s'il y en a un.\n\n"
            "Les notes internes des recruteurs ne figurent pas dans cet export : pour les obtenir, adressez "
            "votre demande à l'organisation concernée.\n",
        )
    audit("data_exported", actor=user, subject=user)
    return buffer.getvalue()


# --- Erasure (account deletion, inactivity) ----------------------------------------------------------


@dataclass
class ErasureReport:
    user_id: int
    applications_anonymised: int = 0
    notes_deleted: int = 0
    consents_deleted: int = 0
    saved_searches_deleted: int = 0
    saved_offers_deleted: int = 0
    cv_deleted: bool = False
    conversation: dict[str, int] = field(default_factory=dict)
    modules: dict[str, dict[str, int]] = field(default_factory=dict)  # PERSON_DATA_MODULES


def erase_candidate(
    user: User, *, reason: str, actor: User | None, now: datetime.datetime | None = None
) -> ErasureReport:
    """Anonymise the person's applications and delete everything else about them, in one transaction.

    `reason` is "request" (the person deleted their account) or "inactivity". The CV file is deleted
    once the transaction commits (a rolled-back erasure keeps it).
    """
    now = now or timezone.now()
    report = ErasureReport(user_id=user.pk)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        application_ids = list(Application.objects.filter(candidate=user).values_list("pk", flat=True))
        services_pipeline.drop_cv_snapshots(Application.objects.filter(pk__in=application_ids))
        report.notes_deleted, _ = ApplicationNote.objects.filter(application_id__in=application_ids).delete()
        # Threads, interviews, comments, shares, invitations received (issue 19, gdpr_conversation.py).
        report.conversation = gdpr_conversation.forget_applications(user, application_ids)
        # Comments may quote the person ("Bonjour Inès…"); the states and dates are kept for the figures.
        ApplicationTransition.objects.filter(application_id__in=application_ids).update(comment="")
        report.applications_anonymised = Application.objects.filter(pk__in=application_ids).update(
            candidate=None, message="", refusal_message="", anonymised_at=now
        )
        profile = CandidateProfile.objects.filter(user=user).first()
        if profile is not None:
            if profile.cv:
                cv_name = profile.cv.name
                storage = private_storage()
                transaction.on_commit(lambda: storage.delete(cv_name))
                report.cv_deleted = True
            profile.delete()
        report.consents_deleted, _ = Consent.objects.filter(user=user).delete()
        report.saved_searches_deleted, _ = SavedSearch.objects.filter(user=user).delete()
        report.saved_offers_deleted, _ = SavedOffer.objects.filter(user=user).delete()
        # Every other module forgets the person through its own function, registered above (tests/applications/
        # test_gdpr_all_models.py walks every model holding a user and fails on an unclassified one).
        for name, (_export, forget) in PERSON_DATA_MODULES.items():
            report.modules[name] = forget(user, now=now)
        Membership.objects.filter(user=user).delete()
        # The e-mail log keeps idempotency keys (pruned after 30 days by prune_sent_emails): the
        # address is replaced. The farewell e-mail below is logged until the next prune.
        for sent in SentEmail.objects.filter(recipients__icontains=user.email):
            sent.recipients = [erased_email(user.pk) if r == user.email else r for r in sent.recipients]
            sent.save(update_fields=["recipients"])
        AdvisorScope.objects.filter(user=user).delete()
        with contextlib.suppress(LookupError):  # invitations to join an organisation (model being added)
            apps.get_model("accounts", "MembershipInvitation").objects.filter(user=user).delete()

        user.email = erased_email(user.pk)
        user.first_name = ""
        user.last_name = ""
        user.password = make_password(None)  # unusable
        user.is_active = False
        user.current_organisation = None
        user.proconnect_sub = None  # issue 17: no identity left to match a later ProConnect sign-in
        user.save(
            update_fields=[
                "email",
                "first_name",
                "last_name",
                "password",
                "is_active",
                "current_organisation",
                "proconnect_sub",
            ]
        )
        audit(
            "account_deleted" if reason == "request" else "account_anonymised",
            actor=actor,
            subject=user,
            reason=reason,
            applications=report.applications_anonymised,
        )
    return report


def delete_account(user: User, password: str, *, now: datetime.datetime | None = None) -> ErasureReport:
    """The person deletes their own account, confirmed by their password; raises ValueError (French)."""
    if not password or not user.check_password(password):
        raise ValueError("Mot de passe incorrect : votre compte n'est pas supprimé.")
    email = user.email
    with transaction.atomic():
        report = erase_candidate(user, reason="request", actor=user, now=now)
        # Sent to the address the person had; it no longer exists on the platform afterwards.
        send_email_on_commit(
            subject="Votre compte Emploi Territoires est supprimé",
            body=(
                "Bonjour,\n\nComme vous l'avez demandé, votre compte Emploi Territoires est supprimé : votre profil, "
                "votre CV, vos consentements, vos recherches enregistrées et vos offres sauvegardées "
                "sont effacés, et vos candidatures sont "
                "anonymisées (les employeurs ne voient plus votre nom).\n\nL'équipe Emploi Territoires\n"
            ),
            to=[email],
        )
    return report


# --- Inactivity ----------------------------------------------------------------------------------------


def _last_seen_expression() -> Greatest:
    # The most recent of: the activity clock of the profile, the last login, the sign-up date.
    # Each term falls back to the sign-up date, as GREATEST of a NULL differs between databases.
    return Greatest(
        Coalesce("candidate_profile__last_activity_at", "date_joined", output_field=DateTimeField()),
        Coalesce("last_login", "date_joined", output_field=DateTimeField()),
    )


def candidates_with_last_seen():
    return (
        User.objects.filter(kind=User.Kind.CANDIDATE, is_active=True)
        .exclude(email__endswith=f"@{ERASED_EMAIL_DOMAIN}")
        .annotate(last_seen=_last_seen_expression())
    )


@dataclass
class InactivityPlan:
    """Who would be warned and who anonymised at `now` (the command prints it before --apply)."""

    now: datetime.datetime
    to_warn: list[User] = field(default_factory=list)
    to_anonymise: list[User] = field(default_factory=list)


def inactivity_plan(now: datetime.datetime | None = None) -> InactivityPlan:
    """Candidates to warn (inactive for 24 months minus 30 days, not yet warned since) and to anonymise.

    Anonymised: inactive for 24 months AND warned at least 30 days ago AND nothing happened after
    the warning. A candidate without a profile has no warning date: the warning is found in the
    audit trail instead (details.at, the moment passed to `warn_inactive`).
    """
    now = now or timezone.now()
    plan = InactivityPlan(now=now)
    deadline = months_before(now, INACTIVITY_MONTHS)
    # Warned from 30 days before the 24-month anniversary of the last visit. Computed from
    # `now + 30 days`, not `deadline + 30 days`: calendar months do not invert (someone last seen
    # on 29 February 2028 reaches 24 months on 28 February 2030, and was warned a day late).
    warn_before = months_before(now + datetime.timedelta(days=WARNING_DAYS), INACTIVITY_MONTHS)
    candidates = candidates_with_last_seen().filter(last_seen__lt=warn_before).select_related("candidate_profile")
    for user in candidates.order_by("pk"):
        warned_at = _warned_at(user)
        warned_since_activity = warned_at is not None and warned_at >= user.last_seen
        if not warned_since_activity:
            plan.to_warn.append(user)
        elif user.last_seen < deadline and warned_at <= now - datetime.timedelta(days=WARNING_DAYS):
            plan.to_anonymise.append(user)
    return plan


def _warned_at(user: User) -> datetime.datetime | None:
    profile = getattr(user, "candidate_profile", None) if hasattr(user, "candidate_profile") else None
    if profile is not None:
        return profile.inactivity_warned_at
    event = (
        AuditEvent.objects.filter(subject_user_id=user.pk, action="inactivity_warned").order_by("-created_at").first()
    )
    if event is None or not event.details.get("at"):
        return None
    return datetime.datetime.fromisoformat(event.details["at"])


def warn_inactive(user: User, *, now: datetime.datetime | None = None) -> None:
    """E-mail the person that their account will be anonymised in 30 days unless they log in."""
    now = now or timezone.now()
    deletion_day = (now + datetime.timedelta(days=WARNING_DAYS)).date()
    # An empty SITE_URL (no public address configured): no link rather than a relative one.
    login_url = absolute_url("accounts:login") if site_url() else ""
    with transaction.atomic():
        CandidateProfile.objects.filter(user=user).update(inactivity_warned_at=now)
        audit("inactivity_warned", actor=None, subject=user, at=now.isoformat())
        send_email_on_commit(
            subject="Votre compte Emploi Territoires sera anonymisé dans 30 jours",
            body=(
                f"Bonjour {user.first_name},\n\n"
                "Vous ne vous êtes pas connecté·e à Emploi Territoires depuis bientôt deux ans. Pour protéger vos "
                f"données, votre compte sera anonymisé le {deletion_day:%d/%m/%Y} : votre profil et votre CV "
                "seront effacés et vos candidatures anonymisées.\n\n"
                "Pour garder votre compte, il suffit de vous connecter avant cette date"
                + (f" : {login_url}" if login_url else ".")
                + "\n\nL'équipe Emploi Territoires\n"
            ),
            to=[user.email],
        )


@dataclass
class InactivityReport:
    warned: list[int] = field(default_factory=list)
    anonymised: list[int] = field(default_factory=list)


def process_inactive(
    now: datetime.datetime | None = None, *, apply: bool = False
) -> tuple[InactivityPlan, InactivityReport]:
    """Compute the plan and, with `apply`, warn and anonymise (each person in their own transaction)."""
    plan = inactivity_plan(now)
    report = InactivityReport()
    if not apply:
        return plan, report
    for user in plan.to_warn:
        warn_inactive(user, now=plan.now)
        report.warned.append(user.pk)
    for user in plan.to_anonymise:
        erase_candidate(user, reason="inactivity", actor=None, now=plan.now)
        report.anonymised.append(user.pk)
    return plan, report
