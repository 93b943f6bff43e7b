"""`manage.py mentoring_match IN.json OUT.json`: the matcher from the command line (no Django needed).

IN::

    {"mentors": [{"id": "m1", "capacity": 2}, ...],
     "mentees": [{"id": "e1"}, ...],                 # optional "qpv": true
     "pairs": [{"mentor": "m1", "mentee": "e1", "score": 87}, ...],
     "mode": "score" | "participation" | "stable",   # default "score"
     # optional: "qpv_bonus": 20, "locked": [{"mentor", "mentee"}], "removed": [{"mentor", "mentee"}]}

OUT::

    {"pairs": [{"mentor", "mentee", "score"}], "total", "matched", "blocking_pairs"}

Ids are strings or integers; scores are numbers from 0 to 100 (decimals are kept to the hundredth).
Exit codes: 0 written; 2 bad input (one French line per problem on stderr, nothing written).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO, TypeGuard

import numpy as np

from .problem import Problem, SolveError
from .solve import MODES, Options, compare_with_score_mode, solve

MAX_ERRORS = 10


class InputError(ValueError):
    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", help="instance JSON (IN.json)")
    parser.add_argument("output", help="appariement JSON à écrire (OUT.json), « - » pour la sortie standard")


def _is_id(value: object) -> TypeGuard[int | str]:
    return (isinstance(value, int) and not isinstance(value, bool)) or (isinstance(value, str) and value != "")


def _is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and np.isfinite(value)


class _Parsed:
    def __init__(self) -> None:
        self.mentor_ids: list[Any] = []
        self.mentee_ids: list[Any] = []
        self.pair_keys: list[tuple[Any, Any]] = []
        self.raw_scores: list[float] = []
        self.problem: Problem | None = None
        self.options = Options()
        self.decimal = False


def parse(data: Any) -> _Parsed:
    errors: list[str] = []
    out = _Parsed()

    def error(message: str) -> None:
        if len(errors) < MAX_ERRORS:
            errors.append(message)

    if not isinstance(data, dict):
        raise InputError(['Le fichier doit contenir un objet JSON {"mentors", "mentees", "pairs", "mode"}.'])
    for key in ("mentors", "mentees", "pairs"):
        if not isinstance(data.get(key), list):
            error(f"« {key} » manque ou n'est pas une liste.")
    if errors:
        raise InputError(errors)
    mode = data.get("mode", "score")
    if mode not in MODES:
        error(f"Mode inconnu « {mode} » : attendu {', '.join(MODES)}.")

    mentor_pos: dict[Any, int] = {}
    capacity: list[int] = []
    for i, item in enumerate(data["mentors"], start=1):
        if not isinstance(item, dict) or not _is_id(item.get("id")):
            error(f"Mentor n° {i} : « id » manque (texte ou entier attendu).")
            continue
        mid, cap = item["id"], item.get("capacity")
        if mid in mentor_pos:
            error(f"Mentor « {mid} » en double.")
            continue
        if isinstance(cap, bool) or not isinstance(cap, int) or cap < 0:
            error(f"Mentor « {mid} » : « capacity » doit être un entier positif ou nul (reçu : {cap!r}).")
            continue
        mentor_pos[mid] = len(capacity)
        out.mentor_ids.append(mid)
        capacity.append(cap)

    mentee_pos: dict[Any, int] = {}
    qpv: list[bool] = []
    for i, item in enumerate(data["mentees"], start=1):
        if not isinstance(item, dict) or not _is_id(item.get("id")):
            error(f"Personne mentorée n° {i} : « id » manque (texte ou entier attendu).")
            continue
        eid = item["id"]
        if eid in mentee_pos:
            error(f"Personne mentorée « {eid} » en double.")
            continue
        if not isinstance(item.get("qpv", False), bool):
            error(f"Personne mentorée « {eid} » : « qpv » doit valoir true ou false.")
        mentee_pos[eid] = len(qpv)
        out.mentee_ids.append(eid)
        qpv.append(item.get("qpv") is True)

    pair_pos: dict[tuple[Any, Any], int] = {}
    mentors: list[int] = []
    mentees: list[int] = []
    for i, item in enumerate(data["pairs"], start=1):
        if not isinstance(item, dict):
            error(f'Paire n° {i} : un objet {{"mentor", "mentee", "score"}} est attendu.')
            continue
        mid, eid, score = item.get("mentor"), item.get("mentee"), item.get("score")
        if not _is_id(mid) or mid not in mentor_pos:
            error(f"Paire n° {i} : mentor inconnu {mid!r}.")
            continue
        if not _is_id(eid) or eid not in mentee_pos:
            error(f"Paire n° {i} : personne mentorée inconnue {eid!r}.")
            continue
        if not _is_number(score) or not 0 <= score <= 100:
            error(f"Paire n° {i} ({mid}, {eid}) : « score » doit être un nombre de 0 à 100 (reçu : {score!r}).")
            continue
        if (mid, eid) in pair_pos:
            error(f"Paire ({mid}, {eid}) en double.")
            continue
        pair_pos[(mid, eid)] = len(mentors)
        out.pair_keys.append((mid, eid))
        mentors.append(mentor_pos[mid])
        mentees.append(mentee_pos[eid])
        out.raw_scores.append(score)
        out.decimal = out.decimal or (isinstance(score, float) and not float(score).is_integer())

    qpv_bonus = data.get("qpv_bonus", 0)
    if not _is_number(qpv_bonus) or qpv_bonus < 0:
        error(f"« qpv_bonus » doit être un nombre positif ou nul (reçu : {qpv_bonus!r}).")
        qpv_bonus = 0

    def pair_list(key: str) -> list[int]:
        indices = []
        value = data.get(key, [])
        if not isinstance(value, list):
            error(f'« {key} » doit être une liste de paires {{"mentor", "mentee"}}.')
            return []
        for i, item in enumerate(value, start=1):
            pair = (item.get("mentor"), item.get("mentee")) if isinstance(item, dict) else None
            if pair is None or not all(_is_id(x) for x in pair) or pair not in pair_pos:
                error(f"« {key} » n° {i} : la paire {pair!r} ne figure pas dans « pairs ».")
                continue
            indices.append(pair_pos[pair])
        return indices

    locked, removed = pair_list("locked"), pair_list("removed")
    if errors:
        raise InputError(errors)
    scale = 100 if out.decimal else 1
    scores = [round(s * scale) for s in out.raw_scores]
    out.problem = Problem(
        capacity=np.array(capacity, dtype=np.int64),
        n_mentees=len(out.mentee_ids),
        mentor=np.array(mentors, dtype=np.int64),
        mentee=np.array(mentees, dtype=np.int64),
        score=np.array(scores, dtype=np.int64),
        qpv=np.array(qpv, dtype=bool),
    )
    out.options = Options(mode, round(qpv_bonus * scale), locked, removed)
    return out


def _total(parsed: _Parsed, chosen: list[int]) -> int | float:
    total = sum(parsed.raw_scores[p] for p in chosen)
    return round(total, 2) if parsed.decimal or isinstance(total, float) else total


def run(options: dict[str, Any], stdout: TextIO = sys.stdout, stderr: TextIO = sys.stderr) -> int:
    try:
        text = Path(options["input"]).read_text(encoding="utf-8")
        parsed = parse(json.loads(text))
        assert parsed.problem is not None
        matching = solve(parsed.problem, parsed.options)
    except FileNotFoundError:
        stderr.write(f"Le fichier d'entrée « {options['input']} » est introuvable.\n")
        return 2
    except (OSError, UnicodeDecodeError) as exc:
        stderr.write(f"Impossible de lire le fichier d'entrée « {options['input']} » : {exc}.\n")
        return 2
    except json.JSONDecodeError as exc:
        stderr.write(f"JSON invalide à la ligne {exc.lineno}, colonne {exc.colno} : {exc.msg}.\n")
        return 2
    except InputError as exc:
        for message in exc.messages:
            stderr.write(message + "\n")
        return 2
    except SolveError as exc:
        stderr.write(f"{exc}\n")
        return 2

    chosen = matching.chosen.tolist()
    result = {
        "pairs": [
            {"mentor": parsed.pair_keys[p][0], "mentee": parsed.pair_keys[p][1], "score": parsed.raw_scores[p]}
            for p in chosen
        ],
        "total": _total(parsed, chosen),
        "matched": matching.matched,
        "blocking_pairs": matching.blocking_pairs,
    }
    payload = json.dumps(result, ensure_ascii=False, indent=1) + "\n"
    if options["output"] == "-":
        stdout.write(payload)
    else:
        try:
            Path(options["output"]).write_text(payload, encoding="utf-8")
        except OSError as exc:
            stderr.write(f"Impossible d'écrire « {options['output']} » : {exc}.\n")
            return 2
        summary = (
            f"{matching.matched} personne(s) mentorée(s) sur {parsed.problem.n_mentees} en binôme, "
            f"score total {result['total']}, {matching.blocking_pairs} paire(s) bloquante(s).\n"
        )
        stdout.write(summary)
        if parsed.options.mode == "stable":
            comparison = compare_with_score_mode(parsed.problem, parsed.options)
            lost = comparison.cost / (100 if parsed.decimal else 1)
            share = f"{comparison.cost_share * 100:.2f}".replace(".", ",")
            stdout.write(f"Coût de la stabilité : {lost:g} point(s) de moins que le mode « score » ({share} %).\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mentoring_match", description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(vars(parser.parse_args(argv)))


if __name__ == "__main__":
    raise SystemExit(main())
