"""The coverage ratchet of `make test`: the files not yet fully covered are a committed list that may
only shrink.

Reads the JSON report that pytest-cov writes (`--cov-report=json:var/coverage.json`), prints the
total, and compares the files of src/emploi_territoires with missing lines to docs/coverage-incomplete.txt:

- a file missing from the list (new code without tests, or a test removed) fails the check;
- a listed file that is now fully covered is named, with the line to remove (or run this script with
  --write after a full `make test`): the list only shrinks. It does not fail the run, so that a line
  covered by chance (a retry taken under load) never turns CI red; a line lost always does.

Only `make test` runs it (SQLite, the suite in its default order); `make test-postgres` and
`make test-clock` measure nothing. Usage: python scripts/coverage_check.py [--write] [report.json]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIST = ROOT / "docs" / "coverage-incomplete.txt"
REPORT = ROOT / "var" / "coverage.json"
HEADER = """\
# Files of src/emploi_territoires not yet fully covered by `make test` (line coverage, SQLite).
# scripts/coverage_check.py fails when a file is missing here and names the listed files that became
# fully covered: this list only shrinks. Regenerate after a full run: .venv/bin/python scripts/coverage_check.py --write
"""


def say(message: str, *, error: bool = False) -> None:
    (sys.stderr if error else sys.stdout).write(message + "\n")


def incomplete_files(report: dict) -> dict[str, tuple[int, int]]:
    """{path: (missing lines, statements)} for every measured file with a missing line."""
    return {
        Path(path).as_posix(): (data["summary"]["missing_lines"], data["summary"]["num_statements"])
        for path, data in report["files"].items()
        if data["summary"]["missing_lines"]
    }


def read_list(path: Path) -> set[str]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return {line for line in lines if line}


def main(argv: list[str]) -> int:
    write = "--write" in argv
    args = [a for a in argv if a != "--write"]
    report_path = Path(args[0]) if args else REPORT
    if not report_path.exists():
        say(f"coverage_check: no report at {report_path} (run the suite with --cov first)", error=True)
        return 2
    report = json.loads(report_path.read_text(encoding="utf-8"))
    totals = report["totals"]
    incomplete = incomplete_files(report)
    say(
        f"Coverage: {totals['percent_covered']:.1f} % of the lines of src/emploi_territoires "
        f"({totals['covered_lines']} of {totals['num_statements']}); {len(report['files']) - len(incomplete)} files "
        f"fully covered, {len(incomplete)} not yet ({LIST.relative_to(ROOT)})."
    )
    if write:
        LIST.write_text(HEADER + "".join(f"{path}\n" for path in sorted(incomplete)), encoding="utf-8")
        say(f"coverage_check: {LIST.relative_to(ROOT)} rewritten ({len(incomplete)} files).")
        return 0
    if not LIST.exists():
        say(f"coverage_check: no {LIST.relative_to(ROOT)} yet: write it with --write after a full run.")
        return 0
    listed = read_list(LIST)
    added = sorted(set(incomplete) - listed)
    done = sorted(listed - set(incomplete))
    for path in added:
        missing, statements = incomplete[path]
        say(f"  not fully covered and not listed: {path} ({missing} of {statements} lines never run)")
    for path in done:
        say(f"  fully covered now (or gone): {path} — remove it from {LIST.relative_to(ROOT)}")
    if added:
        say("coverage_check: FAILED — add tests for these lines (a file may only leave the list)", error=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
