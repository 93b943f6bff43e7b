"""The target audience: the rule (pure), the same rule as a query (oracle), shown on the event page."""

from __future__ import annotations

import datetime
import itertools
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from emploi_territoires.jobdating import audience as rule
from emploi_territoires.jobdating import suggestions
from emploi_territoires.jobdating.models import EventStatus
from tests.applications.factories import CandidateProfileFactory
from tests.factories import CommuneFactory, clamecy, nievre, saint_etienne
from tests.jobdating.factories import EventFactory
from tests.offers.factories import RomeOccupationFactory

PARIS = ZoneInfo("Europe/Paris")


# --- The rule ------------------------------------------------------------------------------------


def test_a_person_of_the_territory_looking_for_a_targeted_occupation_matches():
    event = rule.audience("42", ["42"], ["ti"], ["H2913", "I1304"])
    assert rule.matches(event, rule.Person("42", frozenset({"ti", "qpv"}), frozenset({"H2913"})))


@pytest.mark.parametrize(
    ("person", "why"),
    [
        (rule.Person("58", frozenset({"ti"}), frozenset({"H2913"})), "another département"),
        (rule.Person("42", frozenset({"acv"}), frozenset({"H2913"})), "not a commune of the programme"),
        (rule.Person("42", frozenset({"ti"}), frozenset({"M1203"})), "another occupation"),
        (rule.Person("42", frozenset({"ti"}), frozenset()), "no occupation given"),
    ],
)
def test_each_criterion_must_hold(person, why):
    event = rule.audience("42", ["42"], ["ti"], ["H2913"])
    assert not rule.matches(event, person), why


def test_without_targeted_departements_the_event_is_for_its_own_departement():
    """ "TI" alone does not mean every Territoire d'industrie of France."""
    event = rule.audience("42", [], ["ti"], [])
    assert event.departements == frozenset({"42"})
    assert rule.matches(event, rule.Person("42", frozenset({"ti"})))
    assert not rule.matches(event, rule.Person("71", frozenset({"ti"})))


def test_an_event_without_targets_suits_everyone_of_its_departement():
    event = rule.audience("58")
    assert rule.matches(event, rule.Person("58"))
    assert not rule.matches(event, rule.Person("42"))


def test_several_departements_and_programmes_are_alternatives():
    event = rule.audience("42", ["42", "58"], ["ti", "pvd"], [])
    assert rule.matches(event, rule.Person("58", frozenset({"pvd"})))
    assert rule.matches(event, rule.Person("42", frozenset({"ti"})))
    assert not rule.matches(event, rule.Person("58", frozenset({"qpv"})))


# --- The query agrees with the rule --------------------------------------------------------------


@pytest.mark.django_db
def test_the_query_finds_exactly_whom_the_rule_matches():
    """Every combination of targets, against candidates of several communes and occupations."""
    loire, nievre_ = saint_etienne().departement, nievre()
    communes = [
        saint_etienne(),  # 42, TI + QPV
        CommuneFactory(code="42279", name="Saint-Just-Saint-Rambert", in_ti=False, in_qpv=False, in_fs=False),
        clamecy(),  # 58, PVD
    ]
    welder = RomeOccupationFactory(code="H2913", label="Soudeur / Soudeuse")
    accountant = RomeOccupationFactory(code="M1203", label="Comptable")
    profiles = [
        CandidateProfileFactory(commune=commune, wanted_occupations=wanted)
        for commune, wanted in itertools.product(communes, [[welder], [accountant], [welder, accountant], []])
    ]
    checked = 0
    for departements, programmes, occupations in itertools.product(
        [[], [loire], [loire, nievre_]], [[], ["ti"], ["ti", "pvd"]], [[], [welder]]
    ):
        event = EventFactory(target_programmes=programmes)
        event.target_departements.set(departements)
        event.target_occupations.set(occupations)
        by_query = set(suggestions.matching_profiles(event).values_list("pk", flat=True))
        by_rule = {p.pk for p in profiles if rule.matches(suggestions.audience_of(event), suggestions.person_of(p))}
        assert by_query == by_rule, (departements, programmes, occupations)
        checked += bool(by_rule)
    assert checked >= 10  # most combinations match somebody: the comparison is not between empty sets


@pytest.mark.django_db
def test_inactive_and_professional_accounts_are_never_matched():
    event = EventFactory(target_programmes=[])
    profile = CandidateProfileFactory()
    assert list(suggestions.matching_profiles(event)) == [profile]
    profile.user.is_active = False
    profile.user.save(update_fields=["is_active"])
    assert not suggestions.matching_profiles(event).exists()


# --- On the event page ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_event_page_shows_its_audience(client):
    event = EventFactory(target_programmes=["ti", "qpv"])
    event.target_departements.set([saint_etienne().departement, nievre()])
    event.target_occupations.set(
        [
            RomeOccupationFactory(code="H2913", label="Soudeur / Soudeuse"),
            RomeOccupationFactory(code="I1304", label="Technicien / Technicienne de maintenance industrielle"),
        ]
    )
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Pour qui" in page
    assert "Programmes : Territoires d&#x27;industrie, Quartiers prioritaires de la politique de la ville" in page
    assert "Départements : Loire (42), Nièvre (58)" in page
    assert "Soudeur / Soudeuse (H2913)" in page


@pytest.mark.django_db
def test_an_event_without_targets_says_it_is_for_its_departement(client):
    event = EventFactory(target_programmes=[])
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Tous les métiers. Proposé aux candidats du département : Loire (42)." in page


@pytest.mark.django_db
def test_a_matching_candidate_is_told_the_event_suits_them(client, candidate, time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=PARIS))
    welder = RomeOccupationFactory(code="H2913", label="Soudeur / Soudeuse")
    event = EventFactory()
    event.target_occupations.set([welder])
    profile = CandidateProfileFactory(user=candidate, wanted_occupations=[welder])
    client.force_login(candidate)
    url = reverse("jobdating:event_detail", args=[event.pk])
    assert "Correspond à votre profil" in client.get(url).content.decode()
    profile.wanted_occupations.set([RomeOccupationFactory(code="M1203", label="Comptable")])
    assert "Correspond à votre profil" not in client.get(url).content.decode()


@pytest.mark.django_db
def test_audience_labels_skip_unknown_programmes():
    event = EventFactory(target_programmes=["ti", "zzz"], status=EventStatus.DRAFT)
    labels = suggestions.audience_labels(event)
    assert labels.programmes == ["Territoires d'industrie"]
    assert labels.departements == [] and labels.occupations == []
    assert not labels.is_open_to_all
    assert labels.default_departement == "Loire (42)"  # the event's own, used as no département is targeted
