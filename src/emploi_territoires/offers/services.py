"""Every write to an offer: creation, edits with their history, the workflow, duplication, expiry.

Views, the API, the admin and the commands call these functions; nothing else saves an offer.
Each function validates first (French messages, nothing written on error), writes in one
transaction, logs what happened (`OfferRevision` for content, `OfferTransition` for status) and
sends `offer_changed` once the transaction has committed, so that the search projection never
sees a rolled-back change.

The workflow (`ALLOWED_TRANSITIONS`, run by `WORKFLOW`, a `core.workflow.Workflow`):

    draft ──► submitted ──► published ──► filled ──► archived
      │  ◄──────┘ (sent back)  │  ▲ ───► expired ──► archived
      └───────────► published  │  └──────────┘ (republished with a new closing date)
      └──► archived            └──► archived

- Review (issue 17, `offers.publication`): members may publish a draft directly, unless an advisor
  must review it first (organisation not verified yet, or a programme context the partnership has
  chosen): then they ask for a review (submitted). Under review, only the advisor (or staff)
  publishes; members may withdraw it to draft, and are never offered « Publier ».
- Nothing is published with a blocking problem (`publication.publication_problems`): closing date
  past, no missions, an error-level finding of the assistant, a « [à compléter …] » placeholder,
  a VTA offer of an unverified organisation. A published offer cannot be edited into one.
- A published offer is never sent back to draft: it is edited in place (every change recorded in
  its history) or archived; a new version starts from a duplicate.
- Only the system (the `expire_offers` task, actor None) expires an offer.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import models, transaction
from django.utils import timezone

from emploi_territoires.accounts.identity import email_unverified_refusal
from emploi_territoires.accounts.models import Organisation, User
from emploi_territoires.core import formats
from emploi_territoires.core.text import clean_text
from emploi_territoires.core.workflow import Workflow

from . import publication
from .education import EDUCATION_LEVELS
from .models import (
    ApplyMethod,
    ContractType,
    Offer,
    OfferRevision,
    OfferStatus,
    OfferTransition,
    default_public_service_branch,
)
from .permissions import EDITABLE_STATUSES, is_offer_member, is_offer_reviewer
from .signals import offer_changed

# The fields an author writes; everything else (status, dates of the workflow, score) is managed here.
CONTENT_FIELDS: tuple[str, ...] = (
    "title",
    "occupation",
    "commune",
    "address",
    "remote",
    "contract_type",
    "contract_duration_months",
    "public_category",
    "public_service_branch",
    "weekly_hours",
    "education_level",
    "salary_min",
    "salary_max",
    "start_date",
    "closing_date",
    "positions",
    "missions",
    "profile",
    "benefits",
    "territory_presentation",
    "apply_method",
    "apply_url",
    "apply_email",
    "programme_context",
)
TEXT_FIELDS = ("missions", "profile", "benefits", "territory_presentation")
MAX_TEXT_LENGTH = 10_000
# A gross annual salary below this is almost surely a monthly one typed in the wrong box
# (an apprentice under 18 earns about 5,000 € a year, an intern about 7,000 €).
SALARY_FLOOR = 4_000
SALARY_CEILING = 500_000
VTA_MONTHS = (12, 18)
MAX_CONTRACT_MONTHS = 72  # a contrat de projet lasts at most six years
PUBLIC_ONLY_CONTRACTS = frozenset({ContractType.VTA, ContractType.CIVIL_SERVANT, ContractType.CONTRACTUAL})
OPEN_ENDED_CONTRACTS = frozenset({ContractType.CDI, ContractType.CIVIL_SERVANT})


class OfferError(Exception):
    """A refused write, with a French message for the person who asked."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class OfferValidationError(OfferError):
    """Bad field values: `errors` maps a field name (or "__all__") to French messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("L'offre contient des erreurs : corrigez les champs signalés.")
        self.errors = errors


class TransitionRefused(OfferError):
    def __init__(self, message: str, problems: list[publication.PublicationProblem] | None = None):
        super().__init__(message)
        self.problems = problems or []  # what blocks a publication, by field


# --- Reference numbers ------------------------------------------------------------------------


def temporary_reference() -> str:
    """A unique placeholder until the row has a primary key (see `assign_reference`)."""
    return f"tmp-{secrets.token_hex(8)}"


def reference_for(offer: Offer) -> str:
    """ "ET-2026-000123": the year of creation and the row's id, hence unique without a counter."""
    created = offer.created_at or timezone.now()
    return f"ET-{timezone.localtime(created).year}-{offer.pk:06d}"


