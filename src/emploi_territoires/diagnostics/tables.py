"""The diagnostic's tables, once: shown on the page, exported as CSV/XLSX, printed in the PDF.

Each column is one territory (the territory, its département, France): `columns` are objects
with `.title` and `.payload` (None when that aggregate is missing).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from emploi_territoires.accounts.models import Organisation
from emploi_territoires.applications.situations import SITUATIONS
from emploi_territoires.core import formats
from emploi_territoires.territories.models import Programme

from .aggregates import CARTOGRAM_INDICATORS


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[Any]]
    numeric_from: int = 1  # first column holding numbers (right-aligned on the page)

    @property
    def display_rows(self) -> list[list[str]]:
        """Rows as French text: 12 345, 66,7, and "—" for a value that cannot be computed."""
        return [[display(value) for value in row] for row in self.rows]


def display(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, float) and not value.is_integer():
        return formats.number(value, 2, trim=True)
    return formats.number(int(value))


def _pct(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


SUMMARY = [
    ("Population (habitants)", lambda p: p["population"]),
    ("Communes", lambda p: p["communes"]),
    ("Organisations inscrites", lambda p: p["organisations_total"]),
    ("Offres publiées sur la période", lambda p: p["offers"]["published"]),
    ("Offres en ligne au moment du calcul", lambda p: p["offers"]["open"]),
    ("Offres pourvues sur la période", lambda p: p["offers"]["filled"]),
    ("Offres expirées sur la période", lambda p: p["offers"]["expired"]),
    ("Taux de pourvoi (%)", lambda p: _pct(p["fill_rate"])),
    ("Délai médian de pourvoi (jours)", lambda p: p["median_time_to_fill"]),
    ("Candidatures par offre", lambda p: _round(p["applications_per_offer"])),
    ("Besoins déclarés (personnes)", lambda p: p["needs_total"]),
    ("Part des besoins jugés difficiles (%)", lambda p: _pct(p["needs_difficult_share"])),
    ("Candidats disponibles à 30 km", lambda p: p["candidates_total"]),
]
RESULTS = [
    ("Job datings tenus", lambda p: p["jobdating"].get("events", 0)),
    ("Candidats inscrits aux job datings", lambda p: p["jobdating"].get("registered", 0)),
    ("Absents", lambda p: p["jobdating"].get("no_shows", 0)),
    ("Entretiens tenus", lambda p: p["jobdating"].get("interviews_held", 0)),
    ("Embauches déclarées", lambda p: p["jobdating"].get("hires", 0)),
    ("Programmes de mentorat", lambda p: p["mentoring"].get("programmes", 0)),
    ("Binômes de mentorat commencés", lambda p: p["mentoring"].get("pairs_started", 0)),
    ("Binômes terminés", lambda p: p["mentoring"].get("pairs_ended", 0)),
    ("Part des mentorés en emploi ou formation à la fin (%)", lambda p: _pct(p["mentoring_job_or_training_share"])),
]


# Individual support (issue 15): people followed, by declared public. Sensitive (RQTH, RSA…): a count
# from 1 to 4 is written « < 5 » (statistical secrecy, evaluation.indicators_followup.protect).
FOLLOWUP = [
    ("Personnes accompagnées", "people"),
    ("dont ayant candidaté", "with_application"),
    ("dont reçues en entretien", "interviewed"),
    ("dont en emploi", "hired"),
    ("dont en mentorat", "in_mentoring"),
]


def _secret(value: int | None) -> int | str | None:
    return "< 5" if isinstance(value, int) and 0 < value < 5 else value


def _followup_rows(columns) -> list[list[Any]]:
    def cells(get) -> list[int | str | None]:
        return [_secret(get(c.payload.get("followup") or {})) if c.payload else None for c in columns]

    rows = [[label, *cells(lambda f, k=key: f.get(k, 0))] for label, key in FOLLOWUP]
    for code, label in SITUATIONS.items():
        rows.append([f"Public : {label}", *cells(lambda f, k=code: f.get("by_situation", {}).get(k, 0))])
    return rows


def _by_key(columns, title: str, first: str, get, labels: dict[str, str] | None = None) -> Table:
    keys: list[str] = []
    for column in columns:
        for key in get(column.payload) if column.payload else {}:
            if key not in keys:
                keys.append(key)
    rows = [
        [(labels or {}).get(key, key)]
        + [(get(column.payload).get(key, 0) if column.payload else None) for column in columns]
        for key in keys
    ]
    return Table(title, [first, *[column.title for column in columns]], rows)


def build_tables(columns, cartogram: dict | None) -> dict[str, Table]:
    main = columns[0].payload
    tables = {
        "synthese": Table(
            "Synthèse",
            ["Indicateur", *[column.title for column in columns]],
            [[label, *[get(c.payload) if c.payload else None for c in columns]] for label, get in SUMMARY],
        ),
        "resultats": Table(
            "Job datings et mentorat",
            ["Indicateur", *[column.title for column in columns]],
            [[label, *[get(c.payload) if c.payload else None for c in columns]] for label, get in RESULTS],
        ),
        "accompagnement": Table(
            "Accompagnement individuel (personnes suivies sur la période)",
            ["Indicateur", *[column.title for column in columns]],
            _followup_rows(columns),
        ),
        "organisations": _by_key(
            columns, "Organisations par type", "Type", lambda p: p["organisations"], dict(Organisation.Kind.choices)
        ),
        "programmes": _by_key(
            columns, "Programmes (communes concernées)", "Programme", lambda p: p["programmes"], dict(Programme.choices)
        ),
        "besoins": _by_key(
            columns, "Besoins déclarés par famille de métiers", "Famille", lambda p: p["needs_by_family"]
        ),
        "tension": Table(
            "Tension par métier",
            ["Code ROME", "Métier", "Besoins déclarés", "Offres ouvertes", "Candidats à 30 km", "Indice de tension"],
            [
                [r["code"], r["label"], r["needs"], r["open_offers"], r["candidates"], r["tension"]]
                for r in main["tension"]
            ],
            numeric_from=2,
        ),
        "candidats": Table(
            "Candidats disponibles à 30 km par métier recherché",
            ["Code ROME", "Métier", "Candidats"],
            [[r["code"], r["label"], r["candidates"]] for r in main["candidates_top"]],
            numeric_from=2,
        ),
    }
    if cartogram:
        tables["departements"] = Table(
            "Indicateurs par département",
            ["Code", "Département", *[label for label, _, _ in CARTOGRAM_INDICATORS.values()]],
            [
                [code, cartogram["names"].get(code, code)]
                + [cartogram["values"][key].get(code) for key in CARTOGRAM_INDICATORS]
                for code in sorted(cartogram["names"])
            ],
            numeric_from=2,
        )
    return tables
