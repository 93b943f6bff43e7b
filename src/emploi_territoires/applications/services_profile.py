"""Every write to a candidate's profile: the profile itself, consents, the CV, the activity clock.

Views, the admin and the commands call these functions; nothing else saves a `CandidateProfile`
or a `Consent`. Each function validates first (French messages, nothing written on error),
writes in one transaction and records an `AuditEvent` for the sensitive changes (situation,
visibility, advisor, CV, consents). Files follow the transaction: a new CV is written before the
rows and removed again if the transaction fails; the old CV is deleted only once it has committed.

Consents (GDPR): the profile exists only with the processing consent (`Consent.Purpose.PROFILE`),
given at creation; the declared situation (young graduate, QPV resident, job seeker) needs its own
explicit consent (`SITUATION`), and withdrawing it clears the situation. Each consent row keeps the
version of the text the person saw (`CONSENT_TEXTS`): change a text, bump its version.
"""

from __future__ import annotations

import datetime
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from emploi_territoires.accounts.models import Organisation, User
from emploi_territoires.core.storage import private_storage
from emploi_territoires.core.text import clean_text
from emploi_territoires.offers.models import RomeOccupation
from emploi_territoires.territories.models import Commune, Departement, Programme

from .models import AuditEvent, CandidateProfile, Consent, DiplomaLevel, RemotePreference, Visibility
from .uploads import CheckedUpload, check_cv

# --- Consent texts: the exact words the person agrees to, with their version ------------------


@dataclass(frozen=True)
class ConsentText:
    version: str
    text: str


CONSENT_TEXTS: dict[str, ConsentText] = {
    Consent.Purpose.PROFILE: ConsentText(
        "2026-01",
        "J'accepte que mon profil (coordonnées, parcours, CV) soit enregistré pour que je puisse candidater. "
        "Il est transmis aux seuls recruteurs à qui je candidate et, si je le choisis, à la personne qui "
        "m'accompagne. Je peux télécharger mes données ou supprimer mon compte à tout moment ; sans activité "
        "pendant deux ans, il est anonymisé.",
    ),
    # 2026-12 (issue 15): the other situations, and the follow-up group who sees them.
    Consent.Purpose.SITUATION: ConsentText(
        "2026-12",
        "J'accepte que la situation que je déclare (jeune diplômé·e, habitant·e d'un quartier prioritaire, "
        "demandeur·se d'emploi, moins de 26 ans, RQTH, sans diplôme, RSA) soit enregistrée pour faire "
        "connaître mon profil aux dispositifs qui me concernent, pour être vue des professionnels qui "
        "m'accompagnent et pour des statistiques anonymes. Je peux retirer ce consentement à tout moment : "
        "ma situation est alors effacée.",
    ),
    Consent.Purpose.VISIBILITY: ConsentText(
        "2026-01",
        "J'accepte que mon profil (sans mon CV ni mes coordonnées) soit proposé aux recruteurs des territoires "
        "que je choisis.",
    ),
}

# --- Limits -------------------------------------------------------------------------------

MAX_RADIUS_KM = 200
MAX_OCCUPATIONS = 5
MAX_SKILLS = 30
MAX_SKILL_LENGTH = 60
MAX_EXPERIENCE_YEARS = 50
MAX_SUMMARY_LENGTH = 3_000
MAX_NAME_LENGTH = 150
YOUNG_GRADUATE_YEARS = 2
# Declared languages: a fixed list (so that matching compares like with like) and CEFR levels.
LANGUAGES: dict[str, str] = {
    "fr": "Français",
    "en": "Anglais",
    "de": "Allemand",
    "es": "Espagnol",
    "it": "Italien",
    "pt": "Portugais",
    "ar": "Arabe",
    "zh": "Chinois",
    "ru": "Russe",
    "lsf": "Langue des signes française",
}
LANGUAGE_LEVELS: dict[str, str] = {
    "A1": "A1 (débutant)",
    "A2": "A2 (élémentaire)",
    "B1": "B1 (intermédiaire)",
    "B2": "B2 (avancé)",
    "C1": "C1 (autonome)",
    "C2": "C2 (maîtrise)",
    "native": "Langue maternelle",
}

