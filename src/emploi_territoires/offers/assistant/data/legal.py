"""Discriminatory criteria (Code du travail L1132-1, L1142-1, L5331-2; Défenseur des droits guidance).

Each criterion is a list of patterns (case-insensitive regular expressions) and two optional
guards that keep near-misses out:

- ``unless_before``: searched in the 60 characters before the match (anchored with ``$``), e.g.
  "accompagner les jeunes de moins de 26 ans" describes the people served, not the candidate;
- ``unless_after``: matched at the start of the text after the match, e.g. "plus de 10 ans
  d'expérience" is experience, "bonne présentation des dossiers" is a task.

Decisions (documented in docs/offers-assistant.md):
- "jeune diplômé·e" is allowed (it names a level of experience, as the Défenseur des droits
  accepts), "jeune" as a quality of the candidate ("jeune et dynamique", "jeune profil") is not;
- "senior"/"junior" name a level of experience but read like an age: a suggestion (info) to
  state the experience in years instead;
- "H/F", "F/H", "femmes et hommes" are inclusive, never flagged;
- nationality is handled by its own rule (the fonctionnaire nuance), see rules.nationality.
"""

from __future__ import annotations

from dataclasses import dataclass

# Feminine / plural endings as French offers write them: "âgé(e)s", "âgé·e", "âgée", "âgés".
FEM = r"(?:e|·e|\.e|\(e\)|-e)?s?"
# What follows "NN ans" when it is experience or duration, not age.
_EXPERIENCE_AFTER = (
    r"\s*(?:d['’]|de\s|des\s|dans\b|en\s|au\s|aux\s|à\s|sur\s|comme\b|chez\b|minimum\b|minimal|au\s+moins|"
    r"et\s+plus\s+d['’]exp|renouvelable|d['’]ancienneté|d['’]expérience)"
)
# Who the job serves: "les jeunes de moins de 26 ans", "des personnes âgées de plus de 60 ans".
_AUDIENCE_BEFORE = (
    r"(?:jeunes|publics?|personnes|bénéficiaires|enfants|élèves|usagers|habitants|habitantes|seniors|"
    r"demandeurs\s+d['’]emploi|adolescents|salariés|population|familles|patients|résidents|apprentis)"
    r"\s+(?:[\w’']+\s+){0,2}$"
)


@dataclass(frozen=True)
class Criterion:
    rule_id: str
    label: str  # "l'âge": what the law protects, used in messages
    patterns: tuple[str, ...]
    why: str
    fix: str
    severity: str = "error"
    unless_before: str | None = None
    unless_after: str | None = None


_L1132 = (
    "Le Code du travail interdit d'écarter une candidature en raison de {label} (article L1132-1 ; "
    "pour les agents publics, article L131-1 du code général de la fonction publique). Mentionner ce "
    "critère dans une offre est une discrimination, punie par l'article 225-2 du Code pénal."
)

CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        rule_id="legal.age",
        label="l'âge",
        patterns=(
            rf"\bâgé{FEM}\s+(?:de\s+)?(?:moins\s+de\s+|plus\s+de\s+|entre\s+)?\d{{2}}(?:\s*(?:à|-|et)\s*\d{{2}})?\s*ans\b",
            r"\b(?:moins|plus)\s+de\s+\d{2}\s*ans\b",
            r"\bentre\s+\d{2}\s+et\s+\d{2}\s*ans\b",
            r"\b\d{2}\s*(?:-|à)\s*\d{2}\s*ans\b",
            r"\bâge\s+(?:maximum|minimum|maximal|minimal|limite|requis)\b",
            r"\blimite\s+d['’]âge\b",
            r"\bjeune\s+et\s+dynamique\b",
            rf"\bjeunes?\s+(?:homme|femme|fille|garçon|candidat{FEM}|profil|recrue|personne)s?\b",
            r"\bvous\s+êtes\s+jeune\b(?!\s+diplômé)",
            r"\bprofil\s+jeune\b",
        ),
        why=(
            "Une offre d'emploi ne peut pas fixer de limite d'âge (Code du travail, article L5331-2) ni "
            "écarter une candidature en raison de l'âge (article L1132-1)."
        ),
        fix=(
            "Décrivez l'expérience ou le diplôme attendus (« 3 ans d'expérience en conduite de projet », "
            "« jeune diplômé·e accepté·e ») plutôt qu'un âge."
        ),
        unless_before=_AUDIENCE_BEFORE,
        unless_after=_EXPERIENCE_AFTER,
    ),
    Criterion(
        rule_id="legal.seniority_wording",
        label="l'âge",
        patterns=(r"\b(?:senior|junior)s?\b",),
        why=(
            "« Senior » et « junior » désignent souvent un niveau d'expérience, mais se lisent aussi comme "
            "un âge, qu'une offre ne peut pas exiger (articles L1132-1 et L5331-2 du Code du travail)."
        ),
        fix="Indiquez plutôt l'expérience attendue en années (« au moins 8 ans d'expérience en urbanisme »).",
        severity="info",
        unless_before=r"(?:résidences?|publics?|personnes|accueil|club|des|aux|les|nos)\s+$",
    ),
    Criterion(
        rule_id="legal.sex",
        label="le sexe",
        patterns=(
            r"\b(?:recherchons|recrutons|cherchons|recherche|recrute)\s+(?:un|une)\s+(?:homme|femme)\b",
            r"\b(?:poste|emploi|offre)\s+(?:réservé|destiné|ouvert)e?s?\s+(?:uniquement\s+)?(?:aux|à\s+des|à\s+un|à\s+une)\s+(?:hommes?|femmes?)\b",
            r"\b(?:candidat|profil|personnel)\s+(?:masculin|féminin)\b",
            r"\bde\s+sexe\s+(?:masculin|féminin)\b",
            r"\b(?:hommes?|femmes?)\s+(?:uniquement|exclusivement|de\s+préférence|seulement)\b",
            r"\b(?:uniquement|exclusivement|de\s+préférence)\s+(?:des\s+|un\s+|une\s+)?(?:hommes?|femmes?)\b",
        ),
        why=(
            "Le Code du travail interdit de mentionner le sexe de la personne recherchée dans une offre "
            "(article L1142-1), sauf rares exceptions fixées par décret (mannequins, artistes)."
        ),
        fix="Adressez l'offre à toutes et à tous : « Chef·fe de projet (F/H) », « la personne recrutée ».",
        unless_after=r"\s*(?:ou|et|/)\b",
    ),
    Criterion(
        rule_id="legal.pregnancy",
        label="la grossesse",
        patterns=(
            r"\b(?:pas|non)\s+enceinte\b",
            r"\bprojet\s+de\s+(?:grossesse|maternité|bébé)\b",
            r"\bsans\s+projet\s+d['’]enfant\b",
            r"\bétat\s+de\s+grossesse\b",
        ),
        why=_L1132.format(label="la grossesse") + " L'article L1225-1 interdit aussi d'en tenir compte.",
        fix="Supprimez toute mention de grossesse ou de projet d'enfant.",
    ),
    Criterion(
        rule_id="legal.family",
        label="la situation de famille",
        patterns=(
            r"\bcélibataire\b",
            r"\bsans\s+enfants?\b",
            r"\bpas\s+d['’]enfants?\b",
            r"\bsituation\s+(?:familiale|de\s+famille|matrimoniale)\b",
            rf"\b(?:marié|pacsé){FEM}\b",
            r"\blibre\s+de\s+toute\s+attache\b",
        ),
        why=_L1132.format(label="la situation de famille"),
        fix=(
            "Supprimez la mention. Si le poste demande des déplacements ou des horaires particuliers, "
            "décrivez-les (« déplacements 2 jours par semaine ») : chacun juge s'il peut s'organiser."
        ),
        unless_before=r"(?:quelle\s+que\s+soit|quelles?\s+que\s+soient)\s+(?:votre|leur|la|sa)\s+$|(?:les|des|aux|futurs)\s+$",
        unless_after=r"\s+géographiques?\b",
    ),
    Criterion(
        rule_id="legal.appearance",
        label="l'apparence physique",
        patterns=(
            r"\bbonne\s+présentation\b",
            r"\bprésentation\s+(?:soignée|irréprochable|impeccable)\b",
            r"\bphysique\s+(?:agréable|avenant|attrayant|attractif|irréprochable)\b",
            r"\b(?:taille|poids)\s+(?:minimum|minimale|maximum|maximale|requise?|exigée?)\b",
            r"\bmensurations\b",
            r"\bsans\s+(?:tatouages?|piercings?)\b",
        ),
        why=_L1132.format(label="l'apparence physique"),
        fix=(
            "Supprimez la mention. Si une tenue est imposée par le poste (sécurité, hygiène), décrivez-la "
            "(« tenue de travail fournie »)."
        ),
        unless_after=r"\s+(?:des|du|de|d['’]|orale|écrite|aux|en\s)",
    ),
    Criterion(
        rule_id="legal.residence",
        label="le lieu de résidence",
        patterns=(
            # "habitant" singular only: "habitants à" is the noun ("20 000 habitants à accueillir").
            r"\b(?:habitant(?:e|·e|\(e\))?|(?:résidant|domicilié|demeurant)"
            rf"{FEM})\s+(?:à|dans|sur|en|au|aux|la|le|les)\b(?:\s+[\w’'\-]+)?",
            r"\b(?:devez|doit|devra|devrez|obligation\s+de|impératif\s+de|impérativement|obligatoirement)\s+"
            r"(?:[\w’']+\s+)?(?:résider|habiter|être\s+domicilié\w*)\b",
            r"\bcandidat\w*\s+(?:locaux|locales?|du\s+secteur|du\s+territoire)\s+(?:uniquement|exclusivement|prioritaires?)\b",
            r"\b(?:uniquement|exclusivement|réservée?s?)\s+aux\s+(?:habitants|habitantes|résidents|résidentes)\b",
        ),
        why=_L1132.format(label="le lieu de résidence") + " Ce critère est protégé depuis 2014.",
        fix=(
            "Supprimez la condition. Pour attirer des candidatures, dites plutôt ce qui facilite "
            "l'installation (aide au logement, accès en train) : c'est le rôle de la présentation du territoire."
        ),
        unless_before=r"(?:\b(?:les|des|aux|nos|ses|leurs|pour|avec|chaque|un|une|tout|tous|d['’])|\d)\s+$",
    ),
    Criterion(
        rule_id="legal.health",
        label="l'état de santé",
        patterns=(
            r"\ben\s+(?:bonne|parfaite|excellente)\s+santé\b",
            r"\b(?:bonne|excellente|parfaite)\s+(?:condition|forme)\s+physique\b",
            r"\bpas\s+d['’]arrêts?\s+(?:de\s+)?maladie\b",
            r"\bsans\s+(?:antécédents?\s+médicaux|problèmes?\s+de\s+santé)\b",
        ),
        why=(
            _L1132.format(label="l'état de santé")
            + " L'aptitude médicale est appréciée par la médecine du travail, pas par l'offre."
        ),
        fix=(
            "Décrivez les contraintes concrètes du poste (« port de charges jusqu'à 15 kg », « travail en extérieur »)."
        ),
        unless_after=r"\s+(?:financière|économique|budgétaire)",
    ),
    Criterion(
        rule_id="legal.disability",
        label="le handicap",
        patterns=(
            rf"\b(?:non|pas)\s+handicapé{FEM}\b",
            r"\bsans\s+handicap\b",
            r"\bpas\s+de\s+(?:RQTH|handicap)\b",
            r"\b(?:personnes?|travailleurs?)\s+handicapé\w*\s+(?:exclu\w*|non\s+accepté\w*|s['’]abstenir)",
        ),
        why=_L1132.format(label="le handicap")
        + " L'employeur doit au contraire aménager le poste si besoin (L5213-6).",
        fix="Supprimez la mention ; vous pouvez écrire « poste ouvert aux personnes en situation de handicap ».",
    ),
    Criterion(
        rule_id="legal.religion",
        label="les convictions religieuses",
        patterns=(
            r"\b(?:de\s+)?(?:confession|religion)\s+(?:catholique|musulmane|juive|chrétienne|protestante|orthodoxe|bouddhiste)\b",
            r"\b(?:catholique|musulman|juif|juive|chrétien|chrétienne|protestant)e?s?\s+(?:pratiquant|exigé|souhaité|de\s+préférence|uniquement)\w*",
            rf"\bpratiquant{FEM}\b",
            r"\bsans\s+(?:religion|confession)\b",
        ),
        why=(
            _L1132.format(label="les convictions religieuses")
            + " Dans le service public, c'est l'obligation de neutralité des agents qui s'applique, "
            "pas un critère de recrutement."
        ),
        fix=(
            "Supprimez la mention. Pour un employeur public, vous pouvez rappeler le principe de laïcité "
            "et de neutralité."
        ),
    ),
    Criterion(
        rule_id="legal.union",
        label="les activités syndicales",
        patterns=(
            r"\b(?:non|pas|sans)\s+(?:syndiqué\w*|engagement\s+syndical|activités?\s+syndicales?|appartenance\s+syndicale|mandat\s+syndical)",
            rf"\bsyndiqué{FEM}\s+s['’]abstenir\b",
            r"\bmilitants?\s+syndica\w*\s+s['’]abstenir\b",
        ),
        why=_L1132.format(label="les activités syndicales") + " Voir aussi l'article L2141-5.",
        fix="Supprimez la mention.",
    ),
    Criterion(
        rule_id="legal.politics",
        label="les opinions politiques",
        patterns=(
            r"\b(?:sans|pas\s+d['’]|aucune?)\s*(?:engagement|activité|appartenance|affiliation|opinion|étiquette)s?\s+politiques?\b",
            r"\bapolitique\b",
            rf"\b(?:adhérent|militant|encarté){FEM}\s+(?:au|à\s+la|du|d['’]un)\s+(?:parti|majorité)",
            r"\bproche\s+de\s+la\s+majorité\b",
        ),
        why=(
            _L1132.format(label="les opinions politiques")
            + " Seuls les emplois de collaborateur ou collaboratrice de cabinet d'un exécutif local reposent "
            "sur la confiance politique de l'autorité territoriale (article L333-1 du CGFP)."
        ),
        fix="Supprimez la mention ; si le poste demande de travailler avec les élus, décrivez ce travail.",
    ),
    Criterion(
        rule_id="legal.surname",
        label="le nom de famille",
        patterns=(r"\bnom\s+(?:à\s+consonance|français|de\s+famille\s+français)\w*", r"\bconsonance\s+\w+"),
        why=_L1132.format(label="le nom de famille"),
        fix="Supprimez la mention.",
    ),
    Criterion(
        rule_id="legal.origin",
        label="l'origine",
        patterns=(
            r"\borigine\s+(?:française|européenne|étrangère|maghrébine|africaine|asiatique|nord-africaine|antillaise)\b",
            r"\b(?:type|profil|physique)\s+(?:européen|caucasien|maghrébin|africain|asiatique)\w*",
            r"\b(?:pas|aucun)\s+d['’]\s*étrangers?\b",
            r"\bBBR\b",
        ),
        why=_L1132.format(label="l'origine ou l'appartenance, vraie ou supposée, à une ethnie ou une nation"),
        fix="Supprimez la mention ; vous pouvez exiger une autorisation de travail en France.",
        unless_before=r"(?:produits?|denrées|viandes?|matériaux|bois|aliments?|marchandises?|labels?)\s+(?:[\w’']+\s+)?d['’]\s*$",
    ),
    Criterion(
        rule_id="legal.native_language",
        label="l'origine (langue maternelle)",
        patterns=(
            r"\blangue\s+maternelle\b",
            r"\b(?:locuteur|locutrice)\s+nati(?:f|ve)\b",
            r"\bnative\s+speaker\b",
            r"\b(?:anglais|français|allemand|espagnol|italien|arabe|portugais)\s+natif\b",
            r"\bbilingue\s+de\s+naissance\b",
        ),
        why=(
            "Exiger une langue « maternelle » écarte des candidatures selon l'origine (article L1132-1 du "
            "Code du travail), alors que seul le niveau de langue compte pour le poste."
        ),
        fix="Indiquez le niveau attendu sur l'échelle européenne (« anglais courant, niveau C1 du CECRL »).",
    ),
)

# --- Nationality: lawful for a fonctionnaire post only, and then the EU is included ------------------
NATIONALITY_PATTERNS: tuple[str, ...] = (
    rf"\b(?:être|êtes|soyez|candidat{FEM}|personne|profil)\s+(?:[\w’']+\s+)?de\s+nationalité\s+\w+",
    r"\bnationalité\s+(?:française|européenne)\b",
    r"\bnationalité\s+\w+\s+(?:exigée|requise|obligatoire|indispensable|impérative)\b",
    r"\b(?:condition|exigence)\s+de\s+nationalité\b",
    rf"\b(?:citoyen|ressortissant){FEM}\s+(?:français|européen|de\s+l['’]union|d['’]un\s+[ée]tat)\w*",
)
# Mentions that the condition includes EU / EEA nationals (lawful wording for a fonctionnaire post).
NATIONALITY_EU = r"europ[ée]en|union\s+europ|\bUE\b|\bEEE\b|[ée]tat\s+membre|espace\s+économique"
