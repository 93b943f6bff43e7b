"""The command line of the solver: `manage.py jobdating_schedule IN.json OUT.json [options]`.

Also runnable without Django: `python -m emploi_territoires.jobdating.solver.cli IN.json OUT.json`.

Exit codes: 0 schedule written; 2 bad input (unreadable file, invalid JSON, invalid instance — one
French line per problem on stderr, never a traceback); 1 the schedule failed the independent
check (a bug: nothing is written).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from emploi_territoires.core.formats import number

from .check import check_schedule
from .cpsat import Progress
from .instance import (
    Id,
    Instance,
    InstanceError,
    Result,
    SolveOptions,
    decode_json,
    default_workers,
    parse_instance,
    parse_interviews,
    parse_options,
)
from .reoptimise import REOPTIMISE_TIME_LIMIT, Changes, reoptimise
from .schedule import build_schedule


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", help="instance JSON (IN.json)")
    parser.add_argument("output", help="schedule JSON to write (OUT.json), « - » for the standard output")
    parser.add_argument(
        "--time-limit", type=float, default=None, help="secondes pour CP-SAT (30 ; 8 en réoptimisation)"
    )
    parser.add_argument("--greedy-only", action="store_true", help="réponse gloutonne immédiate, sans CP-SAT")
    parser.add_argument(
        "--workers", type=int, default=None, help="workers CP-SAT (défaut : nombre de cœurs, 8 au plus)"
    )
    parser.add_argument("--seed", type=int, default=0, help="graine de CP-SAT")
    parser.add_argument(
        "--target-gap", type=float, default=0.0, help="arrêt dès que (borne − score) / borne ≤ cette valeur"
    )
    parser.add_argument(
        "--at-least-one",
        action="store_true",
        default=None,
        help="au moins un entretien pour chaque candidat qui peut en avoir un",
    )
    parser.add_argument("--max-interviews", type=int, default=None, help="plafond d'entretiens par candidat")
    parser.add_argument(
        "--reoptimise-from", default=None, help="planning en vigueur (OUT.json) à réoptimiser à partir de --now"
    )
    parser.add_argument("--now", type=int, default=None, help="créneau en cours (réoptimisation)")
    parser.add_argument("--absent-candidate", action="append", default=[], help="candidat absent (répétable)")
    parser.add_argument("--absent-recruiter", action="append", default=[], help="recruteur absent (répétable)")
    parser.add_argument("--quiet", action="store_true", help="pas de suivi de progression")


def _percent(value: float) -> str:
    return f"{number(value * 100, 2)} %"


def _read_json(path: str, name: str) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InstanceError([f"{name} « {path} » est introuvable."]) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InstanceError([f"Impossible de lire {name.lower()} « {path} » : {exc}."]) from exc
    return decode_json(text, f"{name} « {path} »")


def _resolve(ids: list[str], known: list[Id], kind: str) -> tuple[Id, ...]:
    """Ids typed on the command line are text; the instance may use integers."""
    by_text = {str(i): i for i in known}
    missing = [i for i in ids if i not in by_text]
    if missing:
        raise InstanceError([f"Absent : {kind} inconnu « {i} »." for i in missing])
    return tuple(by_text[i] for i in ids)


def _options(opts: dict[str, Any], data: Any, reoptimising: bool) -> SolveOptions:
    time_limit = opts.get("time_limit")
    if time_limit is None:
        time_limit = REOPTIMISE_TIME_LIMIT if reoptimising else 30.0
    if opts.get("greedy_only"):
        time_limit = 0.0
    workers = opts.get("workers") or default_workers()
    errors = []
    if time_limit < 0:
        errors.append("--time-limit doit être positif.")
    if workers < 1:
        errors.append("--workers doit valoir au moins 1.")
    if not 0 <= opts.get("target_gap", 0.0) < 1:
        errors.append("--target-gap doit être compris entre 0 et 1 (0,005 pour 0,5 %).")
    if opts.get("max_interviews") is not None and opts["max_interviews"] < 0:
        errors.append("--max-interviews doit être positif ou nul.")
    if errors:
        raise InstanceError(errors)
    base = SolveOptions(
        time_limit=time_limit, target_gap=opts.get("target_gap", 0.0), num_workers=workers, seed=opts.get("seed", 0)
    )
    options = parse_options(data, base)
    at_least_one = options.at_least_one if opts.get("at_least_one") is None else opts["at_least_one"]
    cap = options.max_interviews if opts.get("max_interviews") is None else opts["max_interviews"]
    return SolveOptions(at_least_one, cap, time_limit, options.target_gap, workers, options.seed)


def _summary(instance: Instance, result: Result) -> str:
    seen = len({i.candidate for i in result.interviews})
    return (
        f"{number(len(result.interviews))} entretiens, score {number(result.score)}, borne {number(result.bound)}, "
        f"écart {_percent(result.gap)}{' (optimal)' if result.optimal else ''} ; "
        f"{seen} candidats sur {len(instance.candidates)} ont au moins un entretien ; "
        f"{result.elapsed:.1f} s".replace(".", ",")
    )


def run(opts: dict[str, Any], stdout: TextIO, stderr: TextIO) -> int:
    """Execute the command with parsed options (a dict, as Django gives them); return the exit code."""
    quiet = opts.get("quiet", False)

    def report(p: Progress) -> None:
        if quiet or p.phase == "done":
            return
        label = "glouton" if p.phase == "greedy" else "CP-SAT"
        figures = f"score {number(p.score)}, borne {number(p.bound)}, écart {_percent(p.gap)}"
        stderr.write(f"{label} ({p.elapsed:.1f} s) : {figures}\n".replace(".", ",", 1))

    try:
        data = _read_json(opts["input"], "Le fichier d'entrée")
        instance = parse_instance(data)
        reoptimising = opts.get("reoptimise_from") is not None
        options = _options(opts, data, reoptimising)
        if reoptimising:
            if opts.get("now") is None:
                raise InstanceError(["--now (le créneau en cours) est obligatoire avec --reoptimise-from."])
            current = parse_interviews(_read_json(opts["reoptimise_from"], "Le planning"), instance)
            changes = Changes(
                absent_candidates=_resolve(
                    opts.get("absent_candidate") or [], [c.id for c in instance.candidates], "candidat"
                ),
                absent_recruiters=_resolve(
                    opts.get("absent_recruiter") or [], [r.id for r in instance.recruiters], "recruteur"
                ),
            )
            outcome = reoptimise(instance, current, opts["now"], changes, options, report)
            instance, result = outcome.instance, outcome.result
            stderr.write(f"{len(outcome.removed)} entretiens retirés (absents), {len(outcome.added)} ajoutés.\n")
        else:
            result = build_schedule(instance, options, report)
    except InstanceError as exc:
        stderr.write(f"{exc}\n")
        return 2

    violations = check_schedule(instance, result.interviews, options)
    if violations:
        stderr.write("Le planning calculé ne respecte pas les contraintes (anomalie du solveur) :\n")
        stderr.write("\n".join(violations[:20]) + "\n")
        return 1

    text = json.dumps(result.to_json(), ensure_ascii=False, indent=1) + "\n"
    if opts["output"] == "-":
        stdout.write(text)
    else:
        try:
            Path(opts["output"]).write_text(text, encoding="utf-8")
        except OSError as exc:
            stderr.write(f"Impossible d'écrire « {opts['output']} » : {exc.strerror or exc}.\n")
            return 2
    (stderr if opts["output"] == "-" else stdout).write(_summary(instance, result) + "\n")
    return 0


def main(argv: list[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    parser = argparse.ArgumentParser(prog="jobdating_schedule", description="Planning optimal d'un job dating.")
    add_arguments(parser)
    args = parser.parse_args(argv)
    return run(vars(args), stdout or sys.stdout, stderr or sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