_PHONE_SEPARATORS = re.compile(r"[\s.\-/()\u00a0\u202f]")
_FRENCH_PHONE = re.compile(r"^(?:\+33|0033|0)([1-9]\d{8})$")


class ProfileError(Exception):
    """A refused profile write: French messages per field (None for the whole form)."""

    def __init__(self, errors: dict[str | None, list[str]]):
        self.errors = errors
        super().__init__("; ".join(m for messages in errors.values() for m in messages))


# --- Plain helpers ----------------------------------------------------------------------------


def normalise_phone(value: str) -> str:
    """A French phone number as "06 12 34 56 78"; raises a French ValidationError otherwise.

    Accepts what people type: spaces, dots, dashes, "+33 6…" or "0033 6…". Overseas numbers
    (+262, +590…) are written with their 0 prefix, as on French forms.
    """
    text = _PHONE_SEPARATORS.sub("", value or "")
    if not text:
        return ""
    match = _FRENCH_PHONE.match(text)
    if match is None:
        raise ValidationError(
            "Numéro de téléphone invalide : 10 chiffres commençant par 0 (ex. 06 12 34 56 78) "
            "ou « +33 6 12 34 56 78 ».",
            code="invalid_phone",
        )
    digits = "0" + match.group(1)
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))


def parse_skills(text: str) -> list[str]:
    """Free tags, separated by commas, semicolons or line breaks; duplicates dropped (case-insensitive)."""
    seen: set[str] = set()
    skills: list[str] = []
    for raw in re.split(r"[,;\n]", text or ""):
        skill = " ".join(raw.split())
        if skill and skill.casefold() not in seen:
            seen.add(skill.casefold())
            skills.append(skill)
    return skills


def has_consent(user: User, purpose: str) -> bool:
    return Consent.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True).exists()


def audit(
    action: str,
    *,
    actor: User | None,
    subject: User | None,
    application_id: int | None = None,
    **details: Any,
) -> AuditEvent:
    """One line in the audit trail; `details` must not carry personal data beyond ids and roles."""
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        subject_user_id=subject.pk if subject is not None else None,
        application_id=application_id,
        details=details,
    )


def touch_activity(user: User | Any, now: datetime.datetime | None = None) -> None:
    """Record that a candidate was active (login, profile edit, application).

    Restarts the 24-month inactivity clock and cancels a pending inactivity warning. One UPDATE,
    nothing when the person has no profile (the login date is used for them, see gdpr.py).
    """
    if user is None or not getattr(user, "pk", None):
        return
    CandidateProfile.objects.filter(user_id=user.pk).update(
        last_activity_at=now or timezone.now(), inactivity_warned_at=None
    )


# --- The profile --------------------------------------------------------------------------------


@dataclass
class ProfileData:
    """What the candidate writes (already parsed by the form or the API)."""

    first_name: str
    last_name: str
    commune: Commune | None
    phone: str = ""
    headline: str = ""
    mobility_radius_km: int | None = 30
    occupations: list[RomeOccupation] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    experience_years: int | None = 0
    diploma_level: int | None = None
    available_from: datetime.date | None = None
    remote_preference: str = RemotePreference.ANY
    languages: list[dict[str, str]] = field(default_factory=list)
    summary: str = ""
    visibility: str = Visibility.PRIVATE
    visible_departements: list[Departement] = field(default_factory=list)
    visible_programmes: list[str] = field(default_factory=list)
    is_young_graduate: bool = False
    graduated_on: datetime.date | None = None
    is_qpv_resident: bool = False
    is_job_seeker: bool = False
    # Issue 15: the other situations, declared under the same consent.
    is_under_26: bool = False
    has_rqth: bool = False
    has_no_diploma: bool = False
    receives_rsa: bool = False
    situation_consent: bool = False
    profile_consent: bool = False

    @property
    def declares_situation(self) -> bool:
        return (
            self.is_young_graduate
            or self.is_qpv_resident
            or self.is_job_seeker
            or self.is_under_26
            or self.has_rqth
            or self.has_no_diploma
            or self.receives_rsa
        )


