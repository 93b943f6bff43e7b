"""Build offers.jsonl, the relevance corpus (deterministic: run it again, get the same file).

    .venv/bin/python bench/data/search_relevance/build_corpus.py

Three parts (see README.md):
- every post of the demo catalogue (demo.offers: each employer's jobs, in its commune or the
  commune of the EPCI it names), its text written as the demo writes it (presentation, service,
  programme paragraph, tasks, profile, statutory sentence or hiring, benefits);
- hand-written offers (hand_offers.py): programme leads, VTA, DGS, secrétaires de mairie, and
  look-alikes (chefs de cuisine, chefs d'équipe…);
- ROME distractors: every ROME occupation whose label starts with « Chef » and a seeded sample
  of the others, with the search benchmark's generated texts (offers.offer_generator), which
  mention projects, revitalisation and town centres as real offers do.
Ages (days since publication) are drawn with a fixed seed; the distractors are the most recent,
as on the demo where « Chef de groupe affrètement » was newer than the PVD lead.
"""

from __future__ import annotations

import datetime
import json
import os
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emploi_territoires.settings")

COMMUNES = {
    "clamecy": "58079",
    "charolles": "71106",
    "decazeville": "12089",
    "lodeve": "34142",
    "saint_flour": "15187",
    "nevers": "58194",
    "albi": "81004",
    "charleville": "08105",
    "limoges": "87085",
    "saint_denis": "93066",
    "sem": "42218",
    "rodez_agglo": "12202",
    "forges": "42095",
    "chalon_meca": "71076",
    "bois_nivernais": "58079",
    "aveyron_composites": "12202",
    "porcelaine": "87085",
    "plaine_logistique": "93066",
}
EMPLOYER_NAMES = {
    "clamecy": "Mairie de Clamecy",
    "charolles": "Mairie de Charolles",
    "decazeville": "Mairie de Decazeville",
    "lodeve": "Mairie de Lodève",
    "saint_flour": "Mairie de Saint-Flour",
    "nevers": "Ville de Nevers",
    "albi": "Ville d'Albi",
    "charleville": "Ville de Charleville-Mézières",
    "limoges": "Ville de Limoges",
    "saint_denis": "Ville de Saint-Denis",
    "sem": "Saint-Étienne Métropole",
    "rodez_agglo": "Rodez Agglomération",
    "forges": "Forges de l'Ondaine",
    "chalon_meca": "Mécanique de précision du Grand Chalon",
    "bois_nivernais": "Bois du Nivernais",
    "aveyron_composites": "Aveyron Composites",
    "porcelaine": "Porcelaine du Limousin",
    "plaine_logistique": "Logistique Plaine Saint-Denis",
}
PUBLIC_EMPLOYERS = frozenset(list(COMMUNES)[:12])
# Communes the ROME distractors are spread over (real INSEE codes, names for the generated text).
DISTRACTOR_COMMUNES = [
    ("58194", "Nevers", 32_000),
    ("42218", "Saint-Étienne", 173_000),
    ("87085", "Limoges", 130_000),
    ("71076", "Chalon-sur-Saône", 44_000),
    ("12202", "Rodez", 24_000),
    ("81004", "Albi", 49_000),
    ("93066", "Saint-Denis", 113_000),
    ("08105", "Charleville-Mézières", 46_000),
    ("58079", "Clamecy", 3_800),
    ("15014", "Aurillac", 25_000),
    ("19031", "Brive-la-Gaillarde", 46_000),
    ("39198", "Dole", 23_000),
]
DISTRACTORS = 230
SEED = 18


def demo_offers() -> list[dict]:
    from emploi_territoires.demo import offers as demo

    rng = random.Random(SEED)
    offers = []
    for employer in demo.EMPLOYERS:
        for key in employer.jobs:
            post = demo.job(key)
            public = employer.key in PUBLIC_EMPLOYERS
            intro = employer.presentation.format(population="10 000", communes="20")
            service = f" Vous travaillez {post.service}." if post.service else ""
            paragraphs = [intro + service]
            if post.about:
                paragraphs.append(post.about)
            paragraphs.append(demo._bullets(post.tasks))
            status = demo.public_status(post) if public else employer.hiring
            profile = post.profile + (f"\n\n{status}" if status else "")
            benefits = " ".join(
                p
                for p in (
                    demo.PUBLIC_BENEFITS if public else "",
                    post.benefits,
                    employer.benefits,
                    demo.remote_sentence(post.remote_days),
                )
                if p
            )
            offers.append(
                {
                    "id": f"demo-{employer.key}-{key}",
                    "key": key,
                    "employer_key": employer.key,
                    "title": post.title,
                    "employer": EMPLOYER_NAMES[employer.key],
                    "public": public,
                    "commune": employer.elsewhere.get(key, COMMUNES[employer.key]),
                    "contract": post.contract,
                    "rome": post.rome,
                    "missions": "\n\n".join(paragraphs),
                    "profile": profile,
                    "benefits": benefits,
                    "age_days": round(rng.uniform(1, 60), 2),
                }
            )
    return offers


def hand_offers() -> list[dict]:
    from hand_offers import HAND_OFFERS

    offers = []
    for ident, title, employer, commune, contract, age, missions, profile in HAND_OFFERS:
        offers.append(
            {
                "id": ident,
                "key": ident,
                "employer_key": "",
                "title": title,
                "employer": employer,
                "public": contract not in ("cdi", "cdd"),
                "commune": commune,
                "contract": contract,
                "rome": "",
                "missions": missions,
                "profile": profile,
                "benefits": "",
                "age_days": float(age),
            }
        )
    return offers


def distractor_offers() -> list[dict]:
    from emploi_territoires.offers.offer_generator import GeneratorCommune, OfferGenerator, title_from_rome

    rome = json.loads((ROOT / "src/emploi_territoires/offers/data/rome.json").read_text())["occupations"]
    chefs = [o for o in rome if o["label"].startswith("Chef")]
    others = [o for o in rome if not o["label"].startswith("Chef")]
    rng = random.Random(SEED)
    picked = chefs + rng.sample(others, DISTRACTORS - len(chefs))
    communes = [GeneratorCommune(code, name, population) for code, name, population in DISTRACTOR_COMMUNES]
    generator = OfferGenerator(
        communes, [(o["code"], o["label"]) for o in picked], seed=SEED, today=datetime.date(2026, 12, 1)
    )
    offers = []
    for i, occupation in enumerate(picked):
        public = rng.random() < 0.3
        commune = generator.commune()
        values = generator.values(public=public, commune=commune)
        offers.append(
            {
                "id": f"rome-{i:03d}-{occupation['code']}",
                "key": f"rome:{occupation['code']}",
                "employer_key": "",
                "title": title_from_rome(occupation["label"]),
                "employer": f"Commune de {commune.name}" if public else f"Entreprise {commune.name} {i}",
                "public": public,
                "commune": commune.code,
                "contract": values["contract_type"] if not public else "contractuel",
                "rome": occupation["code"],
                "missions": values["missions"],
                "profile": values["profile"],
                "benefits": values["benefits"],
                "age_days": round(rng.uniform(0, 20), 2),
            }
        )
    return offers


def main() -> None:
    import django

    django.setup()
    offers = demo_offers() + hand_offers() + distractor_offers()
    ids = [o["id"] for o in offers]
    assert len(ids) == len(set(ids)), "offer ids must be unique"
    with (HERE / "offers.jsonl").open("w", encoding="utf-8") as out:
        for offer in offers:
            out.write(json.dumps(offer, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{len(offers)} offres écrites dans {HERE / 'offers.jsonl'}")


if __name__ == "__main__":
    main()
