"""The assistant's legal rules against a labelled corpus: recall and false alarms per criterion.

    python bench/assistant_legal.py                 # figures, next to the recorded baseline
    python bench/assistant_legal.py --save-baseline # record the current figures as the baseline
    python bench/assistant_legal.py --misses        # also list the sentences the rules get wrong

The corpus (bench/data/assistant_legal/corpus.tsv, see the README there) holds French offer
sentences: forbidden ones, labelled with the criterion of article L1132-1 they break, and
near-misses that must not be flagged. Each sentence is analysed alone, as the "profil" of an
otherwise empty draft (with the contract type its context gives).

- A forbidden sentence is caught when the analysis has an error-level legal finding of its
  criterion (`legal.<criterion>`); errors are what blocks publication.
- A near-miss is a false alarm when the analysis has any error-level legal finding.

Targets (issue 17): recall ≥ 95 %, false alarms ≤ 3 %. The timing lines are for reading only
(per offer: the six offer templates, p50 and p95 of repeated analyses; the first analysis of a
process pays the language pipeline's loading once).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ASSISTANT_LEGAL_SRC: another checkout's src/ (the baseline is measured on the rules of commit 804e04b:
# `git archive 804e04b src | tar -x -C /tmp/base`, then ASSISTANT_LEGAL_SRC=/tmp/base/src … --save-baseline).
sys.path[:0] = [str(ROOT), os.environ.get("ASSISTANT_LEGAL_SRC", str(ROOT / "src"))]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emploi_territoires.settings")

CORPUS = ROOT / "bench" / "data" / "assistant_legal" / "corpus.tsv"
# Sentences written after the rules were tuned on the corpus, with their figures at their first run
# (recall, false alarms): that first run is the honest estimate for wording the rules never saw.
# Their misses were then fixed, so later runs are no longer held-out measures.
EXTRA_SETS = {
    "heldout.tsv": ("68.9 %", "0 %"),
    "unseen.tsv": ("56.5 %", "11.1 %"),
    # Not fixed: its figures stay the current estimate for unseen wording.
    "unseen2.tsv": ("65.0 %", "0 %"),
}
BASELINE = ROOT / "bench" / "data" / "assistant_legal" / "baseline.json"
TARGET_RECALL = 0.95
TARGET_FALSE_ALARMS = 0.03


@dataclass(frozen=True)
class Example:
    line: int
    criterion: str  # "age", "sex"…
    forbidden: bool  # False: a near-miss close to `criterion`
    context: dict[str, str]
    sentence: str


def load_corpus(path: Path = CORPUS) -> list[Example]:
    examples = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        label, context, sentence = raw.split("\t")
        pairs = {} if context == "-" else dict(part.split("=", 1) for part in context.split(";"))
        forbidden = not label.startswith("ok:")
        examples.append(Example(number, label.removeprefix("ok:"), forbidden, pairs, sentence.strip()))
    return examples


def draft_for(example: Example):
    from emploi_territoires.offers.assistant.analysis import OfferDraft

    ctx = example.context
    field = ctx.get("field", "profile")
    return OfferDraft(
        title=ctx.get("title", ""),
        contract_type=ctx.get("contract", "cdd"),
        is_public_employer={"1": True, "0": False}.get(ctx.get("public", "")),
        **{field: example.sentence},
    )


def legal_errors(example: Example) -> set[str]:
    from emploi_territoires.offers.assistant.analysis import AnalysisContext, analyse

    result = analyse(draft_for(example), AnalysisContext(today=datetime.date(2026, 6, 15)))
    # The VTA's scheme conditions (vta.*: duration, hours, pay… of a one-sentence draft) are not wording
    # the law forbids: the corpus measures the discriminatory criteria only.
    return {
        f.rule_id
        for f in result.findings
        if f.category == "legal" and f.severity == "error" and not f.rule_id.startswith("vta.")
    }


def evaluate(examples: list[Example]) -> dict:
    per: dict[str, dict[str, int]] = defaultdict(lambda: {"forbidden": 0, "caught": 0, "near": 0, "alarms": 0})
    misses, alarms = [], []
    for example in examples:
        found = legal_errors(example)
        counts = per[example.criterion]
        if example.forbidden:
            counts["forbidden"] += 1
            if f"legal.{example.criterion}" in found:
                counts["caught"] += 1
            else:
                misses.append((example, found))
        else:
            counts["near"] += 1
            if found:
                counts["alarms"] += 1
                alarms.append((example, found))
    total = {k: sum(c[k] for c in per.values()) for k in ("forbidden", "caught", "near", "alarms")}
    return {"criteria": dict(per), "total": total, "misses": misses, "alarms": alarms}


def _rate(a: int, b: int) -> float | None:
    return a / b if b else None


def _pct(value: float | None) -> str:
    return "   –  " if value is None else f"{100 * value:5.1f}%"


def timing(repeat: int = 30) -> dict[str, float]:
    """Seconds per analysis of the six templates (a real offer's length), after a first cold call."""
    from emploi_territoires.offers.assistant.analysis import AnalysisContext, analyse, draft_from_mapping
    from emploi_territoires.offers.assistant.templates_data import OFFER_TEMPLATES, template_fields

    context = AnalysisContext(today=datetime.date(2026, 6, 15))
    drafts = [draft_from_mapping(template_fields(key)) for key in OFFER_TEMPLATES]
    # The first analysis of a process (it loads the French pipeline when the rules use one).
    started = time.perf_counter()
    analyse(draft_from_mapping({"profile": "Nous recrutons une secrétaire. Vous êtes organisée."}), context)
    cold = time.perf_counter() - started
    samples = []
    for _ in range(repeat):
        for draft in drafts:
            started = time.perf_counter()
            analyse(draft, context)
            samples.append(time.perf_counter() - started)
    samples.sort()
    return {
        "cold_s": cold,
        "p50_ms": 1000 * statistics.median(samples),
        "p95_ms": 1000 * samples[int(0.95 * (len(samples) - 1))],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--save-baseline", action="store_true")
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()

    times = timing()
    examples = load_corpus()
    started = time.perf_counter()
    result = evaluate(examples)
    corpus_seconds = time.perf_counter() - started
    extra = {name: evaluate(load_corpus(CORPUS.parent / name)) for name in EXTRA_SETS}
    figures = {
        "criteria": result["criteria"],
        "total": result["total"],
        "extra": {name: r["total"] for name, r in extra.items()},
        "timing": times | {"corpus_ms_per_sentence": 1000 * corpus_seconds / len(examples)},
    }
    if args.save_baseline:
        BASELINE.write_text(json.dumps(figures, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"Référence enregistrée dans {BASELINE.relative_to(ROOT)}")
    base = json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else None

    total = result["total"]
    print(f"Corpus : {len(examples)} phrases, {total['forbidden']} interdites, {total['near']} quasi-pièges.")
    header = f"{'critère':24s} {'interdites':>10s} {'rappel':>7s} {'(réf.)':>7s}   {'pièges':>6s}"
    print(f"{header} {'fausses alertes':>15s} {'(réf.)':>7s}")
    for name in sorted(result["criteria"]):
        c = result["criteria"][name]
        b = (base or {}).get("criteria", {}).get(name, {"forbidden": 0, "caught": 0, "near": 0, "alarms": 0})
        print(
            f"{name:24s} {c['forbidden']:>10d} {_pct(_rate(c['caught'], c['forbidden']))} "
            f"{_pct(_rate(b['caught'], b['forbidden']))}   {c['near']:>6d} {_pct(_rate(c['alarms'], c['near'])):>15s} "
            f"{_pct(_rate(b['alarms'], b['near']))}"
        )
    recall = _rate(total["caught"], total["forbidden"])
    false_alarms = _rate(total["alarms"], total["near"])
    b = (base or {}).get("total")
    print(
        f"{'ENSEMBLE':24s} {total['forbidden']:>10d} {_pct(recall)} {_pct(b and _rate(b['caught'], b['forbidden']))}   "
        f"{total['near']:>6d} {_pct(false_alarms):>15s} {_pct(b and _rate(b['alarms'], b['near']))}"
    )
    print(
        f"Objectifs : rappel ≥ {TARGET_RECALL:.0%} ({'atteint' if recall >= TARGET_RECALL else 'non atteint'}), "
        f"fausses alertes ≤ {TARGET_FALSE_ALARMS:.0%} "
        f"({'atteint' if false_alarms <= TARGET_FALSE_ALARMS else 'non atteint'})."
    )
    for name, (first_recall, first_alarms) in EXTRA_SETS.items():
        h, hb = extra[name]["total"], (base or {}).get("extra", {}).get(name)
        print(
            f"{name} ({h['forbidden']} interdites, {h['near']} quasi-pièges ; premier passage : rappel {first_recall}, "
            f"fausses alertes {first_alarms}) : rappel {_pct(_rate(h['caught'], h['forbidden']))} "
            f"(réf. {_pct(hb and _rate(hb['caught'], hb['forbidden']))}), fausses alertes "
            f"{_pct(_rate(h['alarms'], h['near']))} (réf. {_pct(hb and _rate(hb['alarms'], hb['near']))})."
        )
    t = figures["timing"]
    print(
        f"Temps par offre (six modèles) : p50 {t['p50_ms']:.1f} ms, p95 {t['p95_ms']:.1f} ms ; "
        f"première analyse du processus {t['cold_s'] * 1000:.0f} ms ; {t['corpus_ms_per_sentence']:.2f} ms par phrase."
    )
    if base:
        bt = base["timing"]
        print(
            f"Référence (règles d'avant) : p50 {bt['p50_ms']:.1f} ms, p95 {bt['p95_ms']:.1f} ms ; "
            f"première analyse {bt['cold_s'] * 1000:.0f} ms ; {bt['corpus_ms_per_sentence']:.2f} ms par phrase."
        )
    if args.misses:
        for example, found in result["misses"] + [m for r in extra.values() for m in r["misses"]]:
            print(f"MANQUÉE   l.{example.line} [{example.criterion}] {example.sentence}  -> {sorted(found) or '∅'}")
        for example, found in result["alarms"] + [a for r in extra.values() for a in r["alarms"]]:
            print(f"ALERTE    l.{example.line} [{example.criterion}] {example.sentence}  -> {sorted(found)}")


if __name__ == "__main__":
    main()