def assign_reference(offer: Offer) -> None:
    offer.reference = reference_for(offer)
    offer.save(update_fields=["reference"])


# --- Validation -------------------------------------------------------------------------------


def _field(name: str) -> models.Field:
    return Offer._meta.get_field(name)  # type: ignore[return-value]


_WEB_ADDRESS = URLValidator(schemes=["http", "https"])


def _is_web_address(value: str) -> bool:
    try:
        _WEB_ADDRESS(value)
    except ValidationError:
        return False
    return True


def _is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def validate_offer(
    values: Mapping[str, Any],
    organisation: Organisation,
    *,
    previous: Offer | None = None,
    today: datetime.date | None = None,
) -> dict[str, list[str]]:
    """The errors of an offer's content, by field; empty when it can be saved.

    `values` holds model values (a `Commune`, a `RomeOccupation`, dates, integers). Past dates are
    refused when they are new (a new offer, or a changed date) so an old offer stays editable.
    """
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    def changed(field: str) -> bool:
        return previous is None or getattr(previous, field) != values.get(field)

    if not (values.get("title") or "").strip():
        add("title", "Indiquez l'intitulé du poste.")
    if values.get("commune") is None:
        add("commune", "Indiquez la commune du poste.")
    for name in ("title", "address", "apply_url", "apply_email"):
        limit = _field(name).max_length
        if limit and len(values.get(name) or "") > limit:
            add(name, f"{limit} caractères au maximum (actuellement {len(values[name])}).")
    for name in TEXT_FIELDS:
        if len(values.get(name) or "") > MAX_TEXT_LENGTH:
            add(
                name,
                f"{formats.number(MAX_TEXT_LENGTH)} caractères au maximum "
                f"(actuellement {formats.number(len(values[name]))}) : allez à l'essentiel.",
            )
    for name in (
        "remote",
        "contract_type",
        "public_category",
        "public_service_branch",
        "apply_method",
        "programme_context",
    ):
        value = values.get(name) or ""
        choices = {key for key, _ in _field(name).choices or []}
        if value and value not in choices:
            add(name, f"Choix inconnu : « {value} ».")
    contract = values.get("contract_type") or ""
    if not contract:
        add("contract_type", "Choisissez le type de contrat.")

    public = organisation.is_public_employer
    if values.get("public_category") and not public:
        add("public_category", "La catégorie (A, B, C) ne concerne que les employeurs publics.")
    if values.get("public_service_branch") and not public:
        add("public_service_branch", "Le versant de la fonction publique ne concerne que les employeurs publics.")
    if contract in PUBLIC_ONLY_CONTRACTS and not public:
        add(
            "contract_type",
            f"Le contrat « {ContractType(contract).label} » est réservé aux employeurs publics "
            "(collectivités, services de l'État).",
        )

    months = values.get("contract_duration_months")
    if contract == ContractType.VTA:
        low, high = VTA_MONTHS
        if months is None:
            add("contract_duration_months", f"Un VTA dure de {low} à {high} mois : indiquez sa durée.")
        elif not low <= months <= high:
            add("contract_duration_months", f"Un VTA dure de {low} à {high} mois (et non {months}).")
    elif months is not None:
        if contract in OPEN_ENDED_CONTRACTS:
            add("contract_duration_months", "Ce contrat n'a pas de durée : laissez ce champ vide.")
        elif not 1 <= months <= MAX_CONTRACT_MONTHS:
            add("contract_duration_months", f"Indiquez une durée de 1 à {MAX_CONTRACT_MONTHS} mois.")

    level = values.get("education_level")
    if level is not None and level not in EDUCATION_LEVELS:
        add("education_level", f"Niveau de diplôme inconnu : « {level} » (0, ou 3 à 8).")

    hours = values.get("weekly_hours")
    if hours is not None and not Decimal(1) <= Decimal(hours) <= Decimal(48):
        add("weekly_hours", "La durée hebdomadaire va de 1 à 48 heures (maximum légal).")

    salary_min, salary_max = values.get("salary_min"), values.get("salary_max")
    for name, amount in (("salary_min", salary_min), ("salary_max", salary_max)):
        if amount is not None and amount < SALARY_FLOOR:
            add(name, "Indiquez un salaire brut annuel (et non mensuel), par exemple 38000.")
        elif amount is not None and amount > SALARY_CEILING:
            add(name, "Ce montant paraît trop élevé pour un salaire brut annuel : vérifiez-le.")
    if salary_min is not None and salary_max is not None and salary_min > salary_max:
        add("salary_max", "Le salaire maximum doit être supérieur ou égal au salaire minimum.")

    positions = values.get("positions")
    if positions is None or not 1 <= positions <= 100:
        add("positions", "Indiquez un nombre de postes entre 1 et 100.")

    closing, start = values.get("closing_date"), values.get("start_date")
    if closing is not None and closing < today and changed("closing_date"):
        add("closing_date", "La date limite de candidature est déjà passée.")
    if start is not None and start < today and changed("start_date"):
        add("start_date", "La date de prise de poste est déjà passée : indiquez une date à venir.")

    # Checked here, not only by the form's fields: the API, the imports and the admin come here too,
    # and a `javascript:` link would run in the candidate's browser from the offer page.
    apply_url, apply_email = values.get("apply_url") or "", values.get("apply_email") or ""
    if apply_url and not _is_web_address(apply_url):
        add("apply_url", "Indiquez une adresse web complète, commençant par https:// (ou http://).")
    if apply_email and not _is_email(apply_email):
        add("apply_email", "Saisissez une adresse e-mail valide, par exemple recrutement@mairie.fr.")

    method = values.get("apply_method") or ApplyMethod.PLATFORM
    if method == ApplyMethod.URL and not values.get("apply_url"):
        add("apply_url", "Indiquez l'adresse du site où candidater.")
    if method == ApplyMethod.EMAIL and not values.get("apply_email"):
        add("apply_email", "Indiquez l'adresse e-mail où envoyer les candidatures.")
    return errors


