"""Demo targets so the indicators dashboard shows target against actual (called from demo.loader.load_demo)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from .models import IndicatorTarget

# (level, code): Clamecy (a Petite ville de demain of the demo), its EPCI, the Nièvre, the PVD programme.
DEMO_TERRITORIES = [("commune", "58079"), ("epci", "200067429"), ("departement", "58"), ("programme", "pvd")]
DEMO_TARGETS = {
    "offers_published": 40,
    "offers_filled": 25,
    "offers_assistant": 30,
    "leads_recruited": 3,
    "jobdating_hires": 10,
    "pairs_started": 12,
    "needs_declared": 20,
}
# Larger territories get larger targets (commune < EPCI < département < programme).
SCALE = {"commune": 1, "epci": 2, "departement": 4, "programme": 10}


@transaction.atomic
def load_demo_targets(year: int | None = None) -> int:
    """Create or update the demo targets of `year` (the current year by default); idempotent. Returns their count."""
    year = year or timezone.localdate().year
    count = 0
    for level, code in DEMO_TERRITORIES:
        for indicator, base in DEMO_TARGETS.items():
            IndicatorTarget.objects.update_or_create(
                indicator=indicator,
                level=level,
                code=code,
                year=year,
                defaults={"target": Decimal(base * SCALE[level])},
            )
            count += 1
    return count
