"""The matching core, without the database: each criterion and its French reason, the reach and
visibility filters, the ranking of a small hand-built set both ways, and the fast index agreeing
with the pair-by-pair score."""

from __future__ import annotations

import datetime
import random

import pytest

from emploi_territoires.applications.matching import scoring, textsim
from emploi_territoires.applications.matching.features import CandidateFeatures, OfferFeatures
from emploi_territoires.applications.matching.index import MatchingIndex

TODAY = datetime.date(2026, 3, 2)
# Real communes and their coordinates (COG registry).
NEVERS = ("58194", 46.98818, 3.16012, "58", frozenset({"acv", "ti", "qpv"}))
CLAMECY = ("58079", 47.46496, 3.51168, "58", frozenset({"pvd"}))
SAINT_ETIENNE = ("42218", 45.43864, 4.37012, "42", frozenset({"ti", "qpv"}))
VARENNES_VAUZELLES = ("58303", 47.01667, 3.14167, "58", frozenset())  # 3.5 km from Nevers
COSNE = ("58086", 47.41111, 2.92528, "58", frozenset({"acv"}))  # ~50 km from Nevers


def offer(commune=NEVERS, **fields) -> OfferFeatures:
    code, lat, lon, dep, programmes = commune
    values = {
        "id": 1,
        "commune_code": code,
        "latitude": lat,
        "longitude": lon,
        "departement": dep,
        "programmes": programmes,
        "remote": "partial",
        "occupation_code": "K1802",
        "public_category": "A",
        "start_date": TODAY + datetime.timedelta(days=30),
        "title": "Chef·fe de projet Petites villes de demain (F/H)",
        "text": (
            "Vous pilotez la revitalisation du centre-ville, le commerce de proximité et l'urbanisme. "
            "Vous maîtrisez la gestion de projet et les marchés publics."
        ),
    }
    values.update(fields)
    return OfferFeatures(**values)


def candidate(commune=NEVERS, **fields) -> CandidateFeatures:
    code, lat, lon, _, _ = commune
    values = {
        "id": 1,
        "commune_code": code,
        "latitude": lat,
        "longitude": lon,
        "radius_km": 30,
        "occupations": ("K1802",),
        "skills": ("gestion de projets", "marchés publics", "urbanisme", "SIG", "concertation"),
        "experience_years": 4,
        "diploma_level": 7,
        "remote_preference": "any",
        "visibility": "territories",
        "visible_departements": frozenset({"58"}),
        "text": "Chargée de mission urbanisme et commerce de proximité",
        "name": "Léa Martin",
    }
    values.update(fields)
    return CandidateFeatures(**values)


def model_for(*offers: OfferFeatures) -> textsim.TextModel:
    return textsim.build_text_model(o.tokens for o in offers)


def score(c: CandidateFeatures, o: OfferFeatures, model: textsim.TextModel | None = None) -> scoring.MatchScore:
    model = model or model_for(o)
    return scoring.score_pair(
        c, o, today=TODAY, candidate_vector=model.vector(c.tokens), offer_vector=model.vector(o.tokens)
    )


# --- criteria and reasons -------------------------------------------------------------------------


def test_occupation_same_code_same_family_or_other():
    assert scoring.occupation_fit(("K1802",), "K1802") == scoring.Criterion("occupation", 1.0, "même métier")
    family = scoring.occupation_fit(("K1801",), "K1802")
    assert (family.fraction, family.reason) == (0.5, "métier de la même famille")
    assert scoring.occupation_fit(("M1607",), "K1802").fraction == 0.0
    assert scoring.occupation_fit(("K1802",), "").fraction == 0.0


def test_skills_found_in_the_offer_text_normalised():
    o = offer()
    c = candidate()
    # "gestion de projets" matches "gestion de projet" (stop word and plural folded), "marchés
    # publics" matches, "urbanisme" matches; "SIG" and "concertation" are not in the text.
    result = score(c, o)
    skills = next(x for x in result.criteria if x.key == "skills")
    assert skills.reason == "3 compétences sur 5"
    assert skills.fraction == pytest.approx(3 / 5)
    assert scoring.skills_fit(1, 1).reason == "1 compétence sur 1"
    assert scoring.skills_fit(6, 12).fraction == 1.0  # saturates at 5 found
    assert scoring.skills_fit(0, 4) == scoring.Criterion("skills", 0.0)


