"""What an offer needs before it is published, and who must review it first (issue 17).

`offers.services.transition_offer` calls these for every publication (editor, review, API,
admin, demo): one rule set, French messages. The editor's confirmation page shows the same
problems with a link to each field.

- Blocking problems (`publication_problems`): a closing date already past, no missions, every
  error-level finding of the drafting assistant (a discriminatory criterion, a text not in
  French, missing salary or way to apply…), every « [à compléter …] » placeholder left in, and a
  VTA offer of an organisation not verified yet.
- Checks registered by the apps above offers (`register_check`): the VTA app adds the employer's
  eligibility (vta/publication_checks.py) — offers cannot import it.
- Review (`review_reason`): an advisor must review before publication when the organisation is
  not verified yet (accounts.verification), or when the offer's programme context is one the
  partnership has chosen: settings.OFFERS_REVIEW_REQUIRED_CONTEXTS (environment variable of the
  same name, comma-separated context codes; by default the PVD and ACV project-lead posts).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from emploi_territoires.accounts.permissions import unverified_refusal

from .models import ContractType, Offer, ProgrammeContext

DEFAULT_REVIEW_REQUIRED_CONTEXTS = (ProgrammeContext.PVD_LEAD.value, ProgrammeContext.ACV_LEAD.value)
# Checked directly below; the assistant's findings of the same rule are not repeated.
_ALREADY_CHECKED = frozenset({"completeness.closing_date_past", "completeness.missions"})
FIELD_LABELS = {
    "closing_date": "Date limite de candidature",
    "missions": "Missions",
    "contract_type": "Type de contrat",
}


@dataclass(frozen=True)
class PublicationProblem:
    """One reason an offer cannot be published: the field to fix (may be "") and the message."""

    field: str
    label: str
    message: str

    @property
    def sentence(self) -> str:
        text = self.message.rstrip(" .")
        text = text[:1].lower() + text[1:]
        return f"{self.label.lower()} : {text}" if self.label else text


# Checks other apps add (each returns the problems of an offer); offers cannot import them.
_EXTRA_CHECKS: list[Callable[[Offer], list[PublicationProblem]]] = []


def register_check(check: Callable[[Offer], list[PublicationProblem]]) -> None:
    """Add a publication check (an app's AppConfig.ready); registering twice keeps one."""
    if check not in _EXTRA_CHECKS:
        _EXTRA_CHECKS.append(check)


def review_required_contexts() -> frozenset[str]:
    return frozenset(getattr(settings, "OFFERS_REVIEW_REQUIRED_CONTEXTS", DEFAULT_REVIEW_REQUIRED_CONTEXTS))


def review_reason(offer: Offer) -> str | None:
    """Why an advisor must review `offer` before it is published, or None if its members may publish."""
    refusal = unverified_refusal(offer.organisation, "publish_directly")
    if refusal:
        return refusal
    if offer.programme_context and offer.programme_context in review_required_contexts():
        label = ProgrammeContext(offer.programme_context).label
        return (
            f"Les offres « {label} » sont relues par un conseiller avant publication, à la demande du "
            "partenariat : demandez une relecture."
        )
    return None


def is_vta(offer: Offer) -> bool:
    return offer.contract_type == ContractType.VTA or offer.programme_context == ProgrammeContext.VTA


def publication_problems(offer: Offer, today: datetime.date | None = None) -> list[PublicationProblem]:
    """Every reason `offer` (its current content) cannot be published; empty when it can."""
    from .assistant.offers import analyse_offer  # the assistant imports this app's models

    today = today or timezone.localdate()
    problems = []
    if offer.closing_date is not None and offer.closing_date < today:
        problems.append(
            PublicationProblem("closing_date", "", "la date limite de candidature est passée : repoussez-la")
        )
    if not offer.missions.strip():
        problems.append(PublicationProblem("missions", "", "décrivez les missions du poste"))
    if is_vta(offer):
        refusal = unverified_refusal(offer.organisation, "publish_vta")
        if refusal:
            problems.append(PublicationProblem("contract_type", "", refusal))
    for check in _EXTRA_CHECKS:
        problems.extend(check(offer))
    for finding in analyse_offer(offer).findings:
        if finding.severity == "error" and finding.rule_id not in _ALREADY_CHECKED:
            problems.append(PublicationProblem(finding.field, finding.field_label, finding.message))
    return problems


def problems_message(problems: list[PublicationProblem]) -> str:
    return "Avant de publier : " + " ; ".join(p.sentence for p in problems) + "."
