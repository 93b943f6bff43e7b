"""The job-dating scheduling problem as plain data, and its JSON format.

IN (what `parse_instance` reads)::

    {"slots": 24, "min_gap": 1,
     "recruiters": [{"id": "r1", "tables": 2, "available": [[0, 23]]}],
     "candidates": [{"id": "c1", "available": [[0, 11]], "max_interviews": null}],
     "wishes": [{"candidate": "c1", "recruiter": "r1", "weight": 24}]}

- slots are numbered from 0 to slots − 1; availability ranges are inclusive and may overlap;
- `min_gap` is the number of free slots required between two interviews of the same candidate
  (0: back to back allowed, 1: at least one slot of rest);
- `max_interviews` caps a candidate's interviews (null or absent: no cap);
- weights are integers from 0 to MAX_WEIGHT (see `weights.py` for how they are computed from ranks);
- ids are strings or integers, echoed as given in the output;
- an optional `"options"` object (`at_least_one`, `max_interviews`) sets the solving options the
  advisor switched on; the command line overrides them.

OUT (what `Result.to_json` writes)::

    {"interviews": [{"candidate": "c1", "recruiter": "r1", "slot": 3, "table": 0}],
     "score": 24, "bound": 24, "gap": 0.0, "optimal": true}

Tables are numbered from 0 to tables − 1. `bound` is the upper bound of `bound.py`, `gap` is
(bound − score) / bound (0 when the bound is 0), `optimal` says the score is proven best (by
CP-SAT or because it reaches the bound).

Every validation error is a French sentence naming the faulty element; all errors are collected so
a person fixing a spreadsheet sees them in one go.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from emploi_territoires.core.formats import number

Id = str | int

MAX_ERRORS_SHOWN = 20
# A wish weighs at most this much: the platform's formula gives at most 72, and a million wishes
# of this weight still sum far below 2**63.
MAX_WEIGHT = 1_000_000


class InstanceError(ValueError):
    """Invalid input; `errors` holds one French sentence per problem."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        shown = errors[:MAX_ERRORS_SHOWN]
        more = len(errors) - len(shown)
        text = "\n".join(shown)
        if more:
            text += f"\n… et {more} autre{'s' if more > 1 else ''} erreur{'s' if more > 1 else ''}."
        super().__init__(text)


@dataclass(frozen=True)
class Recruiter:
    id: Id
    tables: int
    available: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Candidate:
    id: Id
    available: tuple[tuple[int, int], ...]
    max_interviews: int | None = None


@dataclass(frozen=True)
class Wish:
    candidate: Id
    recruiter: Id
    weight: int


@dataclass(frozen=True)
class Instance:
    slots: int
    min_gap: int
    recruiters: tuple[Recruiter, ...]
    candidates: tuple[Candidate, ...]
    wishes: tuple[Wish, ...]

    def weights(self) -> dict[tuple[Id, Id], int]:
        return {(w.candidate, w.recruiter): w.weight for w in self.wishes}


@dataclass(frozen=True, order=True)
class Interview:
    candidate: Id
    recruiter: Id
    slot: int
    table: int

    def to_json(self) -> dict[str, Any]:
        return {"candidate": self.candidate, "recruiter": self.recruiter, "slot": self.slot, "table": self.table}


def default_workers() -> int:
    # CP-SAT's portfolio needs several workers to shine, but more workers than cores only slows each.
    return max(1, min(8, os.cpu_count() or 1))


@dataclass(frozen=True)
class SolveOptions:
    """What the advisor switches on, and how long the exact solver may run.

    - at_least_one: first maximise the number of candidates with at least one interview, then the
      weight (lexicographic, see `schedule.py`);
    - max_interviews: a cap for every candidate, on top of each candidate's own `max_interviews`;
    - time_limit: seconds given to CP-SAT (0: greedy only);
    - target_gap: stop as soon as (bound − score) / bound ≤ target_gap;
    - num_workers / seed: CP-SAT search workers and random seed; one worker and a fixed seed give
      repeatable results (tests).
    """

    at_least_one: bool = False
    max_interviews: int | None = None
    time_limit: float = 30.0
    target_gap: float = 0.0
    num_workers: int = field(default_factory=default_workers)
    seed: int = 0


