"""Feasible pairs: every hard constraint, the score and its reasons."""

import dataclasses
import random

import pytest

from emploi_territoires.mentoring.matching.pairs import (
    SLOTS,
    TOPICS,
    Mentee,
    Mentor,
    PairsError,
    Rules,
    Weights,
    build_pairs,
    check_pair,
    explain,
    reasons_text,
)
from emploi_territoires.territories.geodesy import haversine_km

# Commune centroids (coordinates_registry.csv).
SAINT_ETIENNE = (45.43864, 4.37012)
FIRMINY = (45.37462, 4.28967)
ROANNE = (46.04283, 4.08164)
CLAMECY = (47.46496, 3.51168)
NEVERS = (46.98818, 3.16012)
PARIS = (48.86009, 2.34254)

KARIM = Mentor(
    id="karim",
    capacity=2,
    occupation="M1805",  # Études et développement informatique
    experience_years=18,
    latitude=SAINT_ETIENNE[0],
    longitude=SAINT_ETIENNE[1],
    in_person=True,
    remote=False,
    languages=frozenset({"fr", "ar"}),
    availability=frozenset({"mar-soir", "jeu-soir"}),
    topics=frozenset({"cv_interview", "network", "sector"}),
    organisation=7,
)
INES = Mentee(
    id="ines",
    wished_occupations=("M1805", "M1810"),
    field_domains=("M",),
    experience_years=1,
    latitude=FIRMINY[0],
    longitude=FIRMINY[1],
    in_person=True,
    remote=True,
    languages=frozenset({"fr"}),
    availability=frozenset({"jeu-soir", "sam-matin"}),
    goals=frozenset({"cv_interview", "network", "first_job"}),
    qpv=True,
)


def pair_ids(mentors, mentees, **kwargs):
    return {(m, e) for m, e, _ in build_pairs(mentors, mentees, **kwargs).as_list()}


def test_a_good_pair_is_feasible_with_its_reasons():
    assert check_pair(KARIM, INES) == []
    explanation = explain(KARIM, INES, labels={"M1805": "Études et développement informatique"})
    distance = haversine_km(*SAINT_ETIENNE, *FIRMINY)
    assert explanation.distance_km == pytest.approx(distance, abs=1e-6)
    assert explanation.meeting == "en présentiel"
    # field 1 × 40 + goals 2/3 × 30 + proximity (1 − d/30) × 20 + experience 1 × 10
    expected = 40 + 20 + (1 - distance / 30) * 20 + 10
    assert explanation.score == int(expected + 0.5)
    assert sum(r.points for r in explanation.reasons) == pytest.approx(expected)
    lines = reasons_text(explanation)
    assert lines[0] == "Même métier : Études et développement informatique (M1805) (40 pts)"
    assert lines[1] == "Sujets en commun (2 sur 3 objectifs) : CV et entretiens, réseau professionnel (20 pts)"
    assert lines[2] == "À 9 km l'un de l'autre (13,7 pts)"
    assert lines[3] == "17 ans d'expérience de plus (10 pts)"
    assert build_pairs([KARIM], [INES]).as_list() == [("karim", "ines", explanation.score)]


def test_no_shared_language():
    mentee = dataclasses.replace(INES, languages=frozenset({"en"}))
    assert check_pair(KARIM, mentee) == ["Aucune langue en commun."]
    assert pair_ids([KARIM], [mentee]) == set()
    # Language codes are compared without case or spaces.
    assert check_pair(KARIM, dataclasses.replace(INES, languages=frozenset({" FR"}))) == []


def test_no_shared_availability():
    mentee = dataclasses.replace(INES, availability=frozenset({"lun-matin", "sam-matin"}))
    assert check_pair(KARIM, mentee) == ["Aucun créneau de disponibilité en commun."]
    assert pair_ids([KARIM], [mentee]) == set()


def test_distance_limit_unless_both_accept_remote():
    in_nevers = dataclasses.replace(INES, latitude=NEVERS[0], longitude=NEVERS[1])
    problems = check_pair(KARIM, in_nevers)
    assert len(problems) == 1 and problems[0].startswith("Trop loin pour se rencontrer (")
    assert pair_ids([KARIM], [in_nevers]) == set()
    # Both accept remote: the distance no longer matters (but still scores 0 in proximity).
    remote_karim = dataclasses.replace(KARIM, remote=True)
    assert check_pair(remote_karim, in_nevers) == []
    assert pair_ids([remote_karim], [in_nevers]) == {("karim", "ines")}
    assert explain(remote_karim, in_nevers).meeting == "à distance"
    assert explain(remote_karim, in_nevers).reasons[2].points == 0
    # A larger programme limit makes the pair possible in person.
    assert pair_ids([KARIM], [in_nevers], rules=Rules(max_distance_km=200)) == {("karim", "ines")}


def test_no_common_meeting_mode():
    remote_only = dataclasses.replace(INES, in_person=False)
    assert check_pair(KARIM, remote_only) == ["Pas de mode de rencontre commun (présentiel ou à distance)."]
    assert pair_ids([KARIM], [remote_only]) == set()


def test_unknown_distance_only_allows_remote():
    unplaced = dataclasses.replace(INES, latitude=None, longitude=None)
    assert check_pair(KARIM, unplaced) == ["Distance inconnue et l'un des deux n'accepte pas le mentorat à distance."]
    assert pair_ids([KARIM], [unplaced]) == set()
    assert pair_ids([dataclasses.replace(KARIM, remote=True)], [unplaced]) == {("karim", "ines")}