def validate_profile(
    data: ProfileData, *, user: User, existing: CandidateProfile | None, today: datetime.date | None = None
) -> dict[str | None, list[str]]:
    """Every rule of the profile, with the message a candidate reads. Empty dict: valid."""
    today = today or timezone.localdate()
    errors: dict[str | None, list[str]] = {}

    def add(name: str | None, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if existing is None and not data.profile_consent:
        add(
            "profile_consent",
            "Cochez cette case pour créer votre profil : sans votre accord, il ne peut être enregistré.",
        )
    if not data.first_name.strip():
        add("first_name", "Indiquez votre prénom.")
    if not data.last_name.strip():
        add("last_name", "Indiquez votre nom.")
    for name in ("first_name", "last_name"):
        if len(getattr(data, name)) > MAX_NAME_LENGTH:
            add(name, f"{MAX_NAME_LENGTH} caractères au maximum.")
    if data.commune is None:
        add("commune", "Indiquez la commune où vous habitez : les offres et la distance en dépendent.")
    if data.phone:
        try:
            data.phone = normalise_phone(data.phone)
        except ValidationError as error:
            add("phone", error.messages[0])
    if data.mobility_radius_km is None or not 0 <= data.mobility_radius_km <= MAX_RADIUS_KM:
        add("mobility_radius_km", f"Le rayon de mobilité va de 0 à {MAX_RADIUS_KM} km.")
    if len(data.occupations) > MAX_OCCUPATIONS:
        add("occupations", f"{MAX_OCCUPATIONS} métiers au maximum : gardez ceux qui comptent le plus.")
    if len({o.pk for o in data.occupations}) != len(data.occupations):
        add("occupations", "Ce métier figure deux fois dans votre liste.")
    if len(data.skills) > MAX_SKILLS:
        add("skills", f"{MAX_SKILLS} compétences au maximum (vous en avez indiqué {len(data.skills)}).")
    too_long = [s for s in data.skills if len(s) > MAX_SKILL_LENGTH]
    if too_long:
        add(
            "skills",
            f"Une compétence tient en {MAX_SKILL_LENGTH} caractères au maximum : « {too_long[0][:40]}… » est trop "
            "longue (séparez vos compétences par des virgules).",
        )
    if data.experience_years is None or not 0 <= data.experience_years <= MAX_EXPERIENCE_YEARS:
        add("experience_years", f"Le nombre d'années d'expérience va de 0 à {MAX_EXPERIENCE_YEARS}.")
    if data.diploma_level is not None and data.diploma_level not in DiplomaLevel.values:
        add("diploma_level", "Choisissez un niveau de diplôme de la liste (niveaux 3 à 8).")
    if data.available_from is not None and data.available_from > today + datetime.timedelta(days=3 * 365):
        add("available_from", "Cette date de disponibilité est à plus de trois ans : vérifiez l'année.")
    if data.remote_preference not in RemotePreference.values:
        add("remote_preference", "Choisissez une préférence de télétravail de la liste.")
    for language in data.languages:
        if language.get("code") not in LANGUAGES or language.get("level") not in LANGUAGE_LEVELS:
            add("languages", "Choisissez les langues et les niveaux dans les listes proposées.")
            break
    if len(data.summary) > MAX_SUMMARY_LENGTH:
        add("summary", "La présentation tient en 3\u00a0000 caractères au maximum.")
    if len(data.headline) > 150:
        add("headline", "150 caractères au maximum.")

    if data.visibility not in Visibility.values:
        add("visibility", "Choisissez qui peut voir votre profil.")
    elif data.visibility == Visibility.TERRITORIES and not (data.visible_departements or data.visible_programmes):
        add(
            "visible_departements",
            "Choisissez au moins un département ou un programme où votre profil sera visible, "
            "ou gardez votre profil privé.",
        )
    if any(p not in Programme.values for p in data.visible_programmes):
        add("visible_programmes", "Choisissez les programmes dans la liste proposée.")

    if data.declares_situation and not data.situation_consent:
        add(
            "situation_consent",
            "Pour déclarer votre situation, cochez la case de consentement ; sinon décochez votre situation.",
        )
    if data.is_young_graduate:
        if data.graduated_on is None:
            add("graduated_on", "Indiquez la date d'obtention de votre diplôme.")
        elif data.graduated_on > today:
            add("graduated_on", "La date d'obtention du diplôme ne peut pas être dans le futur.")
        elif data.graduated_on < _years_before(today, YOUNG_GRADUATE_YEARS):
            add(
                "graduated_on",
                "Diplômé·e depuis plus de deux ans : vous ne relevez plus du dispositif « jeune diplômé·e ». "
                "Décochez cette case.",
            )
    if data.is_qpv_resident and data.commune is not None and not data.commune.in_qpv:
        add(
            "is_qpv_resident",
            f"{data.commune.name} ne compte aucun quartier prioritaire de la politique de la ville : "
            "vérifiez votre commune ou décochez cette case.",
        )

    return errors


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _record_consent(user: User, purpose: str) -> Consent:
    text = CONSENT_TEXTS[purpose]
    consent = Consent.objects.create(user=user, purpose=purpose, text_version=text.version)
    audit("consent_given", actor=user, subject=user, purpose=purpose, text_version=text.version)
    return consent


def _withdraw_consent(user: User, purpose: str, now: datetime.datetime) -> int:
    count = Consent.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True).update(withdrawn_at=now)
    if count:
        audit("consent_withdrawn", actor=user, subject=user, purpose=purpose)
    return count