def test_a_skill_must_appear_as_a_phrase():
    padded = textsim.padded(textsim.tokens("Gestion de la paie et projet de service"))
    assert not textsim.skill_in_text(textsim.skill_key("gestion de projet"), padded)
    assert textsim.skill_in_text(textsim.skill_key("Gestion de la paie"), padded)


def test_distance_decay_and_reasons():
    near = scoring.distance_fit(3.6, by_remote=False, same_commune=False)
    assert (near.fraction, near.reason) == (1.0, "à 4 km")
    twelve = scoring.distance_fit(12.2, by_remote=False, same_commune=False)
    assert twelve.reason == "à 12 km"
    assert 0.7 < twelve.fraction < 0.8
    assert scoring.distance_fit(60, by_remote=False, same_commune=False).fraction < 0.15
    assert scoring.distance_fit(0.0, by_remote=False, same_commune=True).reason == "dans la même commune"
    assert scoring.distance_fit(400, by_remote=True, same_commune=False).reason == "poste en télétravail complet"


def test_availability_against_the_start_date():
    start = datetime.date(2026, 4, 15)
    assert scoring.availability_fit(None, start, TODAY).reason == "disponible dès maintenant"
    march = scoring.availability_fit(datetime.date(2026, 3, 20), start, TODAY)
    assert (march.fraction, march.reason) == (1.0, "disponible en mars")
    late = scoring.availability_fit(datetime.date(2026, 5, 30), start, TODAY)
    assert late.reason == "disponible en mai, après la prise de poste"
    assert late.is_warning
    assert late.fraction == pytest.approx(1 - 45 / 90)
    next_year = scoring.availability_fit(datetime.date(2027, 1, 10), None, TODAY)
    assert next_year.reason.startswith("disponible en janvier 2027")
    assert next_year.fraction == 0.0


def test_level_against_the_public_category_or_experience():
    assert scoring.level_fit(7, 0, "A").reason == "niveau de diplôme attendu"
    assert scoring.level_fit(5, 4, "A").reason == "expérience compensant le diplôme"
    low = scoring.level_fit(4, 1, "A")
    assert low.is_warning and low.fraction == 0.2
    assert scoring.level_fit(3, 0, "C").fraction == 1.0
    assert scoring.level_fit(None, 10, "B").fraction == 0.3
    assert scoring.level_fit(None, 6, "").reason == "6 ans d'expérience"
    assert scoring.level_fit(None, 1, "").reason == "1 an d'expérience"
    assert scoring.level_fit(8, 0, "").reason == "débutant·e"


def test_remote_compatibility():
    assert scoring.remote_fit("partial", "partial").reason == "télétravail partiel possible"
    assert scoring.remote_fit("full", "none").is_warning
    assert scoring.remote_fit("full", "none").fraction == 0.0
    assert scoring.remote_fit("any", "none").fraction == 1.0
    assert scoring.remote_fit("none", "full").fraction == 0.2


def test_text_similarity_names_common_words_with_accents():
    o = offer()
    result = score(candidate(), o)
    text = next(x for x in result.criteria if x.key == "text")
    assert text.reason.startswith("mots communs : ")
    words = text.reason.removeprefix("mots communs : ").split(", ")
    assert "urbanisme" in words
    assert {"commerce", "proximité"} & set(words)


def test_score_is_the_weighted_sum_and_reasons_are_french():
    result = score(candidate(), offer())
    assert sum(scoring.WEIGHTS.values()) == 100
    assert result.total == pytest.approx(sum(c.points for c in result.criteria))
    assert 0 <= result.score <= 100
    assert result.reasons[0] == "même métier"
    assert "dans la même commune" in result.reasons
    assert "niveau de diplôme attendu" in result.reasons
    assert result.warnings == []


# --- filters --------------------------------------------------------------------------------------


