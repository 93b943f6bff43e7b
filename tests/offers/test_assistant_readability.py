"""French readability: syllables, sentences and the Kandel & Moles formula, hand-computed."""

from __future__ import annotations

import pytest

from emploi_territoires.offers.assistant.readability import (
    count_syllables,
    kandel_moles,
    level,
    sentences,
    stats,
)


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("nous", 1),
        ("recrutons", 3),  # re-cru-tons
        ("une", 1),  # mute final e
        ("cheffe", 1),
        ("projet", 2),
        ("territoire", 3),  # ter-ri-toire
        ("collectivités", 5),  # col-lec-ti-vi-tés: "és" is not a mute e
        ("chargées", 2),  # char-gées: "ée" is one syllable
        ("création", 3),  # cré-a-tion: hiatus after é
        ("réunion", 3),  # ré-u-nion
        ("équipe", 2),
        ("l'équipe", 2),  # the elided article is not a syllable
        ("aujourd'hui", 3),
        ("2026", 1),
    ],
)
def test_count_syllables(word, syllables):
    assert count_syllables(word) == syllables


def test_kandel_moles_on_a_hand_computed_sentence():
    # 6 words, 1 sentence, 9 syllables (1+3+1+1+1+2):
    # 207 − 1.015 × 6 − 73.6 × 9/6 = 207 − 6.09 − 110.4 = 90.51
    text = "Nous recrutons une cheffe de projet."
    s = stats(text)
    assert (s.words, s.sentences, s.syllables) == (6, 1, 9)
    assert kandel_moles(text) == pytest.approx(90.51)


def test_kandel_moles_on_two_sentences():
    # "Le poste est basé à Clamecy." 6 words: le 1, poste 1, est 1, basé 2, à 1, Clamecy 3 (a, e, y) = 9.
    # "Vous travaillez avec les élus." 5 words: vous 1, travaillez (a, ai, e -> 3), avec 2, les 1, élus 2 = 9.
    # 11 words, 2 sentences, 18 syllables: 207 − 1.015 × 5.5 − 73.6 × 18/11 = 207 − 5.5825 − 120.4364 = 80.981
    text = "Le poste est basé à Clamecy. Vous travaillez avec les élus."
    s = stats(text)
    assert (s.words, s.sentences, s.syllables) == (11, 2, 18)
    assert kandel_moles(text) == pytest.approx(80.981, abs=0.001)


def test_long_administrative_sentence_is_hard():
    text = (
        "L'accompagnement opérationnel des collectivités territoriales dans l'élaboration, la contractualisation "
        "et la mise en œuvre de leurs stratégies de revitalisation nécessite une ingénierie pluridisciplinaire "
        "particulièrement expérimentée."
    )
    assert kandel_moles(text) < 0
    assert level(kandel_moles(text)) == "très difficile"


def test_empty_text_has_no_score():
    assert kandel_moles("") is None
    assert kandel_moles("  \n ") is None


def test_sentences_keep_offsets_and_split_list_items():
    text = "M. Dupont vous accueille. Vos missions :\n- suivre les projets\n- animer le comité etc. chaque mois"
    found = sentences(text)
    assert [s.text for s in found] == [
        "M. Dupont vous accueille.",  # "M." is an abbreviation, not the end of a sentence
        "Vos missions :",
        "- suivre les projets",
        "- animer le comité etc. chaque mois",
    ]
    for s in found:
        assert text[s.start : s.end] == s.text
