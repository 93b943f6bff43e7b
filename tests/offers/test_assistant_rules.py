"""Every rule of the drafting assistant: French sentences it must catch, near-misses it must not."""

from __future__ import annotations

import datetime as dt

import pytest

from emploi_territoires.offers.assistant.analysis import (
    AnalysisContext,
    OfferDraft,
    analyse,
    analysis_as_dict,
    draft_from_mapping,
)
from emploi_territoires.offers.assistant.rules import inclusive_title

MISSIONS = (
    "Vous conduisez le projet de revitalisation du centre-bourg avec les élus et les services de la commune. "
    "Vous suivez les chantiers de rénovation des logements et des commerces. Vous cherchez les financements "
    "et vous montez les dossiers de subvention. Vous organisez les réunions publiques avec les habitants et "
    "vous rendez compte de l'avancement au comité de projet chaque trimestre."
)
PROFILE = (
    "Vous avez un diplôme de niveau bac + 5 en urbanisme ou en développement local. Vous savez conduire un "
    "projet avec plusieurs partenaires et vous écrivez des notes claires pour les élus. Permis B nécessaire."
)
TERRITORY = (
    "Clamecy (Nièvre, Bourgogne-Franche-Comté) compte 3 544 habitants. La commune fait partie de "
    "l'intercommunalité « CC Haut Nivernais - Val d'Yonne » (communauté de communes, 11 845 habitants). Elle "
    "est lauréate du programme Petites villes de demain, qui accompagne les communes de moins de 20 000 "
    "habitants exerçant des fonctions de centralité. Un espace France services accompagne les habitants dans "
    "leurs démarches administratives. La ville est entourée de forêts et traversée par l'Yonne et le canal."
)


def good_draft(**overrides) -> OfferDraft:
    """A complete, lawful, readable offer: the baseline each test spoils in one place."""
    values = {
        "title": "Chef·fe de projet Petites villes de demain (F/H)",
        "contract_type": "contrat_projet",
        "contract_duration_months": 36,
        "public_category": "A",
        "weekly_hours": 37.5,
        "salary_min": 32_000,
        "salary_max": 40_000,
        "start_date": dt.date(2026, 9, 1),
        "closing_date": dt.date(2026, 7, 15),
        "commune_code": "58079",
        "commune_name": "Clamecy",
        "missions": MISSIONS,
        "profile": PROFILE,
        "benefits": "Télétravail un jour par semaine, 25 jours de congés et 15 jours de RTT, mutuelle.",
        "territory_presentation": TERRITORY,
        "apply_method": "platform",
        "programme_context": "chef_projet_pvd",
        "is_public_employer": True,
    }
    values.update(overrides)
    return OfferDraft(**values)


def findings(draft: OfferDraft, rule_id: str | None = None, context: AnalysisContext | None = None):
    result = analyse(draft, context or AnalysisContext(today=dt.date(2026, 6, 1)))
    return [f for f in result.findings if rule_id is None or f.rule_id == rule_id]


def rule_ids(draft: OfferDraft) -> set[str]:
    return {f.rule_id for f in findings(draft)}


def test_the_baseline_is_clean_and_scores_high():
    result = analyse(good_draft(), AnalysisContext(today=dt.date(2026, 6, 1)))
    assert result.findings == ()
    assert result.score == 100
    assert result.level == "Bonne offre"


# --- Legal: discriminatory criteria ------------------------------------------------------------------

