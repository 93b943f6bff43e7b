"""Startup cost: what every command, worker start, CLI call and test run pays before doing anything.

Prints, each measured in fresh processes (median of --runs):

1. the wall time of `python manage.py check` (settings, apps, models, the URLconf and every view
   it imports; target: under 1.5 s), and its CPU time (user + system), steadier on a busy machine;
2. the import time of the URLconf alone, after `django.setup()`;
3. the heavy libraries the URLconf leaves in `sys.modules` (none should be: scipy, ortools,
   matplotlib, pandas, openpyxl… are imported inside the functions that use them);
4. the heaviest imports of `manage.py check` from `python -X importtime`, each with the project
   module that imported it, so that a regression shows its culprit.

Next to the figures measured before the heavy imports were made lazy (BASELINE, issue 21), or
next to another checkout measured in the same run (`--against`), which is the fair comparison when
the machine is busy.

Bytecode: a deployed server runs from cached .pyc files, so by default the runs share a bytecode
cache in a temporary directory (PYTHONPYCACHEPREFIX, nothing written in the tree) warmed by one
untimed run; `--no-bytecode` compiles every module on every run instead (as with
PYTHONDONTWRITEBYTECODE=1).

    python bench/startup.py [--runs 5] [--top 15] [--no-bytecode] [--against /tmp/old-checkout]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_CHECK_S = 1.5

# Before issue 21's lazy imports: this script on a checkout of c52cf96, BASELINE_CONDITIONS.
# On a quiet machine (load average 0.9, every module compiled) the same check took 3.1 s of wall time.
BASELINE = {
    "manage.py check": 12.59,
    "manage.py check (CPU)": 3.01,
    "URLconf import": 7.17,
    "URLconf import (CPU)": 1.68,
}
BASELINE_CONDITIONS = "c52cf96, 2 CPUs at load average 13, 2026-12-07"

# Libraries that no view module may import when the URLconf loads.
HEAVY = (
    "scipy",
    "ortools",
    "matplotlib",
    "pandas",
    "openpyxl",
    "numpy",
    "authlib",
    "requests",
)

URLCONF_SNIPPET = """
import os, sys, time
sys.path.insert(0, {src!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emploi_territoires.settings")
import django
django.setup()
from django.conf import settings
from importlib import import_module
start, cpu = time.perf_counter(), time.process_time()
import_module(settings.ROOT_URLCONF)
print(time.perf_counter() - start, time.process_time() - cpu)
print(",".join(name for name in {heavy!r} if name in sys.modules))
"""


def environment(bytecode_dir: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if bytecode_dir is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPYCACHEPREFIX", None)
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = bytecode_dir
    return env


def run(args: list[str], env: dict[str, str], root: Path = ROOT) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, cwd=root, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_check(env: dict[str, str], root: Path) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one `manage.py check`."""
    cpu, start = children_cpu(), time.perf_counter()
    run([sys.executable, "manage.py", "check"], env, root)
    return time.perf_counter() - start, children_cpu() - cpu


def time_urlconf(env: dict[str, str], root: Path) -> tuple[float, float, list[str]]:
    """Wall and CPU seconds of importing the URLconf after django.setup(), and the heavy libraries it loaded."""
    snippet = URLCONF_SNIPPET.format(src=str(root / "src"), heavy=HEAVY)
    lines = run([sys.executable, "-c", snippet], env, root).stdout.strip().splitlines()
    wall, cpu = (float(value) for value in lines[-2].split())
    return wall, cpu, [name for name in lines[-1].split(",") if name]


@dataclass
class Import:
    self_us: int
    cumulative_us: int
    depth: int
    name: str
    parent: str | None = None


def parse_importtime(stderr: str) -> list[Import]:
    """The `-X importtime` lines, each with the module that imported it (children come first)."""
    rows = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cumulative_us, name = line.removeprefix("import time:").split("|")
        depth = (len(name) - len(name.lstrip())) // 2
        rows.append(Import(int(self_us), int(cumulative_us), depth, name.strip()))
    stack: list[Import] = []
    for row in reversed(rows):
        while stack and stack[-1].depth >= row.depth:
            stack.pop()
        row.parent = stack[-1].name if stack else None
        stack.append(row)
    return rows


def heaviest(rows: list[Import], top: int) -> list[Import]:
    """Third-party imports made directly by a project module, and project modules, by cumulative time."""
    picked = [
        row
        for row in rows
        if row.parent is not None
        and row.parent.startswith("emploi_territoires")
        and not row.name.startswith(("emploi_territoires", "django"))
    ]
    picked += [row for row in rows if row.name.startswith("emploi_territoires") and row.depth == 0]
    return sorted(picked, key=lambda row: row.cumulative_us, reverse=True)[:top]


def measure(root: Path, env: dict[str, str], runs: int) -> tuple[dict[str, float], list[float], list[str]]:
    """Medians of `runs` fresh processes in the checkout `root`; the wall times of check; the heavy libraries."""
    time_check(env, root)  # warms the bytecode cache (and the OS file cache); not counted
    checks = [time_check(env, root) for _ in range(runs)]
    urlconfs = [time_urlconf(env, root) for _ in range(runs)]
    figures = {
        "manage.py check": statistics.median(wall for wall, _ in checks),
        "manage.py check (CPU)": statistics.median(cpu for _, cpu in checks),
        "URLconf import": statistics.median(wall for wall, _, _ in urlconfs),
        "URLconf import (CPU)": statistics.median(cpu for _, cpu, _ in urlconfs),
    }
    return figures, [wall for wall, _ in checks], urlconfs[-1][2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--no-bytecode", action="store_true", help="compile every module on every run")
    parser.add_argument(
        "--against",
        type=Path,
        help="another checkout (e.g. `git worktree add /tmp/old c52cf96`) measured now as the baseline, "
        "instead of the recorded figures: fair on a busy machine",
    )
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="startup-pyc-") as bytecode_dir:
        env = environment(None if options.no_bytecode else bytecode_dir)
        now, walls, loaded = measure(ROOT, env, options.runs)
        baseline, conditions = BASELINE, BASELINE_CONDITIONS
        if options.against:
            baseline, _, _ = measure(options.against.resolve(), env, options.runs)
            conditions = f"{options.against}, measured now"
        importtime = run([sys.executable, "-X", "importtime", "manage.py", "check"], env).stderr

    bytecode = "compiled on every run" if options.no_bytecode else "warm bytecode cache"
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Startup, median of {options.runs} fresh processes ({bytecode}; load average {load}; {os.cpu_count()} CPUs)")
    print(f"  {'':24} {'now':>8} {'baseline':>9}   (baseline: {conditions})")
    for name, value in now.items():
        target = f"   target < {TARGET_CHECK_S} s" if name == "manage.py check" else ""
        print(f"  {name:24} {value:7.2f}s {baseline[name]:8.2f}s{target}")
    print(f"  runs of check (wall): {', '.join(f'{wall:.2f}' for wall in walls)}")
    print("  CPU (user + system) depends little on the load; wall time on a busy machine mostly waits for a core.")
    print(f"Heavy libraries loaded by the URLconf: {', '.join(loaded) if loaded else 'none'}")
    print(f"Heaviest imports of manage.py check (-X importtime, cumulative; top {options.top}):")
    for row in heaviest(parse_importtime(importtime), options.top):
        origin = f"  <- {row.parent}" if row.parent else ""
        print(f"  {row.cumulative_us / 1000:8.1f} ms  {row.name}{origin}")
    if now["manage.py check"] >= TARGET_CHECK_S:
        print(f"ABOVE TARGET: manage.py check takes {now['manage.py check']:.2f} s (target < {TARGET_CHECK_S} s)")


if __name__ == "__main__":
    main()
