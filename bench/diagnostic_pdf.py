"""Where the diagnostic PDF's time goes, step by step, on an existing database (the demo's).

Runs `build_pdf`'s steps by hand for a few territories — reading the aggregates, drawing the charts
(empty cache), rendering the HTML, WeasyPrint's layout, WeasyPrint's PDF writing (fonts subset
there) — and prints, per step, the median wall time and the median CPU time of this process over
the runs (CPU time is what the work costs; wall time also counts other processes on a shared
machine). Then the cold start of a fresh process (importing WeasyPrint and matplotlib, loading the
fonts: paid by the first report of each worker) and the page's own server time, which no longer
waits for the PDF.

    DATABASE_URL=sqlite:////tmp/me/db.sqlite3 python bench/diagnostic_pdf.py
    DATABASE_URL=... python bench/diagnostic_pdf.py --runs 5 --territory epci:200067429 --territory departement:58

Never point it at a database other people use while they work: it only reads, but it loads the machine.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
DEFAULT_TERRITORIES = ["commune:58079", "epci:200067429", "departement:58", "national:france"]
STEPS = ["lecture", "graphiques", "gabarit", "mise en page", "écriture"]


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emploi_territoires.settings")
    import django

    django.setup()
    # WeasyPrint's font subsetting logs every glyph at DEBUG level through fontTools.
    logging.disable(logging.WARNING)


def one_run(level: str, code: str) -> tuple[dict[str, tuple[float, float]], int, int]:
    """(step -> (wall s, cpu s)), pages, bytes — the same steps as document.build_pdf."""
    import weasyprint
    from django.core.cache import cache
    from django.template.loader import render_to_string

    from emploi_territoires.diagnostics.document import DEFINITIONS, figures, load_diagnostic

    cache.clear()  # the charts are drawn again, as for the first report after a refresh
    times: dict[str, tuple[float, float]] = {}
    wall, cpu = time.perf_counter(), time.process_time()

    def lap(name: str) -> None:
        nonlocal wall, cpu
        now_wall, now_cpu = time.perf_counter(), time.process_time()
        times[name] = (now_wall - wall, now_cpu - cpu)
        wall, cpu = now_wall, now_cpu

    diagnostic = load_diagnostic(level, code)
    lap("lecture")
    drawn = figures(diagnostic, "offers_published")
    lap("graphiques")
    html = render_to_string(
        "diagnostics/report.html", {"diagnostic": diagnostic, "figures": drawn, "definitions": DEFINITIONS}
    )
    lap("gabarit")
    document = weasyprint.HTML(string=html).render()
    lap("mise en page")
    pdf = document.write_pdf()
    lap("écriture")
    return times, len(document.pages), len(pdf)


def cold_start() -> tuple[float, float]:
    """Seconds for a fresh interpreter to import WeasyPrint + matplotlib and lay out a one-line page."""
    code = (
        "import time; t=time.perf_counter(); import weasyprint, matplotlib.pyplot; "
        "weasyprint.HTML(string='<p>x</p>').write_pdf(); print(time.perf_counter()-t)"
    )
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    return float(out.stdout.strip().splitlines()[-1]), time.perf_counter() - start


def page_time(level: str, code: str, runs: int) -> float:
    from django.test import Client

    from emploi_territoires.accounts.models import User

    user = User.objects.filter(is_staff=True).first()
    client = Client()
    client.force_login(user)
    url = f"/territoires/diagnostic/{level}/{code}"
    client.get(url, HTTP_HOST="localhost")  # warm
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url, HTTP_HOST="localhost")
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--territory", action="append", help="niveau:code (répétable)")
    args = parser.parse_args()
    setup()
    territories = [t.split(":", 1) for t in (args.territory or DEFAULT_TERRITORIES)]
    first_wall = None
    for level, code in territories:
        runs = [one_run(level, code) for _ in range(args.runs + (1 if first_wall is None else 0))]
        if first_wall is None:
            # The very first run of the process pays the imports and the fonts: reported apart.
            first_wall = sum(wall for wall, _ in runs[0][0].values())
            runs = runs[1:]
        pages, size = runs[-1][1], runs[-1][2]
        walls = {s: statistics.median(r[0][s][0] for r in runs) for s in STEPS}
        cpus = {s: statistics.median(r[0][s][1] for r in runs) for s in STEPS}
        detail = ", ".join(f"{s} {walls[s]:.2f} s ({cpus[s]:.2f} s CPU)" for s in STEPS)
        print(
            f"{level} {code}: {pages} pages, {size // 1024} Ko — total {sum(walls.values()):.2f} s "
            f"({sum(cpus.values()):.2f} s CPU) — {detail}"
        )
    print(f"premier rapport du processus (imports, polices, graphiques) : {first_wall:.2f} s")
    inside, outside = cold_start()
    print(f"démarrage à froid d'un processus (import de WeasyPrint et matplotlib, une page) : {inside:.2f} s "
          f"({outside:.2f} s avec l'interpréteur)")  # fmt: skip
    level, code = territories[0]
    median_ms = page_time(level, code, 10) * 1000
    print(f"page du diagnostic {level} {code} (sans le PDF) : médiane {median_ms:.0f} ms sur 10")


if __name__ == "__main__":
    main()
