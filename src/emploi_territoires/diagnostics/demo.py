"""Demo: compute the diagnostic aggregates once the demo data is loaded (call it last in load_demo)."""

from __future__ import annotations

from . import aggregates


def load_demo_diagnostics() -> int:
    """Full refresh of every territory's aggregates; idempotent (replaces them). Returns how many."""
    return aggregates.refresh_all()
