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

# "X s'abstenir", "X ne seront pas retenus", "X non acceptés", "X exclus": an exclusion of the
# people named just before (used for the criteria that name people: "Syndiqués s'abstenir").
_EXCLUDED = (
    r"(?:\s*[,:]?\s*(?:s['’]abstenir|(?:ne\s+)?(?:seront|sera|sont|est|pourront|pourra)\s+(?:pas|jamais)\s+"
    r"(?:retenu|accepté|admis|étudié|considéré|prise?s?\s+en\s+compte)\w*|(?:non|pas)\s+(?:accepté|admis|retenu|"
    r"souhaité|désiré)\w*|exclue?s?\b|refusé\w*|interdit\w*|(?:ne\s+)?(?:sont|est)\s+pas\s+(?:les\s+)?bienvenu\w*))"
)


def excluded(people: str) -> str:
    """A pattern for "<people> s'abstenir / ne seront pas retenus…" (people: a regex of nouns)."""
    return rf"\b(?:{people})\b(?:\s+[\w’'()·.-]+){{0,6}}?{_EXCLUDED}"


def refused(people: str) -> str:
    """A pattern for "pas de <people>", "aucun <people>", "ni <people>" (an exclusion by negation)."""
    return rf"\b(?:pas\s+d(?:e\s+|['’])|aucune?s?\s+|ni\s+)(?:{people})\b"


