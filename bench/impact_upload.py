"""Large impact panels: what the request does, what the background task does, and their memory.

Issue 20, item 15: a 1,000,000-row panel used to be read and checked inside the request (20-30 s,
about 1 GB on the attacked copy). Now the request only peeks at a large file (header, columns, row
count) and stores it compressed; the task reads it (only the panel's columns), checks it, stores the
canonical panel and estimates. This script generates the seeded panel of bench/impact.py at
1,000,000 rows (66,666 communes x 15 years, plus an unused text column), writes it as a CSV, then
runs each path in a fresh process and prints its time and its peak memory (max RSS, imports included):

1. before: the request reads and checks the whole file (read_table + load_panel), as it did;
2. now, request: read the upload, peek_table, check_columns, gzip level 1 (services_impact.create_study_from_upload);
3. now, task: gunzip, read_table with only the panel's columns, load, pack, hash, estimate
   (Callaway & Sant'Anna, never-treated), as services_impact._read_upload then run_study.

    python bench/impact_upload.py [--units 66667]
"""

from __future__ import annotations

import argparse
import gzip
import io
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from queue import Empty

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emploi_territoires.settings")

SPEC = {"unit": "codgeo", "time": "annee", "outcome": "emploi", "treatment_start": "debut"}


def _setup() -> None:
    import django

    django.setup()


def _rss_mb() -> float:
    """Peak resident memory of this process (VmHWM: unlike getrusage's ru_maxrss, not inherited from the parent)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def before(path: str, queue) -> None:
    _setup()
    from emploi_territoires.evaluation.impact.panel import load_panel, read_table

    imported = _rss_mb()
    started = time.perf_counter()
    with open(path, "rb") as upload:
        table = read_table(upload, path, max_rows=2_000_000)
    load_panel(table, **SPEC)
    queue.put(("before: request reads and checks the file", time.perf_counter() - started, imported, _rss_mb()))


def request(path: str, queue) -> None:
    _setup()
    from emploi_territoires.evaluation.impact.panel import check_columns, check_row_count, peek_table
    from emploi_territoires.evaluation.services_impact import MAX_WEB_ROWS, PanelSpec

    imported = _rss_mb()
    started = time.perf_counter()
    with open(path, "rb") as upload:
        raw = upload.read()
    peek = peek_table(raw, path)
    check_columns(peek.columns, PanelSpec(**SPEC).columns())
    check_row_count(peek.rows or 0, MAX_WEB_ROWS)
    stored = gzip.compress(raw, compresslevel=1, mtime=0)
    seconds = time.perf_counter() - started
    queue.put(("now: request peeks and stores the file", seconds, imported, _rss_mb(), len(raw), len(stored)))


def task(path: str, queue) -> None:
    _setup()
    from emploi_territoires.evaluation import services_impact
    from emploi_territoires.evaluation.impact.estimators import estimate
    from emploi_territoires.evaluation.impact.panel import read_table
    from emploi_territoires.evaluation.impact.results import StudyParams

    stored = gzip.compress(Path(path).read_bytes(), compresslevel=1, mtime=0)
    imported = _rss_mb()
    spec = services_impact.PanelSpec(**SPEC)
    started = time.perf_counter()
    raw = gzip.decompress(stored)
    table = read_table(io.BytesIO(raw), path, max_rows=services_impact.MAX_WEB_ROWS, columns=spec.columns())
    del raw
    panel = services_impact._load(table, spec)
    del table
    canonical = panel.canonical_csv()
    services_impact._pack(panel, canonical)
    panel.data_hash(canonical)
    read = time.perf_counter() - started
    estimate(panel, StudyParams(estimator="cs", control="never"))
    queue.put(("now: task reads, checks, estimates", time.perf_counter() - started, imported, _rss_mb(), read))


def run(target, path: str):
    queue = multiprocessing.get_context("spawn").Queue()
    process = multiprocessing.get_context("spawn").Process(target=target, args=(path, queue))
    process.start()
    while True:
        try:
            return queue.get(timeout=1)
        except Empty:
            if not process.is_alive():
                raise SystemExit(f"{target.__name__}: the process failed (exit code {process.exitcode})") from None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=66_666, help="communes (x 15 years = rows)")
    args = parser.parse_args()
    from impact import generate

    table = generate(n_units=args.units)
    table["commentaire"] = "donnée provisoire"
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "panel.csv")
        table.to_csv(path, sep=";", index=False)
        size = Path(path).stat().st_size
        print(f"panel: {len(table):,} rows, CSV of {size / 1e6:.1f} MB (limit of the form: 50 MiB, 1,000,000 rows)")
        del table
        old = run(before, path)
        now_request = run(request, path)
        now_task = run(task, path)
    print(f"{'path':<44} {'time':>8} {'RSS after imports':>18} {'peak RSS':>9}")
    for name, seconds, imported, peak, *_ in (old, now_request, now_task):
        print(f"{name:<44} {seconds:>7.2f}s {imported:>16.0f}MB {peak:>7.0f}MB")
    print(
        f"\nrequest time now / before: {now_request[1] / old[1]:.3f} "
        f"(the file is stored compressed: {now_request[4] / 1e6:.1f} MB -> {now_request[5] / 1e6:.1f} MB)"
    )
    print(f"task: file read and checked in {now_task[4]:.2f} s, estimated in {now_task[1] - now_task[4]:.2f} s")
    print(f"task memory above the imports: {now_task[3] - now_task[2]:.0f} MB for {args.units * 15:,} rows")


if __name__ == "__main__":
    main()