# Text fields the API may send as null, stored as "" (below).
_NULL_MEANS_EMPTY = (
    "public_category",
    "public_service_branch",
    "programme_context",
    "address",
    "apply_url",
    "apply_email",
)


def _normalised(values: Mapping[str, Any]) -> dict[str, Any]:
    """Keep only content fields, typed as the model types them; drop the unused apply address.

    Typing matters for the history: 35, "35.0" and Decimal("35.0") are the same weekly hours.
    Raises OfferValidationError for values of the wrong type (the API sends raw JSON).
    """
    data = {name: values[name] for name in CONTENT_FIELDS if name in values}
    errors: dict[str, list[str]] = {}
    for name, value in data.items():
        field = _field(name)
        if value == "" and field.null:
            data[name] = None  # an empty number or date from a form or JSON
            continue
        if value is None and not field.null and not field.is_relation and name not in _NULL_MEANS_EMPTY:
            errors[name] = ["Ce champ ne peut pas être vide (null) : donnez une valeur ou omettez-le."]
            continue
        if isinstance(value, str):
            # A vertical tab from Word must not reach the feeds; a title or an address holds one line.
            data[name] = value = clean_text(value, single_line=name in ("title", "address"))
        if field.is_relation or value is None or value == "":
            continue
        try:
            data[name] = field.to_python(value)
        except ValidationError as error:
            errors[name] = list(error.messages)
    if errors:
        raise OfferValidationError(errors)
    for name in (*TEXT_FIELDS, "title", "address"):
        if isinstance(data.get(name), str):
            data[name] = data[name].strip()
    method = data.get("apply_method")
    if method is not None:
        if method != ApplyMethod.URL:
            data["apply_url"] = ""
        if method != ApplyMethod.EMAIL:
            data["apply_email"] = ""
    for name in _NULL_MEANS_EMPTY:
        if name in data and data[name] is None:
            data[name] = ""
    return data


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize()) if value == value.to_integral() else str(value)
    return value


