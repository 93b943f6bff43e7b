"""The solver against brute force on small random instances, in each mode, and its options."""

import itertools
import random

import numpy as np
import pytest

from emploi_territoires.mentoring.matching.baselines import first_come_first_served, greedy_best_first
from emploi_territoires.mentoring.matching.blocking import count_blocking
from emploi_territoires.mentoring.matching.problem import Problem, SolveError
from emploi_territoires.mentoring.matching.solve import Options, compare_with_score_mode, solve


def random_problem(seed: int, distinct: bool = False, zero_scores: bool = True) -> Problem:
    rng = random.Random(seed)
    n_mentors, n_mentees = rng.randint(1, 3), rng.randint(1, 6)
    capacity = [rng.randint(0 if seed % 5 == 0 else 1, 3) for _ in range(n_mentors)]
    keys = [(m, e) for m in range(n_mentors) for e in range(n_mentees) if rng.random() < 0.6]
    low = 0 if zero_scores else 1
    scores = rng.sample(range(low, 101), len(keys)) if distinct else [rng.randint(low, 100) for _ in keys]
    return Problem(
        capacity=np.array(capacity),
        n_mentees=n_mentees,
        mentor=np.array([m for m, _ in keys], dtype=np.int64),
        mentee=np.array([e for _, e in keys], dtype=np.int64),
        score=np.array(scores, dtype=np.int64),
        qpv=np.array([rng.random() < 0.3 for _ in range(n_mentees)]),
    )


def all_matchings(problem: Problem, forbidden=(), forced=()):
    """Every assignment (each mentee: one of its pairs or none) within the capacities."""
    options = []
    for e in range(problem.n_mentees):
        own = [p for p in range(problem.n_pairs) if problem.mentee[p] == e and p not in forbidden]
        forced_own = [p for p in forced if problem.mentee[p] == e]
        options.append(forced_own if forced_own else [None, *own])
    for combo in itertools.product(*options):
        chosen = [p for p in combo if p is not None]
        load = np.bincount(problem.mentor[chosen].astype(np.int64), minlength=problem.n_mentors)
        if (load <= problem.capacity).all():
            yield np.array(sorted(chosen), dtype=np.int64)


def total(problem, chosen):
    return int(problem.score[chosen].sum())


@pytest.mark.parametrize("seed", range(60))
def test_score_mode_is_optimal(seed):
    problem = random_problem(seed)
    best = max(total(problem, c) for c in all_matchings(problem))
    result = solve(problem, Options("score"))
    assert result.total == best
    assert result.matched == len(result.chosen)
    assert result.chosen.tolist() in [c.tolist() for c in all_matchings(problem)]


@pytest.mark.parametrize("seed", range(60))
def test_participation_mode_maximises_matched_then_score(seed):
    # Zero-score pairs included: participation must still take them when they add a mentee.
    problem = random_problem(seed)
    best = max((len(c), total(problem, c)) for c in all_matchings(problem))
    result = solve(problem, Options("participation"))
    assert (result.matched, result.total) == best


def test_participation_beats_score_on_matched_count():
    # Mentor A (1 place) is everybody's best; mentor B only suits Inès, barely. Score mode gives A to
    # Inès (90 > 80 + 5) and leaves Lucas alone; participation pairs both.
    problem = Problem(
        capacity=np.array([1, 1]), n_mentees=2, mentor=np.array([0, 0, 1]), mentee=np.array([0, 1, 0]),
        score=np.array([90, 80, 5]),
    )  # fmt: skip
    assert solve(problem, Options("score")).matched == 1
    result = solve(problem, Options("participation"))
    assert result.matched == 2
    assert result.total == 85


@pytest.mark.parametrize("seed", range(60))
def test_stable_mode_has_no_blocking_pair_and_is_the_stable_optimum(seed):
    # With distinct scores the stable matching is unique: brute force finds exactly the greedy's.
    problem = random_problem(seed, distinct=True)
    stable = [c for c in all_matchings(problem) if count_blocking(problem, c) == 0]
    result = solve(problem, Options("stable"))
    assert result.blocking_pairs == 0
    assert result.total == max(total(problem, c) for c in stable)


@pytest.mark.parametrize("seed", range(30))
def test_stable_mode_with_ties_has_no_blocking_pair(seed):
    problem = random_problem(seed)
    problem.score = problem.score // 25 * 25  # many ties
    assert solve(problem, Options("stable")).blocking_pairs == 0


def test_stable_costs_score_and_the_cost_is_reported():
    # Classic case: the best pair (A, Inès, 100) is stable but blocks the optimum 90 + 90.
    problem = Problem(
        capacity=np.array([1, 1]), n_mentees=2, mentor=np.array([0, 0, 1]), mentee=np.array([0, 1, 0]),
        score=np.array([100, 90, 90]),
    )  # fmt: skip
    comparison = compare_with_score_mode(problem, Options("stable"))
    assert comparison.optimal.total == 180
    assert comparison.optimal.blocking_pairs == 1
    assert comparison.stable.total == 100
    assert comparison.stable.blocking_pairs == 0
    assert comparison.cost == 80
    assert comparison.cost_share == pytest.approx(80 / 180)