def test_same_organisation_is_excluded():
    colleague = dataclasses.replace(INES, organisation=7)
    assert check_pair(KARIM, colleague) == ["Même organisation."]
    assert pair_ids([KARIM], [colleague]) == set()
    assert pair_ids([KARIM], [dataclasses.replace(INES, organisation=8)]) == {("karim", "ines")}


def test_a_managers_never_together_is_excluded():
    rules = Rules(never_together=frozenset({("karim", "ines")}))
    assert check_pair(KARIM, INES, rules) == ["Exclu par le responsable du programme."]
    other = dataclasses.replace(INES, id="lea")
    assert pair_ids([KARIM], [INES, other], rules=rules) == {("karim", "lea")}


def test_a_mentor_without_places_gets_no_pair():
    assert pair_ids([dataclasses.replace(KARIM, capacity=0)], [INES]) == set()


def test_field_levels_and_experience_curve():
    only_field = Weights(field=100, goals=0, proximity=0, experience=0)
    assert explain(KARIM, INES, only_field).score == 100
    same_domain = dataclasses.replace(INES, wished_occupations=("M1806",))
    assert explain(KARIM, same_domain, only_field).score == 60
    same_letter = dataclasses.replace(INES, wished_occupations=("M1203",))
    assert explain(KARIM, same_letter, only_field).score == 30
    # The field of study alone reaches the broad domain.
    by_study = dataclasses.replace(INES, wished_occupations=("K2111",), field_domains=("M",))
    assert explain(KARIM, by_study, only_field).score == 30
    unrelated = dataclasses.replace(INES, wished_occupations=("K2111",), field_domains=())
    assert explain(KARIM, unrelated, only_field).score == 0

    only_experience = Weights(field=0, goals=0, proximity=0, experience=100)
    scores = [
        explain(dataclasses.replace(KARIM, experience_years=years), INES, only_experience).score
        for years in (1, 3, 6, 26, 41, 60)
    ]
    assert scores == [0, 40, 100, 100, 50, 50]


def test_weights_from_a_programme():
    assert Weights.from_dict({"field": 10}).as_dict() == {"field": 10, "goals": 30, "proximity": 20, "experience": 10}
    with pytest.raises(PairsError, match="Critère inconnu : salaire"):
        Weights.from_dict({"salaire": 3})
    with pytest.raises(PairsError, match="entier de 0 à 100"):
        Weights.from_dict({"field": -1})
    with pytest.raises(PairsError, match="Au moins un critère"):
        Weights.from_dict({"field": 0, "goals": 0, "proximity": 0, "experience": 0})


def random_people(seed, n_mentors=15, n_mentees=40):
    rng = random.Random(seed)
    places = [SAINT_ETIENNE, FIRMINY, ROANNE, CLAMECY, NEVERS, PARIS, None]
    codes = ["M1805", "M1806", "M1203", "K2111", "K1802", "H1206", "D1406"]

    def common(i):
        place = rng.choice(places)
        return {
            "latitude": place[0] if place else None,
            "longitude": place[1] if place else None,
            "in_person": rng.random() < 0.8,
            "remote": rng.random() < 0.6,
            "languages": frozenset(rng.sample(["fr", "en", "ar", "pt"], rng.randint(1, 2))),
            "availability": frozenset(rng.sample(SLOTS, rng.randint(1, 6))),
            "organisation": rng.choice([None, None, 1, 2]),
        }

    mentors = [
        Mentor(
            id=f"m{i}",
            capacity=rng.randint(1, 3),
            occupation=rng.choice(codes),
            experience_years=rng.randint(2, 40),
            topics=frozenset(rng.sample(list(TOPICS), rng.randint(1, 4))),
            **common(i),
        )
        for i in range(n_mentors)
    ]
    mentees = [
        Mentee(
            id=f"e{i}",
            wished_occupations=tuple(rng.sample(codes, rng.randint(0, 2))),
            field_domains=tuple(rng.sample("MKHD", rng.randint(0, 1))),
            experience_years=rng.randint(0, 3),
            goals=frozenset(rng.sample(list(TOPICS), rng.randint(0, 3))),
            qpv=rng.random() < 0.3,
            **common(i),
        )
        for i in range(n_mentees)
    ]
    return mentors, mentees


@pytest.mark.parametrize("seed", range(5))
def test_build_agrees_with_check_and_explain_pair_by_pair(seed):
    mentors, mentees = random_people(seed)
    assert (len(mentors), len(mentees)) == (15, 40)  # 600 pairs, each compared below
    rules = Rules(max_distance_km=60, never_together=frozenset({("m0", "e0"), ("m1", "e3")}))
    weights = Weights(field=35, goals=25, proximity=30, experience=10)
    built = {(m, e): s for m, e, s in build_pairs(mentors, mentees, weights, rules).as_list()}
    assert built  # the instance is not degenerate
    for mentor in mentors:
        for mentee in mentees:
            feasible = not check_pair(mentor, mentee, rules)
            assert ((mentor.id, mentee.id) in built) == feasible, (mentor, mentee, check_pair(mentor, mentee, rules))
            if feasible:
                assert built[(mentor.id, mentee.id)] == explain(mentor, mentee, weights, rules).score
                assert 0 <= built[(mentor.id, mentee.id)] <= 100