@dataclass
class Result:
    interviews: list[Interview]
    score: int
    bound: int
    optimal: bool = False
    method: str = "greedy"
    elapsed: float = 0.0

    @property
    def gap(self) -> float:
        return gap_of(self.score, self.bound)

    def to_json(self) -> dict[str, Any]:
        return {
            "interviews": [i.to_json() for i in sorted(self.interviews, key=_interview_order)],
            "score": self.score,
            "bound": self.bound,
            "gap": round(self.gap, 6),
            "optimal": self.optimal,
        }


def _interview_order(i: Interview) -> tuple[int, str, int, str]:
    return (i.slot, str(i.recruiter), i.table, str(i.candidate))


def gap_of(score: int, bound: int) -> float:
    return (bound - score) / bound if bound > 0 else 0.0


def slot_set(ranges: tuple[tuple[int, int], ...]) -> set[int]:
    return {s for first, last in ranges for s in range(first, last + 1)}


# --- parsing and validation -------------------------------------------------------------------


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_known(value: object, ids: set[Id]) -> TypeGuard[Id]:
    """Whether a value read from JSON is one of the identifiers already parsed."""
    return value in ids


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _label(value: Any) -> str:
    return f"« {value} »"


class _Collector:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def add(self, message: str) -> None:
        self.errors.append(message)


def _parse_id(value: Any, where: str, errors: _Collector) -> Id | None:
    if isinstance(value, str) and value.strip():
        return value
    if _is_int(value):
        return value
    errors.add(f"{where} : l'identifiant doit être un texte non vide ou un entier (reçu : {_show(value)}).")
    return None


def _parse_ranges(value: Any, slots: int | None, where: str, errors: _Collector) -> tuple[tuple[int, int], ...]:
    if not isinstance(value, list):
        errors.add(f"{where} : « available » doit être une liste de plages [premier, dernier] (reçu : {_show(value)}).")
        return ()
    ranges = []
    for item in value:
        if not (isinstance(item, list) and len(item) == 2 and all(_is_int(v) for v in item)):
            errors.add(f"{where} : la plage {_show(item)} doit être une paire d'entiers [premier, dernier].")
            continue
        first, last = item
        if first > last:
            errors.add(f"{where} : la plage [{first}, {last}] est inversée (le premier créneau après le dernier).")
            continue
        if slots is not None and (first < 0 or last > slots - 1):
            errors.add(f"{where} : la plage [{first}, {last}] sort des créneaux de l'événement (0 à {slots - 1}).")
            continue
        ranges.append((first, last))
    return tuple(ranges)


def _section(data: dict[str, Any], key: str, errors: _Collector) -> list[Any]:
    value = data.get(key)
    if value is None:
        errors.add(f"La liste « {key} » est absente.")
        return []
    if not isinstance(value, list):
        errors.add(f"« {key} » doit être une liste (reçu : {_show(value)[:60]}).")
        return []
    return value


