"""Re-optimising on the day: frozen interviews stay, no-shows' future interviews go, holes are filled."""

import re

import pytest

from emploi_territoires.jobdating.solver import (
    Candidate,
    Changes,
    InstanceError,
    Wish,
    build_schedule,
    check_schedule,
    reoptimise,
)
from emploi_territoires.jobdating.solver.generate import generate

from .helpers import FAST

NOW = 4


@pytest.fixture(scope="module")
def event():
    inst = generate(60, 8, 2, 12, (3, 8), half_day=0.2, min_gap=1, seed=31)
    return inst, build_schedule(inst, FAST).interviews


def busiest(interviews, attribute):
    counts = {}
    for i in interviews:
        if i.slot >= NOW:
            key = getattr(i, attribute)
            counts[key] = counts.get(key, 0) + 1
    return max(counts, key=counts.get)


def test_no_shows_and_walk_in(event):
    inst, interviews = event
    absent_candidate = busiest(interviews, "candidate")
    absent_recruiter = busiest(interviews, "recruiter")
    walk_in = Candidate("walk-in-samia", ((NOW, 11),), None)
    wishes = tuple(Wish("walk-in-samia", r.id, 20 - k) for k, r in enumerate(inst.recruiters[:3]))
    changes = Changes((absent_candidate,), (absent_recruiter,), (walk_in,), wishes)

    out = reoptimise(inst, interviews, NOW, changes, FAST)
    new = out.result.interviews
    assert check_schedule(out.instance, new, FAST) == []

    gone = lambda i: i.candidate == absent_candidate or i.recruiter == absent_recruiter  # noqa: E731
    # Frozen: every interview held, running or about to start (slot <= now + 1) of people present.
    frozen = {i for i in interviews if i.slot <= NOW + 1 and not gone(i)}
    assert frozen <= set(new)
    # History stays, including the no-shows' past interviews.
    assert {i for i in interviews if i.slot < NOW} <= set(new)
    # The no-shows have nothing from now on.
    assert not [i for i in new if gone(i) and i.slot >= NOW]
    assert set(out.removed) == {i for i in interviews if gone(i) and i.slot >= NOW}
    assert out.removed
    # Present people's later interviews keep their agenda; new ones only from now + 2.
    assert {i for i in interviews if not gone(i)} <= set(new)
    assert out.added, "freed slots of a busy recruiter and a walk-in must be filled"
    assert set(out.added) == set(new) - set(interviews)
    assert all(i.slot >= NOW + 2 for i in out.added)
    old_weights = inst.weights()
    kept_score = sum(old_weights[(i.candidate, i.recruiter)] for i in interviews if not (gone(i) and i.slot >= NOW))
    assert out.result.score > kept_score
    assert out.result.bound >= out.result.score


def test_walk_in_gets_interviews():
    inst = generate(40, 8, 3, 12, (3, 6), half_day=0.2, min_gap=1, seed=32)
    interviews = build_schedule(inst, FAST).interviews
    # Samia walks in and asks for the two recruiters with the most free tables left this afternoon.
    free = {
        r.id: r.tables * sum(1 for a, b in r.available for s in range(a, b + 1) if s >= NOW + 2)
        for r in inst.recruiters
    }
    for i in interviews:
        if i.slot >= NOW + 2:
            free[i.recruiter] -= 1
    roomiest = sorted(free, key=free.get, reverse=True)[:2]
    assert free[roomiest[1]] > 0
    walk_in = Candidate("walk-in-samia", ((0, 11),), None)
    wishes = (Wish("walk-in-samia", roomiest[0], 24), Wish("walk-in-samia", roomiest[1], 22))
    out = reoptimise(inst, interviews, NOW, Changes(walk_ins=(walk_in,), walk_in_wishes=wishes), FAST)
    assert check_schedule(out.instance, out.result.interviews) == []
    assert sorted(i.recruiter for i in out.added if i.candidate == "walk-in-samia") == sorted(roomiest)
    assert set(interviews) <= set(out.result.interviews)


def test_bad_changes_are_refused_in_french(event):
    inst, interviews = event
    with pytest.raises(InstanceError, match=re.escape("Absent : candidat inconnu « zoe ».")):
        reoptimise(inst, interviews, NOW, Changes(absent_candidates=("zoe",)), FAST)
    with pytest.raises(InstanceError, match="Le créneau actuel \\(40\\) sort des créneaux"):
        reoptimise(inst, interviews, 40, Changes(), FAST)
    twin = Candidate(inst.candidates[0].id, ((5, 11),), None)
    with pytest.raises(InstanceError, match="Identifiant de candidat en double"):
        reoptimise(inst, interviews, NOW, Changes(walk_ins=(twin,)), FAST)