def _notify(offer_id: int) -> None:
    transaction.on_commit(lambda: offer_changed.send(sender=Offer, offer_id=offer_id))


# --- Creation and edits -------------------------------------------------------------------------


def create_offer(
    organisation: Organisation,
    values: Mapping[str, Any],
    *,
    actor: User | None,
    template: str = "",
    written_with_assistant: bool = False,
) -> Offer:
    """A new draft of `organisation`, numbered "ET-<year>-<id>". Callers check who may create."""
    data = _normalised(values)
    data.setdefault("positions", 1)
    # The versant follows the employer unless given (collectivité: territoriale, ANCT/préfecture: État).
    data.setdefault("public_service_branch", default_public_service_branch(organisation.kind))
    errors = validate_offer(data, organisation)
    if errors:
        raise OfferValidationError(errors)
    with transaction.atomic():
        offer = Offer(
            organisation=organisation,
            created_by=actor,
            reference=temporary_reference(),
            status=OfferStatus.DRAFT,
            template=template[:50],
            written_with_assistant=written_with_assistant,
            status_changed_at=timezone.now(),
            **data,
        )
        offer.save()
        assign_reference(offer)
        _refresh_quality_score(offer)
        _notify(offer.pk)
    return offer


def update_offer(
    offer: Offer, values: Mapping[str, Any], *, actor: User | None, acting_for_organisation: bool = False
) -> list[str]:
    """Apply the changed content fields, record a revision {field: [old, new]}; return the changed names.

    `acting_for_organisation`: the caller authenticated the organisation itself (an API token).
    """
    data = _normalised(values)
    with transaction.atomic():
        current = Offer.objects.select_for_update().select_related("organisation").get(pk=offer.pk)
        if not (acting_for_organisation or is_offer_member(actor, current)):
            raise OfferError("Seuls les membres de l'organisation peuvent modifier cette offre.")
        if current.status not in EDITABLE_STATUSES:
            raise OfferError(
                f"Une offre « {current.get_status_display()} » ne se modifie plus : dupliquez-la pour la reprendre."
            )
        merged = {name: getattr(current, name) for name in CONTENT_FIELDS} | data
        errors = validate_offer(merged, current.organisation, previous=current)
        if errors:
            raise OfferValidationError(errors)
        changes = {
            name: [_jsonable(getattr(current, name)), _jsonable(value)]
            for name, value in data.items()
            if _jsonable(getattr(current, name)) != _jsonable(value)
        }
        if not changes:
            return []
        before = (
            {(p.field, p.message) for p in publication.publication_problems(current)}
            if current.status == OfferStatus.PUBLISHED
            else set()
        )
        # Reviewed before the change (a programme context the change removes counts too) or after it.
        reviewed = current.status == OfferStatus.PUBLISHED and _needs_review(current, actor, acting_for_organisation)
        for name in changes:
            setattr(current, name, data[name])
        if current.status == OfferStatus.PUBLISHED:
            # A published offer cannot be edited into one that could not be published (issue 17).
            introduced: dict[str, list[str]] = {}
            for problem in publication.publication_problems(current):
                if (problem.field, problem.message) not in before:
                    introduced.setdefault(problem.field or "__all__", []).append(
                        f"Cette offre est publiée : {problem.sentence}."
                    )
            if introduced:
                raise OfferValidationError(introduced)
        current.save(update_fields=[*changes, "updated_at"])
        OfferRevision.objects.create(offer=current, actor=actor, changes=changes)
        if current.status == OfferStatus.PUBLISHED and (
            reviewed or _needs_review(current, actor, acting_for_organisation)
        ):
            # Issue 17: what an advisor had to review before publication is reviewed again once changed.
            _back_to_review(current, actor)
        _refresh_quality_score(current)
        _notify(current.pk)
    for name in changes:
        setattr(offer, name, data[name])
    offer.updated_at, offer.quality_score = current.updated_at, current.quality_score
    offer.status, offer.status_changed_at = current.status, current.status_changed_at
    return list(changes)


