"""The independent checker catches each kind of violation (so the solver tests can fail)."""

from dataclasses import replace

from emploi_territoires.jobdating.solver.check import check_schedule
from emploi_territoires.jobdating.solver.instance import Interview, SolveOptions

from .helpers import instance

INST = instance(
    slots=6,
    recruiters={"michelin": (1, [[0, 5]]), "mairie-roanne": (2, [[0, 2]])},
    candidates={"amina": [[0, 5]], "lucas": ([[0, 2]], 1), "ines": [[0, 5]]},
    wishes=[
        ("amina", "michelin", 24),
        ("amina", "mairie-roanne", 22),
        ("lucas", "michelin", 20),
        ("lucas", "mairie-roanne", 18),
        ("ines", "michelin", 16),
    ],
    min_gap=1,
)
GOOD = [
    Interview("amina", "michelin", 0, 0),
    Interview("amina", "mairie-roanne", 2, 0),
    Interview("lucas", "mairie-roanne", 0, 1),
    Interview("ines", "michelin", 3, 0),
]


def test_valid_schedule_passes():
    assert check_schedule(INST, GOOD) == []


def one_problem(interviews, options=None):
    problems = check_schedule(INST, interviews, options)
    assert len(problems) >= 1
    return problems[0]


def test_each_violation_is_reported():
    assert "n'a pas demandé" in one_problem([*GOOD, Interview("ines", "mairie-roanne", 5, 1)])
    assert "candidat n'est pas disponible" in one_problem([Interview("lucas", "michelin", 4, 0)])
    assert "recruteur n'est pas disponible" in one_problem([Interview("amina", "mairie-roanne", 4, 0)])
    assert "table 1 inexistante" in one_problem([Interview("amina", "michelin", 0, 1)])
    assert "2 entretiens en même temps" in one_problem([GOOD[0], Interview("ines", "michelin", 0, 0)])
    assert "moins de 1 créneau" in one_problem([GOOD[0], replace(GOOD[1], slot=1)])
    assert "deux entretiens au créneau 0" in one_problem([GOOD[0], replace(GOOD[1], slot=0, table=1)])
    assert "au lieu d'un au plus" in one_problem([GOOD[0], replace(GOOD[0], slot=4)])
    assert "maximum de 1" in one_problem(
        [Interview("lucas", "michelin", 0, 0), Interview("lucas", "mairie-roanne", 2, 0)]
    )
    assert "maximum de 1" in one_problem(GOOD[:2], SolveOptions(max_interviews=1))
    assert "inconnu" in one_problem([Interview("zoe", "michelin", 0, 0)])