def test_reach_by_radius_or_by_full_remote():
    o = offer()
    far = candidate(commune=SAINT_ETIENNE, radius_km=50)
    distance = scoring.distance_km(far, o)
    assert 190 < distance < 200
    assert not scoring.within_reach(far, o, distance)
    remote_offer = offer(remote="full")
    assert scoring.within_reach(far, remote_offer, distance)
    assert not scoring.within_reach(candidate(commune=SAINT_ETIENNE, remote_preference="none"), remote_offer, distance)
    near = candidate(commune=VARENNES_VAUZELLES, radius_km=10)
    assert scoring.within_reach(near, o, scoring.distance_km(near, o))


def test_visibility_private_never_territories_by_departement_or_programme():
    o = offer()  # Nevers: Nièvre, ACV, TI, QPV
    assert not scoring.visible_to(candidate(visibility="private", visible_departements=frozenset({"58"})), o)
    assert scoring.visible_to(candidate(visible_departements=frozenset({"58"})), o)
    assert not scoring.visible_to(candidate(visible_departements=frozenset({"42"})), o)
    assert scoring.visible_to(candidate(visible_departements=frozenset(), visible_programmes=frozenset({"acv"})), o)
    assert not scoring.visible_to(candidate(visible_departements=frozenset(), visible_programmes=frozenset({"pvd"})), o)


# --- ranking, both ways ---------------------------------------------------------------------------


def hand_built():
    offers = [
        offer(id=1),
        offer(
            id=2,
            commune=CLAMECY,
            occupation_code="M1203",
            public_category="",
            remote="none",
            title="Comptable (F/H)",
            text="Vous tenez la comptabilité générale et la paie d'une menuiserie.",
        ),
        offer(id=3, commune=COSNE, occupation_code="K1801"),
    ]
    candidates = [
        candidate(id=1, name="Léa Martin"),  # Nevers, same occupation, skills: the best fit
        candidate(id=2, commune=VARENNES_VAUZELLES, occupations=("K1801",), skills=("urbanisme",), name="Paul Roy"),
        candidate(id=3, occupations=("M1203",), skills=("comptabilité", "paie"), text="Comptable", name="Zoé Petit"),
        candidate(id=4, visibility="private", name="Invisible"),
        candidate(id=5, commune=SAINT_ETIENNE, visible_departements=frozenset({"58", "42"}), name="Trop loin"),
        candidate(id=6, visible_departements=frozenset({"42"}), name="Pas dans la Nièvre"),
    ]
    model = model_for(*offers)
    return MatchingIndex(candidates, offers, model, TODAY), candidates, offers, model


def test_candidates_for_an_offer_ranked_filtered_and_explained():
    index, *_ = hand_built()
    ranked = index.top_candidates(1, k=10)
    assert [m.candidate_id for m in ranked] == [1, 2, 3]  # 4 private, 5 out of reach, 6 not shown in 58
    assert ranked[0].score > ranked[1].score > ranked[2].score
    assert ranked[0].reasons[0] == "même métier"
    assert "métier de la même famille" in ranked[1].reasons
    assert "à 3 km" in ranked[1].reasons
    assert index.top_candidates(1, k=2) == ranked[:2]


def test_offers_for_a_candidate_ranked_and_explained():
    index, *_ = hand_built()
    ranked = index.top_offers(3, k=10)  # the accountant in Nevers (radius 30 km): Clamecy is 55 km away
    assert [m.offer_id for m in ranked] == [1]
    wider = MatchingIndex(
        [candidate(id=3, occupations=("M1203",), skills=("comptabilité", "paie"), radius_km=80)],
        index.offers,
        index.text_model,
        TODAY,
    )
    ranked = wider.top_offers(3, k=10)
    assert ranked[0].offer_id == 2
    assert ranked[0].reasons[:2] == ["même métier", "2 compétences sur 2"]
    assert {m.offer_id for m in ranked} == {1, 2, 3}


