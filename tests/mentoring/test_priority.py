"""Publics prioritaires (issue 15): a programme's chosen situations give the matching bonus."""

from __future__ import annotations

import pytest

from emploi_territoires.mentoring import services_matching, services_profiles, services_programmes
from emploi_territoires.mentoring.errors import MentoringError
from emploi_territoires.mentoring.matching_adapter import matching_input
from emploi_territoires.mentoring.models import Enrolment
from tests.applications.factories import CandidateProfileFactory
from tests.factories import saint_etienne
from tests.mentoring.conftest import make_mentee, make_mentor, rome


@pytest.fixture
def one_mentor_two_equal_mentees(programme):
    """Karim has one place; Lucas and Nadia wish the same occupation from the same town."""
    st = saint_etienne()
    dev = rome("M1805", "Développeur / Développeuse informatique")
    karim = make_mentor("karim.mentor@exemple.fr", "Karim", "Benali", st, dev)
    lucas = make_mentee("lucas.mentore@exemple.fr", "Lucas", "Morel", st, [dev])
    nadia = make_mentee("nadia.mentoree@exemple.fr", "Nadia", "Cherif", st, [dev])
    CandidateProfileFactory(user=lucas)
    CandidateProfileFactory(user=nadia, has_rqth=True, is_under_26=True)
    services_profiles.enrol(programme, karim, Enrolment.Role.MENTOR)
    for user in (lucas, nadia):
        services_profiles.enrol(programme, user, Enrolment.Role.MENTEE)
    programme.qpv_priority = False
    programme.save(update_fields=["qpv_priority"])
    return {"karim": karim, "lucas": lucas, "nadia": nadia}


@pytest.mark.django_db
@pytest.mark.parametrize("situations", [["has_rqth"], ["is_under_26", "receives_rsa"]])
def test_a_prioritised_mentee_gets_the_mentor_over_an_equal_one(
    programme, manager, one_mentor_two_equal_mentees, situations
):
    people = one_mentor_two_equal_mentees
    data = matching_input(programme)
    assert [m.qpv for m in data.mentees] == [False, False]  # no setting, no bonus
    programme.priority_situations = situations
    programme.save(update_fields=["priority_situations"])
    data = matching_input(programme, qpv_priority=False)
    assert {m.id: m.qpv for m in data.mentees} == {people["lucas"].pk: False, people["nadia"].pk: True}
    run = services_matching.run_matching(programme, manager)
    assert run.qpv_bonus == services_matching.DEFAULT_QPV_BONUS
    assert [(p.mentor, p.mentee) for p in run.proposals.all()] == [(people["karim"], people["nadia"])]


@pytest.mark.django_db
def test_the_qpv_flag_of_the_mentee_profile_counts_only_when_qpv_is_prioritised(programme, manager):
    st = saint_etienne()
    dev = rome("M1805", "Développeur / Développeuse informatique")
    make_mentor("karim.mentor@exemple.fr", "Karim", "Benali", st, dev)
    ines = make_mentee("ines.mentoree@exemple.fr", "Inès", "Haddad", st, [dev], qpv=True)
    services_profiles.enrol(programme, ines, Enrolment.Role.MENTEE)
    assert [m.qpv for m in matching_input(programme, qpv_priority=True).mentees] == [True]
    assert [m.qpv for m in matching_input(programme, qpv_priority=False).mentees] == [False]


@pytest.mark.django_db
def test_the_programme_setting_is_validated(programme, manager):
    data = services_programmes.ProgrammeData(
        name=programme.name, scope=programme.scope_kind, audience=programme.audience, duration_months=6,
        meeting_every_weeks=2, alert_after_weeks=4, starts_on=programme.starts_on, ends_on=programme.ends_on,
        managers=[manager], weights={}, priority_situations=["receives_rsa", "has_no_diploma"],
    )  # fmt: skip
    saved = services_programmes.save_programme(programme, manager, data)
    assert saved.priority_situations == ["has_no_diploma", "receives_rsa"]
    data.priority_situations = ["fortune"]
    with pytest.raises(MentoringError, match=r"^Situation inconnue : « fortune »\.$"):
        services_programmes.save_programme(programme, manager, data)
    programme.refresh_from_db()
    assert programme.priority_situations == ["has_no_diploma", "receives_rsa"]