def reserved(people: str) -> str:
    """A pattern for "réservé aux <people>", "interdit aux <people>" (a post closed to the others or to them)."""
    return (
        rf"\b(?:réservé|destiné|interdit|fermé|déconseillé)e?s?\s+(?:uniquement\s+|exclusivement\s+)?"
        rf"(?:aux|à\s+des|à\s+une?|au)\s+(?:seule?s?\s+)?(?:{people})\b"
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
            r"\b(?:tranche|fourchette|classe)\s+(?:d['’]âge|\d{2}\s*-\s*\d{2})",
            r"\bâge\s+(?:maximum|minimum|maximal|minimal|limite|requis|souhaité|idéal)\b",
            r"\blimite\s+d['’]âge\b",
            r"\bpersonne\s+de\s+\d{2}\s*ans\b",
            r"\b\d{2}\s*ans\s+(?:maximum|minimum|au\s+plus|au\s+maximum|maxi)\b",
            r"\b\d{2}\s*/\s*\d{2}\s*ans\b",
            r"\b(?:la|une)\s+(?:vingtaine|trentaine|quarantaine|cinquantaine)\b(?!\s+(?:d['’]|de\s))",
            r"\bcandidatures?\s+(?:de\s+|des\s+)?(?:personnes?|candidat\w*)\s+(?:âgé\w*\s+)?(?:de\s+)?(?:plus|moins)\s+de\s+\d{2}\s*ans\b",
            r"\bjeune\s+et\s+dynamique\b",
            rf"\bjeunes?\s+(?:homme|femme|fille|garçon|candidat{FEM}|profil|recrue|personne|retraité{FEM})s?\b",
            r"\bvous\s+êtes\s+jeune\b(?!\s+diplômé)",
            r"\bprofil\s+jeune\b",
            r"\b(?:seniors?|retraité\w*|quinquagénaires?|personnes?\s+proches?\s+de\s+la\s+retraite)" + _EXCLUDED,
            r"\b(?:pas\s+de|aucun)\s+(?:candidat\w*\s+)?(?:de\s+)?(?:plus|moins)\s+de\s+\d{2}\s*ans\b",
        ),
        why=(
            "Une offre d'emploi ne peut pas fixer de limite d'âge (Code du travail, article L5331-2) ni "
            "écarter une candidature en raison de l'âge (article L1132-1)."
        ),
        fix=(
            "Décrivez l'expérience ou le diplôme attendus (« 3 ans d'expérience en conduite de projet », "
            "« jeune diplômé·e accepté·e ») plutôt qu'un âge."
        ),
        unless_before=_AUDIENCE_BEFORE + r"|(?:aucune|sans|pas\s+de|quel(?:le)?\s+que\s+soit)\s+$|"
        r"\b(?:pour|chez|avec|de|à|auprès\s+de|parmi)\s+les\s+$",
        unless_after=_EXPERIENCE_AFTER,
    ),
    Criterion(
        rule_id="legal.seniority_wording",
        label="l'âge",
        patterns=(r"\b(?:senior|junior)s?\b(?!\s*[,:]?\s*s['’]abstenir)",),
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
            r"\b(?:candidat|profil|personnel|poste)\s+(?:exclusivement\s+|uniquement\s+)?(?:masculin|féminin)\b",
            r"\bcandidature\s+(?:masculine|féminine)\b",
            r"\bde\s+sexe\s+(?:masculin|féminin)\b",
            r"\b(?:hommes?|femmes?)\s+(?:uniquement|exclusivement|de\s+préférence|seulement)\b",
            r"\b(?:uniquement|exclusivement|de\s+préférence)\s+(?:des\s+|un\s+|une\s+)?(?:hommes?|femmes?)\b",
            r"\bhommes?\s+à\s+poigne\b",
            r"\b(?:poste|emploi|travail|idéal|adapté|convient|conviendrait)\s+(?:[\w’']+\s+){0,2}(?:pour|à)\s+(?:un|une)\s+(?:homme|femme)\b",
            reserved(r"hommes|femmes|candidats\s+masculins|candidates"),
            r"\bvous\s+êtes\s+(?:une\s+femme|un\s+homme)\b",
            r"\b(?:une\s+)?(?:mère|père)\s+de\s+famille\b",
            r"\bfemme\s+de\s+ménage\b",
            r"\bhôtesses?\s+d['’]accueil\b",
        ),
        why=(
            "Le Code du travail interdit de mentionner le sexe de la personne recherchée dans une offre "
            "(article L1142-1), sauf rares exceptions fixées par décret (mannequins, artistes)."
        ),
        fix="Adressez l'offre à toutes et à tous : « Chef·fe de projet (F/H) », « la personne recrutée ».",
        unless_after=r"\s*(?:ou|et|/|\(\s*[HF]\s*/)\b|\s*\(\s*[HF]\s*/",
        unless_before=r"(?:ou|et|comme)\s+(?:aux\s+|des\s+|un\s+|une\s+)?$|(?:hommes?|femmes?)\s+(?:ou|et)\s+$",
    ),
    Criterion(
        rule_id="legal.pregnancy",
        label="la grossesse",
        patterns=(
            r"\b(?:pas|non)\s+enceinte\b",
            r"\bprojet\s+de\s+(?:grossesse|maternité|bébé)\b",
            r"\bsans\s+projet\s+d['’]enfant\b",
            r"\bétat\s+de\s+grossesse\b",
            r"\bincompatible\s+avec\s+une\s+grossesse\b",
            refused(r"grossesses?(?:\s+en\s+cours)?|projet\s+d['’]enfant"),
            r"\bgrossesse\s+en\s+cours\b",
            r"\b(?:femmes?|candidates?|personnes?)\s+enceintes?\b" + r"(?:\s+[\w’']+){0,3}?" + _EXCLUDED,
            r"\b(?:aucun|pas\s+de)\s+congés?\s+(?:de\s+)?maternité\s+(?:envisagé|prévu|possible)\w*",
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
            r"\b(?:pas\s+de|sans|aucune?)\s+(?:contraintes?|charges?|obligations?)\s+(?:de\s+)?(?:famil\w*|garde|d['’]enfants?)",
            r"\blivret\s+de\s+famille\b",
            r"\b(?:personne|candidat\w*)\s+seule?s?\s+(?:de\s+préférence|uniquement|souhaitée?s?|idéalement)\b",
            r"\bnombre\s+(?:de\s+vos|d['’])\s*enfants\b",
            r"\b(?:père|mère)\s+de\s+(?:deux|trois|\d)\s+enfants\b",
            r"\b(?:les\s+)?parents?\s+(?:de\s+jeunes\s+enfants|isolés?)\b" + r"(?:\s+[\w’']+){0,3}?" + _EXCLUDED,
        ),
        why=_L1132.format(label="la situation de famille"),
        fix=(
            "Supprimez la mention. Si le poste demande des déplacements ou des horaires particuliers, "
            "décrivez-les (« déplacements 2 jours par semaine ») : chacun juge s'il peut s'organiser."
        ),
        unless_before=(
            r"(?:quelle\s+que\s+soit|quelles?\s+que\s+soient)\s+(?:votre|leur|la|sa)\s+$|(?:les|des|aux|futurs)\s+$|"
            r"(?:selon|suivant|d['’]après)\s+(?:la|votre|sa)\s+$"
        ),
        unless_after=r"\s+géographiques?\b|\s+de\s+l['’]agent|\s+des\s+agents",
    ),
    Criterion(
        rule_id="legal.morals",
        label="les mœurs",
        patterns=(
            r"\b(?:bonnes|mauvaises)\s+m(?:œ|oe)urs\b",
            r"\bm(?:œ|oe)urs\s+(?:irréprochables?|légères|douteuses)\b",
            r"\bvie\s+(?:privée|personnelle)\s+(?:irréprochable|exemplaire|rangée|sans\s+excès)\b",
            r"\bvie\s+rangée\b",
            r"\bvos\s+fréquentations\b",
            r"\bbonne\s+moralité\b",
        ),
        why=_L1132.format(label="les mœurs"),
        fix=(
            "Supprimez la mention. Si le poste l'exige par la loi (travail auprès de mineurs, emploi public), "
            "citez la vérification prévue : extrait de casier judiciaire, contrôle d'honorabilité."
        ),
    ),
    Criterion(
        rule_id="legal.sexual_orientation",
        label="l'orientation sexuelle",
        patterns=(
            r"\b(?:hétéro|homo|bi)sexuel\w*",
            r"\bgays?\b|\blesbiennes?\b",
            refused(r"personnes\s+LGBT\w*|LGBT\w*"),
            r"\borientation\s+sexuelle\b",
        ),
        why=_L1132.format(label="l'orientation sexuelle"),
        fix="Supprimez la mention.",
        unless_before=(
            r"(?:discriminations?|haine|violences?|préjugés?|distinction|lutte|contre)\b[^.;!?\n]{0,50}$|"
            r"(?:quelle\s+que\s+soit)\s+(?:leur|votre|son|sa)\s+$|(?:,|ou|et)\s+(?:d['’]|de\s+)?$"
        ),
    ),
    Criterion(
        rule_id="legal.gender_identity",
        label="l'identité de genre",
        patterns=(
            r"\b(?:personnes?\s+)?(?:trans(?:genres?|sexuel\w*)?|non[-\s]binaires?)\b(?:\s+[\w’']+){0,2}?" + _EXCLUDED,
            refused(r"personnes?\s+trans\w*"),
            r"\bsexe\s+(?:de\s+naissance|biologique|à\s+l['’]état\s+civil)\b",
            rf"\bné{FEM}\s+(?:homme|femme)s?\b",
            r"\bidentité\s+de\s+genre\b",
        ),
        why=_L1132.format(label="l'identité de genre"),
        fix="Supprimez la mention.",
        unless_before=(
            r"(?:discriminations?|haine|violences?|préjugés?|distinction|lutte|contre)\b[^.;!?\n]{0,50}$|"
            r"(?:quelle\s+que\s+soit)\s+(?:leur|votre|son|sa)\s+$"
        ),
    ),
    Criterion(
        rule_id="legal.genetics",
        label="les caractéristiques génétiques",
        patterns=(
            r"\btests?\s+(?:génétiques?|ADN)\b",
            r"\bantécédents\s+(?:médicaux\s+)?familiaux\b",
            r"\bmaladies?\s+(?:héréditaires?|génétiques?)\b",
            r"\bcaractéristiques\s+génétiques\b",
        ),
        why=_L1132.format(label="les caractéristiques génétiques"),
        fix="Supprimez la mention : l'aptitude au poste relève de la médecine du travail.",
    ),
    Criterion(
        rule_id="legal.economic_vulnerability",
        label="la particulière vulnérabilité résultant de la situation économique",
        patterns=(
            excluded(
                r"bénéficiaires\s+du\s+RSA|allocataires\s+\w+|chômeurs?(?:\s+de\s+longue\s+durée)?|"
                r"demandeurs?\s+d['’]emploi(?:\s+de\s+longue\s+durée)?|personnes?\s+sans\s+domicile(?:\s+fixe)?|"
                r"SDF|personnes?\s+(?:en\s+situation\s+de\s+)?(?:précarité|précaires|surendettées?)|"
                r"personnes?\s+en\s+situation\s+de\s+précarité"
            ),
            excluded(r"(?:personnes?|candidat\w*|allocataires?)\s+(?:au|du|percevant\s+le)\s+RSA"),
            refused(r"bénéficiaires\s+du\s+RSA|RSA|chômeurs?|SDF|personnes?\s+surendettées?|surendettement"),
            r"\bsituation\s+financière\s+(?:saine|stable)\s+(?:exigée|requise|obligatoire|indispensable)\b",
            rf"\bfiché{FEM}\s+(?:à\s+la\s+)?Banque\s+de\s+France\b",
            r"\bsans\s+dettes?\b",
        ),
        why=_L1132.format(label="la particulière vulnérabilité résultant de la situation économique"),
        fix="Supprimez la mention : seules les compétences pour le poste comptent.",
    ),
    Criterion(
        rule_id="legal.appearance",
        label="l'apparence physique",
        patterns=(
            r"\bbonne\s+présentation\b",
            r"\bprésentation\s+(?:soignée|irréprochable|impeccable)\b",
            r"\bphysique\s+(?:agréable|avenant|attrayant|attractif|irréprochable)\b",
            r"\b(?:taille|poids)\s*(?:minimum|minimale|maximum|maximale|requise?|exigée?|:)",
            r"\bmensurations\b",
            r"\bsans\s+(?:tatouages?|piercings?)\b",
            refused(r"barbe|tatouages?|piercings?|dreadlocks|cheveux\s+longs"),
            r"\bcheveux\s+(?:courts|longs|attachés)\s+(?:exigés?|obligatoires?|imposés?|de\s+rigueur)",
            r"\b(?:mince|svelte|élancée?|grande?\s+taille)\s+et\s+(?:élégante?|souriante?|dynamique)\b|\bpersonne\s+mince\b",
            r"\bphoto\s+en\s+pied\b",
            r"\b(?:forte|belle|bonne|grosse)\s+carrure\b|\bvous\s+êtes\s+(?:grand|grande|mince|svelte|costaud|costaude)\b",
            r"\b(?:belle|bonne)\s+prestance\b|\bbeau\s+physique\b|\bjolie?\b",
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
            rf"{FEM})\s+(?:à|dans|sur|en|au|aux|la|le|les|de)\b(?:\s+[\w’'\-]+)?",
            r"\b(?:devez|doit|devra|devrez|obligation\s+de|impératif\s+de|impérativement|obligatoirement)\s+"
            r"(?:[\w’']+\s+)?(?:résider|habiter|être\s+domicilié\w*)\b",
            r"\b(?:résidez|habitez|résider|habiter)\s+(?:obligatoirement|impérativement|uniquement)\b",
            r"\bcandidat\w*\s+(?:locaux|locales?|du\s+secteur|du\s+territoire)\s+(?:uniquement|exclusivement|prioritaires?)\b",
            r"\b(?:uniquement|exclusivement|réservée?s?)\s+aux\s+(?:habitants|habitantes|résidents|résidentes)\b",
            r"\bpriorité\s+aux\s+(?:personnes|candidat\w*|habitants)\s+(?:domicilié|résidant|habitant|du|de\s+la)\w*",
            r"\b(?:les\s+)?(?:candidat\w*|personnes?)\s+n['’](?:habitant|résidant)\s+pas\b",
            refused(r"candidat\w*\s+(?:des|du|de\s+la)\s+(?:quartiers?|cités?|banlieues?)"),
            r"\bsi\s+vous\s+(?:habitez|résidez|vivez)\s+à\s+plus\s+de\b",
            reserved(r"(?:personnes|candidat\w*)\s+(?:habitant|résidant|domiciliée?s?|vivant)|habitants|résidents"),
            r"\bvous\s+(?:résidez|habitez)\s+(?:obligatoirement|impérativement|nécessairement)\b",
            r"\bvous\s+(?:habitez|résidez|êtes\s+domicilié\w*)\s+(?:\w+\s+){0,2}(?:commune|ville|canton|département|secteur|territoire|quartier|village)\b",
        ),
        why=_L1132.format(label="le lieu de résidence") + " Ce critère est protégé depuis 2014.",
        fix=(
            "Supprimez la condition. Si des astreintes imposent d'intervenir vite, indiquez le délai "
            "d'intervention (« intervention sur site en moins de 30 minutes ») plutôt qu'un lieu d'habitation ; "
            "pour attirer des candidatures, dites ce qui facilite l'installation (aide au logement, accès en train)."
        ),
        unless_before=r"(?:\b(?:les|des|aux|nos|ses|leurs|pour|avec|chaque|un|une|tout|tous|si|d['’])|\d)\s+$",
    ),
    Criterion(
        rule_id="legal.bank",
        label="la domiciliation bancaire",
        patterns=(
            r"\b(?:compte|RIB)\s+(?:bancaire\s+)?(?:ouvert\s+)?(?:dans\s+une|d['’]une|auprès\s+d['’]une)\s+banque\s+\w+",
            r"\bdomiciliation\s+bancaire\b",
            r"\bcompte\s+(?:bancaire\s+)?(?:à\s+l['’]étranger|en\s+France)\s+(?:obligatoire|exigé|requis)",
            r"\b(?:ayant|avec)\s+un\s+compte\s+(?:bancaire\s+)?à\s+l['’]étranger\b",
        ),
        why=_L1132.format(label="la domiciliation bancaire"),
        fix="Supprimez la mention : le salaire peut être versé sur tout compte de la zone SEPA.",
        unless_after=r"\s+(?:pour\s+le\s+versement|à\s+l['’]embauche)",
    ),
    Criterion(
        rule_id="legal.health",
        label="l'état de santé",
        patterns=(
            r"\b(?:en\s+)?(?:bonne|parfaite|excellente)\s+santé\b",
            r"\bbon\s+état\s+de\s+santé\b",
            r"\b(?:bonne|excellente|parfaite)\s+(?:condition|forme)\s+physique\b",
            r"\bsanté\s+de\s+fer\b",
            r"\b(?:pas|aucun)\s+d?['’]?\s*arrêts?\s+(?:de\s+)?maladie\b",
            r"\bsans\s+(?:antécédents?\s+médicaux|problèmes?\s+de\s+santé)\b",
            refused(r"problèmes?\s+(?:de\s+)?(?:santé|dos)|allergies?|maladies?\s+chroniques?|antécédents?\s+médicaux"),
            r"\baucune\s+maladie\b",
            excluded(
                r"(?:candidat\w*|personnes?)\s+(?:ayant|avec|souffrant\s+d['’]|atteinte?s?\s+d['’])\s*(?:des?\s+|un\s+|une\s+)?"
                r"(?:problèmes?|maladies?|troubles?|pathologies?|allergies?|antécédents?)"
            ),
            r"\bpersonne\s+valide\b|\bcandidat\w*\s+valides?\b",
            excluded(r"diabétiques?|épileptiques?|asthmatiques?|malades|séropositi\w+|personnes?\s+malades"),
            refused(r"personnes?\s+(?:ayant\s+eu|atteinte?s?\s+d['’]|souffrant\s+d['’])\s*(?:un|une)?\s*\w+|malades"),
            r"\bproblèmes?\s+de\s+santé\s+(?:dans|à\s+indiquer|éventuels)|\béventuels\s+problèmes?\s+de\s+santé\b",
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
        rule_id="legal.autonomy",
        label="la perte d'autonomie",
        patterns=(
            excluded(r"personnes?\s+(?:en\s+perte\s+d['’]autonomie|dépendantes?)"),
            refused(r"personnes?\s+dépendantes?"),
            r"\b(?:totalement|parfaitement|entièrement)\s+autonome\s+physiquement\b|\bsans\s+aide\s+humaine\b",
        ),
        why=_L1132.format(label="la perte d'autonomie"),
        fix=(
            "Supprimez la mention ; décrivez les gestes concrets du poste. Un aménagement de poste peut "
            "toujours être demandé."
        ),
    ),
    Criterion(
        rule_id="legal.disability",
        label="le handicap",
        patterns=(
            rf"\b(?:non|pas)\s+handicapé{FEM}\b",
            r"\bsans\s+handicap\b",
            refused(r"RQTH|handicap|handicapé\w*|(?:personnes?|travailleurs?|candidat\w*)\s+handicapé\w*"),
            r"\baucun\s+handicap\b",
            excluded(r"(?:personnes?|travailleurs?|candidat\w*)\s+(?:handicapé\w*|en\s+situation\s+de\s+handicap)"),
            r"\b(?:non|pas)\s+(?:accessible|ouvert|adapté)\w*\s+aux\s+(?:personnes|travailleurs|candidat\w*)\s+(?:en\s+situation\s+de\s+)?handicap\w*",
            r"\bn['’]est\s+pas\s+ouvert\w*\s+aux\s+(?:personnes|travailleurs)\s+(?:en\s+situation\s+de\s+)?handicap\w*",
            r"\bvous\s+n['’]êtes\s+pas\s+handicapé\w*",
            excluded(
                r"(?:personnes?|candidat\w*)\s+en\s+fauteuil(?:\s+roulant)?|fauteuils?\s+roulants?|malvoyant\w*|malentendant\w*|sourds?|aveugles?"
            ),
            r"\b(?:interdit|fermé|déconseillé)e?s?\s+aux\s+(?:personnes|travailleurs|candidat\w*)\s+(?:en\s+situation\s+de\s+)?handicap\w*",
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
            excluded(r"musulman\w*|juifs?|juives?|catholiques?|chrétien\w*|protestant\w*|croyant\w*|athées?"),
            refused(r"signes?\s+religieux|voile|kippa|foulard"),
            r"\bport\s+du\s+(?:voile|foulard)\s+(?:interdit|refusé|proscrit)",
            r"\bvaleurs\s+(?:chrétiennes|catholiques|musulmanes|juives)\b",
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
        label="les activités syndicales ou mutualistes",
        patterns=(
            r"\b(?:non|pas|sans)\s+(?:syndiqué\w*|engagement\s+syndical|activités?\s+syndicales?|appartenance\s+syndicale|mandat\s+syndical)",
            refused(r"activités?\s+syndicales?|appartenance\s+syndicale|engagement\s+syndical|syndiqué\w*"),
            excluded(
                r"syndiqué\w*|syndicalistes?|(?:militants?|adhérents?|membres?)\s+(?:syndica\w*|CGT|CFDT|FO|SUD|CFTC|CFE-CGC|UNSA|FSU)|CGT|CFDT|SUD|(?:candidat\w*\s+)?ayant\s+exercé\s+un\s+mandat\s+syndical"
            ),
            r"\b(?:ne\s+serez|n['’]êtes|ne\s+devez\s+pas\s+être)\s+pas\s+syndiqué\w*|\bne\s+serez\s+pas\s+syndiqué\w*",
            r"\b(?:jamais|aucun|pas)\s+(?:été\s+)?(?:délégué|représentant|élu)\w*\s+(?:syndica\w*|du\s+personnel)",
            r"\badhérent\w*\s+d['’]aucune\s+mutuelle\b|\bmutualiste\s+(?:s['’]abstenir|exclu)|\bni\s+mutualiste\b",
        ),
        why=_L1132.format(label="les activités syndicales ou mutualistes") + " Voir aussi l'article L2141-5.",
        fix="Supprimez la mention.",
    ),
    Criterion(
        rule_id="legal.politics",
        label="les opinions politiques",
        patterns=(
            r"\b(?:sans|pas\s+d['’]|aucune?)\s*(?:engagement|activité|appartenance|affiliation|opinion|étiquette)s?\s+politiques?\b",
            r"\bapolitique\b",
            r"\b(?:membre|adhérent\w*|militant\w*)\s+d['’]aucun\s+parti\b|\b(?:appartenir|adhérer|adhérent\w*)\s+à\s+(?:aucun|un)\s+parti\b|\baucun\s+parti\s+politique\b",
            r"\bcarte\s+(?:d['’]adhérent\s+(?:au|à\s+un)\s+parti|du\s+parti|d['’]électeur)\b",
            rf"\b(?:adhérent|militant|encarté){FEM}\s+(?:au|à\s+la|du|d['’]un)\s+(?:parti|majorité)",
            r"\bproche\s+de\s+la\s+majorité\b",
            r"\bpartag\w+\s+(?:les|des)\s+(?:orientations|idées|opinions|convictions)\s+politiques\b",
            excluded(r"militants?\s+politiques?|militant\w*\s+(?:de\s+)?(?:gauche|droite)"),
        ),
        why=(
            _L1132.format(label="les opinions politiques")
            + " Seuls les emplois de collaborateur ou collaboratrice de cabinet d'un exécutif local reposent "
            "sur la confiance politique de l'autorité territoriale (article L333-1 du CGFP)."
        ),
        fix="Supprimez la mention ; si le poste demande de travailler avec les élus, décrivez ce travail.",
    ),
    Criterion(
        rule_id="legal.elected_office",
        label="l'exercice d'un mandat électif",
        patterns=(
            r"\b(?:n['’]exercez|n['’]exerçant|sans|aucun|pas\s+de)\s+(?:aucun\s+)?mandats?\s+(?:électifs?|d['’]élu\w*|municipa\w*)",
            excluded(r"élu\w*\s+(?:municipa\w+|locaux|locales?)|conseillers?\s+municipa\w+"),
            refused(r"élu\w*\s+(?:locaux|locale?s?|municipa\w+)"),
            excluded(r"élus?|élues?"),
            r"\bincompatible\s+avec\s+(?:l['’]exercice\s+d['’])?un\s+mandat\b",
        ),
        why=(
            _L1132.format(label="l'exercice d'un mandat électif")
            + " Seules les inéligibilités prévues par le code électoral s'appliquent (par exemple un agent "
            "de la commune ne peut pas siéger à son conseil municipal, article L231) : elles ne se règlent pas "
            "dans l'offre."
        ),
        fix="Supprimez la mention.",
    ),
    Criterion(
        rule_id="legal.surname",
        label="le nom de famille",
        patterns=(
            r"\bnoms?\s+(?:à\s+consonance|français|de\s+famille\s+français)\w*",
            r"\bconsonance\s+\w+",
            r"\bpatronyme\s+\w+",
            r"\borigine\s+de\s+votre\s+nom\b",
        ),
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
            refused(r"personnes?\s+d['’]origine\s+\w+|maghrébins?|arabes?|noirs?|africains?|asiatiques?|roms?|gitans?"),
            r"\bBBR\b",
            r"\b(?:de|pure?)\s+souche\b",
            r"\bnon\s+typée?\b",
            r"\bsans\s+accent\b",
            r"\b(?:couleur|race)\s+blanche\b|\bde\s+couleur\b|\bethnie\b",
            excluded(r"(?:candidat\w*\s+)?issu\w*\s+de\s+l['’]immigration|personnes?\s+d['’]origine\s+\w+"),
        ),
        why=_L1132.format(label="l'origine ou l'appartenance, vraie ou supposée, à une ethnie ou une nation"),
        fix="Supprimez la mention ; vous pouvez exiger une autorisation de travail en France.",
        unless_before=(
            r"(?:produits?|denrées|viandes?|matériaux|bois|aliments?|marchandises?|labels?)\s+(?:[\w’']+\s+)?d['’]\s*$|"
            r"(?:distinction|discriminations?)\b[^.;!?\n]{0,50}$"
        ),
    ),
    Criterion(
        rule_id="legal.native_language",
        label="l'origine (langue maternelle)",
        patterns=(
            r"\blangue\s+maternelle\b",
            r"\b(?:locuteur|locutrice)\s+nati(?:f|ve)\b",
            r"\bnative\s+speaker\b",
            r"\b(?:anglais|français|allemand|espagnol|italien|arabe|portugais)\s+nati(?:f|ve)\b",
            r"\bbilingue\s+de\s+naissance\b",
        ),
        why=(
            "Exiger une langue « maternelle » écarte des candidatures selon l'origine (article L1132-1 du "
            "Code du travail), alors que seul le niveau de langue compte pour le poste."
        ),
        fix="Indiquez le niveau attendu sur l'échelle européenne (« anglais courant, niveau C1 du CECRL »).",
    ),
    Criterion(
        rule_id="legal.other_language",
        label="la capacité à s'exprimer dans une langue autre que le français",
        patterns=(
            r"\binterdiction\s+de\s+parler\s+(?:une\s+)?autre\s+langue\b",
            r"\bne\s+parlez\s+que\s+(?:le\s+)?français\b",
            excluded(
                r"personnes\s+parlant\s+une\s+langue\s+étrangère|candidat\w*\s+bilingues?(?:\s+\w+)?|"
                r"(?:arabophones|turcophones|lusophones|russophones)"
            ),
        ),
        why=_L1132.format(label="la capacité à s'exprimer dans une langue autre que le français"),
        fix=(
            "Supprimez la mention. Si le poste demande le français, indiquez le niveau attendu ; parler une "
            "autre langue ne peut pas écarter une candidature."
        ),
    ),
    Criterion(
        rule_id="legal.whistleblower",
        label="la qualité de lanceur d'alerte",
        patterns=(
            excluded(r"lanceu(?:r|se)s?\s+d['’]alerte"),
            r"\bjamais\s+été\s+lanceu\w+\s+d['’]alerte\b",
            r"\bayant\s+(?:déjà\s+)?signalé\s+(?:leur|un|son)\s+(?:ancien\s+)?employeur\b",
        ),
        why=_L1132.format(label="la qualité de lanceur d'alerte")
        + " La loi du 21 mars 2022 protège les lanceurs et lanceuses d'alerte.",
        fix="Supprimez la mention.",
    ),
)

