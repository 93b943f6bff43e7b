"""Cost of the drafting assistant on crafted bodies: `POST /api/v1/offers/analyse` is public.

For each body of `tests/offers/test_assistant_cost.py` (an ordinary offer, then texts that stress
one costly rule each), at the largest size the API accepts (TOTAL_TEXT_MAX characters), prints the
function calls per character (the figure the test bounds, independent of the machine) and the CPU
time of one analysis (for reading, never asserted).

    python bench/analyse_cost.py

Before issue 20, 2,000 distinct made-up acronyms cost several seconds of CPU per request (each one
re-read its whole field); now every body stays within a small multiple of an ordinary offer.
"""

from __future__ import annotations

import datetime
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emploi_territoires.settings")

import django  # noqa: E402

django.setup()

from tests.offers.test_assistant_cost import TEXT_FIELDS, count_calls, crafted_bodies, draft_of  # noqa: E402

from emploi_territoires.offers.assistant.analysis import AnalysisContext, analyse  # noqa: E402


def main() -> None:
    context = AnalysisContext(today=datetime.date(2026, 6, 15))
    print(f"{'corps':22s} {'caractères':>10s} {'appels/car.':>12s} {'CPU (s)':>8s}")
    for name, text in crafted_bodies().items():
        draft = draft_of(text)
        chars = len(draft.title) + sum(len(getattr(draft, field)) for field in TEXT_FIELDS)
        calls = count_calls(draft)
        started = time.process_time()
        analyse(draft, context)
        print(f"{name:22s} {chars:>10d} {calls / chars:>12.1f} {time.process_time() - started:>8.2f}")


if __name__ == "__main__":
    main()