BACK_TO_REVIEW = "Offre modifiée après sa publication : elle n'est plus diffusée jusqu'à la relecture d'un conseiller."


def _needs_review(offer: Offer, actor: User | None, acting_for_organisation: bool) -> bool:
    """An advisor must review this offer before its (re)publication, and `actor` is not one who may."""
    roles = roles_of(actor, offer, acting_for_organisation=acting_for_organisation)
    return REVIEWER not in roles and publication.review_reason(offer) is not None


def _back_to_review(offer: Offer, actor: User | None) -> None:
    # The service's own move (published → submitted is no button): outside the table.
    WORKFLOW.apply(offer, OfferStatus.SUBMITTED, actor=actor, comment=BACK_TO_REVIEW, listed=False)


def _refresh_quality_score(offer: Offer) -> None:
    """Keep the assistant's score of the saved content (the evaluation counts it), without a revision."""
    from .assistant.offers import analyse_offer  # the assistant imports this module's models

    score = analyse_offer(offer).score
    if offer.quality_score != score:
        offer.quality_score = score
        Offer.objects.filter(pk=offer.pk).update(quality_score=score)


def record_quality_score(offer: Offer, score: int | None, *, written_with_assistant: bool = True) -> None:
    """The assistant's latest score (0–100); not a content change, so no revision."""
    if score is not None and not 0 <= score <= 100:
        raise OfferError("Le score de qualité va de 0 à 100.")
    offer.quality_score = score
    offer.written_with_assistant = offer.written_with_assistant or written_with_assistant
    with transaction.atomic():
        offer.save(update_fields=["quality_score", "written_with_assistant", "updated_at"])
        _notify(offer.pk)


def duplicate_offer(offer: Offer, *, actor: User | None) -> Offer:
    """A new draft with the same content, titled "… (copie)", its own reference and an empty history.

    Dates already past are left empty so the copy can be saved and completed.
    """
    suffix = " (copie)"
    limit = _field("title").max_length or 150
    data = {name: getattr(offer, name) for name in CONTENT_FIELDS}
    data["title"] = offer.title[: limit - len(suffix)].rstrip() + suffix
    today = timezone.localdate()
    for name in ("start_date", "closing_date"):
        if data[name] is not None and data[name] < today:
            data[name] = None
    with transaction.atomic():
        copy = Offer(
            organisation=offer.organisation,
            created_by=actor,
            reference=temporary_reference(),
            status=OfferStatus.DRAFT,
            template=offer.template,
            written_with_assistant=offer.written_with_assistant,
            status_changed_at=timezone.now(),
            **data,
        )
        copy.save()
        assign_reference(copy)
        _notify(copy.pk)
    return copy


# --- Workflow -----------------------------------------------------------------------------------

MEMBER, REVIEWER, SYSTEM = "member", "reviewer", "system"


@dataclass(frozen=True)
class TransitionRule:
    roles: frozenset[str]
    label: str  # the button
    done: str  # the message once done
    needs_comment_from_reviewer: bool = False


