"""The workflow (allowed / refused transitions, who may do them, the log), history, duplicate, expiry."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from emploi_territoires.offers import services
from emploi_territoires.offers.models import Offer, OfferRevision, OfferStatus, OfferTransition
from emploi_territoires.offers.signals import offer_changed
from emploi_territoires.offers.tasks import expire_offers
from tests.clock import paris
from tests.offers.factories import OfferFactory

S = OfferStatus
# A weekday of spring, mid-morning in Paris: far from midnight, so "today" cannot change mid-test.
NOW = paris(2026, 3, 10, 10, 30)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def _pinned_clock(time_machine):
    time_machine.move_to(NOW)


ALL = list(S)


@pytest.fixture
def received():
    """The offer ids `offer_changed` was sent for."""
    ids: list[int] = []

    def receiver(sender, offer_id, **kwargs):
        ids.append(offer_id)

    offer_changed.connect(receiver, dispatch_uid="test-workflow")
    yield ids
    offer_changed.disconnect(dispatch_uid="test-workflow")


def offer_in(status: str, organisation, **fields) -> Offer:
    return OfferFactory(organisation=organisation, status=status, **fields)


# --- The table -------------------------------------------------------------------------------------

# Under review only the reviewer publishes (issue 17): tested in test_publication.py.
MEMBER_MOVES = [
    (S.DRAFT, S.SUBMITTED),
    (S.DRAFT, S.PUBLISHED),
    (S.DRAFT, S.ARCHIVED),
    (S.SUBMITTED, S.DRAFT),
    (S.PUBLISHED, S.FILLED),
    (S.PUBLISHED, S.ARCHIVED),
    (S.EXPIRED, S.PUBLISHED),
    (S.FILLED, S.ARCHIVED),
    (S.EXPIRED, S.ARCHIVED),
]


@pytest.mark.parametrize(("from_status", "to_status"), MEMBER_MOVES)
def test_members_make_every_allowed_move_and_it_is_logged(
    organisation_a, member_a, received, django_capture_on_commit_callbacks, from_status, to_status
):
    offer = offer_in(from_status, organisation_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.transition_offer(offer, to_status, actor=member_a)
    offer.refresh_from_db()
    assert offer.status == to_status
    log = OfferTransition.objects.get(offer=offer)
    assert (log.from_status, log.to_status, log.actor) == (from_status, to_status, member_a)
    assert received == [offer.pk]
    if to_status == S.PUBLISHED:
        assert offer.published_at is not None and timezone.now() - offer.published_at < datetime.timedelta(minutes=1)


REFUSED_MOVES = [(f, t) for f in ALL for t in ALL if f != t and (f, t) not in services.ALLOWED_TRANSITIONS]


def test_the_table_refuses_what_it_does_not_list():
    # 6 states, 30 ordered pairs, 12 allowed (10 for members — resubmitting an expired offer to review
    # among them —, publishing under review for reviewers, expiry for the system).
    assert len(services.ALLOWED_TRANSITIONS) == 12
    assert len(REFUSED_MOVES) == 18
    assert (S.PUBLISHED, S.DRAFT) in REFUSED_MOVES  # a published offer is edited in place, never unpublished
    assert all(f != S.ARCHIVED for f, _ in services.ALLOWED_TRANSITIONS)  # archived is final


@pytest.mark.parametrize(("from_status", "to_status"), REFUSED_MOVES)
def test_impossible_moves_are_refused_with_a_clear_message(staff, organisation_a, received, from_status, to_status):
    offer = offer_in(from_status, organisation_a)
    with pytest.raises(services.TransitionRefused) as caught:
        services.transition_offer(offer, to_status, actor=staff)
    assert caught.value.message == (
        f"Impossible de passer une offre de l'état « {S(from_status).label} » à l'état « {S(to_status).label} »."
    )
    offer.refresh_from_db()
    assert offer.status == from_status
    assert not OfferTransition.objects.exists() and received == []


def test_an_unknown_status_is_refused(organisation_a, recruiter_a):
    with pytest.raises(services.TransitionRefused, match="État inconnu"):
        services.transition_offer(offer_in(S.DRAFT, organisation_a), "supprimee", actor=recruiter_a)


# --- Who -------------------------------------------------------------------------------------------


def test_outsiders_cannot_move_an_offer(organisation_a, recruiter_b, candidate):
    offer = offer_in(S.DRAFT, organisation_a)
    for person in (recruiter_b, candidate):
        with pytest.raises(services.TransitionRefused, match="Seuls les membres de l'organisation"):
            services.publish(offer, actor=person)
    assert not OfferTransition.objects.exists()


def test_advisor_following_the_territory_reviews_a_submitted_offer(organisation_a, recruiter_a, advisor):
    offer = offer_in(S.DRAFT, organisation_a)
    services.submit(offer, actor=recruiter_a)
    with pytest.raises(services.TransitionRefused, match="Expliquez en commentaire"):
        services.send_back(offer, actor=advisor, comment="  ")
    services.send_back(offer, actor=advisor, comment="Ajoutez la fourchette de salaire et la date de prise de poste.")
    services.submit(offer, actor=recruiter_a)
    services.publish(offer, actor=advisor)
    log = list(OfferTransition.objects.filter(offer=offer).values_list("from_status", "to_status", "actor", "comment"))
    assert log == [
        (S.DRAFT, S.SUBMITTED, recruiter_a.pk, ""),
        (S.SUBMITTED, S.DRAFT, advisor.pk, "Ajoutez la fourchette de salaire et la date de prise de poste."),
        (S.DRAFT, S.SUBMITTED, recruiter_a.pk, ""),
        (S.SUBMITTED, S.PUBLISHED, advisor.pk, ""),
    ]


def test_advisor_cannot_publish_a_draft_nor_review_another_territory(organisation_a, advisor, advisor_other):
    draft = offer_in(S.DRAFT, organisation_a)
    with pytest.raises(services.TransitionRefused, match="Seuls les membres de l'organisation peuvent"):
        services.publish(draft, actor=advisor)
    submitted = offer_in(S.SUBMITTED, organisation_a)
    with pytest.raises(services.TransitionRefused, match="et ses conseillers"):
        services.publish(submitted, actor=advisor_other)  # follows the Nièvre, the offer is in the Loire
    with pytest.raises(services.TransitionRefused):
        services.mark_filled(offer_in(S.PUBLISHED, organisation_a), actor=advisor)


def test_members_withdraw_a_submission_without_comment(organisation_a, member_a):
    offer = offer_in(S.SUBMITTED, organisation_a)
    services.transition_offer(offer, S.DRAFT, actor=member_a)
    assert Offer.objects.get(pk=offer.pk).status == S.DRAFT


def test_only_the_system_expires_an_offer(organisation_a, recruiter_a, staff):
    offer = offer_in(S.PUBLISHED, organisation_a)
    for person in (recruiter_a, staff):
        with pytest.raises(services.TransitionRefused, match="expire d'elle-même"):
            services.transition_offer(offer, S.EXPIRED, actor=person)


def test_api_token_acts_as_the_organisation(organisation_a):
    offer = offer_in(S.DRAFT, organisation_a)
    services.publish(offer, actor=None, acting_for_organisation=True)
    assert Offer.objects.get(pk=offer.pk).status == S.PUBLISHED


def test_publication_needs_missions_and_a_future_closing_date(organisation_a, recruiter_a):
    offer = offer_in(S.DRAFT, organisation_a, missions="  ")
    Offer.objects.filter(pk=offer.pk).update(closing_date=TODAY - datetime.timedelta(days=1))
    with pytest.raises(services.TransitionRefused) as caught:
        services.publish(offer, actor=recruiter_a)
    assert caught.value.message == (
        "Avant de publier : la date limite de candidature est passée : repoussez-la ; décrivez les missions du poste."
    )
    assert Offer.objects.get(pk=offer.pk).status == S.DRAFT


def test_an_expired_offer_is_republished_once_its_closing_date_is_pushed_back(organisation_a, recruiter_a):
    offer = offer_in(S.PUBLISHED, organisation_a)
    Offer.objects.filter(pk=offer.pk).update(closing_date=TODAY - datetime.timedelta(days=2))
    assert services.expire_due_offers() == [offer.reference]
    offer.refresh_from_db()
    with pytest.raises(services.TransitionRefused, match="repoussez-la"):
        services.publish(offer, actor=recruiter_a)
    services.update_offer(offer, {"closing_date": TODAY + datetime.timedelta(days=15)}, actor=recruiter_a)
    services.publish(offer, actor=recruiter_a)
    assert Offer.objects.get(pk=offer.pk).status == S.PUBLISHED


# --- Creation, references, revisions ------------------------------------------------------------------


def test_create_offer_numbers_it_and_notifies_on_commit(
    organisation_a, recruiter_a, received, django_capture_on_commit_callbacks
):
    values = {
        "title": "Manager de centre-ville (F/H)",
        "commune": organisation_a.commune,
        "contract_type": "contrat_projet",
        "contract_duration_months": 36,
        "missions": "Animer le commerce du centre-ville de Saint-Étienne.",
    }
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        offer = services.create_offer(organisation_a, values, actor=recruiter_a, template="manager-centre-ville")
        assert received == []  # nothing is announced before the commit
    for callback in callbacks:
        callback()
    assert received == [offer.pk]
    year = timezone.localdate().year
    assert re.fullmatch(rf"ET-{year}-\d{{6}}", offer.reference)
    assert offer.reference == f"ET-{year}-{offer.pk:06d}"
    assert (offer.status, offer.created_by, offer.template) == (S.DRAFT, recruiter_a, "manager-centre-ville")
    assert not offer.revisions.exists() and not offer.transitions.exists()


def test_update_records_the_changed_fields_with_the_actor(
    organisation_a, member_a, received, django_capture_on_commit_callbacks
):
    offer = offer_in(S.PUBLISHED, organisation_a, salary_min=36_000, salary_max=44_000)
    with django_capture_on_commit_callbacks(execute=True):
        changed = services.update_offer(
            offer,
            {"salary_min": 38_000, "salary_max": 44_000, "weekly_hours": 35, "title": "Chargé·e d'affaires (F/H)"},
            actor=member_a,
        )
    assert sorted(changed) == ["salary_min", "title"]
    revision = OfferRevision.objects.get(offer=offer)
    assert revision.actor == member_a
    assert revision.changes == {
        "salary_min": [36_000, 38_000],
        "title": ["Chargé·e de mission développement économique (F/H)", "Chargé·e d'affaires (F/H)"],
    }
    assert received == [offer.pk]
    assert Offer.objects.get(pk=offer.pk).salary_min == 38_000


def test_an_update_that_changes_nothing_records_nothing(organisation_a, member_a, received):
    offer = offer_in(S.DRAFT, organisation_a)
    assert services.update_offer(offer, {"title": offer.title, "weekly_hours": "35.0"}, actor=member_a) == []
    assert not OfferRevision.objects.exists() and received == []


def test_dates_and_foreign_keys_are_recorded_as_plain_values(organisation_a, member_a):
    offer = offer_in(S.DRAFT, organisation_a)
    new_date = TODAY + datetime.timedelta(days=45)
    services.update_offer(offer, {"closing_date": new_date, "occupation": None}, actor=member_a)
    changes = OfferRevision.objects.get(offer=offer).changes
    assert changes["closing_date"][1] == new_date.isoformat()
    assert changes["occupation"] == ["M1403", None]


def test_a_bad_update_writes_nothing(organisation_a, member_a):
    offer = offer_in(S.DRAFT, organisation_a)
    with pytest.raises(services.OfferValidationError) as caught:
        services.update_offer(offer, {"salary_min": 60_000, "title": "Nouveau titre"}, actor=member_a)
    assert "salary_max" in caught.value.errors
    assert Offer.objects.get(pk=offer.pk).title != "Nouveau titre"
    assert not OfferRevision.objects.exists()


def test_filled_and_archived_offers_are_no_longer_edited(organisation_a, member_a):
    for status in (S.FILLED, S.ARCHIVED):
        offer = offer_in(status, organisation_a)
        with pytest.raises(services.OfferError, match="ne se modifie plus : dupliquez-la"):
            services.update_offer(offer, {"title": "Autre titre"}, actor=member_a)


def test_outsiders_and_advisors_cannot_update(organisation_a, recruiter_b, advisor):
    offer = offer_in(S.SUBMITTED, organisation_a)
    for person in (recruiter_b, advisor):
        with pytest.raises(services.OfferError, match="Seuls les membres"):
            services.update_offer(offer, {"title": "Autre titre"}, actor=person)


def test_quality_score_is_recorded_without_a_revision(organisation_a):
    offer = offer_in(S.DRAFT, organisation_a)
    services.record_quality_score(offer, 72)
    offer.refresh_from_db()
    assert (offer.quality_score, offer.written_with_assistant) == (72, True)
    assert not OfferRevision.objects.exists()
    with pytest.raises(services.OfferError, match="de 0 à 100"):
        services.record_quality_score(offer, 140)


# --- Duplicate ---------------------------------------------------------------------------------------


def test_duplicate_makes_a_fresh_draft(organisation_a, recruiter_a, member_a):
    original = offer_in(S.PUBLISHED, organisation_a, template="chef-projet-pvd")
    services.update_offer(original, {"salary_min": 37_000}, actor=recruiter_a)
    services.mark_filled(original, actor=recruiter_a)
    Offer.objects.filter(pk=original.pk).update(start_date=TODAY - datetime.timedelta(days=1))
    original.refresh_from_db()

    copy = services.duplicate_offer(original, actor=member_a)
    assert copy.pk != original.pk and copy.reference != original.reference
    assert copy.title == "Chargé·e de mission développement économique (F/H) (copie)"
    assert (copy.status, copy.created_by, copy.published_at) == (S.DRAFT, member_a, None)
    assert copy.start_date is None  # past: left for the author to set
    assert copy.closing_date == original.closing_date
    assert (copy.missions, copy.salary_min, copy.commune, copy.template) == (
        original.missions,
        37_000,
        original.commune,
        "chef-projet-pvd",
    )
    assert not copy.revisions.exists() and not copy.transitions.exists()


def test_duplicate_keeps_a_long_title_within_its_limit(organisation_a, recruiter_a):
    original = offer_in(S.DRAFT, organisation_a, title="Chargé·e de mission " + "x" * 130)
    copy = services.duplicate_offer(original, actor=recruiter_a)
    assert len(copy.title) == 150 and copy.title.endswith(" (copie)")


# --- Expiry ----------------------------------------------------------------------------------------


def test_expiry_task_expires_published_offers_past_their_closing_date(
    organisation_a, received, django_capture_on_commit_callbacks
):
    yesterday = TODAY - datetime.timedelta(days=1)
    due = offer_in(S.PUBLISHED, organisation_a)
    closes_today = offer_in(S.PUBLISHED, organisation_a, closing_date=TODAY)
    open_ended = offer_in(S.PUBLISHED, organisation_a, closing_date=None)
    draft_past = offer_in(S.DRAFT, organisation_a)
    Offer.objects.filter(pk__in=[due.pk, draft_past.pk]).update(closing_date=yesterday)

    with django_capture_on_commit_callbacks(execute=True):
        result = expire_offers.enqueue()
    assert result.return_value == [due.reference]
    statuses = dict(Offer.objects.values_list("pk", "status"))
    assert statuses == {
        due.pk: S.EXPIRED,
        closes_today.pk: S.PUBLISHED,  # still open on its closing day
        open_ended.pk: S.PUBLISHED,
        draft_past.pk: S.DRAFT,
    }
    log = OfferTransition.objects.get()
    assert (log.offer_id, log.from_status, log.to_status, log.actor) == (due.pk, S.PUBLISHED, S.EXPIRED, None)
    assert received == [due.pk]
    assert expire_offers.enqueue().return_value == []  # a second run changes nothing


def test_expire_command(organisation_a, capsys):
    offer = offer_in(S.PUBLISHED, organisation_a)
    Offer.objects.filter(pk=offer.pk).update(closing_date=TODAY - datetime.timedelta(days=3))
    call_command("expire_offers")
    assert capsys.readouterr().out.strip() == f"1 offre(s) expirée(s) : {offer.reference}."
    call_command("expire_offers")
    assert capsys.readouterr().out.strip() == "Aucune offre à expirer."


def test_expire_command_can_enqueue(organisation_a, capsys):
    offer = offer_in(S.PUBLISHED, organisation_a)
    Offer.objects.filter(pk=offer.pk).update(closing_date=TODAY - datetime.timedelta(days=3))
    call_command("expire_offers", enqueue=True)
    assert "Tâche d'expiration mise en file" in capsys.readouterr().out
    assert Offer.objects.get(pk=offer.pk).status == S.EXPIRED  # the immediate backend of the tests ran it