CAUGHT = [
    ("legal.age", "Vous êtes âgé de moins de 30 ans.", "âgé de moins de 30 ans"),
    ("legal.age", "Candidat·e âgé·e de 25 à 35 ans.", "âgé·e de 25 à 35 ans"),
    ("legal.age", "Poste réservé aux moins de 26 ans.", "moins de 26 ans"),
    ("legal.age", "Vous avez entre 25 et 40 ans.", "entre 25 et 40 ans"),
    ("legal.age", "Nous cherchons un profil jeune et dynamique.", "jeune et dynamique"),
    ("legal.age", "Idéal pour un jeune candidat motivé.", "jeune candidat"),
    ("legal.age", "Limite d'âge : 45 ans.", "Limite d'âge"),
    ("legal.seniority_wording", "Profil senior attendu.", "senior"),
    ("legal.sex", "Nous recrutons un homme pour ce poste de chantier.", "recrutons un homme"),
    ("legal.sex", "Poste réservé aux femmes.", "Poste réservé aux femmes"),
    ("legal.sex", "Candidat de sexe masculin.", "de sexe masculin"),
    ("legal.pregnancy", "Candidate sans projet de grossesse à court terme.", "projet de grossesse"),
    ("legal.family", "Vous êtes célibataire et mobile.", "célibataire"),
    ("legal.family", "Profil sans enfant de préférence.", "sans enfant"),
    ("legal.family", "Merci d'indiquer votre situation familiale.", "situation familiale"),
    ("legal.appearance", "Bonne présentation exigée.", "Bonne présentation"),
    ("legal.appearance", "Physique agréable apprécié pour l'accueil.", "Physique agréable"),
    ("legal.residence", "Candidat habitant la commune de préférence.", "habitant la commune"),
    ("legal.residence", "Vous êtes résidant à Clamecy ou dans le canton.", "résidant à Clamecy"),
    ("legal.residence", "Vous devez obligatoirement résider sur le territoire.", "devez obligatoirement résider"),
    ("legal.health", "Vous êtes en bonne santé et résistant·e.", "en bonne santé"),
    ("legal.disability", "Poste non adapté : candidats sans handicap uniquement.", "sans handicap"),
    ("legal.religion", "De confession catholique de préférence.", "De confession catholique"),
    ("legal.union", "Profil non syndiqué.", "non syndiqué"),
    ("legal.politics", "Sans engagement politique.", "Sans engagement politique"),
    ("legal.surname", "Nom à consonance française souhaité.", "Nom à consonance"),
    ("legal.origin", "Candidats d'origine européenne.", "origine européenne"),
    ("legal.native_language", "Anglais langue maternelle exigé.", "langue maternelle"),
    ("legal.native_language", "Vous êtes locuteur natif en allemand.", "locuteur natif"),
]


@pytest.mark.parametrize(("rule_id", "sentence", "words"), CAUGHT)
def test_discriminatory_criterion_is_caught(rule_id, sentence, words):
    found = findings(good_draft(profile=PROFILE + " " + sentence), rule_id)
    assert len(found) == 1, sentence
    finding = found[0]
    assert finding.category == "legal"
    assert finding.field == "profile"
    assert words in [s.text for s in finding.spans]
    span = finding.spans[0]
    assert (PROFILE + " " + sentence)[span.start : span.end] == span.text
    assert finding.why and finding.fix


NEAR_MISSES = [
    ("legal.age", "Vous avez plus de 10 ans d'expérience en urbanisme."),
    ("legal.age", "Vous accompagnez les jeunes de moins de 26 ans vers l'emploi."),
    ("legal.age", "Le service accueille les personnes âgées de plus de 60 ans."),
    ("legal.age", "Jeunes diplômé·es bienvenu·es."),
    ("legal.age", "Vous êtes jeune diplômé ou vous avez une première expérience."),
    ("legal.age", "Rejoignez une jeune équipe au sein d'une direction créée en 2024."),
    ("legal.age", "Contrat de 12 à 18 mois."),
    ("legal.seniority_wording", "Vous animez le club des seniors de la commune."),
    ("legal.sex", "Poste ouvert aux femmes et aux hommes."),
    ("legal.sex", "Nous recrutons une femme ou un homme passionné·e de patrimoine."),
    ("legal.sex", "Vous menez le plan d'égalité entre les femmes et les hommes."),
    ("legal.pregnancy", "Congé de maternité et de paternité pris en charge."),
    ("legal.family", "Logement proposé aux célibataires géographiques."),
    ("legal.family", "Crèche municipale pour les enfants du personnel."),
    ("legal.family", "Conciliation entre vie professionnelle et vie familiale."),
    ("legal.family", "Ce poste est ouvert quelle que soit votre situation familiale."),
    ("legal.appearance", "Vous assurez la bonne présentation des dossiers en conseil municipal."),
    ("legal.residence", "Vous êtes au service des habitants de la commune."),
    ("legal.residence", "Vous accompagnez les habitants dans leurs démarches."),
    ("legal.residence", "La ville compte 20 000 habitants à 30 minutes de Nevers."),
    ("legal.residence", "Un logement peut être proposé pour faciliter votre installation."),
    ("legal.health", "L'entreprise est en bonne santé financière."),
    ("legal.health", "Vous coordonnez le contrat local de santé."),
    ("legal.disability", "Poste ouvert aux personnes en situation de handicap (RQTH bienvenue)."),
    ("legal.religion", "Vous respectez le principe de laïcité et l'obligation de neutralité."),
    ("legal.religion", "Vous suivez la restauration du patrimoine religieux de la commune."),
    ("legal.union", "Vous préparez le dialogue social avec les organisations syndicales."),
    ("legal.politics", "Vous avez le sens du service public et de l'environnement politique local."),
    ("legal.surname", "Vous signez les courriers au nom de la commune."),
    ("legal.origin", "Vous développez les produits d'origine française dans les cantines."),
    ("legal.native_language", "Anglais courant (niveau C1 du CECRL)."),
]