PROFILE_FIELDS = (
    "commune",
    "phone",
    "headline",
    "mobility_radius_km",
    "skills",
    "experience_years",
    "diploma_level",
    "available_from",
    "remote_preference",
    "languages",
    "summary",
    "visibility",
    "visible_programmes",
    "is_young_graduate",
    "graduated_on",
    "is_qpv_resident",
    "is_job_seeker",
    "is_under_26",
    "has_rqth",
    "has_no_diploma",
    "receives_rsa",
)
SITUATION_FIELDS = (
    "is_young_graduate",
    "graduated_on",
    "is_qpv_resident",
    "is_job_seeker",
    "is_under_26",
    "has_rqth",
    "has_no_diploma",
    "receives_rsa",
)


def save_profile(
    user: User,
    data: ProfileData,
    *,
    cv: UploadedFile | None = None,
    remove_cv: bool = False,
    now: datetime.datetime | None = None,
) -> CandidateProfile:
    """Create or update the candidate's profile (and CV), or raise ProfileError with nothing written."""
    now = now or timezone.now()
    existing = CandidateProfile.objects.filter(user=user).first()
    errors = validate_profile(data, user=user, existing=existing, today=timezone.localdate(now))
    checked: CheckedUpload | None = None
    if cv is not None:
        try:
            checked = check_cv(cv)
        except ValidationError as error:
            errors.setdefault("cv", []).extend(error.messages)
    if errors:
        raise ProfileError(errors)

    values: dict[str, Any] = {
        "commune": data.commune,
        "phone": clean_text(data.phone, single_line=True),
        "headline": clean_text(data.headline, single_line=True).strip(),
        "mobility_radius_km": data.mobility_radius_km,
        "skills": [clean_text(s, single_line=True) for s in data.skills],
        "experience_years": data.experience_years,
        "diploma_level": data.diploma_level,
        "available_from": data.available_from,
        "remote_preference": data.remote_preference,
        "languages": list(data.languages),
        "summary": clean_text(data.summary).strip(),
        "visibility": data.visibility,
        "visible_programmes": sorted(set(data.visible_programmes)) if data.visibility == Visibility.TERRITORIES else [],
        "is_young_graduate": data.is_young_graduate,
        "graduated_on": data.graduated_on if data.is_young_graduate else None,
        "is_qpv_resident": data.is_qpv_resident,
        "is_job_seeker": data.is_job_seeker,
        "is_under_26": data.is_under_26,
        "has_rqth": data.has_rqth,
        "has_no_diploma": data.has_no_diploma,
        "receives_rsa": data.receives_rsa,
    }
    departements = list(data.visible_departements) if data.visibility == Visibility.TERRITORIES else []

    new_file_name = _store_cv(checked, cv, now) if checked is not None and cv is not None else None
    try:
        with transaction.atomic():
            profile = _write_profile(
                user,
                existing,
                data,
                values,
                departements,
                new_cv=(new_file_name, checked, cv) if new_file_name and checked and cv else None,
                remove_cv=remove_cv,
                now=now,
            )
    except BaseException:
        # The rows were rolled back: the new file must not stay behind, unreferenced.
        if new_file_name:
            private_storage().delete(new_file_name)
        raise
    return profile


