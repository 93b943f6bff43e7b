"""Run an impact study on a panel file, without the web layer.

    manage.py impact_study PANEL.csv --unit codgeo --time annee --outcome emploi \
        --treatment-start debut_pvd --estimator cs [--control never|notyet] [--covariates a,b] \
        [--match exact:departement,taille:population] [--match nearest:densite,pre_outcome --neighbours 2] \
        --out RESULT.json

Writes RESULT.json (estimates with standard errors, data hash, library versions) and prints a short
French summary. A file or design the engine cannot use gets a French message on stderr and exit
code 2. The same file and options give the same numbers (fixed seeds).
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from emploi_territoires.evaluation.impact.comparison import match_columns, parse_match
from emploi_territoires.evaluation.impact.errors import ComparisonError, EstimationError, PanelError
from emploi_territoires.evaluation.impact.estimators import estimate
from emploi_territoires.evaluation.impact.panel import load_panel, read_table
from emploi_territoires.evaluation.impact.results import CONTROLS, ESTIMATORS, StudyParams
from emploi_territoires.evaluation.impact.summary import summary_text

BAD_INPUT = 2


class Command(BaseCommand):
    help = "Estime l'effet d'un programme sur un panel (CSV ou XLSX) et écrit le résultat en JSON."

    def add_arguments(self, parser):
        parser.add_argument("panel", help="fichier CSV ou XLSX, une ligne par unité et par période")
        parser.add_argument("--unit", required=True, help="colonne du code de l'unité (commune, EPCI…)")
        parser.add_argument("--time", required=True, help="colonne de la période (année)")
        parser.add_argument("--outcome", required=True, help="colonne de l'indicateur étudié")
        parser.add_argument(
            "--treatment-start", required=True, help="colonne de la première période traitée (vide ou 0 : jamais)"
        )
        parser.add_argument("--estimator", required=True, choices=ESTIMATORS)
        parser.add_argument("--control", default="never", choices=CONTROLS)
        parser.add_argument("--covariates", default="", help="colonnes séparées par des virgules")
        parser.add_argument(
            "--match",
            action="append",
            default=[],
            help="restreint les unités de comparaison : exact:COL1,COL2 (taille:COL pour la classe de population) "
            "ou nearest:COL1,COL2 (pre_outcome : moyenne de l'indicateur avant traitement) ; répétable",
        )
        parser.add_argument("--neighbours", type=int, default=1, help="voisins par unité traitée (nearest)")
        parser.add_argument("--out", required=True, help="fichier JSON du résultat")

    def handle(self, *args, **options):
        covariates = tuple(c.strip() for c in options["covariates"].split(",") if c.strip())
        try:
            spec = parse_match(options["match"], options["neighbours"])
            table = read_table(options["panel"])
            panel = load_panel(
                table,
                unit=options["unit"],
                time=options["time"],
                outcome=options["outcome"],
                treatment_start=options["treatment_start"],
                # The matching columns are loaded (and checked numeric) but only --covariates enter the model.
                covariates=tuple(dict.fromkeys((*covariates, *match_columns(spec)))),
            )
            params = StudyParams(
                estimator=options["estimator"],
                control=options["control"],
                covariates=covariates,
                match_exact=spec.exact,
                match_nearest=spec.nearest,
                neighbours=spec.neighbours,
            )
            result = estimate(panel, params)
        except (PanelError, EstimationError, ComparisonError) as exc:
            self.stderr.write(f"Erreur : {exc}")
            sys.exit(BAD_INPUT)
        except ValueError as exc:
            # The library's own refusals (degenerate designs) are in English: say so plainly.
            self.stderr.write(f"Erreur : l'estimation a échoué sur ces données ({exc}).")
            sys.exit(BAD_INPUT)

        document = result.to_dict()
        Path(options["out"]).write_text(result.to_json() + "\n", encoding="utf-8")
        if not panel.is_balanced:
            self.stderr.write(
                f"Attention : panel incomplet, {len(panel.missing_periods)} unités n'ont pas toutes les périodes "
                f"(détail dans {options['out']}, rubrique panel.missing_periods)."
            )
        text = summary_text(document)
        self.stdout.write(text["headline"])
        for line in text["meaning"]:
            self.stdout.write(f"- {line}")
        self.stdout.write(f"Résultat écrit dans {options['out']} (empreinte des données {result.data_hash[:12]}…).")
