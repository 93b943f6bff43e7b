"""The result of an impact study: plain data, serialised to a reproducible JSON document."""

from __future__ import annotations

import json
import math
import platform
from dataclasses import asdict, dataclass, field
from importlib import metadata
from typing import Any

ESTIMATORS = ("twfe", "cs", "sc", "sdid")
CONTROLS = ("never", "notyet")
RESULT_FORMAT = 1

_VERSIONED = ("diff-diff", "numpy", "pandas", "scipy")


@dataclass(frozen=True)
class StudyParams:
    estimator: str
    control: str = "never"
    covariates: tuple[str, ...] = ()
    alpha: float = 0.05
    # Fixed seed: placebo and jackknife draws are part of the result, so a rerun must redraw the same.
    seed: int = 20210101
    placebo_reps: int = 200
    # Restriction of the comparison group (see comparison.py): exact cells and nearest neighbours.
    match_exact: tuple[str, ...] = ()
    match_nearest: tuple[str, ...] = ()
    neighbours: int = 1

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for name in ("covariates", "match_exact", "match_nearest"):
            data[name] = list(getattr(self, name))
        return data


@dataclass
class StudyResult:
    params: StudyParams
    data_hash: str
    panel: dict[str, Any]
    estimates: dict[str, Any]
    diagnostics: dict[str, Any] = field(default_factory=dict)
    versions: dict[str, Any] = field(default_factory=dict)
    columns: dict[str, Any] = field(default_factory=dict)
    comparison: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        document = {
            "format": RESULT_FORMAT,
            "estimator": self.params.estimator,
            "parameters": self.params.to_dict(),
            "columns": self.columns,
            "data_hash": self.data_hash,
            "panel": self.panel,
            "estimates": _clean(self.estimates),
            "diagnostics": _clean(self.diagnostics),
            "versions": self.versions,
        }
        if self.comparison:
            # Only when the comparison group was restricted, so earlier results keep their exact shape.
            document["comparison"] = _clean(self.comparison)
        return document

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False)


def library_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in _VERSIONED:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "absent"
    return versions


def _clean(value: Any) -> Any:
    """JSON-safe copy: numpy scalars to Python, NaN/inf to None (JSON has no NaN)."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
