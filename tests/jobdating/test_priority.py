"""Publics prioritaires (issue 15): the event's chosen situations weigh in the wishes, and win a tie."""

from __future__ import annotations

import pytest

from emploi_territoires.jobdating import services_events, services_registrations
from emploi_territoires.jobdating.errors import ValidationFailed
from emploi_territoires.jobdating.solver import build_schedule
from emploi_territoires.jobdating.solver.weights import PRIORITY_BONUS, Preference, wish_weight
from emploi_territoires.jobdating.solver_adapter import build_instance
from tests.applications.factories import CandidateProfileFactory
from tests.jobdating.factories import CandidateRegistrationFactory, EventFactory, RecruiterRegistrationFactory
from tests.jobdating.helpers import FAST


def test_priority_adds_one_and_a_half_ranks():
    assert PRIORITY_BONUS == 3
    assert wish_weight(1, priority=True) == 27
    assert wish_weight(2, priority=True) > wish_weight(1)  # 25 > 24
    assert wish_weight(3, priority=True) < wish_weight(1)  # 23 < 24
    assert wish_weight(1, Preference.PREFERRED, priority=True) == 39
    assert wish_weight(1, Preference.REFUSED, priority=True) is None


def _one_seat_event(priority_situations):
    """One recruiter, one table, one slot: two candidates who both ranked it first compete for it."""
    event = EventFactory(slot_count=1, breaks=[], min_gap=0, priority_situations=priority_situations)
    forge = RecruiterRegistrationFactory(event=event, organisation__name="Forges de l'Ondaine")
    yanis = CandidateProfileFactory(user__first_name="Yanis", user__last_name="Ferrand").user
    sarah = CandidateProfileFactory(
        user__first_name="Sarah", user__last_name="Bouzid", receives_rsa=True, is_qpv_resident=True
    ).user
    # Yanis registers first: without priority the tie would not favour Sarah for her order.
    first = CandidateRegistrationFactory(event=event, user=yanis)
    second = CandidateRegistrationFactory(event=event, user=sarah)
    services_registrations.set_wishes(first, {forge.pk: 1})
    services_registrations.set_wishes(second, {forge.pk: 1})
    return event, first, second


@pytest.mark.django_db
@pytest.mark.parametrize("situations", [["receives_rsa"], ["has_rqth", "is_qpv_resident"]])
def test_a_prioritised_candidate_gets_the_interview_over_an_equal_one(situations):
    event, yanis, sarah = _one_seat_event(situations)
    instance = build_instance(event)
    weights = {w.candidate: w.weight for w in instance.wishes}
    assert weights == {yanis.pk: 24, sarah.pk: 27}
    result = build_schedule(instance, FAST)
    assert [i.candidate for i in result.interviews] == [sarah.pk]


@pytest.mark.django_db
def test_without_the_setting_or_without_the_situation_nobody_gets_the_bonus():
    event, _, _ = _one_seat_event([])
    assert {w.weight for w in build_instance(event).wishes} == {24}
    event.priority_situations = ["has_rqth"]  # neither declared a disability
    event.save(update_fields=["priority_situations"])
    assert {w.weight for w in build_instance(event).wishes} == {24}


@pytest.mark.django_db
def test_build_instance_reads_the_situations_in_one_query(django_assert_num_queries):
    event, _, _ = _one_seat_event(["receives_rsa"])
    for _ in range(5):
        profile = CandidateProfileFactory(receives_rsa=True)
        CandidateRegistrationFactory(event=event, user=profile.user)
    # recruiters, candidates, their situations, screenings, wishes
    with django_assert_num_queries(5):
        build_instance(event)


@pytest.mark.django_db
def test_the_event_setting_is_validated_and_stored_in_order(advisor):
    event = EventFactory(advisors=[advisor], status="draft")
    services_events.update_event(
        event, actor=advisor, values={"priority_situations": ["receives_rsa", "is_qpv_resident"]}
    )
    event.refresh_from_db()
    assert event.priority_situations == ["is_qpv_resident", "receives_rsa"]
    with pytest.raises(ValidationFailed) as exc:
        services_events.update_event(event, actor=advisor, values={"priority_situations": ["riche"]})
    assert exc.value.errors == {"priority_situations": ["Situation inconnue : « riche »."]}
    event.refresh_from_db()
    assert event.priority_situations == ["is_qpv_resident", "receives_rsa"]
