"""core.workflow: the declared table, the French refusals, and the log written in the caller's transaction.

The example is an offer's publication, on the real `Offer` / `OfferTransition` models, with a table
declared here (the offers' own table lives in offers.services and is tested in tests/offers).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from emploi_territoires.accounts.verification import WORKFLOW as VERIFICATION
from emploi_territoires.applications.services_pipeline import WORKFLOW as APPLICATIONS
from emploi_territoires.core.workflow import TransitionRefused, Workflow
from emploi_territoires.jobdating.workflow import WORKFLOW as JOBDATINGS
from emploi_territoires.offers.models import OfferStatus, OfferTransition
from emploi_territoires.offers.services import WORKFLOW as OFFERS
from emploi_territoires.plans.services import WORKFLOW as PLANS
from emploi_territoires.vta.services_aid import WORKFLOW as AIDS
from tests.offers.factories import OfferFactory

S = OfferStatus


@dataclass(frozen=True)
class Rule:
    label: str


PUBLICATION = Workflow(
    states=OfferStatus,
    transitions={
        (S.DRAFT, S.PUBLISHED): Rule("Publier"),
        (S.DRAFT, S.ARCHIVED): Rule("Abandonner ce brouillon"),
        (S.PUBLISHED, S.FILLED): Rule("Marquer comme pourvue"),
    },
    log_model=OfferTransition,
    refused="Impossible de passer une offre de l'état « {current} » à l'état « {target} ».",
    also_save=("updated_at",),
)


def test_allowed_lists_the_moves_from_a_state_in_the_table_order():
    assert [(to, rule.label) for to, rule in PUBLICATION.allowed(S.DRAFT)] == [
        (S.PUBLISHED, "Publier"),
        (S.ARCHIVED, "Abandonner ce brouillon"),
    ]
    assert PUBLICATION.allowed(S.ARCHIVED) == []


def test_check_returns_the_rule_or_refuses_in_french():
    assert PUBLICATION.check(S.PUBLISHED, S.FILLED).label == "Marquer comme pourvue"
    with pytest.raises(TransitionRefused) as refused:
        PUBLICATION.check(S.FILLED, S.DRAFT)
    assert refused.value.message == "Impossible de passer une offre de l'état « Pourvue » à l'état « Brouillon »."
    with pytest.raises(TransitionRefused) as unknown:
        PUBLICATION.check(S.DRAFT, "envolée")
    assert unknown.value.message == "État inconnu : « envolée »."


def test_the_refusal_is_the_apps_own_error():
    class PlanLikeError(Exception):
        def __init__(self, message: str, field: str):
            super().__init__(message)
            self.message, self.field = message, field

    workflow = Workflow(
        states=OfferStatus,
        transitions={(S.DRAFT, S.PUBLISHED): Rule("Publier")},
        log_model=OfferTransition,
        refused="Une offre « {current} » ne peut pas passer à « {target} ».",
        error=lambda message: PlanLikeError(message, "to_status"),
    )
    with pytest.raises(PlanLikeError) as refused:
        workflow.check(S.PUBLISHED, S.DRAFT)
    assert (refused.value.message, refused.value.field) == (
        "Une offre « Publiée » ne peut pas passer à « Brouillon ».",
        "to_status",
    )


def test_a_table_naming_an_unknown_state_is_refused_when_declared():
    with pytest.raises(ValueError, match="unknown states"):
        Workflow(
            states=OfferStatus,
            transitions={(S.DRAFT, "en_ligne"): Rule("Mettre en ligne")},
            log_model=OfferTransition,
            refused="…",
        )


@pytest.mark.django_db
def test_apply_moves_the_state_and_writes_the_log_in_the_same_transaction(recruiter_a):
    offer = OfferFactory(status=S.DRAFT)
    moment = datetime.datetime(2026, 11, 2, 9, 30, tzinfo=ZoneInfo("Europe/Paris"))
    with transaction.atomic():
        log = PUBLICATION.apply(
            offer, S.PUBLISHED, actor=recruiter_a, comment="Validée par le maire", at=moment, also=["published_at"]
        )
    offer.refresh_from_db()
    assert (offer.status, offer.status_changed_at) == (S.PUBLISHED, moment)
    row = OfferTransition.objects.get()
    assert row == log
    assert (row.offer, row.from_status, row.to_status, row.actor, row.comment, row.created_at) == (
        offer,
        S.DRAFT,
        S.PUBLISHED,
        recruiter_a,
        "Validée par le maire",
        moment,
    )
    assert str(row) == f"{offer.pk}: draft → published"


@pytest.mark.django_db
def test_a_rolled_back_move_leaves_neither_the_state_nor_a_log_row(recruiter_a):
    offer = OfferFactory(status=S.DRAFT)
    with pytest.raises(RuntimeError, match="après"), transaction.atomic():
        PUBLICATION.apply(offer, S.PUBLISHED, actor=recruiter_a)
        raise RuntimeError("Une erreur après le changement d'état")
    offer.refresh_from_db()
    assert offer.status == S.DRAFT
    assert not OfferTransition.objects.exists()


@pytest.mark.django_db
def test_apply_refuses_a_move_outside_the_table_unless_it_is_the_services_own(recruiter_a):
    offer = OfferFactory(status=S.PUBLISHED)
    with pytest.raises(TransitionRefused, match="« Publiée » à l'état « Brouillon »"), transaction.atomic():
        PUBLICATION.apply(offer, S.DRAFT, actor=recruiter_a)
    assert not OfferTransition.objects.exists()
    with transaction.atomic():
        PUBLICATION.apply(offer, S.SUBMITTED, actor=None, comment="Relecture demandée", listed=False)
    assert OfferTransition.objects.get().to_status == S.SUBMITTED


@pytest.mark.django_db(transaction=True)
def test_apply_outside_a_transaction_is_a_programming_error(recruiter_a):
    offer = OfferFactory(status=S.DRAFT)
    with pytest.raises(RuntimeError, match="inside the caller's transaction"):
        PUBLICATION.apply(offer, S.PUBLISHED, actor=recruiter_a)
    offer.refresh_from_db()
    assert offer.status == S.DRAFT and not OfferTransition.objects.exists()


@pytest.mark.parametrize(
    ("workflow", "current", "allowed"),
    [
        (OFFERS, "filled", ["archived"]),
        (APPLICATIONS, "interview", ["hired", "refused", "withdrawn"]),
        (APPLICATIONS, "hired", []),
        (JOBDATINGS, "registration_open", ["draft", "schedule_built"]),
        (PLANS, "done", ["running"]),
        (AIDS, "filed", ["incomplete", "granted", "refused"]),
        (VERIFICATION, "needs_info", ["pending", "verified", "refused"]),
    ],
)
def test_the_apps_declare_their_tables_with_the_helper(workflow, current, allowed):
    assert [to for to, _ in workflow.allowed(current)] == allowed