@pytest.mark.parametrize(("rule_id", "sentence"), NEAR_MISSES)
def test_near_miss_is_not_caught(rule_id, sentence):
    assert findings(good_draft(profile=PROFILE + " " + sentence), rule_id) == []


def test_legal_error_caps_the_score():
    result = analyse(good_draft(profile=PROFILE + " Vous êtes âgé de moins de 30 ans."))
    assert result.categories["legal"].score < 100
    assert result.score <= 40
    assert result.level == "À corriger"


def test_age_condition_of_the_vta_programme_is_a_warning_not_an_error():
    draft = good_draft(contract_type="vta", profile=PROFILE + " Le VTA est ouvert aux 18-30 ans diplômés.")
    (finding,) = findings(draft, "legal.age")
    assert finding.severity == "warning"
    assert "programme" in finding.why


# --- Legal: nationality, the fonctionnaire nuance ----------------------------------------------------


def test_nationality_for_a_private_employer_is_an_error():
    draft = good_draft(
        contract_type="cdi", is_public_employer=False, profile=PROFILE + " Vous êtes de nationalité française."
    )
    (finding,) = findings(draft, "legal.nationality")
    assert finding.severity == "error"
    assert "fonctionnaire" in finding.message
    assert finding.spans[0].text.endswith("nationalité française")


def test_nationality_for_a_contractual_public_post_is_an_error():
    draft = good_draft(contract_type="contractuel", profile=PROFILE + " Nationalité française exigée.")
    (finding,) = findings(draft, "legal.nationality")
    assert finding.severity == "error"


def test_french_only_nationality_for_a_fonctionnaire_post_asks_to_include_the_eu():
    draft = good_draft(contract_type="fonctionnaire", profile=PROFILE + " Vous êtes de nationalité française.")
    assert findings(draft, "legal.nationality") == []
    (finding,) = findings(draft, "legal.nationality_eu")
    assert finding.severity == "warning"
    assert "L321-2" in finding.why


def test_eu_nationality_for_a_fonctionnaire_post_is_lawful():
    draft = good_draft(
        contract_type="fonctionnaire",
        profile=PROFILE + " Vous êtes de nationalité française ou d'un État membre de l'Union européenne.",
    )
    assert not {"legal.nationality", "legal.nationality_eu"} & rule_ids(draft)


def test_public_employer_without_contract_type_gets_a_warning():
    draft = good_draft(contract_type="", profile=PROFILE + " Nationalité française requise.")
    (finding,) = findings(draft, "legal.nationality")
    assert finding.severity == "warning"


@pytest.mark.parametrize(
    "sentence",
    [
        "Autorisation de travail en France requise.",
        "Vous travaillerez avec des partenaires de nationalité allemande.",
    ],
)
def test_nationality_near_misses(sentence):
    draft = good_draft(contract_type="cdi", is_public_employer=False, profile=PROFILE + " " + sentence)
    assert not {"legal.nationality", "legal.nationality_eu"} & rule_ids(draft)


# --- Legal: the offer is in French ------------------------------------------------------------------


def test_english_text_is_caught():
    english = (
        "We are looking for a project manager who will lead the revitalisation of the town centre. "
        "You will work with the mayor and our team, and you have strong skills in urban planning."
    )
    (finding,) = findings(good_draft(missions=english), "legal.language")
    assert finding.severity == "error"
    assert finding.field == "missions"
    assert "L5331-4" in finding.why


def test_french_text_with_english_borrowings_is_french():
    text = (
        "Vous êtes manager de l'équipe open data et vous animez un benchmark des bonnes pratiques. "
        "Vos soft skills et votre sens du reporting sont appréciés dans ce job de terrain."
    )
    assert findings(good_draft(missions=MISSIONS + " " + text), "legal.language") == []