def _write_profile(
    user: User,
    existing: CandidateProfile | None,
    data: ProfileData,
    values: dict[str, Any],
    departements: list[Departement],
    *,
    new_cv: tuple[str, CheckedUpload, UploadedFile] | None,
    remove_cv: bool,
    now: datetime.datetime,
) -> CandidateProfile:
    # Lock the row: two tabs saving at once must not interleave consents and files.
    profile = CandidateProfile.objects.select_for_update().filter(user=user).first() if existing else None
    before: dict[str, Any] = {}
    if profile is not None:
        before = {name: getattr(profile, name) for name in PROFILE_FIELDS}
    before_departements = set(profile.visible_departements.values_list("code", flat=True)) if profile else set()

    user.first_name = clean_text(data.first_name, single_line=True).strip()
    user.last_name = clean_text(data.last_name, single_line=True).strip()
    user.save(update_fields=["first_name", "last_name"])

    old_file_name = ""
    if profile is None:
        profile = CandidateProfile(user=user, **values, last_activity_at=now)
        profile.save()
        _record_consent(user, Consent.Purpose.PROFILE)
        audit("profile_created", actor=user, subject=user)
    else:
        for name, value in values.items():
            setattr(profile, name, value)
        profile.last_activity_at = now
        profile.inactivity_warned_at = None
        profile.save(update_fields=[*values.keys(), "last_activity_at", "inactivity_warned_at", "updated_at"])
    profile.visible_departements.set(departements)

    # Consents follow what was declared.
    if data.declares_situation and not has_consent(user, Consent.Purpose.SITUATION):
        _record_consent(user, Consent.Purpose.SITUATION)
    wants_visibility = data.visibility == Visibility.TERRITORIES
    if wants_visibility and not has_consent(user, Consent.Purpose.VISIBILITY):
        _record_consent(user, Consent.Purpose.VISIBILITY)
    elif not wants_visibility:
        _withdraw_consent(user, Consent.Purpose.VISIBILITY, now)

    # Sensitive changes go to the audit trail (which fields, never their values).
    if before:
        changed_situation = [n for n in SITUATION_FIELDS if before[n] != values[n]]
        if changed_situation:
            audit("situation_changed", actor=user, subject=user, fields=changed_situation)
        new_departements = {d.code for d in departements}
        if (
            before["visibility"] != values["visibility"]
            or before["visible_programmes"] != values["visible_programmes"]
            or before_departements != new_departements
        ):
            audit(
                "visibility_changed",
                actor=user,
                subject=user,
                visibility=values["visibility"],
                departements=sorted(new_departements),
                programmes=values["visible_programmes"],
            )
    elif data.declares_situation:
        audit("situation_changed", actor=user, subject=user, fields=[n for n in SITUATION_FIELDS if values[n]])

    occupations = list(data.occupations)
    profile.wanted_occupations.set(occupations)

    new_file_name = ""
    if new_cv is not None:
        new_file_name, checked, cv = new_cv
        old_file_name = profile.cv.name or ""
        _attach_cv(profile, new_file_name, checked, cv, now)
        audit("cv_uploaded", actor=user, subject=user, content_type=checked.content_type, size=cv.size)
    elif remove_cv and profile.cv:
        old_file_name = profile.cv.name
        _detach_cv(profile)
        audit("cv_deleted", actor=user, subject=user)
    if old_file_name and old_file_name != new_file_name:
        _delete_file_on_commit(old_file_name)
    return profile


# --- The CV -------------------------------------------------------------------------------------


def _store_cv(checked: CheckedUpload, upload: UploadedFile, now: datetime.datetime) -> str:
    """Write the file under a random name (the person's name never shows in the storage)."""
    upload.seek(0)
    name = f"cv/{now:%Y/%m}/{secrets.token_hex(16)}.{checked.extension}"
    return private_storage().save(name, upload)