def parse_instance(data: Any) -> Instance:
    """Validate decoded JSON and build an `Instance`; raise `InstanceError` listing every problem."""
    errors = _Collector()
    if not isinstance(data, dict):
        raise InstanceError(["Le fichier doit contenir un objet JSON avec « slots », « recruiters », « candidates »…"])

    slots = data.get("slots")
    if not _is_int(slots) or slots <= 0:
        errors.add(f"« slots » doit être un entier strictement positif (reçu : {_show(slots)}).")
        slots = None
    min_gap = data.get("min_gap", 0)
    if not _is_int(min_gap) or min_gap < 0:
        errors.add(f"« min_gap » doit être un entier positif ou nul (reçu : {_show(min_gap)}).")
        min_gap = 0

    recruiters: list[Recruiter] = []
    seen_recruiters: set[Id] = set()
    for n, item in enumerate(_section(data, "recruiters", errors), start=1):
        if not isinstance(item, dict):
            errors.add(f'Recruteur n° {n} : un objet {{"id", "tables", "available"}} est attendu.')
            continue
        rid = _parse_id(item.get("id"), f"Recruteur n° {n}", errors)
        if rid is None:
            continue
        where = f"Recruteur {_label(rid)}"
        if rid in seen_recruiters:
            errors.add(f"Identifiant de recruteur en double : {_label(rid)}.")
            continue
        seen_recruiters.add(rid)
        tables = item.get("tables")
        if not _is_int(tables) or tables < 1:
            errors.add(f"{where} : « tables » doit être un entier supérieur ou égal à 1 (reçu : {_show(tables)}).")
            tables = 1
        available = _parse_ranges(item.get("available"), slots, where, errors)
        recruiters.append(Recruiter(rid, tables, available))

    candidates: list[Candidate] = []
    seen_candidates: set[Id] = set()
    for n, item in enumerate(_section(data, "candidates", errors), start=1):
        if not isinstance(item, dict):
            errors.add(f'Candidat n° {n} : un objet {{"id", "available", "max_interviews"}} est attendu.')
            continue
        cid = _parse_id(item.get("id"), f"Candidat n° {n}", errors)
        if cid is None:
            continue
        where = f"Candidat {_label(cid)}"
        if cid in seen_candidates:
            errors.add(f"Identifiant de candidat en double : {_label(cid)}.")
            continue
        seen_candidates.add(cid)
        cap = item.get("max_interviews")
        if cap is not None and (not _is_int(cap) or cap < 0):
            errors.add(
                f"{where} : « max_interviews » doit être un entier positif ou nul, ou null (reçu : {_show(cap)})."
            )
            cap = None
        available = _parse_ranges(item.get("available"), slots, where, errors)
        candidates.append(Candidate(cid, available, cap))

    wishes: list[Wish] = []
    seen_pairs: dict[tuple[Id, Id], int] = {}
    for n, item in enumerate(_section(data, "wishes", errors), start=1):
        where = f"Souhait n° {n}"
        if not isinstance(item, dict):
            errors.add(f'{where} : un objet {{"candidate", "recruiter", "weight"}} est attendu.')
            continue
        cid, rid, weight = item.get("candidate"), item.get("recruiter"), item.get("weight")
        ok = True
        if cid not in seen_candidates or isinstance(cid, bool):
            errors.add(f"{where} : candidat inconnu {_label(_show(cid) if not isinstance(cid, str) else cid)}.")
            ok = False
        if rid not in seen_recruiters or isinstance(rid, bool):
            errors.add(f"{where} : recruteur inconnu {_label(_show(rid) if not isinstance(rid, str) else rid)}.")
            ok = False
        if not _is_int(weight) or weight < 0:
            kind = (
                "négatif"
                if isinstance(weight, int | float) and not isinstance(weight, bool) and weight < 0
                else "invalide"
            )
            errors.add(f"{where} : poids {kind} ({_show(weight)}) ; un entier positif ou nul est attendu.")
            ok = False
        elif weight > MAX_WEIGHT:
            # Sums of weights must stay far inside CP-SAT's 64-bit integers (and the bound's costs).
            errors.add(f"{where} : poids trop grand ({weight}) ; {number(MAX_WEIGHT)} au maximum.")
            ok = False
        if not (ok and _is_known(cid, seen_candidates) and _is_known(rid, seen_recruiters) and _is_int(weight)):
            continue  # every problem was reported above
        pair = (cid, rid)
        if pair in seen_pairs:
            errors.add(
                f"{where} : souhait en double pour le candidat {_label(cid)} et le recruteur {_label(rid)} "
                f"(déjà au souhait n° {seen_pairs[pair]}) ; un seul souhait par paire."
            )
            continue
        seen_pairs[pair] = n
        wishes.append(Wish(cid, rid, weight))

    if errors.errors:
        raise InstanceError(errors.errors)
    assert slots is not None
    return Instance(slots, min_gap, tuple(recruiters), tuple(candidates), tuple(wishes))