@pytest.mark.parametrize("seed", range(40))
def test_locked_and_removed_pairs_against_brute_force(seed):
    problem = random_problem(seed)
    if problem.n_pairs < 2:
        return
    rng = random.Random(seed)
    locked = [rng.randrange(problem.n_pairs)]
    removed = [p for p in range(problem.n_pairs) if p not in locked and rng.random() < 0.3]
    if problem.capacity[problem.mentor[locked[0]]] == 0:
        with pytest.raises(SolveError, match="plus de binômes verrouillés que de places"):
            solve(problem, Options("score", locked=locked, removed=removed))
        return
    for mode in ("score", "participation"):
        result = solve(problem, Options(mode, locked=locked, removed=removed))
        candidates = list(all_matchings(problem, forbidden=set(removed), forced=locked))
        key = (lambda c: total(problem, c)) if mode == "score" else (lambda c: (len(c), total(problem, c)))
        got = result.total if mode == "score" else (result.matched, result.total)
        assert got == max(key(c) for c in candidates)
        assert locked[0] in result.chosen
        assert not set(removed) & set(result.chosen.tolist())
    stable = solve(problem, Options("stable", locked=locked, removed=removed))
    assert locked[0] in stable.chosen
    assert not set(removed) & set(stable.chosen.tolist())


def test_contradictory_locks_are_refused_in_french():
    problem = Problem(
        capacity=np.array([1, 2]), n_mentees=2, mentor=np.array([0, 1, 0]), mentee=np.array([0, 0, 1]),
        score=np.array([50, 60, 70]),
    )  # fmt: skip
    with pytest.raises(SolveError, match="plusieurs binômes verrouillés"):
        solve(problem, Options(locked=[0, 1]))
    with pytest.raises(SolveError, match="plus de binômes verrouillés que de places"):
        solve(problem, Options(locked=[0, 2]))
    with pytest.raises(SolveError, match="à la fois verrouillé et retiré"):
        solve(problem, Options(locked=[0], removed=[0]))
    with pytest.raises(SolveError, match="Mode inconnu"):
        solve(problem, Options("premier arrivé"))


def test_qpv_bonus_gives_the_place_to_the_qpv_mentee():
    # One place; Yanis (QPV) scores 70, Chloé 75. With a 10-point bonus Yanis gets the mentor,
    # and the reported total is the real score (70), not the bonus-inflated one.
    problem = Problem(
        capacity=np.array([1]), n_mentees=2, mentor=np.array([0, 0]), mentee=np.array([0, 1]),
        score=np.array([70, 75]), qpv=np.array([True, False]),
    )  # fmt: skip
    assert solve(problem, Options("score")).chosen.tolist() == [1]
    with_bonus = solve(problem, Options("score", qpv_bonus=10))
    assert with_bonus.chosen.tolist() == [0]
    assert with_bonus.total == 70
    assert solve(problem, Options("participation", qpv_bonus=10)).chosen.tolist() == [0]
    # Stable mode: the bonus only breaks ties (Chloé's 75 beats Yanis' 70 for everybody).
    assert solve(problem, Options("stable", qpv_bonus=10)).chosen.tolist() == [1]
    problem.score = np.array([75, 75])
    assert solve(problem, Options("stable", qpv_bonus=10)).chosen.tolist() == [0]


def test_blocking_pairs_follow_the_issue_definition():
    # Mentor 0 (2 places) holds mentee 0 at 40; mentee 1 unmatched, listed with mentor 0 at 30:
    # the mentor has a free place and the mentee is unmatched → blocking.
    problem = Problem(
        capacity=np.array([2, 1]), n_mentees=3, mentor=np.array([0, 0, 1, 1]), mentee=np.array([0, 1, 2, 0]),
        score=np.array([40, 30, 50, 60]),
    )  # fmt: skip
    assert count_blocking(problem, np.array([0, 2])) == 2  # (0, 1) free place; (1, 0): 60 > 40 and 60 > 50
    assert count_blocking(problem, np.array([1, 3])) == 0  # mentee 2 unmatched but mentor 1 full at 60 > 50
    # Equal scores do not block.
    problem.score = np.array([50, 30, 50, 50])
    assert count_blocking(problem, np.array([0, 1, 2])) == 0


def test_baselines_are_feasible_and_never_beat_the_optimum():
    for seed in range(30):
        problem = random_problem(seed)
        best = solve(problem, Options("score")).total
        for chosen in (greedy_best_first(problem), first_come_first_served(problem)):
            chosen = np.array(sorted(chosen), dtype=np.int64)
            assert len(set(problem.mentee[chosen].tolist())) == len(chosen)
            assert (np.bincount(problem.mentor[chosen], minlength=problem.n_mentors) <= problem.capacity).all()
            assert total(problem, chosen) <= best


def test_first_come_first_served_serves_in_order():
    # Léa signed up first and takes the only place with the best mentor, even though Hugo fits better.
    problem = Problem(
        capacity=np.array([1, 1]), n_mentees=2, mentor=np.array([0, 0, 1]), mentee=np.array([0, 1, 0]),
        score=np.array([60, 95, 55]),
    )  # fmt: skip
    assert sorted(first_come_first_served(problem)) == [0]
    assert sorted(first_come_first_served(problem, np.array([1, 0]))) == [1, 2]


def test_empty_instances():
    problem = Problem(capacity=np.array([2]), n_mentees=0, mentor=np.array([]), mentee=np.array([]), score=np.array([]))
    for mode in ("score", "participation", "stable"):
        result = solve(problem, Options(mode))
        assert (result.total, result.matched, result.blocking_pairs) == (0, 0, 0)
