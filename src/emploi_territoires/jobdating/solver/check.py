"""An independent feasibility checker, written from the raw instance (not from `problem.py`).

Used by the tests on every solver output and by the command before it writes a schedule. Returns
one French sentence per violated rule; an empty list means the schedule is valid.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import pairwise

from .instance import Id, Instance, Interview, SolveOptions, slot_set


def check_schedule(
    instance: Instance, interviews: Iterable[Interview], options: SolveOptions | None = None
) -> list[str]:
    interviews = list(interviews)
    problems: list[str] = []
    candidates = {c.id: c for c in instance.candidates}
    recruiters = {r.id: r for r in instance.recruiters}
    weights = instance.weights()
    cand_free = {c.id: slot_set(c.available) for c in instance.candidates}
    rec_free = {r.id: slot_set(r.available) for r in instance.recruiters}
    global_cap = options.max_interviews if options else None

    valid: list[Interview] = []
    for i in interviews:
        where = f"Entretien {i.candidate} / {i.recruiter} au créneau {i.slot}"
        if i.candidate not in candidates or i.recruiter not in recruiters:
            problems.append(f"{where} : candidat ou recruteur inconnu.")
            continue
        if (i.candidate, i.recruiter) not in weights:
            problems.append(f"{where} : ce candidat n'a pas demandé ce recruteur.")
        if not 0 <= i.slot < instance.slots:
            problems.append(f"{where} : créneau hors de l'événement (0 à {instance.slots - 1}).")
        if i.slot not in cand_free[i.candidate]:
            problems.append(f"{where} : le candidat n'est pas disponible.")
        if i.slot not in rec_free[i.recruiter]:
            problems.append(f"{where} : le recruteur n'est pas disponible.")
        if not 0 <= i.table < recruiters[i.recruiter].tables:
            problems.append(
                f"{where} : table {i.table} inexistante (le recruteur en a {recruiters[i.recruiter].tables})."
            )
        valid.append(i)

    for (rid, slot, table), n in Counter((i.recruiter, i.slot, i.table) for i in valid).items():
        if n > 1:
            problems.append(f"Recruteur {rid}, créneau {slot}, table {table} : {n} entretiens en même temps.")
    for (rid, slot), n in Counter((i.recruiter, i.slot) for i in valid).items():
        if n > recruiters[rid].tables:
            problems.append(f"Recruteur {rid}, créneau {slot} : {n} entretiens pour {recruiters[rid].tables} table(s).")
    for (cid, rid), n in Counter((i.candidate, i.recruiter) for i in valid).items():
        if n > 1:
            problems.append(f"Candidat {cid} et recruteur {rid} : {n} entretiens au lieu d'un au plus.")

    slots_of: dict[Id, list[int]] = defaultdict(list)
    for i in valid:
        slots_of[i.candidate].append(i.slot)
    for cid, slots in slots_of.items():
        slots.sort()
        for a, b in pairwise(slots):
            if a == b:
                problems.append(f"Candidat {cid} : deux entretiens au créneau {a}.")
            elif b - a <= instance.min_gap:
                problems.append(
                    f"Candidat {cid} : entretiens aux créneaux {a} et {b}, "
                    f"moins de {instance.min_gap} créneau(x) libre(s) entre les deux."
                )
        caps = [v for v in (candidates[cid].max_interviews, global_cap) if v is not None]
        if caps and len(slots) > min(caps):
            problems.append(f"Candidat {cid} : {len(slots)} entretiens pour un maximum de {min(caps)}.")
    return problems


def score_of(instance: Instance, interviews: Iterable[Interview]) -> int:
    weights = instance.weights()
    return sum(weights.get((i.candidate, i.recruiter), 0) for i in interviews)