def _attach_cv(
    profile: CandidateProfile, file_name: str, checked: CheckedUpload, upload: UploadedFile, now: datetime.datetime
) -> None:
    profile.cv.name = file_name
    profile.cv_content_type = checked.content_type
    profile.cv_original_name = (upload.name or "")[-200:]
    profile.cv_uploaded_at = now
    profile.save(update_fields=["cv", "cv_content_type", "cv_original_name", "cv_uploaded_at"])


def _detach_cv(profile: CandidateProfile) -> None:
    profile.cv.name = ""
    profile.cv_content_type = ""
    profile.cv_original_name = ""
    profile.cv_uploaded_at = None
    profile.save(update_fields=["cv", "cv_content_type", "cv_original_name", "cv_uploaded_at"])


def _delete_file_on_commit(name: str) -> None:
    storage = private_storage()
    transaction.on_commit(lambda: storage.delete(name))


def replace_cv(user: User, upload: UploadedFile, *, now: datetime.datetime | None = None) -> CandidateProfile:
    """Upload or replace the CV alone; raises ValidationError (French) when the file is refused."""
    now = now or timezone.now()
    profile = CandidateProfile.objects.filter(user=user).first()
    if profile is None:
        raise ValidationError("Créez d'abord votre profil, puis déposez votre CV.", code="no_profile")
    checked = check_cv(upload)
    new_file_name = _store_cv(checked, upload, now)
    try:
        with transaction.atomic():
            profile = CandidateProfile.objects.select_for_update().get(pk=profile.pk)
            old_file_name = profile.cv.name or ""
            _attach_cv(profile, new_file_name, checked, upload, now)
            audit("cv_uploaded", actor=user, subject=user, content_type=checked.content_type, size=upload.size)
            if old_file_name:
                _delete_file_on_commit(old_file_name)
    except BaseException:
        private_storage().delete(new_file_name)
        raise
    touch_activity(user, now)
    return profile


def viewer_role(viewer: User, candidate: User) -> str:
    """How a reader relates to the candidate, for the audit trail: self, staff, advisor or recruiter."""
    if viewer.pk == candidate.pk:
        return "self"
    if viewer.is_staff:
        return "staff"
    from .permissions import is_following_advisor

    if is_following_advisor(viewer, CandidateProfile.objects.filter(user=candidate).first()):
        return "advisor"  # a professional of the person's follow-up group
    return "recruiter"


def record_cv_view(viewer: User, candidate: User, *, action: str = "cv_viewed") -> AuditEvent | None:
    """Audit a read of the CV (or profile) by someone else; the candidate's own reads are not logged."""
    role = viewer_role(viewer, candidate)
    if role == "self":
        return None
    details: dict[str, Any] = {"role": role}
    if role == "recruiter":
        organisations = list(
            Organisation.objects.filter(memberships__user=viewer, applications__candidate=candidate)
            .distinct()
            .values_list("name", flat=True)
        )
        details["organisations"] = organisations
    return audit(action, actor=viewer, subject=candidate, **details)


# --- The situation consent ----------------------------------------------------------------------


def withdraw_situation_consent(user: User, *, now: datetime.datetime | None = None) -> bool:
    """Withdraw the situation consent: the declared situation is erased in the same transaction."""
    now = now or timezone.now()
    with transaction.atomic():
        withdrawn = _withdraw_consent(user, Consent.Purpose.SITUATION, now)
        cleared = CandidateProfile.objects.filter(user=user).update(
            is_young_graduate=False,
            graduated_on=None,
            is_qpv_resident=False,
            is_job_seeker=False,
            is_under_26=False,
            has_rqth=False,
            has_no_diploma=False,
            receives_rsa=False,
            updated_at=now,
        )
        if cleared:
            audit("situation_changed", actor=user, subject=user, fields=list(SITUATION_FIELDS), reason="withdrawn")
    return bool(withdrawn)


def consents_of(user: User) -> list[Consent]:
    return list(Consent.objects.filter(user=user).order_by("-given_at", "-pk"))


def language_label(code: str, level: str) -> str:
    return f"{LANGUAGES.get(code, code)} — {LANGUAGE_LEVELS.get(level, level)}"


def labelled_languages(languages: Iterable[dict[str, str]]) -> list[str]:
    return [language_label(item.get("code", ""), item.get("level", "")) for item in languages]