def parse_options(data: Any, base: SolveOptions | None = None) -> SolveOptions:
    """The optional "options" object of the input file."""
    base = base or SolveOptions()
    raw = data.get("options") if isinstance(data, dict) else None
    if raw is None:
        return base
    errors: list[str] = []
    if not isinstance(raw, dict):
        raise InstanceError(['« options » doit être un objet ({"at_least_one": true, "max_interviews": 3}).'])
    at_least_one = raw.get("at_least_one", base.at_least_one)
    if not isinstance(at_least_one, bool):
        errors.append(f"« options.at_least_one » doit valoir true ou false (reçu : {_show(at_least_one)}).")
    cap = raw.get("max_interviews", base.max_interviews)
    if cap is not None and (not _is_int(cap) or cap < 0):
        errors.append(f"« options.max_interviews » doit être un entier positif ou nul, ou null (reçu : {_show(cap)}).")
    if errors:
        raise InstanceError(errors)
    return SolveOptions(
        at_least_one=at_least_one,
        max_interviews=cap,
        time_limit=base.time_limit,
        target_gap=base.target_gap,
        num_workers=base.num_workers,
        seed=base.seed,
    )


def decode_json(text: str, name: str = "Le fichier") -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InstanceError(
            [f"{name} n'est pas un JSON valide (ligne {exc.lineno}, colonne {exc.colno}) : {exc.msg}."]
        ) from exc


def load_instance(text: str) -> Instance:
    return parse_instance(decode_json(text))


def instance_to_json(instance: Instance) -> dict[str, Any]:
    return {
        "slots": instance.slots,
        "min_gap": instance.min_gap,
        "recruiters": [
            {"id": r.id, "tables": r.tables, "available": [list(a) for a in r.available]} for r in instance.recruiters
        ],
        "candidates": [
            {"id": c.id, "available": [list(a) for a in c.available], "max_interviews": c.max_interviews}
            for c in instance.candidates
        ],
        "wishes": [{"candidate": w.candidate, "recruiter": w.recruiter, "weight": w.weight} for w in instance.wishes],
    }


def parse_interviews(data: Any, instance: Instance, name: str = "Le planning") -> list[Interview]:
    """Read the "interviews" of an OUT file (to re-optimise an existing schedule)."""
    items = data.get("interviews") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise InstanceError([f"{name} doit contenir une liste « interviews »."])
    candidates = {c.id for c in instance.candidates}
    recruiters = {r.id for r in instance.recruiters}
    errors: list[str] = []
    interviews = []
    for n, item in enumerate(items, start=1):
        where = f"{name}, entretien n° {n}"
        before = len(errors)
        if not isinstance(item, dict):
            errors.append(f'{where} : un objet {{"candidate", "recruiter", "slot", "table"}} est attendu.')
            continue
        cid, rid, slot, table = (item.get(k) for k in ("candidate", "recruiter", "slot", "table"))
        if cid not in candidates:
            errors.append(f"{where} : candidat inconnu {_label(cid)}.")
        if rid not in recruiters:
            errors.append(f"{where} : recruteur inconnu {_label(rid)}.")
        if not _is_int(slot) or not 0 <= slot < instance.slots:
            errors.append(f"{where} : créneau invalide ({_show(slot)}).")
        if not _is_int(table) or table < 0:
            errors.append(f"{where} : table invalide ({_show(table)}).")
        if (
            len(errors) == before
            and _is_known(cid, candidates)
            and _is_known(rid, recruiters)
            and _is_int(slot)
            and _is_int(table)
        ):
            interviews.append(Interview(cid, rid, slot, table))
    if errors:
        raise InstanceError(errors)
    return interviews