def test_full_remote_offer_reaches_far_candidates_who_accept_remote():
    offers = [offer(id=1, remote="full")]
    candidates = [
        candidate(id=1, commune=SAINT_ETIENNE, visible_departements=frozenset({"58"}), remote_preference="full"),
        candidate(id=2, commune=SAINT_ETIENNE, visible_departements=frozenset({"58"}), remote_preference="none"),
    ]
    index = MatchingIndex(candidates, offers, model_for(*offers), TODAY)
    ranked = index.top_candidates(1)
    assert [m.candidate_id for m in ranked] == [1]
    assert "poste en télétravail complet" in ranked[0].reasons
    assert [m.offer_id for m in index.top_offers(1)] == [1]
    assert index.top_offers(2) == []


def test_index_scores_agree_with_the_pair_score_and_top_k_is_exact():
    """Random profiles and offers around the Nièvre: the index's partial scores plus text equal
    `score_pair` for every reachable pair, and its top 5 equals sorting every pair."""
    rng = random.Random(7)
    communes = [NEVERS, CLAMECY, VARENNES_VAUZELLES, COSNE, SAINT_ETIENNE]
    vocabulary = ["urbanisme", "marchés publics", "gestion de projet", "paie", "comptabilité", "concertation"]
    offers = [
        offer(
            id=i,
            commune=rng.choice(communes),
            occupation_code=rng.choice(["K1802", "K1801", "M1203", ""]),
            public_category=rng.choice(["A", "B", "C", ""]),
            remote=rng.choice(["none", "partial", "full"]),
            start_date=rng.choice([None, TODAY + datetime.timedelta(days=rng.randint(-10, 90))]),
            text=" ".join(rng.sample(vocabulary, 3)) + " au service des habitants",
        )
        for i in range(1, 16)
    ]
    candidates = [
        candidate(
            id=i,
            commune=rng.choice(communes),
            radius_km=rng.choice([5, 20, 50, 120]),
            occupations=tuple(rng.sample(["K1802", "K1801", "M1203", "M1607"], rng.randint(0, 2))),
            skills=tuple(rng.sample(vocabulary, rng.randint(0, 4))),
            experience_years=rng.randint(0, 6),
            diploma_level=rng.choice([None, 3, 4, 5, 6, 7]),
            available_from=rng.choice([None, TODAY + datetime.timedelta(days=rng.randint(-30, 150))]),
            remote_preference=rng.choice(["any", "none", "partial", "full"]),
            visibility=rng.choice(["territories", "territories", "private"]),
            visible_departements=frozenset(rng.sample(["58", "42"], rng.randint(0, 2))),
            visible_programmes=frozenset(rng.sample(["acv", "pvd", "ti"], rng.randint(0, 1))),
        )
        for i in range(1, 41)
    ]
    model = model_for(*offers)
    index = MatchingIndex(candidates, offers, model, TODAY)
    checked = 0
    for o in offers:
        brute = []
        for c in candidates:
            distance = scoring.distance_km(c, o)
            if scoring.within_reach(c, o, distance) and scoring.visible_to(c, o):
                brute.append(score(c, o, model))
        positions, distances = index.reachable_candidates(index._offer_positions[o.id])
        assert sorted(index.candidates[p].id for p in positions) == sorted(m.candidate_id for m in brute)
        partial = index.candidate_partial_scores(index._offer_positions[o.id], positions, distances)
        by_id = {m.candidate_id: m for m in brute}
        for p, value in zip(positions, partial, strict=True):
            expected = by_id[index.candidates[p].id]
            text_points = next(c.points for c in expected.criteria if c.key == "text")
            assert value + text_points == pytest.approx(expected.total)
            checked += 1
        brute.sort(key=lambda m: (-m.total, m.candidate_id))
        assert [m.candidate_id for m in index.top_candidates(o.id, 5)] == [m.candidate_id for m in brute[:5]]
    for c in candidates:
        brute = [score(c, o, model) for o in offers if scoring.within_reach(c, o, scoring.distance_km(c, o))]
        brute.sort(key=lambda m: (-m.total, m.offer_id))
        top = index.top_offers(c.id, 5)
        assert [round(m.total, 9) for m in top] == [round(m.total, 9) for m in brute[:5]]
    assert checked > 50
