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
        ("cheffe", "chef"),
        ("agente", "agent"),
        ("ingénieure", "ingénieur"),
        ("assistante", "assistant"),
        ("manageuse", "manager"),
        ("apprentie", "apprenti"),
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


@pytest.mark.parametrize(
    ("title", "stems"),
    [
        ("Chef·fe de projet Petites villes de demain (F/H)", "chef projet petite ville demain"),
        ("Policier·ère municipal·e", "policier municipal"),
        ("Chargé·e·s de mission", "charge mission"),
        ("Technicien.ne voirie", "technicien voirie"),
        ("Chargé(e) de communication", "charge communication"),
        ("Maître-nageur·se sauveteur·se", "maitre nageur sauveteur"),
    ],
)
def test_inclusive_writing_indexes_the_masculine_word(title, stems):
    # Not "chef fe projet": the feminine ending is dropped, and "cheffe" stems to "chef" too.
    assert stemmed_text(title) == stems


def test_acronyms_expand_to_phrases_and_keep_themselves():
    from emploi_territoires.search.text import query_concepts

    pvd, dgs = query_concepts("PVD DGS")
    assert pvd.alternatives == (("pvd",), ("petite", "ville", "demain"))
    assert ("directeur", "general", "service") in dgs.alternatives