# --- Inclusive writing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "proposal"),
    [
        ("Chef de projet Petites villes de demain", "Chef·fe de projet Petites villes de demain"),
        ("Chargé de mission développement économique", "Chargé·e de mission développement économique"),
        ("Directeur général des services", "Directeur·rice général·e des services"),
        ("Assistante de direction", "Assistant·e de direction"),
        ("Conseiller numérique", "Conseiller·ère numérique"),
    ],
)
def test_title_not_written_for_all_genders(title, proposal):
    (finding,) = findings(good_draft(title=title), "inclusive.title")
    assert finding.severity == "warning"
    assert finding.suggestion == proposal
    assert "(F/H)" in finding.fix
    assert inclusive_title(title) == (False, proposal)


@pytest.mark.parametrize(
    "title",
    [
        "Chef de projet H/F",
        "Chef de projet (F/H)",
        "Chargé de mission F-H",
        "Chef·fe de projet Action cœur de ville",
        "Chargé(e) de mission",
        "Chargé.e de mission",
        "Manager de centre-ville",
        "Responsable du service urbanisme",
        "Gestionnaire des ressources humaines",
    ],
)
def test_title_written_for_all_genders(title):
    assert findings(good_draft(title=title), "inclusive.title") == []


def test_generic_masculine_in_the_text_is_a_suggestion():
    (finding,) = findings(
        good_draft(profile=PROFILE + " Le candidat idéal aime le terrain."), "inclusive.generic_masculine"
    )
    assert finding.severity == "info"
    assert (
        findings(
            good_draft(profile=PROFILE + " La candidate ou le candidat idéal aime le terrain."),
            "inclusive.generic_masculine",
        )
        == []
    )


# --- Acronyms and jargon -----------------------------------------------------------------------------


def test_unexplained_acronym_is_caught_on_first_use():
    missions = "Vous pilotez le programme PVD. Le programme PVD finance votre poste. Vous travaillez avec l'EPCI."
    found = findings(good_draft(missions=missions), "jargon.acronym")
    assert {f.spans[0].text for f in found} == {"PVD", "EPCI"}
    pvd = next(f for f in found if f.spans[0].text == "PVD")
    assert pvd.spans[0].start == missions.index("PVD")  # the first use, not the second
    assert pvd.suggestion == "Petites villes de demain (PVD)"


@pytest.mark.parametrize(
    "missions",
    [
        "Vous pilotez le programme Petites villes de demain (PVD). Le programme PVD finance votre poste.",
        "Vous pilotez le programme PVD (Petites villes de demain) pour la commune.",
        "Vous pilotez le programme PVD (le programme des petites villes) pour la commune.",
        "Vous travaillez avec l'intercommunalité. L'EPCI finance la moitié du poste.",
    ],
)
def test_explained_acronym_is_not_caught(missions):
    assert findings(good_draft(missions=MISSIONS + " " + missions), "jargon.acronym") == []


def test_acronym_in_the_title_is_explained_by_the_body():
    draft = good_draft(title="Chef·fe de projet PVD (F/H)")
    assert findings(draft, "jargon.acronym") == []  # the territory presentation names the programme
    bare = good_draft(
        title="Chef·fe de projet PVD (F/H)",
        territory_presentation=TERRITORY.replace("Petites villes de demain", "national"),
    )
    assert [f.field for f in findings(bare, "jargon.acronym")] == ["title"]


def test_case_sensitive_acronyms_and_unknown_ones():
    found = findings(good_draft(missions=MISSIONS + " Vous révisez le PLUi et le SCoT avec le SIVOM."))
    acronyms = {f.spans[0].text for f in found if f.rule_id == "jargon.acronym"}
    assert acronyms == {"PLUi", "SCoT"}
    unknown = [f for f in found if f.rule_id == "jargon.unknown_acronym"]
    assert [f.spans[0].text for f in unknown] == ["SIVOM"]
    assert unknown[0].severity == "info"


def test_common_acronyms_are_never_flagged():
    text = MISSIONS + " Poste en CDI ou CDD, avec RTT ; envoyez votre CV au service RH."
    assert not {"jargon.acronym", "jargon.unknown_acronym"} & rule_ids(good_draft(missions=text))


