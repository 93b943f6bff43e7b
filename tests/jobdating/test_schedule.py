"""The schedule: every constraint on random instances, the bound, optimality, the options."""

import itertools
from dataclasses import replace

import pytest

from emploi_territoires.jobdating.solver import build_schedule, check_schedule, score_of
from emploi_territoires.jobdating.solver.bound import upper_bound
from emploi_territoires.jobdating.solver.cpsat import solve_cpsat
from emploi_territoires.jobdating.solver.fcfs import first_come_first_served
from emploi_territoires.jobdating.solver.generate import generate
from emploi_territoires.jobdating.solver.greedy import greedy
from emploi_territoires.jobdating.solver.instance import Interview, slot_set
from emploi_territoires.jobdating.solver.problem import assignment_weight, prepare, to_interviews

from .helpers import FAST, instance

SIZES = [
    # (candidates, recruiters, tables, slots, wishes, min_gap, seed)
    (12, 3, 1, 6, (1, 3), 0, 1),
    (25, 5, 2, 8, (2, 4), 1, 2),
    (40, 6, 1, 10, (3, 6), 2, 3),
    (60, 8, 2, 12, (3, 8), 1, 4),
]


@pytest.mark.parametrize("size", SIZES)
def test_random_instances_respect_every_constraint(size):
    n_cand, n_rec, tables, slots, wishes, gap, seed = size
    inst = generate(n_cand, n_rec, tables, slots, wishes, half_day=0.3, min_gap=gap, seed=seed, max_tables=tables + 1)
    result = build_schedule(inst, FAST)
    assert check_schedule(inst, result.interviews, FAST) == []
    assert result.interviews, "a schedule with wishes and free tables cannot be empty"
    assert result.score == score_of(inst, result.interviews)
    assert result.bound >= result.score
    assert result.gap == pytest.approx((result.bound - result.score) / result.bound)


@pytest.mark.parametrize("size", SIZES)
def test_greedy_and_first_come_first_served_are_feasible_and_not_better(size):
    n_cand, n_rec, tables, slots, wishes, gap, seed = size
    inst = generate(n_cand, n_rec, tables, slots, wishes, half_day=0.3, min_gap=gap, seed=seed)
    problem = prepare(inst, FAST)
    best = build_schedule(inst, FAST).score
    for assignment in (greedy(problem), first_come_first_served(problem, seed=3)):
        interviews = to_interviews(problem, assignment)
        assert check_schedule(inst, interviews) == []
        assert assignment_weight(problem, assignment) <= best


def test_caps_per_candidate_and_global():
    inst = generate(30, 5, 2, 10, (4, 5), half_day=0.0, min_gap=0, seed=5)
    # Amina-like first candidate limited to one interview, everybody else to two by the option.
    first = replace(inst.candidates[0], max_interviews=1)
    inst = replace(inst, candidates=(first, *inst.candidates[1:]))
    options = replace(FAST, max_interviews=2)
    result = build_schedule(inst, options)
    assert check_schedule(inst, result.interviews, options) == []
    counts = {c.id: 0 for c in inst.candidates}
    for i in result.interviews:
        counts[i.candidate] += 1
    assert counts[first.id] == 1
    assert max(counts.values()) == 2


def test_without_conflicts_the_bound_is_reached():
    # Plenty of slots and tables: nothing competes, every wish is held, score = bound = all weights.
    inst = instance(
        slots=12,
        recruiters={"mairie-roanne": (3, [[0, 11]]), "michelin": (3, [[0, 11]])},
        candidates={"amina": [[0, 11]], "lucas": [[0, 11]], "ines": [[6, 11]]},
        wishes=[
            ("amina", "mairie-roanne", 24),
            ("amina", "michelin", 22),
            ("lucas", "michelin", 36),
            ("ines", "mairie-roanne", 20),
        ],
        min_gap=1,
    )
    result = build_schedule(inst, FAST)
    assert result.score == result.bound == 24 + 22 + 36 + 20
    assert result.gap == 0
    assert result.optimal


def test_the_bound_ignores_slot_conflicts():
    # Both recruiters come only at slot 0: Amina can see one of them, the bound counts both.
    inst = instance(
        slots=2,
        recruiters={"mairie-roanne": (1, [[0, 0]]), "michelin": (1, [[0, 0]])},
        candidates={"amina": [[0, 1]]},
        wishes=[("amina", "mairie-roanne", 24), ("amina", "michelin", 22)],
    )
    result = build_schedule(inst, FAST)
    assert result.bound == 46
    assert result.score == 24
    assert result.optimal  # proven by CP-SAT even though the gap is not zero
    assert result.interviews == [Interview("amina", "mairie-roanne", 0, 0)]


