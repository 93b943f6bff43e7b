"""The assistant catches what the law forbids (issue 17): every criterion of article L1132-1 of the
Code du travail, their negations and exclusions, one-gender grammar (spaCy), and contradictions
between the offer's fields and its text.

The labelled corpus of bench/data/assistant_legal/ is a quality gate here (recall ≥ 95 %, false
alarms ≤ 3 %: deterministic figures, never timings); `bench/assistant_legal.py` prints them per
criterion with the baseline and the time per offer.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from emploi_territoires.offers.assistant import french
from emploi_territoires.offers.assistant.analysis import AnalysisContext, OfferDraft, analyse
from emploi_territoires.offers.assistant.rules import one_gender_spans

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 6, 15)


def legal(sentence: str = "", **fields) -> list:
    draft = OfferDraft(**({"profile": sentence} | fields))
    return [f for f in analyse(draft, AnalysisContext(today=TODAY)).findings if f.category == "legal"]


def errors(sentence: str, **fields) -> set[str]:
    return {f.rule_id for f in legal(sentence, **fields) if f.severity == "error"}


def findings(rule_id: str, **fields) -> list:
    draft = OfferDraft(**fields)
    return [f for f in analyse(draft, AnalysisContext(today=TODAY)).findings if f.rule_id == rule_id]


# --- Every criterion, in the forms offers use ------------------------------------------------------

FORBIDDEN = [
    ("legal.age", "Les candidatures de personnes de plus de 55 ans ne seront pas retenues."),
    ("legal.age", "Senior s'abstenir."),
    ("legal.age", "Nous recherchons un jeune homme motivé pour les espaces verts de Clamecy."),
    ("legal.age", "Tranche d'âge souhaitée : 20-30 ans."),
    ("legal.sex", "Nous recherchons un homme à poigne pour encadrer l'équipe de chantier."),
    ("legal.sex", "Poste de manœuvre réservé aux hommes."),
    ("legal.sex", "Candidature féminine de préférence."),
    ("legal.pregnancy", "Femmes enceintes s'abstenir."),
    ("legal.pregnancy", "Aucun congé maternité envisagé pendant la durée du contrat."),
    ("legal.family", "Vous n'avez pas de contraintes familiales."),
    ("legal.family", "Joindre une copie du livret de famille au dossier de candidature."),
    ("legal.morals", "Personne de bonne moralité et de mœurs irréprochables."),
    ("legal.sexual_orientation", "Candidats homosexuels s'abstenir."),
    ("legal.gender_identity", "Personnes transgenres s'abstenir."),
    ("legal.genetics", "Un test génétique sera demandé avant l'embauche."),
    ("legal.economic_vulnerability", "Chômeurs de longue durée s'abstenir."),
    ("legal.economic_vulnerability", "Vous ne devez pas être fiché(e) à la Banque de France."),
    ("legal.origin", "Type européen exigé pour le poste d'accueil."),
    ("legal.origin", "Vous parlez un français sans accent."),
    ("legal.native_language", "Espagnol natif indispensable."),
    ("legal.other_language", "Interdiction de parler une autre langue que le français au travail."),
    ("legal.politics", "Proche de la majorité municipale."),
    ("legal.union", "Syndiqués s'abstenir."),
    ("legal.union", "Sans engagement syndical ni mutualiste."),
    ("legal.elected_office", "Vous n'exercez aucun mandat électif."),
    ("legal.religion", "Port du voile interdit, y compris en dehors du service."),
    ("legal.appearance", "Taille minimum : 1,75 m."),
    ("legal.surname", "Pas de noms à consonance étrangère."),
    ("legal.residence", "Habitant de la commune uniquement."),
    ("legal.residence", "Poste réservé aux personnes habitant Nevers."),
    ("legal.bank", "RIB d'une banque française exigé dès la candidature."),
    ("legal.health", "Aucun arrêt maladie au cours des deux dernières années."),
    ("legal.health", "Personne valide exigée."),
    ("legal.autonomy", "Personnes en perte d'autonomie s'abstenir."),
    ("legal.disability", "Pas de RQTH."),
    ("legal.disability", "Travailleurs handicapés s'abstenir."),
    ("legal.whistleblower", "Lanceurs d'alerte s'abstenir."),
    ("legal.nationality", "Candidats étrangers s'abstenir."),
]


@pytest.mark.parametrize(("rule_id", "sentence"), FORBIDDEN)
def test_forbidden_sentence_is_an_error_of_its_criterion(rule_id, sentence):
    assert rule_id in errors(sentence), sentence


NEAR_MISSES = [
    # The people a service serves, legal schemes, statements of openness, pay elements, tasks.
    "Vous accompagnez les jeunes de 16 à 25 ans au sein de la Mission locale.",
    "Aucune limite d'âge : le poste est ouvert à toutes et à tous.",
    "Jeune diplômé(e) accepté(e).",
    "Homme ou femme, vous avez le sens du service public.",
    "Nous recrutons un·e chauffeur·se (H/F) pour le transport scolaire.",
    "Nous recherchons un vendeur ou une vendeuse pour la boutique.",
    "Vous travaillez en binôme avec la secrétaire de mairie.",
    "Remplacement d'un congé de maternité de six mois.",
    "Horaires compatibles avec la vie de famille.",
    "Supplément familial de traitement selon la situation de l'agent.",
    "Extrait de casier judiciaire (bulletin n° 3) demandé à l'embauche.",
    "Nous luttons contre toute discrimination, notamment liée à l'orientation sexuelle.",
    "L'employeur est engagé contre les discriminations liées à l'identité de genre.",
    "Vous travaillez au laboratoire de génétique végétale de l'INRAE.",
    "Vous accompagnez les bénéficiaires du RSA vers l'emploi.",
    "Tous nos postes sont ouverts sans distinction d'origine.",
    "Anglais courant (niveau C1 du CECRL).",
    "La pratique de l'occitan serait un atout pour l'office de tourisme.",
    "Vous mettez en œuvre la politique de la ville dans les quartiers prioritaires.",
    "Vous préparez le dialogue social avec les organisations syndicales.",
    "Vous assistez les élus dans la préparation du conseil municipal.",
    "Vous respectez le principe de laïcité et l'obligation de neutralité.",
    "Vous assurez la bonne présentation des dossiers en conseil municipal.",
    "Indiquez vos nom et prénom dans l'objet du message.",
    "Logement de fonction attribué pour nécessité absolue de service.",
    "Un RIB vous sera demandé à l'embauche pour le versement du salaire.",
    "L'entreprise est en bonne santé financière.",
    "Vous êtes autonome dans l'organisation de votre travail.",
    "Vous accompagnez les personnes âgées en perte d'autonomie à domicile.",
    "Ce poste est accessible aux travailleurs RQTH.",
    "Un dispositif de recueil des signalements protège les lanceurs d'alerte.",
    "Autorisation de travail en France requise.",
]


@pytest.mark.parametrize("sentence", NEAR_MISSES)
def test_near_miss_is_not_an_error(sentence):
    assert errors(sentence) == set(), sentence


def test_every_criterion_of_l1132_1_has_a_rule():
    from emploi_territoires.offers.assistant.data import legal as data

    rule_ids = {c.rule_id for c in data.CRITERIA}
    # The criteria of article L1132-1 (nationality has its own rule: the fonctionnaire nuance).
    assert {
        "legal.origin",
        "legal.sex",
        "legal.morals",
        "legal.sexual_orientation",
        "legal.gender_identity",
        "legal.age",
        "legal.family",
        "legal.pregnancy",
        "legal.genetics",
        "legal.economic_vulnerability",
        "legal.politics",
        "legal.union",
        "legal.elected_office",
        "legal.religion",
        "legal.appearance",
        "legal.surname",
        "legal.residence",
        "legal.bank",
        "legal.health",
        "legal.autonomy",
        "legal.disability",
        "legal.other_language",
        "legal.whistleblower",
    } <= rule_ids
    assert len({c.rule_id for c in data.CRITERIA if c.severity == "error"}) == 24


# --- Negations and exclusions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("negated", "open_statement", "rule_id"),
    [
        (
            "Pas de personnes handicapées.",
            "Toutes nos offres sont ouvertes sans distinction de handicap.",
            "legal.disability",
        ),
        (
            "Les personnes handicapées ne seront pas retenues.",
            "Le handicap n'est pas un obstacle : aménagement possible.",
            "legal.disability",
        ),
        ("Sans religion de préférence.", "Vous êtes soumis à l'obligation de neutralité religieuse.", "legal.religion"),
        (
            "Les parents de jeunes enfants ne seront pas retenus.",
            "Ce poste est ouvert quelle que soit votre situation familiale.",
            "legal.family",
        ),
        (
            "Pas de candidats de plus de 50 ans.",
            "Quel que soit votre âge, votre expérience nous intéresse.",
            "legal.age",
        ),
        (
            "Les élus municipaux ne seront pas retenus.",
            "Vous gérez les indemnités de fonction des élus.",
            "legal.elected_office",
        ),
    ],
)
def test_an_exclusion_is_caught_and_a_statement_of_openness_is_not(negated, open_statement, rule_id):
    assert rule_id in errors(negated)
    assert errors(open_statement) == set()


# --- Sex through grammar (spaCy: gender and lemma) -----------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "words"),
    [
        ("Nous recrutons une secrétaire pour l'accueil de la mairie de Clamecy.", "une secrétaire"),
        ("L'entreprise recherche une vendeuse pour sa boutique du centre-ville.", "une vendeuse"),
        ("EHPAD recrute une aide-soignante de nuit.", "une aide-soignante"),
        ("Vous êtes souriante, organisée et rigoureuse.", "souriante, organisée et rigoureuse"),
    ],
)
def test_feminine_only_wording_is_caught_even_with_a_marker_in_the_title(sentence, words):
    found = [f for f in legal(sentence, title="Agent d'accueil (F/H)") if f.rule_id == "legal.sex"]
    assert len(found) == 1
    assert found[0].severity == "error"
    assert [s.text for s in found[0].spans] == [words]


def test_masculine_job_noun_is_caught_only_without_any_marker_in_the_offer():
    sentence = "Nous recrutons un chauffeur pour le transport scolaire de Château-Chinon."
    assert "legal.sex" in errors(sentence, title="Chauffeur de car scolaire")
    assert "legal.sex" not in errors(sentence, title="Chauffeur de car scolaire (H/F)")
    assert "legal.sex" not in errors(sentence, title="Chauffeur·se de car scolaire")


@pytest.mark.parametrize(
    "sentence",
    [
        "Nous recherchons une personne organisée et rigoureuse.",
        "Vous êtes rigoureux·se, organisé·e et à l'écoute.",
        "Vous êtes dynamique, autonome et disponible.",
        "Vous êtes à l'aise avec la langue française écrite.",
        "Nous recrutons une ou un gestionnaire de paie.",
        "Nous recherchons une nouvelle recrue pour l'équipe technique.",
        "Nous recherchons une infirmière ou un infirmier pour le centre de santé.",
    ],
)
def test_grammar_addressing_everyone_is_not_caught(sentence):
    assert "legal.sex" not in errors(sentence, title="Agent polyvalent")


def test_one_gender_spans_point_at_the_words_in_the_field():
    text = "Le service technique de Varzy grandit. Nous recrutons une secrétaire. Vous êtes motivée."
    spans = one_gender_spans(OfferDraft(missions=text))
    assert [text[s:e] for s, e in spans["missions"]] == ["une secrétaire", "motivée"]


def test_grammar_work_is_bounded_per_analysis():
    text = "Nous recrutons une secrétaire. " * 500
    spans = one_gender_spans(OfferDraft(missions=text, profile=text))
    assert len(spans["missions"]) == french.MAX_SENTENCES
    assert "profile" not in spans


def test_the_french_pipeline_keeps_only_what_the_rules_need():
    assert tuple(french.pipeline().pipe_names) == french.KEEP == ("tok2vec", "morphologizer", "lemmatizer")


def test_django_start_and_the_urlconf_do_not_load_spacy():
    code = (
        "import sys, django; django.setup(); import emploi_territoires.urls; "
        "from emploi_territoires.offers.assistant import french; "
        "assert 'spacy' not in sys.modules, 'spacy imported at start'; assert not french.is_loaded(); print('ok')"
    )
    result = subprocess.run(  # noqa: S603 (this interpreter, a fixed script)
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "emploi_territoires.settings", "PYTHONPATH": str(ROOT / "src"), "PATH": ""},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "ok"


# --- Severity by context: a scheme's age condition, residence for on-call duty ----------------------


def test_age_condition_of_apprenticeship_is_a_warning_citing_the_code():
    found = [f for f in legal("Vous avez moins de 30 ans.", contract_type="apprentissage") if f.rule_id == "legal.age"]
    assert [f.severity for f in found] == ["warning"]
    assert "L6222-1" in found[0].why


def test_residence_tied_to_on_call_duty_is_a_warning_asking_for_the_intervention_time():
    sentence = "Astreintes de week-end : vous devez obligatoirement résider à moins de 15 km de la station d'épuration."
    found = [f for f in legal(sentence) if f.rule_id == "legal.residence"]
    assert [f.severity for f in found] == ["warning"]
    assert "délai d'intervention" in found[0].fix
    assert "legal.residence" in errors("Vous devez obligatoirement résider sur la commune de Corbigny.")


# --- Contradictions between fields and text ----------------------------------------------------------


def test_remote_none_against_remote_days_in_the_text():
    found = findings("consistency.remote", remote="none", benefits="Télétravail deux jours par semaine, RTT.")
    assert len(found) == 1
    assert found[0].severity == "warning"
    assert found[0].spans[0].text == "Télétravail"
    assert findings("consistency.remote", remote="partial", benefits="Télétravail deux jours par semaine.") == []
    assert findings("consistency.remote", remote="none", benefits="Pas de télétravail : accueil du public.") == []


def test_remote_offered_against_no_remote_in_the_text():
    found = findings("consistency.remote", remote="partial", benefits="Pas de télétravail possible sur ce poste.")
    assert len(found) == 1
    assert found[0].spans[0].text == "Pas de télétravail"


def test_an_apprenticeship_has_no_public_category():
    assert len(findings("consistency.apprenticeship_category", contract_type="apprentissage", public_category="C")) == 1
    in_text = findings(
        "consistency.apprenticeship_category",
        contract_type="apprentissage",
        missions="Apprentissage en catégorie C au service espaces verts.",
    )
    assert [s.text for s in in_text[0].spans] == ["catégorie C"]
    assert findings("consistency.apprenticeship_category", contract_type="fonctionnaire", public_category="C") == []


def test_a_firms_words_in_a_public_employers_offer():
    found = findings(
        "consistency.employer_wording",
        is_public_employer=True,
        missions="Rejoignez notre entreprise à taille humaine au cœur du Morvan.",
    )
    assert [f.spans[0].text for f in found] == ["Rejoignez notre entreprise"]
    assert (
        findings(
            "consistency.employer_wording",
            is_public_employer=True,
            missions="Vous accompagnez les entreprises du territoire et l'entreprise d'insertion de Clamecy.",
        )
        == []
    )
    assert (
        findings("consistency.employer_wording", is_public_employer=False, missions="Rejoignez notre entreprise.") == []
    )


def test_a_rome_code_that_does_not_match_the_title():
    found = findings(
        "consistency.rome",
        title="Chauffeur·se de car scolaire (F/H)",
        occupation_label="Mise en œuvre et pilotage de la politique des pouvoirs publics (K1404)",
    )
    assert len(found) == 1
    assert found[0].field == "occupation_label"
    assert findings("consistency.rome", title="Chauffeur·se de car scolaire (F/H)", occupation_code="N4103") == []
    # A title whose domain is not unambiguous is not checked.
    assert (
        findings("consistency.rome", title="Chef·fe de projet Petites villes de demain", occupation_code="N4103") == []
    )


# --- The corpus: a quality gate --------------------------------------------------------------------


def _bench():
    spec = importlib.util.spec_from_file_location("assistant_legal_bench", ROOT / "bench" / "assistant_legal.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_corpus_recall_and_false_alarms_meet_the_targets():
    bench = _bench()
    examples = bench.load_corpus()
    forbidden = [e for e in examples if e.forbidden]
    near = [e for e in examples if not e.forbidden]
    assert len(examples) >= 300
    assert len(forbidden) >= 150
    assert len(near) >= 150
    total = bench.evaluate(examples)["total"]
    assert total["forbidden"] == len(forbidden)
    assert total["caught"] / total["forbidden"] >= bench.TARGET_RECALL
    assert total["alarms"] / total["near"] <= bench.TARGET_FALSE_ALARMS


def test_every_corpus_criterion_has_forbidden_sentences_and_near_misses():
    examples = _bench().load_corpus()
    forbidden = {e.criterion for e in examples if e.forbidden}
    near = {e.criterion for e in examples if not e.forbidden}
    assert len(forbidden) == 25
    assert forbidden == near