def test_jargon_words_are_suggestions_with_a_plainer_wording():
    text = MISSIONS + " Vous travaillez en transversalité et participez à la montée en compétences des agents."
    found = findings(good_draft(missions=text), "jargon.word")
    assert {f.spans[0].text for f in found} == {"transversalité", "montée en compétences"}
    assert all(f.severity == "info" and f.fix.startswith("Dites plutôt") for f in found)


# --- Completeness ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "rule_id", "severity"),
    [
        ({"title": ""}, "completeness.title", "error"),
        ({"salary_min": None, "salary_max": None}, "completeness.salary", "error"),
        ({"salary_max": None}, "completeness.salary_range", "warning"),
        ({"salary_min": 45_000, "salary_max": 40_000}, "completeness.salary_range", "error"),
        ({"salary_min": 2_800, "salary_max": 3_200}, "completeness.salary_unit", "warning"),
        ({"commune_code": "", "commune_name": ""}, "completeness.location", "error"),
        ({"contract_type": ""}, "completeness.contract", "error"),
        ({"contract_type": "cdd", "contract_duration_months": None}, "completeness.contract_duration", "warning"),
        ({"contract_type": "fonctionnaire", "public_category": ""}, "completeness.public_category", "warning"),
        ({"start_date": None}, "completeness.start_date", "warning"),
        ({"closing_date": None}, "completeness.closing_date", "info"),
        ({"closing_date": dt.date(2026, 5, 1)}, "completeness.closing_date_past", "error"),
        ({"missions": ""}, "completeness.missions", "error"),
        ({"profile": ""}, "completeness.profile", "error"),
        ({"benefits": ""}, "completeness.benefits", "info"),
        ({"weekly_hours": None}, "completeness.weekly_hours", "info"),
        ({"apply_method": "url", "apply_url": ""}, "completeness.apply", "error"),
        ({"apply_method": "email", "apply_email": ""}, "completeness.apply", "error"),
        ({"apply_method": ""}, "completeness.apply", "error"),
    ],
)
def test_completeness(overrides, rule_id, severity):
    (finding,) = findings(good_draft(**overrides), rule_id)
    assert finding.severity == severity
    assert finding.category == "completeness"


def test_salary_message_cites_the_pay_transparency_directive():
    (finding,) = findings(good_draft(salary_min=None, salary_max=None), "completeness.salary")
    assert "2023/970" in finding.why and "juin 2026" in finding.why


@pytest.mark.parametrize(
    "overrides",
    [
        {"apply_method": "url", "apply_url": "https://www.clamecy.fr/recrutement"},
        {"apply_method": "email", "apply_email": "recrutement@clamecy.fr"},
        {"apply_method": "", "apply_email": "recrutement@clamecy.fr"},
        {"contract_type": "vta", "contract_duration_months": 12, "education_level": 5},
        {"contract_type": "cdi", "contract_duration_months": None, "public_category": ""},
    ],
)
def test_completeness_near_misses(overrides):
    assert findings(good_draft(**overrides)) == []


def test_remaining_placeholders_are_errors_with_their_spans():
    missions = MISSIONS + " Vous rejoignez [à compléter : nom de la commune] et [à compléter : service]."
    (finding,) = findings(good_draft(missions=missions), "completeness.placeholder")
    assert finding.severity == "error"
    assert [s.text for s in finding.spans] == ["[à compléter : nom de la commune]", "[à compléter : service]"]
    assert (
        findings(
            good_draft(missions=MISSIONS + " Une mission [transversale] entre crochets."), "completeness.placeholder"
        )
        == []
    )


# --- Length and readability --------------------------------------------------------------------------


def test_long_sentence_is_caught_with_its_span():
    long_one = (
        "Vous participez à la définition de la stratégie de revitalisation et à sa mise en œuvre en lien avec "
        "les services municipaux, les partenaires institutionnels, les commerçants, les associations et les "
        "habitants du centre-bourg dans le respect du calendrier fixé."
    )
    missions = MISSIONS + " " + long_one
    (finding,) = findings(good_draft(missions=missions), "readability.long_sentence")
    assert finding.severity == "warning"
    (span,) = finding.spans
    assert span.text == long_one
    assert missions[span.start : span.end] == long_one


def test_thirty_words_is_not_a_long_sentence():
    thirty = " ".join(["Vous"] + ["suivez"] * 28 + ["projets."])
    assert findings(good_draft(missions=MISSIONS + " " + thirty), "readability.long_sentence") == []


