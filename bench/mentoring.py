"""Mentoring matcher benchmark: 5,000 mentees x 2,000 mentors (capacity 1 to 3), generated realistically.

Generation (seeded): communes from the committed COG copy (territories/data/cog/communes.csv) with the
registry coordinates, drawn with weight population^0.8 (big cities dominate without emptying small
towns); everybody speaks French, some also English, Arabic, Spanish or Portuguese, 1 % of mentees
only English or Arabic (newcomers); mentors (working executives) are free on weekday evenings and
Saturday mornings, mentees more often in the daytime; 30 % of mentors and 45 % of mentees accept
remote mentoring, 90 % / 85 % accept meeting in person; occupations from the committed ROME copy
with a Zipf-like popularity, mentees wishing 1 to 3 occupations of one professional family; 2 to 4
topics per mentor, 1 to 3 goals per mentee; 20 % of mentees are QPV residents; 4 % of mentees
work for one of the mentors' employers (same-organisation exclusion); 50 "never together".

Prints the time to build the feasible pairs, then for each mode the time to solve, mentees matched,
total score (and its gap to the optimum), blocking pairs; then greedy best-first and
first-come-first-served (random sign-up order); the "score" mode on each mentee's 30 best pairs;
the QPV priority; and the end-to-end time of the optimal "score" mode (target: under 2 s).

    python bench/mentoring.py [--mentees 5000] [--mentors 2000] [--seed 1]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from emploi_territoires.mentoring.matching.baselines import first_come_first_served, greedy_best_first  # noqa: E402
from emploi_territoires.mentoring.matching.blocking import count_blocking  # noqa: E402
from emploi_territoires.mentoring.matching.pairs import (  # noqa: E402
    DAYS,
    TOPICS,
    Mentee,
    Mentor,
    Rules,
    Weights,
    build_pairs,
)
from emploi_territoires.mentoring.matching.problem import Problem  # noqa: E402
from emploi_territoires.mentoring.matching.solve import Options, solve  # noqa: E402

COG = ROOT / "src" / "emploi_territoires" / "territories" / "data" / "cog"
ROME = ROOT / "src" / "emploi_territoires" / "offers" / "data" / "rome.json"
WEEKDAYS = DAYS[:5]


def load_communes() -> tuple[list[tuple[float, float]], list[float]]:
    coordinates: dict[str, tuple[float, float]] = {}
    with (COG / "coordinates_registry.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            coordinates[row["insee_com"]] = (float(row["lat"]), float(row["lon"]))
    places, weights = [], []
    with (COG / "communes.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["code"] in coordinates:
                places.append(coordinates[row["code"]])
                weights.append(max(int(row["population"] or 0), 50) ** 0.8)
    return places, weights


def slots(rng: random.Random, probabilities: dict[str, float]) -> frozenset[str]:
    chosen = {slot for slot, p in probabilities.items() if rng.random() < p}
    return frozenset(chosen or {rng.choice(list(probabilities))})


def availability_model(kind: str) -> dict[str, float]:
    table = {}
    for day in DAYS:
        weekday = day in WEEKDAYS
        if kind == "mentor":
            table[f"{day}-matin"] = 0.05 if weekday else (0.3 if day == "sam" else 0.03)
            table[f"{day}-aprem"] = 0.1 if weekday else 0.05
            table[f"{day}-soir"] = 0.35 if weekday else 0.05
        else:
            table[f"{day}-matin"] = 0.3 if weekday else (0.15 if day == "sam" else 0.02)
            table[f"{day}-aprem"] = 0.3 if weekday else 0.1
            table[f"{day}-soir"] = 0.25 if weekday else 0.05
    return table


def languages(rng: random.Random, mentee: bool) -> frozenset[str]:
    if mentee and rng.random() < 0.01:
        return frozenset({rng.choice(["en", "ar"])})
    spoken = {"fr"}
    for language, p in (("en", 0.3), ("ar", 0.05), ("es", 0.03), ("pt", 0.02)):
        if rng.random() < p:
            spoken.add(language)
    return frozenset(spoken)


def generate(n_mentees: int, n_mentors: int, seed: int) -> tuple[list[Mentor], list[Mentee], Rules]:
    rng = random.Random(seed)
    places, place_weights = load_communes()
    codes = sorted(o["code"] for o in json.loads(ROME.read_text(encoding="utf-8"))["occupations"])
    popular = rng.sample(codes, len(codes))
    code_weights = [1 / (rank + 10) for rank in range(len(popular))]
    by_family: dict[str, list[str]] = {}
    for code in codes:
        by_family.setdefault(code[:3], []).append(code)
    topics = list(TOPICS)
    employers = list(range(1, 301))

    mentor_places = rng.choices(places, weights=place_weights, k=n_mentors)
    mentors = []
    for i, (lat, lon) in enumerate(mentor_places):
        mentors.append(
            Mentor(
                id=f"mentor{i:04d}",
                capacity=rng.randint(1, 3),
                occupation=rng.choices(popular, weights=code_weights)[0],
                experience_years=rng.randint(5, 35),
                latitude=lat,
                longitude=lon,
                in_person=rng.random() < 0.9,
                remote=rng.random() < 0.3,
                languages=languages(rng, mentee=False),
                availability=slots(rng, availability_model("mentor")),
                topics=frozenset(rng.sample(topics, rng.randint(2, 4))),
                organisation=rng.choice(employers),
            )
        )
    mentee_places = rng.choices(places, weights=place_weights, k=n_mentees)
    mentees = []
    for i, (lat, lon) in enumerate(mentee_places):
        first = rng.choices(popular, weights=code_weights)[0]
        family = by_family[first[:3]]
        wished = (first, *rng.sample(family, min(len(family), rng.randint(0, 2))))
        mentees.append(
            Mentee(
                id=f"mentee{i:04d}",
                wished_occupations=tuple(dict.fromkeys(wished)),
                field_domains=(first[0],) if rng.random() < 0.7 else (rng.choice(codes)[0],),
                experience_years=rng.randint(0, 2),
                latitude=lat,
                longitude=lon,
                in_person=rng.random() < 0.85,
                remote=rng.random() < 0.45,
                languages=languages(rng, mentee=True),
                availability=slots(rng, availability_model("mentee")),
                goals=frozenset(rng.sample(topics, rng.randint(1, 3))),
                qpv=rng.random() < 0.2,
                organisation=rng.choice(employers) if rng.random() < 0.04 else None,
            )
        )
    never = frozenset((rng.choice(mentors).id, rng.choice(mentees).id) for _ in range(50))
    return mentors, mentees, Rules(max_distance_km=30, never_together=never)


def top_k(problem: Problem, k: int) -> np.ndarray:
    """Indices of each mentee's k best pairs."""
    order = np.lexsort((-problem.score, problem.mentee))
    mentee_sorted = problem.mentee[order]
    starts = np.searchsorted(mentee_sorted, mentee_sorted, side="left")
    rank = np.arange(len(order)) - starts
    return np.sort(order[rank < k])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentees", type=int, default=5000)
    parser.add_argument("--mentors", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    print(f"Load average before the run: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores (times are wall-clock)")
    start = time.perf_counter()
    mentors, mentees, rules = generate(args.mentees, args.mentors, args.seed)
    print(
        f"Generated {len(mentees):,} mentees x {len(mentors):,} mentors "
        f"({sum(m.capacity for m in mentors):,} places) in {time.perf_counter() - start:.1f} s (not timed below)"
    )

    timings = []
    for _ in range(3):
        start = time.perf_counter()
        pairs = build_pairs(mentors, mentees, Weights(), rules)
        timings.append(time.perf_counter() - start)
    build_seconds = sorted(timings)[1]
    feasible_mentees = len(np.unique(pairs.mentee_index))
    print(
        f"Feasible pairs: {len(pairs):,} of {len(mentors) * len(mentees):,} "
        f"({len(pairs) / (len(mentors) * len(mentees)):.1%}); mentees with at least one: {feasible_mentees:,}; "
        f"built in {build_seconds:.2f} s (median of 3)"
    )
    problem = Problem(
        capacity=np.array([m.capacity for m in mentors]),
        n_mentees=len(mentees),
        mentor=pairs.mentor_index,
        mentee=pairs.mentee_index,
        score=pairs.score,
        qpv=np.array([e.qpv for e in mentees]),
    )

    results = {}
    print()
    print("Solve times: median of 3 runs, blocking count included.")
    print(f"  {'method':<44} {'matched':>8} {'total score':>12} {'vs optimum':>11} {'blocking':>9} {'time':>8}")

    def row(label: str, chosen: np.ndarray, seconds: float, reference: int | None) -> None:
        chosen = np.sort(np.asarray(chosen, dtype=np.int64))
        total = int(problem.score[chosen].sum())
        gap = f"{(total - reference) / reference * 100:+.2f} %" if reference else "—"
        blocking = count_blocking(problem, chosen)
        print(f"  {label:<44} {len(chosen):>8,} {total:>12,} {gap:>11} {blocking:>9,} {seconds:>7.2f} s")

    for mode in ("score", "participation", "stable"):
        # Median of three runs: the machine is shared, one run can be slowed by a neighbour.
        timings = []
        for _ in range(3):
            start = time.perf_counter()
            results[mode] = solve(problem, Options(mode))
            timings.append(time.perf_counter() - start)
        results[mode + "_seconds"] = sorted(timings)[1]
    optimum = results["score"].total
    labels = {
        "score": 'mode "score" (min-cost flow, all pairs)',
        "participation": 'mode "participation" (flow, BIG + score)',
        "stable": 'mode "stable" (greedy by score)',
    }
    for mode in ("score", "participation", "stable"):
        row(labels[mode], results[mode].chosen, results[mode + "_seconds"], optimum)

    start = time.perf_counter()
    chosen = greedy_best_first(problem)
    row("greedy best-first (baseline)", chosen, time.perf_counter() - start, optimum)
    order = np.random.default_rng(args.seed).permutation(len(mentees))
    start = time.perf_counter()
    chosen = first_come_first_served(problem, order)
    row("first-come-first-served (random sign-up order)", chosen, time.perf_counter() - start, optimum)

    start = time.perf_counter()
    keep = top_k(problem, 30)
    pruned = Problem(
        problem.capacity, problem.n_mentees, problem.mentor[keep], problem.mentee[keep], problem.score[keep]
    )
    result = solve(pruned, Options("score"))
    row('mode "score", each mentee\'s 30 best pairs', keep[result.chosen], time.perf_counter() - start, optimum)

    qpv = problem.qpv
    for bonus in (0, 20):
        result = solve(problem, Options("score", qpv_bonus=bonus))
        matched_qpv = int(qpv[problem.mentee[result.chosen]].sum())
        print(
            f"  QPV bonus {bonus:>2}: {matched_qpv:,} of {int(qpv.sum()):,} QPV mentees matched "
            f"({matched_qpv / qpv.sum():.1%}), total score {result.total:,} ({(result.total - optimum) / optimum:+.2%})"
        )

    stable_cost = optimum - results["stable"].total
    print()
    print(
        f'Stable mode costs {stable_cost:,} points ({stable_cost / optimum:.2%}) against "score" mode, which leaves '
        f"{results['score'].blocking_pairs:,} blocking pairs."
    )
    print(
        f"Participation matches {results['participation'].matched - results['score'].matched:+,} mentees "
        f"for {results['participation'].total - optimum:+,} points."
    )
    end_to_end = build_seconds + results["score_seconds"]
    verdict = "OK" if end_to_end < 2 else "MISSED"
    print(
        f'End to end, optimal "score" mode (build pairs + solve + blocking count): {end_to_end:.2f} s '
        f"(target < 2 s: {verdict})"
    )


if __name__ == "__main__":
    main()