S = OfferStatus
# Statuses from which a member publishes directly unless an advisor must review the offer first.
REVIEW_BEFORE = frozenset({S.DRAFT, S.EXPIRED})
ALLOWED_TRANSITIONS: dict[tuple[str, str], TransitionRule] = {
    (S.DRAFT, S.SUBMITTED): TransitionRule(
        frozenset({MEMBER}), "Demander une relecture", "L'offre est envoyée en relecture à vos conseillers."
    ),
    (S.DRAFT, S.PUBLISHED): TransitionRule(frozenset({MEMBER}), "Publier", "L'offre est publiée."),
    (S.DRAFT, S.ARCHIVED): TransitionRule(frozenset({MEMBER}), "Abandonner ce brouillon", "Le brouillon est archivé."),
    # Under review only the reviewer publishes (issue 17): the members withdraw it to change it.
    (S.SUBMITTED, S.PUBLISHED): TransitionRule(frozenset({REVIEWER}), "Publier", "L'offre est publiée."),
    (S.SUBMITTED, S.DRAFT): TransitionRule(
        frozenset({MEMBER, REVIEWER}),
        "Renvoyer en brouillon",
        "L'offre est revenue en brouillon.",
        needs_comment_from_reviewer=True,
    ),
    (S.PUBLISHED, S.FILLED): TransitionRule(
        frozenset({MEMBER}), "Marquer comme pourvue", "L'offre est pourvue : elle n'est plus diffusée."
    ),
    (S.PUBLISHED, S.EXPIRED): TransitionRule(frozenset({SYSTEM}), "Expirer", "L'offre a expiré."),
    (S.PUBLISHED, S.ARCHIVED): TransitionRule(
        frozenset({MEMBER}), "Retirer et archiver", "L'offre est archivée : elle n'est plus diffusée."
    ),
    (S.EXPIRED, S.PUBLISHED): TransitionRule(frozenset({MEMBER}), "Republier", "L'offre est de nouveau publiée."),
    # An offer an advisor must review is not republished without a new review (issue 17).
    (S.EXPIRED, S.SUBMITTED): TransitionRule(
        frozenset({MEMBER}), "Demander une relecture", "L'offre est envoyée en relecture à vos conseillers."
    ),
    (S.FILLED, S.ARCHIVED): TransitionRule(frozenset({MEMBER}), "Archiver", "L'offre est archivée."),
    (S.EXPIRED, S.ARCHIVED): TransitionRule(frozenset({MEMBER}), "Archiver", "L'offre est archivée."),
}
WORKFLOW = Workflow(
    states=OfferStatus,
    transitions=ALLOWED_TRANSITIONS,
    log_model=OfferTransition,
    refused="Impossible de passer une offre de l'état « {current} » à l'état « {target} ».",
    error=TransitionRefused,
    also_save=("updated_at",),
)


def roles_of(actor: User | None, offer: Offer, *, acting_for_organisation: bool = False) -> set[str]:
    if acting_for_organisation:
        return {MEMBER}
    if actor is None:
        return {SYSTEM}
    roles = set()
    if is_offer_member(actor, offer):
        roles.add(MEMBER)
    if is_offer_reviewer(actor, offer):
        roles.add(REVIEWER)
    return roles


def available_transitions(offer: Offer, actor: User | None) -> list[tuple[str, TransitionRule]]:
    """The transitions `actor` may trigger from the offer's current status, for the buttons."""
    roles = roles_of(actor, offer)
    must_review = (
        REVIEWER not in roles and offer.status in REVIEW_BEFORE and publication.review_reason(offer) is not None
    )
    return [
        (to_status, rule)
        for to_status, rule in WORKFLOW.allowed(offer.status)
        if rule.roles & roles
        and not (must_review and to_status == S.PUBLISHED)
        # Resubmitting an expired offer is only for those who must have it reviewed.
        and not (offer.status == S.EXPIRED and to_status == S.SUBMITTED and not must_review)
    ]