def test_too_short_and_too_long_fields():
    (short,) = findings(good_draft(missions="Suivi des projets de la commune."), "readability.too_short")
    assert short.field == "missions"
    (long,) = findings(good_draft(profile=(PROFILE + " ") * 12), "readability.too_long")
    assert long.field == "profile"


def test_hard_administrative_text_is_flagged():
    hard = (
        "L'accompagnement opérationnel des collectivités territoriales nécessite une ingénierie "
        "pluridisciplinaire. L'élaboration stratégique intercommunale implique une coordination institutionnelle. "
        "La contractualisation pluriannuelle conditionne l'opérationnalisation des investissements structurants. "
        "L'évaluation environnementale accompagne systématiquement la programmation."
    )
    (finding,) = findings(good_draft(missions=hard), "readability.hard_text")
    assert finding.severity == "warning"
    assert "difficile" in finding.message


def test_title_in_capitals_and_too_long():
    assert findings(good_draft(title="CHEF·FE DE PROJET PETITES VILLES DE DEMAIN (F/H)"), "readability.title_capitals")
    long_title = "Chef·fe de projet Petites villes de demain et Action cœur de ville et revitalisation (F/H)"
    assert findings(good_draft(title=long_title), "readability.title_length")


# --- Territory ---------------------------------------------------------------------------------------


def test_missing_territory_presentation_empties_the_territory_score():
    result = analyse(good_draft(territory_presentation=""))
    assert "territory.missing" in {f.rule_id for f in result.findings}
    assert result.categories["territory"].score == 0


def test_short_territory_presentation():
    (finding,) = findings(
        good_draft(territory_presentation="Clamecy est une jolie ville de la Nièvre."), "territory.short"
    )
    assert finding.severity == "warning"


def test_programme_not_presented():
    text = TERRITORY.replace("Petites villes de demain", "national de l'État")
    found = findings(good_draft(territory_presentation=text, title="Chef·fe de projet (F/H)"), "territory.programme")
    assert len(found) == 1
    assert findings(good_draft(), "territory.programme") == []


# --- Scoring -----------------------------------------------------------------------------------------


def test_empty_draft_scores_zero_and_every_category_is_present():
    result = analyse(OfferDraft())
    assert result.score == 0
    assert set(result.categories) == {"legal", "inclusive", "completeness", "readability", "jargon", "territory"}
    assert sum(c.weight for c in result.categories.values()) == 100


def test_score_rises_as_findings_are_fixed():
    steps = [
        good_draft(salary_min=None, salary_max=None, territory_presentation="", missions=MISSIONS + " Sigle : EPCI."),
        good_draft(territory_presentation="", missions=MISSIONS + " Sigle : EPCI."),
        good_draft(missions=MISSIONS + " Sigle : EPCI."),
        good_draft(),
    ]
    scores = [analyse(d).score for d in steps]
    assert scores == sorted(scores) and len(set(scores)) == 4, scores


def test_penalties_are_capped_per_category():
    words = " ".join(["transversalité", "synergie", "gouvernance", "pilotage", "écosystème", "process"] * 5)
    result = analyse(good_draft(missions=MISSIONS + " " + words + "."))
    assert result.categories["jargon"].score == 76  # 6 words × 4 points, whatever the repetitions
    assert result.score >= 90


def test_draft_from_form_values_is_lenient():
    draft = draft_from_mapping(
        {
            "title": "Chef de projet",
            "salary_min": "32 000",
            "salary_max": "trente mille",
            "weekly_hours": "37,5",
            "start_date": "01/09/2026",
            "closing_date": "2026-07-15",
            "is_public_employer": "True",
            "missions": "Ligne un\r\nLigne deux",
        }
    )
    assert draft.salary_min == 32_000 and draft.salary_max is None
    assert draft.weekly_hours == 37.5
    assert draft.start_date == dt.date(2026, 9, 1) and draft.closing_date == dt.date(2026, 7, 15)
    assert draft.is_public_employer is True
    assert draft.missions == "Ligne un\nLigne deux"


def test_analysis_as_dict_has_the_api_shape():
    data = analysis_as_dict(analyse(good_draft(profile=PROFILE + " Bonne présentation exigée.")))
    assert set(data) >= {"score", "categories", "findings"}
    (finding,) = data["findings"]
    assert finding["rule_id"] == "legal.appearance"
    assert finding["spans"][0]["text"] == "Bonne présentation"
    assert set(finding["spans"][0]) == {"start", "end", "text"}