# --- Nationality: lawful for a fonctionnaire post only, and then the EU is included ------------------
NATIONALITY_PATTERNS: tuple[str, ...] = (
    rf"\b(?:être|êtes|soyez|candidat{FEM}|personne|profil)\s+(?:[\w’']+\s+)?de\s+nationalité\s+\w+",
    r"\bnationalité\s+(?:française|européenne)\b",
    r"\bnationalité\s+\w+\s+(?:exigée|requise|obligatoire|indispensable|impérative)\b",
    r"\b(?:condition|exigence)\s+de\s+nationalité\b",
    r"\b(?:ressortissant|citoyen)s?\s+français\s+(?:uniquement|exclusivement|seulement)\b",
    r"\b(?:candidat\w*|personnes?|travailleurs?)\s+étrang[eè]r\w*\s*[,:]?\s*(?:s['’]abstenir|non\s+accepté\w*|exclu\w*)",
    r"\b(?:pas|aucun)\s+d['’]\s*étrangers?\b",
    rf"\b(?:citoyen|ressortissant){FEM}\s+(?:français|européen|de\s+l['’]union|d['’]un\s+[ée]tat)\w*",
)
# Mentions that the condition includes EU / EEA nationals (lawful wording for a fonctionnaire post).
NATIONALITY_EU = r"europ[ée]en|union\s+europ|\bUE\b|\bEEE\b|[ée]tat\s+membre|espace\s+économique"
