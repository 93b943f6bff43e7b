"""Matching benchmark: top 50 candidates for an offer and top 50 offers for a candidate.

Generates 100,000 candidates and 10,000 published offers (seeded, in memory, no database):
- communes drawn weighted by population from the committed COG copy
  (territories/data/cog/communes.csv) with the registry coordinates (coordinates_registry.csv);
- occupations from the committed ROME copy (offers/data/rome.json), skills from a vocabulary per
  ROME domain (first letter), each family (first 3 characters) using its own subset;
- offers: a ROME title, missions that mention some of the family's skills among generic
  sentences, public category for public employers, start date 15–120 days ahead, remote mix
  55/40/5 (none/partial/full) as the offer generator;
- candidates: radius 10–100 km, 1–2 wanted occupations, a noisy subset of their skills,
  experience, diploma level, availability, remote preference, visibility (80 % "territories":
  their own département, sometimes a second one; 20 % private).

Then builds the in-memory `MatchingIndex` (the web's scoring path) and measures, over 200 random
offers and 200 random candidates (warm, one run each), the latency of the top 50 with their
explanations: p50 / p95 / max.

Quality: every generated person and offer carries hidden "true" variables the scorer never sees
(the candidate's real occupation and real skills, of which the profile lists a noisy part; the
offer's required skills, of which the text mentions some; the distance the person would really
travel; the real availability). A pair is a true fit when the real occupations share a ROME
family, at least 2 required skills are real skills of the person, the distance is within what
they would really travel (or the job is full remote and they accept it), they are available
within 30 days of the start, and their diploma is at most one level below the category's.
Precision@10 is measured on 200 offers and 200 candidates whose reachable pool holds at least 10
(the same pool for every method), against a random pick and a distance-only ranking.

Quality on a hand-labelled sample (bench/data/matching/, see its README): 48 realistic offers and
48 realistic profiles of the Nièvre and its neighbours, and the pairs a person graded relevant by
hand. For each offer (and each profile) with at least one relevant item in reach, precision@10 of
the ranking against the hand grading, for the baseline (the scoring before issue 19: occupation
30 points of 100, no occupation filter, recomputed from the same criteria) and the current scoring.

    python bench/matching.py                          # 100,000 candidates, 10,000 offers
    python bench/matching.py --candidates 20000 --offers 2000 --queries 100
    python bench/matching.py --sample-only            # only the hand-labelled sample
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import math
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
PACKAGE = ROOT / "src" / "emploi_territoires"
COG = PACKAGE / "territories" / "data" / "cog"
ROME = PACKAGE / "offers" / "data" / "rome.json"
SAMPLE = ROOT / "bench" / "data" / "matching"
TODAY = datetime.date(2026, 3, 2)

# Skills per ROME domain (first letter of the code). A family draws its own subset.
DOMAIN_SKILLS = {
    "A": "conduite d'engins agricoles, entretien des espaces verts, taille des arbres, gestion forestière, "
    "élevage, maraîchage, irrigation, agriculture biologique, élagage, débroussaillage, soins aux animaux, "
    "protection de l'environnement",
    "B": "restauration du patrimoine, ébénisterie, travail du métal, céramique, reliure, vitrail, dorure, "
    "taille de pierre, couture, bijouterie, lutherie, conservation des œuvres",
    "C": "analyse financière, gestion de patrimoine, conseil clientèle, crédit immobilier, assurance habitation, "
    "gestion locative, transaction immobilière, conformité bancaire, recouvrement, souscription, "
    "expertise sinistre, syndic de copropriété",
    "D": "vente en magasin, merchandising, gestion des stocks, encaissement, relation client, animation commerciale, "
    "prospection, négociation commerciale, commerce de proximité, e-commerce, boucherie, boulangerie",
    "E": "rédaction web, communication numérique, réseaux sociaux, relations presse, graphisme, photographie, "
    "montage vidéo, plan de communication, événementiel, mise en page, community management, "
    "stratégie de marque",
    "F": "maçonnerie, conduite de travaux, métré, lecture de plans, électricité du bâtiment, plomberie, "
    "charpente, couverture, génie civil, rénovation énergétique, voirie et réseaux divers, topographie",
    "G": "accueil touristique, cuisine traditionnelle, service en salle, hébergement, réservation, "
    "animation touristique, hygiène alimentaire, œnologie, réception hôtelière, promotion du territoire, "
    "gestion de restaurant, pâtisserie",
    "H": "conduite de ligne, usinage, soudure, contrôle qualité, maintenance préventive, lean management, "
    "amélioration continue, production industrielle, chaudronnerie, plasturgie, automatisme, sécurité au travail",
    "I": "maintenance électrique, dépannage, installation de chauffage, climatisation, mécanique automobile, "
    "électronique, réseaux de télécommunication, maintenance des bâtiments, hydraulique, diagnostic de pannes, "
    "ascenseurs, froid industriel",
    "J": "soins infirmiers, aide-soignant, accompagnement des personnes âgées, pharmacie, rééducation, "
    "secrétariat médical, prévention santé, petite enfance, hygiène hospitalière, psychologie, "
    "imagerie médicale, coordination des soins",
    "K": "développement local, aménagement du territoire, urbanisme, revitalisation des centres-villes, "
    "politique de la ville, accompagnement social, insertion professionnelle, animation socioculturelle, "
    "marchés publics, montage de subventions, concertation citoyenne, commerce de proximité, habitat, "
    "transition écologique, médiation, formation des adultes, sécurité publique, entretien des locaux",
    "L": "régie son, éclairage scénique, programmation culturelle, production de spectacles, mise en scène, "
    "danse, chant, technique de plateau, billetterie, médiation culturelle, costumes, accueil des artistes",
    "M": "comptabilité, paie, gestion des ressources humaines, recrutement, contrôle de gestion, droit public, "
    "finances locales, secrétariat, développement web, administration système, gestion de projet, "
    "analyse de données, achats, juridique, assistanat de direction, systèmes d'information",
    "N": "conduite de poids lourds, logistique, gestion d'entrepôt, transport de voyageurs, préparation de commandes, "
    "cariste, planification des tournées, transport scolaire, mobilité durable, douane, "
    "affrètement, gestion de flotte",
}
GENERIC_SKILLS = ["bureautique", "travail en équipe", "anglais", "permis B", "autonomie", "rédaction de rapports"]
FILLERS = [
    "Vous rejoignez une équipe à taille humaine, au service des habitants.",
    "Rattaché·e à la direction, vous travaillez en lien avec les élus et les partenaires.",
    "Le poste est basé à {commune}.",
    "Vous participez aux réunions d'équipe et au suivi des tableaux de bord.",
    "Notre structure se développe et recrute pour accompagner sa croissance.",
    "Vous êtes à l'aise avec les outils bureautiques.",
    "Rigueur, autonomie et sens du contact sont attendus.",
    "Une formation est assurée à la prise de poste.",
]
SKILL_SENTENCES = [
    "Vous assurez {s}.",
    "Vous prenez en charge {s} au quotidien.",
    "Une expérience en {s} est attendue.",
    "Vous maîtrisez {s}.",
    "Vous contribuez à {s} sur le territoire.",
]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


@dataclass
class Truth:
    """Hidden variables: never given to the scorer."""

    code: str
    skills: frozenset[str]
    max_km: float = 0.0
    available: datetime.date | None = None
    diploma: int = 0


def load_communes() -> list[tuple[str, str, str, int, float, float]]:
    coordinates: dict[str, tuple[float, float]] = {}
    with (COG / "coordinates_registry.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            coordinates[row["insee_com"]] = (float(row["lat"]), float(row["lon"]))
    communes = []
    with (COG / "communes.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["code"] in coordinates:
                lat, lon = coordinates[row["code"]]
                communes.append((row["code"], row["name"], row["departement"], int(row["population"] or 0), lat, lon))
    return communes


def generate(n_candidates: int, n_offers: int, seed: int):
    from emploi_territoires.applications.matching.features import CandidateFeatures, OfferFeatures
    from emploi_territoires.offers.offer_generator import title_from_rome

    rng = random.Random(seed)
    communes = load_communes()
    weights = [max(c[3], 50) ** 0.8 for c in communes]
    departements = sorted({c[2] for c in communes})
    occupations = json.loads(ROME.read_text(encoding="utf-8"))["occupations"]
    labels = {o["code"]: o["label"] for o in occupations}
    codes = sorted(labels)
    by_family: dict[str, list[str]] = {}
    for code in codes:
        by_family.setdefault(code[:3], []).append(code)
    family_skills: dict[str, list[str]] = {}
    for family in sorted(by_family):
        vocabulary = [s.strip() for s in DOMAIN_SKILLS[family[0]].split(",")]
        family_skills[family] = rng.sample(vocabulary, min(7, len(vocabulary)))
    all_skills = sorted({s for v in family_skills.values() for s in v})
    # Demand and supply concentrate on some occupations (Zipf-like over a shuffled ROME list),
    # the same for offers and candidates, as on a real labour market.
    popular = rng.sample(codes, len(codes))
    code_weights = [1 / (rank + 10) for rank in range(len(popular))]

    def pick_code() -> str:
        return rng.choices(popular, weights=code_weights)[0]

    offers, offer_truth = [], {}
    for i, commune in enumerate(rng.choices(communes, weights=weights, k=n_offers)):
        code = pick_code()
        required = rng.sample(family_skills[code[:3]], 4)
        mentioned = required[: rng.randint(2, 4)] + rng.sample(family_skills[code[:3]], 1)
        sentences = [rng.choice(SKILL_SENTENCES).format(s=s) for s in dict.fromkeys(mentioned)]
        sentences += [f.format(commune=commune[1]) for f in rng.sample(FILLERS, rng.randint(3, 6))]
        rng.shuffle(sentences)
        public = rng.random() < 0.5
        start = TODAY + datetime.timedelta(days=rng.randint(15, 120))
        offer = OfferFeatures(
            id=i + 1,
            commune_code=commune[0],
            latitude=commune[4],
            longitude=commune[5],
            departement=commune[2],
            remote=rng.choices(["none", "partial", "full"], weights=[55, 40, 5])[0],
            occupation_code=code,
            public_category=rng.choice("ABC") if public else "",
            start_date=start,
            text=" ".join(sentences),
            title=title_from_rome(labels[code]),
            reference=f"B{i + 1:07d}",
        )
        offers.append(offer)
        offer_truth[offer.id] = Truth(code=code, skills=frozenset(required))

    candidates, candidate_truth = [], {}
    for i, commune in enumerate(rng.choices(communes, weights=weights, k=n_candidates)):
        code = pick_code()
        family = by_family[code[:3]]
        draw = rng.random()
        if draw < 0.6:
            wanted = [code]
        elif draw < 0.85:
            wanted = [rng.choice(family)]
        else:
            wanted = [code, rng.choice(codes)]
        real_skills = rng.sample(family_skills[code[:3]], 5)
        listed = [s for s in real_skills if rng.random() < 0.7]
        listed += rng.sample(all_skills, rng.randint(0, 2)) + rng.sample(GENERIC_SKILLS, rng.randint(0, 2))
        radius = rng.choices([10, 20, 30, 50, 100], weights=[15, 25, 30, 20, 10])[0]
        available = TODAY + datetime.timedelta(days=rng.randint(-60, 150)) if rng.random() < 0.8 else None
        diploma = rng.choices([3, 4, 5, 6, 7, 8], weights=[15, 20, 20, 20, 20, 5])[0]
        visible = rng.random() < 0.8
        seen = {commune[2]} | ({rng.choice(departements)} if rng.random() < 0.3 else set())
        headline = title_from_rome(labels[wanted[0]]).removesuffix(" (F/H)")
        summary = f"Expérience en {', '.join(listed[:3])}." if listed else ""
        candidate = CandidateFeatures(
            id=i + 1,
            commune_code=commune[0],
            latitude=commune[4],
            longitude=commune[5],
            radius_km=radius,
            occupations=tuple(dict.fromkeys(wanted)),
            skills=tuple(dict.fromkeys(listed)),
            experience_years=rng.choice([0, 0, 1, 2, 3, 5, 8, 12, 20]),
            diploma_level=diploma if rng.random() < 0.9 else None,
            available_from=available,
            remote_preference=rng.choices(["any", "none", "partial", "full"], weights=[40, 25, 30, 5])[0],
            visibility="territories" if visible else "private",
            visible_departements=frozenset(seen) if visible else frozenset(),
            text=f"{headline} {' '.join(labels[w] for w in wanted)} {summary}",
            headline=headline,
        )
        candidates.append(candidate)
        candidate_truth[candidate.id] = Truth(
            code=code,
            skills=frozenset(real_skills),
            max_km=radius * math.exp(rng.gauss(0, 0.3)),
            available=available,
            diploma=diploma,
        )
    return candidates, offers, candidate_truth, offer_truth


def true_fit(c, o, distance: float, ct: Truth, ot: Truth) -> bool:
    from emploi_territoires.applications.matching import scoring

    if ct.code[:3] != ot.code[:3] or len(ct.skills & ot.skills) < 2:
        return False
    if not (o.is_full_remote and c.accepts_remote) and not distance <= ct.max_km:
        return False
    if ct.available is not None and o.start_date is not None and ct.available > o.start_date + datetime.timedelta(30):
        return False
    expected = scoring.CATEGORY_LEVEL.get(o.public_category)
    return expected is None or ct.diploma >= expected - 1


# --- the hand-labelled sample -------------------------------------------------------------------

# A profile of the sample shows itself to the recruiters of its département and of the neighbouring
# ones of the sample's area (what "visible des recruteurs des territoires que je choisis" gives).
SAMPLE_NEIGHBOURS = {
    "58": {"58", "18", "03", "89", "71"},
    "18": {"18", "58", "03"},
    "03": {"03", "58", "18", "71"},
    "71": {"71", "58", "03", "89"},
    "89": {"89", "58", "71"},
}
# The scoring before issue 19 (commit c69e4e2): weights out of 100, occupation 1 / 0.5 (same first
# three characters) / 0, and no occupation filter. Recomputed from the criteria's fractions, which
# did not change.
BASELINE_WEIGHTS = {
    "occupation": 30,
    "skills": 20,
    "distance": 15,
    "availability": 10,
    "level": 10,
    "text": 10,
    "remote": 5,
}


def load_sample():
    from emploi_territoires.applications.matching.features import CandidateFeatures, OfferFeatures

    places: dict[str, tuple[str, float, float]] = {}
    coordinates: dict[str, tuple[float, float]] = {}
    with (COG / "coordinates_registry.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            coordinates[row["insee_com"]] = (float(row["lat"]), float(row["lon"]))
    with (COG / "communes.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["code"] in coordinates:
                places[row["code"]] = (row["departement"], *coordinates[row["code"]])

    def days(value: str) -> datetime.date | None:
        return TODAY + datetime.timedelta(days=int(value)) if value and int(value) > 0 else None

    offers = []
    with (SAMPLE / "offers.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            departement, lat, lon = places[row["commune"]]
            offers.append(
                OfferFeatures(
                    id=int(row["id"]),
                    commune_code=row["commune"],
                    latitude=lat,
                    longitude=lon,
                    departement=departement,
                    remote=row["remote"],
                    occupation_code=row["rome"],
                    public_category=row["public_category"],
                    start_date=days(row["start_in_days"]),
                    title=row["title"],
                    text=row["text"],
                )
            )
    candidates = []
    with (SAMPLE / "profiles.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            departement, lat, lon = places[row["commune"]]
            candidates.append(
                CandidateFeatures(
                    id=int(row["id"]),
                    commune_code=row["commune"],
                    latitude=lat,
                    longitude=lon,
                    radius_km=int(row["radius_km"]),
                    occupations=tuple(row["occupations"].split()),
                    skills=tuple(s.strip() for s in row["skills"].split(";") if s.strip()),
                    experience_years=int(row["experience_years"]),
                    diploma_level=int(row["diploma_level"]) if row["diploma_level"] else None,
                    available_from=days(row["available_in_days"]),
                    remote_preference=row["remote_preference"],
                    visibility="territories",
                    visible_departements=frozenset(SAMPLE_NEIGHBOURS[departement]),
                    text=f"{row['headline']} {row['summary']}",
                    headline=row["headline"],
                )
            )
    relevant: dict[tuple[int, int], int] = {}
    with (SAMPLE / "judgements.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            relevant[(int(row["profile_id"]), int(row["offer_id"]))] = int(row["grade"])
    return candidates, offers, relevant


def baseline_total(match) -> float:
    """The total the scoring before issue 19 gave this pair (see BASELINE_WEIGHTS)."""
    total = 0.0
    for criterion in match.criteria:
        if criterion.key == "occupation":
            continue
        total += BASELINE_WEIGHTS[criterion.key] * criterion.fraction
    return total


def baseline_occupation(candidate_codes: tuple[str, ...], offer_code: str) -> float:
    if offer_code and offer_code in candidate_codes:
        return 1.0
    if offer_code and any(c[:3] == offer_code[:3] for c in candidate_codes):
        return 0.5
    return 0.0


def sample_quality() -> None:
    """Precision@10 against the hand grading, before (baseline) and after issue 19."""
    from emploi_territoires.applications.matching import scoring, textsim
    from emploi_territoires.applications.matching.index import MatchingIndex

    candidates, offers, relevant = load_sample()
    model = textsim.build_text_model(o.tokens for o in offers)
    index = MatchingIndex(candidates, offers, model, TODAY)
    vectors = {("c", c.id): model.vector(c.tokens) for c in candidates} | {
        ("o", o.id): model.vector(o.tokens) for o in offers
    }

    def pair_score(c, o):
        return scoring.score_pair(
            c, o, today=TODAY, candidate_vector=vectors[("c", c.id)], offer_vector=vectors[("o", o.id)]
        )

    def baseline(c, o) -> float:
        match = pair_score(c, o)
        return baseline_total(match) + BASELINE_WEIGHTS["occupation"] * baseline_occupation(
            c.occupations, o.occupation_code
        )

    # The pool a query ranks under the baseline: in reach and visible (no occupation filter).
    def pool_for_offer(o):
        reachable = (c for c in candidates if scoring.within_reach(c, o, scoring.distance_km(c, o)))
        return [c for c in reachable if scoring.visible_to(c, o)]

    def pool_for_candidate(c):
        return [o for o in offers if scoring.within_reach(c, o, scoring.distance_km(c, o))]

    def measures(ranked: list[tuple[int, int]], good: int, grades: list[int]) -> dict[str, float]:
        """ranked: the top 10 shown (fewer when fewer are proposed); good: relevant pairs in reach;
        grades: the hand grades of the relevant pairs in reach (2 = strong fit, 1 = possible)."""
        hits = [relevant.get(p, 0) for p in ranked]
        ideal = sorted(grades, reverse=True)[:10]
        dcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(hits))
        idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
        found = sum(1 for g in hits if g)
        return {
            "p@10": found / 10,
            "shown precision": found / len(ranked) if ranked else 0.0,
            "found": found / min(10, good),
            "ndcg@10": dcg / idcg,
            "irrelevant first": float(not ranked or not hits[0]),
            "shown": len(ranked),
        }

    rows = []
    for direction in ("offer", "candidate"):
        before_rows: list[dict[str, float]] = []
        after_rows: list[dict[str, float]] = []
        queries = offers if direction == "offer" else candidates
        for q in queries:
            if direction == "offer":
                pool = [(c, q) for c in pool_for_offer(q)]
                current = [(m.candidate_id, m.offer_id) for m in index.top_candidates(q.id, 10)]
            else:
                pool = [(q, o) for o in pool_for_candidate(q)]
                current = [(m.candidate_id, m.offer_id) for m in index.top_offers(q.id, 10)]
            grades = [relevant[(c.id, o.id)] for c, o in pool if (c.id, o.id) in relevant]
            if not grades:
                continue
            # Ties as the index breaks them: by position, i.e. by id here.
            before = sorted(pool, key=lambda p: (-baseline(*p), p[0].id if direction == "offer" else p[1].id))
            before_rows.append(measures([(c.id, o.id) for c, o in before[:10]], len(grades), grades))
            after_rows.append(measures(current, len(grades), grades))
        rows.append(
            (
                direction,
                len(after_rows),
                {k: statistics.mean(r[k] for r in before_rows) for k in before_rows[0]},
                {k: statistics.mean(r[k] for r in after_rows) for k in after_rows[0]},
            )
        )

    print()
    print(
        f"Hand-labelled sample ({len(offers)} offers, {len(candidates)} profiles, {len(relevant)} pairs graded "
        "relevant by hand): bench/data/matching/"
    )
    print("Queries with at least one relevant item in reach; baseline = scoring before issue 19 -> current")
    header = ("precision@10", "of the possible", "of those shown", "nDCG@10", "irrelevant 1st", "shown")
    print(f"{'direction':<22} {'queries':>7} " + " ".join(f"{h:>17}" for h in header))
    for direction, n, before, after in rows:
        name = "offer -> candidates" if direction == "offer" else "candidate -> offers"
        cells = [
            f"{before['p@10']:.3f} -> {after['p@10']:.3f}",
            f"{before['found']:.0%} -> {after['found']:.0%}",
            f"{before['shown precision']:.0%} -> {after['shown precision']:.0%}",
            f"{before['ndcg@10']:.3f} -> {after['ndcg@10']:.3f}",
            f"{before['irrelevant first']:.0%} -> {after['irrelevant first']:.0%}",
            f"{before['shown']:.1f} -> {after['shown']:.1f}",
        ]
        print(f"{name:<22} {n:>7} " + " ".join(f"{c:>17}" for c in cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--offers", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--sample-only", action="store_true", help="only the hand-labelled sample")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emploi_territoires.settings")
    import django

    django.setup()
    if args.sample_only:
        sample_quality()
        return
    import numpy as np

    from emploi_territoires.applications.matching import textsim
    from emploi_territoires.applications.matching.index import MatchingIndex

    t0 = time.perf_counter()
    candidates, offers, candidate_truth, offer_truth = generate(args.candidates, args.offers, args.seed)
    t1 = time.perf_counter()
    model = textsim.build_text_model(o.tokens for o in offers)
    index = MatchingIndex(candidates, offers, model, TODAY)
    t2 = time.perf_counter()
    print(f"Generated {len(candidates):,} candidates and {len(offers):,} offers in {t1 - t0:.1f} s")
    print(f"Index built (text model + arrays + offer x skill matrix) in {t2 - t1:.1f} s")

    rng = random.Random(args.seed + 1)
    offer_queries = rng.sample(offers, args.queries)
    candidate_queries = rng.sample(candidates, args.queries)
    for o in offer_queries[:5]:
        index.top_candidates(o.id, 50)  # warm-up (lazy caches, numpy first calls)

    def timed(fn, items) -> list[float]:
        times = []
        for item in items:
            start = time.perf_counter()
            fn(item)
            times.append((time.perf_counter() - start) * 1000)
        return times

    offer_times = timed(lambda o: index.top_candidates(o.id, 50), offer_queries)
    candidate_times = timed(lambda c: index.top_offers(c.id, 50), candidate_queries)
    pools_o = [len(index.reachable_candidates(index._offer_positions[o.id])[0]) for o in offer_queries]
    pools_c = [len(index.reachable_offers(index._candidate_positions[c.id])[0]) for c in candidate_queries]
    print()
    print(f"Latency over {args.queries} queries each, top 50 with explanations (ms)")
    print(f"{'query':<28} {'p50':>7} {'p95':>7} {'max':>7}   pool in reach (median / max)")
    for name, times, pools in (
        ("offer -> 50 candidates", offer_times, pools_o),
        ("candidate -> 50 offers", candidate_times, pools_c),
    ):
        print(
            f"{name:<28} {statistics.median(times):7.1f} {percentile(times, 95):7.1f} {max(times):7.1f}   "
            f"{statistics.median(pools):,.0f} / {max(pools):,}"
        )

    # --- precision@10 on the hidden ground truth ------------------------------------------------
    def precision(direction: str) -> dict[str, float]:
        sample_rng = random.Random(args.seed + 2)
        pool_items = offers if direction == "offer" else candidates
        order = list(range(len(pool_items)))
        sample_rng.shuffle(order)
        scores = {"score": [], "distance only": [], "random": [], "oracle": [], "base rate": []}
        for position in order:
            if len(scores["score"]) >= args.queries:
                break
            if direction == "offer":
                o = offers[position]
                found, distance = index.reachable_candidates(position)
                pairs = [(index.candidates[p], o, d) for p, d in zip(found, distance, strict=True)]
            else:
                c = candidates[position]
                found, distance = index.reachable_offers(position)
                pairs = [(c, index.offers[p], d) for p, d in zip(found, distance, strict=True)]
            if len(pairs) < 10:
                continue
            labels = {(c.id, o.id): true_fit(c, o, d, candidate_truth[c.id], offer_truth[o.id]) for c, o, d in pairs}
            if direction == "offer":
                ranked = [(m.candidate_id, m.offer_id) for m in index.top_candidates(pairs[0][1].id, 10)]
            else:
                ranked = [(m.candidate_id, m.offer_id) for m in index.top_offers(pairs[0][0].id, 10)]
            nearest = sorted(pairs, key=lambda p: (np.nan_to_num(p[2], nan=0.0), p[0].id, p[1].id))[:10]
            randoms = sample_rng.sample(pairs, 10)
            scores["score"].append(sum(labels[p] for p in ranked) / 10)
            scores["distance only"].append(sum(labels[(c.id, o.id)] for c, o, _ in nearest) / 10)
            scores["random"].append(sum(labels[(c.id, o.id)] for c, o, _ in randoms) / 10)
            scores["base rate"].append(sum(labels.values()) / len(labels))
            # The best any ranking could do: all true fits first (fewer than 10 caps it).
            scores["oracle"].append(min(10, sum(labels.values())) / 10)
        return {k: statistics.mean(v) for k, v in scores.items()} | {"queries": len(scores["score"])}

    print()
    print("Precision@10 on the hidden ground truth (same reachable pool for every method)")
    print(f"{'direction':<28} {'queries':>7} {'score':>7} {'dist.':>7} {'random':>7} {'oracle':>7} {'base rate':>10}")
    for direction, name in (("offer", "offer -> candidates"), ("candidate", "candidate -> offers")):
        p = precision(direction)
        print(
            f"{name:<28} {p['queries']:>7} {p['score']:7.2f} {p['distance only']:7.2f} {p['random']:7.2f} "
            f"{p['oracle']:7.2f} {p['base rate']:10.3f}"
        )
    sample_quality()
    print()
    example = index.top_candidates(offer_queries[0].id, 3)
    print(f"Example: {offer_queries[0].title} ({offer_queries[0].commune_code})")
    for m in example:
        print(f"  candidate {m.candidate_id}: {m.score}/100 — {', '.join(m.reasons)}")


if __name__ == "__main__":
    main()