def transition_offer(
    offer: Offer,
    to_status: str,
    *,
    actor: User | None,
    comment: str = "",
    acting_for_organisation: bool = False,
) -> Offer:
    """Move the offer to `to_status` if the table allows it for this actor; log it; notify on commit."""
    comment = (comment or "").strip()
    with transaction.atomic():
        current = Offer.objects.select_for_update().select_related("organisation", "commune").get(pk=offer.pk)
        from_status = current.status
        rule = WORKFLOW.check(from_status, to_status)
        wanted = OfferStatus(to_status)
        roles = roles_of(actor, current, acting_for_organisation=acting_for_organisation)
        if not rule.roles & roles:
            if rule.roles == {SYSTEM}:
                message = "Une offre expire d'elle-même à sa date limite de candidature."
            elif rule.roles == {MEMBER}:
                message = "Seuls les membres de l'organisation peuvent faire ce changement."
            elif rule.roles == {REVIEWER} and MEMBER in roles:
                message = (
                    "L'offre est en relecture : c'est le conseiller qui la relit qui la publie. Pour la modifier, "
                    "retirez-la de la relecture."
                )
            else:
                message = "Seuls les membres de l'organisation et ses conseillers peuvent faire ce changement."
            raise TransitionRefused(message)
        if wanted in (OfferStatus.PUBLISHED, OfferStatus.SUBMITTED):
            # Issue 17: a password account speaks for an organisation once its address is confirmed.
            refusal = email_unverified_refusal(actor, "publier ou soumettre une offre")
            if refusal:
                raise TransitionRefused(refusal)
        if rule.needs_comment_from_reviewer and MEMBER not in roles and not comment:
            raise TransitionRefused("Expliquez en commentaire ce qu'il faut revoir avant de renvoyer l'offre.")
        if len(comment) > 2_000:
            raise TransitionRefused("Le commentaire fait plus de 2 000 caractères : résumez-le.")
        if wanted == OfferStatus.PUBLISHED:
            if from_status in REVIEW_BEFORE and REVIEWER not in roles:
                reason = publication.review_reason(current)
                if reason:
                    raise TransitionRefused(reason)
            problems = publication.publication_problems(current, timezone.localdate())
            if problems:
                raise TransitionRefused(publication.problems_message(problems), problems=problems)

        now = timezone.now()
        also: list[str] = []
        if wanted == OfferStatus.PUBLISHED:
            current.published_at = now
            also.append("published_at")
        WORKFLOW.apply(current, wanted, actor=actor, comment=comment, at=now, also=also)
        _notify(current.pk)
    offer.status, offer.status_changed_at, offer.published_at = wanted, now, current.published_at
    offer.updated_at = current.updated_at
    return offer


def submit(offer: Offer, *, actor: User | None, comment: str = "") -> Offer:
    return transition_offer(offer, OfferStatus.SUBMITTED, actor=actor, comment=comment)


def publish(offer: Offer, *, actor: User | None, comment: str = "", acting_for_organisation: bool = False) -> Offer:
    return transition_offer(
        offer, OfferStatus.PUBLISHED, actor=actor, comment=comment, acting_for_organisation=acting_for_organisation
    )


def send_back(offer: Offer, *, actor: User | None, comment: str) -> Offer:
    return transition_offer(offer, OfferStatus.DRAFT, actor=actor, comment=comment)


def mark_filled(offer: Offer, *, actor: User | None) -> Offer:
    return transition_offer(offer, OfferStatus.FILLED, actor=actor)


def archive(offer: Offer, *, actor: User | None, acting_for_organisation: bool = False) -> Offer:
    return transition_offer(offer, OfferStatus.ARCHIVED, actor=actor, acting_for_organisation=acting_for_organisation)


def expire_due_offers(today: datetime.date | None = None) -> list[str]:
    """Expire every published offer whose closing date is past (actor None); return their references.

    One transaction per offer: an offer edited meanwhile (closing date pushed back) is re-read
    under lock and left alone.
    """
    today = today or timezone.localdate()
    due = list(
        Offer.objects.filter(status=OfferStatus.PUBLISHED, closing_date__lt=today)
        .order_by("pk")
        .values_list("pk", "reference")
    )
    expired = []
    for pk, reference in due:
        with transaction.atomic():
            current = Offer.objects.select_for_update().filter(pk=pk).first()
            if current is None or current.status != OfferStatus.PUBLISHED or not current.closing_date:
                continue
            if current.closing_date >= today:
                continue
            transition_offer(current, OfferStatus.EXPIRED, actor=None)
            expired.append(reference)
    return expired
