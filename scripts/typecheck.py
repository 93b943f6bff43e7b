"""The types check of `make lint`: mypy with django-stubs, against a baseline that may only shrink.

The pure cores (the strict modules of pyproject's [tool.mypy]) must have no error at all; elsewhere the
errors of the committed baseline (scripts/mypy-baseline.json) are tolerated and any other error fails.
Errors are keyed by file, error code and message, never by line number, and counted: moving code does
not touch the baseline, a second copy of a known error is a new error.

    python scripts/typecheck.py            # check (make lint)
    python scripts/typecheck.py --update   # rewrite the baseline with the errors of now (shrink it)

mypy runs cold (no incremental cache read or written), so the result depends on the code only.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import Counter
from fnmatch import fnmatchcase
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "scripts" / "mypy-baseline.json"
PYPROJECT = ROOT / "pyproject.toml"
UPDATE_COMMAND = "make typecheck-baseline (.venv/bin/python scripts/typecheck.py --update)"

# path:line: error: message  [code]   (mypy's default output, without columns)
ERROR = re.compile(r"^(?P<path>[^:\n]+\.pyi?):(?P<line>\d+): error: (?P<message>.*?)(?:  \[(?P<code>[a-z0-9-]+)\])?$")
LINE_NUMBER = re.compile(r"\bline \d+\b")


class MypyError:
    def __init__(self, path: str, line: int, code: str, message: str) -> None:
        self.path, self.line, self.code, self.message = path, line, code, message

    @property
    def key(self) -> str:
        """What the baseline counts: file, code and message, with any line number in the message blanked."""
        return f"[{self.code}] {LINE_NUMBER.sub('line N', self.message)}"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: error: {self.message}  [{self.code}]"


def run_mypy() -> tuple[list[MypyError], float]:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="mypy-cache-") as cache_dir:
        command = [
            sys.executable,
            "-m",
            "mypy",
            "--no-incremental",
            "--cache-dir",
            cache_dir,
            "--no-error-summary",
            "--no-pretty",
            "--no-color-output",
            "--hide-error-context",
            "--show-error-codes",
        ]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.stderr.write(done.stdout + done.stderr)
        sys.exit(f"mypy n'a pas pu vérifier le code (code de sortie {done.returncode}) : voir ci-dessus.")
    errors = []
    for line in done.stdout.splitlines():
        match = ERROR.match(line)
        if match:
            errors.append(
                MypyError(match["path"], int(match["line"]), match["code"] or "misc", match["message"].strip())
            )
        elif ": error: " in line:
            sys.exit(f"Sortie de mypy non reconnue : {line}")
    return errors, elapsed


def strict_patterns() -> list[str]:
    """Module patterns of the [[tool.mypy.overrides]] that are strict (disallow_untyped_defs)."""
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    patterns: list[str] = []
    for override in config["tool"]["mypy"].get("overrides", []):
        if override.get("disallow_untyped_defs"):
            modules = override["module"]
            patterns.extend([modules] if isinstance(modules, str) else modules)
    return patterns


def module_of(path: str) -> str:
    parts = list(Path(path).with_suffix("").parts)
    if parts and parts[0] == "src":
        parts = parts[1:]
    if parts and parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def is_strict(path: str, patterns: list[str]) -> bool:
    module = module_of(path)
    for pattern in patterns:
        if pattern.endswith(".*"):
            package = pattern[:-2]
            if module == package or module.startswith(package + "."):
                return True
        elif fnmatchcase(module, pattern):
            return True
    return False


def counted(errors: list[MypyError]) -> dict[str, Counter[str]]:
    by_file: dict[str, Counter[str]] = {}
    for error in errors:
        by_file.setdefault(error.path, Counter())[error.key] += 1
    return by_file


def read_baseline() -> dict[str, Counter[str]]:
    if not BASELINE.exists():
        return {}
    data = json.loads(BASELINE.read_text(encoding="utf-8"))
    return {path: Counter(keys) for path, keys in data.items()}


def write_baseline(by_file: dict[str, Counter[str]]) -> None:
    data = {path: dict(sorted(keys.items())) for path, keys in sorted(by_file.items())}
    BASELINE.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def total(by_file: dict[str, Counter[str]]) -> int:
    return sum(sum(keys.values()) for keys in by_file.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--update", action="store_true", help="rewrite the baseline with the errors of now")
    args = parser.parse_args()

    errors, elapsed = run_mypy()
    patterns = strict_patterns()
    strict_errors = [e for e in errors if is_strict(e.path, patterns)]
    current = counted([e for e in errors if not is_strict(e.path, patterns)])
    baseline = read_baseline()
    print(f"mypy : {len(errors)} erreur(s) en {elapsed:.1f} s ({BASELINE.relative_to(ROOT)} : {total(baseline)}).")

    failed = False
    if strict_errors:
        failed = True
        print(f"\n{len(strict_errors)} erreur(s) de type dans un cœur strict (jamais dans la référence) :")
        for error in strict_errors:
            print(f"  {error}")

    if args.update:
        write_baseline(current)
        print(f"Référence réécrite : {total(baseline)} → {total(current)} erreur(s) dans {len(current)} fichier(s).")
        return 1 if failed else 0

    new: list[MypyError] = []
    fixed = 0
    for path in sorted(set(current) | set(baseline)):
        now, before = current.get(path, Counter()), baseline.get(path, Counter())
        extra = now - before
        fixed += sum((before - now).values())
        if extra:
            # A key counted more often than in the baseline: show every occurrence (which one is new is unknown).
            new.extend(e for e in errors if e.path == path and e.key in extra)
    if new:
        failed = True
        print(f"\nNouvelle(s) erreur(s) de type, absentes de la référence ({len(new)} ligne(s) à revoir) :")
        for error in sorted(new, key=lambda e: (e.path, e.line)):
            print(f"  {error}")
        print("Corrigez-les (la référence ne peut que diminuer ; docs/architecture.md, « Types »).")
    if fixed:
        print(f"\n{fixed} erreur(s) de la référence corrigée(s) : bravo. Réduisez la référence : {UPDATE_COMMAND}")
    if not failed:
        print("Types : OK.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
