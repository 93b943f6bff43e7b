"""The text preparation shared by documents and queries (SQLite stems in Python)."""

import pytest

from emploi_territoires.search.text import fold, fts5_query, query_words, stem, stemmed_text


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("chefs", "chef"),
        ("projets", "projet"),
        ("développeuse", "développeur"),
        ("développeurs", "developpeur"),
        ("chargée", "chargé"),
        ("territoriaux", "territorial"),
        ("territoriales", "territorial"),
        ("animatrice", "animateur"),
        ("boulangère", "boulanger"),
        ("technicienne", "technicien"),
    ],
)
def test_forms_of_one_word_share_a_stem(a, b):
    assert stem(fold(a)) == stem(fold(b))


@pytest.mark.parametrize(("a", "b"), [("paris", "pari"), ("campus", "campu"), ("classe", "class")])
def test_words_that_only_look_plural_are_kept(a, b):
    assert stem(a) != b


def test_fold_removes_accents_and_ligatures_and_splits_on_middle_dots():
    assert fold("Chargé·e de mission Cœur de ville") == "charge?e de mission coeur de ville"
    assert stemmed_text("Chargé·e de mission (F/H) l’équipe") == "charge mission equipe"


def test_query_drops_stop_words_and_quotes_every_word():
    assert query_words("Chef de projet de la ville") == ["chef", "projet", "ville"]
    # Quoted: FTS5 operators typed by a user are plain words, never syntax.
    assert fts5_query('chefs de projet OR "NEAR"') == '"chef" "projet" "or" "near"'
    assert fts5_query("de la") == ""