def brute_force(inst):
    """Best score over every way to give each wish a slot or nothing (tiny instances only)."""
    options = [[None, *sorted(slot_set(_cand(inst, w.candidate).available))] for w in inst.wishes]
    best = 0
    for choice in itertools.product(*options):
        interviews = []
        for w, s in zip(inst.wishes, choice, strict=True):
            if s is not None:
                interviews.append(Interview(w.candidate, w.recruiter, s, 0))
        # Tables are assigned the way the solver does: the checker sees distinct tables per slot.
        tables = {}
        placed = []
        for i in interviews:
            t = tables.get((i.recruiter, i.slot), 0)
            tables[(i.recruiter, i.slot)] = t + 1
            placed.append(replace(i, table=t))
        if not check_schedule(inst, placed):
            best = max(best, score_of(inst, placed))
    return best


def _cand(inst, cid):
    return next(c for c in inst.candidates if c.id == cid)


@pytest.mark.parametrize("seed", range(6))
def test_cpsat_is_optimal_on_tiny_instances(seed):
    inst = generate(4, 2, 1, 4, (1, 3), half_day=0.5, min_gap=seed % 2, seed=100 + seed)
    expected = brute_force(inst)
    assert build_schedule(inst, FAST).score == expected
    # The optimising model on its own (stage 2) reaches it too.
    problem = prepare(inst, FAST)
    outcome = solve_cpsat(problem, FAST, bound=upper_bound(problem), time_limit=5.0, hint=greedy(problem))
    assert outcome.score == expected
    assert outcome.optimal


def test_same_seed_one_worker_same_schedule():
    inst = generate(60, 8, 2, 12, (3, 8), min_gap=1, seed=11)
    first = build_schedule(inst, FAST).to_json()
    second = build_schedule(inst, FAST).to_json()
    assert first == second


def test_stage_two_alone_improves_on_the_greedy_and_stays_feasible():
    inst = generate(40, 6, 1, 10, (3, 6), min_gap=1, seed=21)
    problem = prepare(inst, FAST)
    hint = greedy(problem)
    outcome = solve_cpsat(problem, FAST, bound=upper_bound(problem), time_limit=5.0, hint=hint)
    assert outcome.score >= assignment_weight(problem, hint)
    assert check_schedule(inst, to_interviews(problem, outcome.assignment)) == []


def test_at_least_one_interview_for_everyone_who_can_have_one():
    # Michelin comes at slot 0 only, the Mairie de Roanne at slot 1 only. By weight alone Amina sees
    # both (60) and Lucas nobody; with the option Lucas gets Michelin and Amina keeps the Mairie.
    inst = instance(
        slots=2,
        recruiters={"michelin": (1, [[0, 0]]), "mairie-roanne": (1, [[1, 1]])},
        candidates={"amina": [[0, 1]], "lucas": [[0, 1]]},
        wishes=[("amina", "michelin", 30), ("amina", "mairie-roanne", 30), ("lucas", "michelin", 5)],
    )
    plain = build_schedule(inst, FAST)
    assert plain.score == 60
    assert {i.candidate for i in plain.interviews} == {"amina"}
    with_option = build_schedule(inst, replace(FAST, at_least_one=True))
    assert with_option.score == 35
    assert sorted((i.candidate, i.recruiter) for i in with_option.interviews) == [
        ("amina", "mairie-roanne"),
        ("lucas", "michelin"),
    ]
    assert with_option.bound == 60  # the bound stays the weight bound: the gap shows what the option costs


def test_at_least_one_on_random_instance_covers_everyone_coverable():
    inst = generate(60, 8, 2, 12, (3, 8), half_day=0.3, min_gap=1, seed=8)
    options = replace(FAST, at_least_one=True, max_interviews=3)
    result = build_schedule(inst, options)
    assert check_schedule(inst, result.interviews, options) == []
    seen = {i.candidate for i in result.interviews}
    wished = {w.candidate for w in inst.wishes}
    # Here capacity suffices: everybody with a wish whose availability meets a recruiter's is seen.
    problem = prepare(inst, options)
    coverable = {problem.cand_ids[c] for c, own in enumerate(problem.pairs_of_cand) if own}
    assert coverable <= wished
    assert seen == coverable
