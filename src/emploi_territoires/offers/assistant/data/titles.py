"""Job titles written for all genders: markers, masculine nouns with their feminine, epicene nouns.

A title is written for all genders when it carries a marker ("F/H", "H/F", "(F/H)", "H-F"),
an inclusive form ("chef·fe", "chargé·e", "chargé(e)", "chargé.e", "cheffe ou chef"), or only
epicene nouns ("Responsable", "Manager de centre-ville", "Gestionnaire"). A title whose head noun
is masculine ("Chef de projet", "Chargé de mission", "Directeur") is not.
"""

from __future__ import annotations

# "F/H", "H/F", "(F/H)", "H-F", "F-H", "h/f", "HF" at the end, "femme ou homme"…
GENDER_MARKER = (
    r"(?:\(?\b[FH]\s*[/\-–]\s*[FH]\b\)?|\b(?:HF|FH)\s*$"
    r"|\bfemmes?\s+(?:ou|et)\s+hommes?\b|\bhommes?\s+(?:ou|et)\s+femmes?\b)"
)
# An inclusive form inside a word: chargé·e, chargé.e, chargé(e), chef·fe, directeur·rice, agent-e.
INCLUSIVE_FORM = r"[^\W\d_]+(?:·|\.|\(|-)(?:e|fe|ne|se|rice|trice|euse|ère|le|te)\)?s?\b"

# Masculine job nouns -> the inclusive form proposed ("chef" -> "chef·fe").
MASCULINE: dict[str, str] = {
    "chef": "chef·fe",
    "chargé": "chargé·e",
    "directeur": "directeur·rice",
    "développeur": "développeur·se",
    "animateur": "animateur·rice",
    "conseiller": "conseiller·ère",
    "agent": "agent·e",
    "technicien": "technicien·ne",
    "ingénieur": "ingénieur·e",
    "assistant": "assistant·e",
    "coordinateur": "coordinateur·rice",
    "coordonnateur": "coordonnateur·rice",
    "instructeur": "instructeur·rice",
    "adjoint": "adjoint·e",
    "attaché": "attaché·e",
    "rédacteur": "rédacteur·rice",
    "médiateur": "médiateur·rice",
    "éducateur": "éducateur·rice",
    "infirmier": "infirmier·ère",
    "ouvrier": "ouvrier·ère",
    "employé": "employé·e",
    "opérateur": "opérateur·rice",
    "commercial": "commercial·e",
    "consultant": "consultant·e",
    "apprenti": "apprenti·e",
    "administrateur": "administrateur·rice",
    "acheteur": "acheteur·se",
    "vendeur": "vendeur·se",
    "collaborateur": "collaborateur·rice",
    "contrôleur": "contrôleur·se",
    "gardien": "gardien·ne",
    "policier": "policier·ère",
    "programmateur": "programmateur·rice",
    "aménageur": "aménageur·se",
    "informaticien": "informaticien·ne",
    "géomaticien": "géomaticien·ne",
    "électricien": "électricien·ne",
    "mécanicien": "mécanicien·ne",
    "magasinier": "magasinier·ère",
    "cuisinier": "cuisinier·ère",
    "jardinier": "jardinier·ère",
    "chauffeur": "chauffeur·se",
    "formateur": "formateur·rice",
    "auditeur": "auditeur·rice",
    "délégué": "délégué·e",
    "inspecteur": "inspecteur·rice",
    "surveillant": "surveillant·e",
    "intervenant": "intervenant·e",
    "expert": "expert·e",
    "avocat": "avocat·e",
    "président": "président·e",
    "général": "général·e",
    "référent": "référent·e",
    "pharmacien": "pharmacien·ne",
    "statisticien": "statisticien·ne",
    "régisseur": "régisseur·se",
    "logisticien": "logisticien·ne",
    "élu": "élu·e",
}
# Nouns that are the same for everyone (no marker needed when the title has only these).
EPICENE: frozenset[str] = frozenset(
    {
        "responsable", "gestionnaire", "manager", "secrétaire", "juriste", "comptable", "architecte",
        "urbaniste", "volontaire", "stagiaire", "paysagiste", "archiviste", "bibliothécaire", "économiste",
        "analyste", "photographe", "cadre", "membre", "diplomate", "pilote", "interprète", "psychologue",
        "géographe", "chimiste", "biologiste", "médecin", "coach", "designer", "graphiste", "documentaliste",
        "journaliste", "ergonome", "thérapeute", "dentiste", "géomètre", "hydrologue", "écologue",
        "sociologue", "capitaine", "artiste", "scénographe", "notaire", "ministre", "libraire",
    }
)  # fmt: skip

# Job nouns beyond the title lists, as their masculine lemma (what spaCy gives for « vendeuse »,
# « assistante », « soignante »): a recruiting verb followed by one of these in one gender only
# (« nous recrutons une secrétaire », « recherche un chauffeur » in an offer without « H/F ») is
# flagged by the legal rule on sex.
JOB_NOUNS_EXTRA: frozenset[str] = frozenset(
    {
        "auxiliaire", "aide", "soignant", "hôtesse", "hôte", "serveur", "caissier", "coiffeur", "esthéticien",
        "boulanger", "boucher", "pâtissier", "plombier", "maçon", "peintre", "menuisier", "couvreur", "carreleur",
        "manutentionnaire", "cariste", "préparateur", "livreur", "conducteur", "nourrice", "puériculteur",
        "standardiste", "réceptionniste", "télévendeur", "commis", "plongeur", "gouvernant", "lingère", "linger",
        "brancardier", "ambulancier", "veilleur", "aide-soignant", "employée", "ouvrière", "bûcheron",
        "facteur", "soudeur", "chaudronnier", "usineur", "tourneur", "fraiseur", "monteur", "câbleur",
        "dessinateur", "projeteur", "métreur", "économe", "cantinier", "agent", "atsem", "accompagnant",
        "accompagnateur", "auxiliaire de vie", "nounou", "baby-sitter", "comptable", "secrétaire",
        "infirmier", "vendeur", "assistant", "employé", "ouvrier", "cuisinier", "jardinier",
    }
)  # fmt: skip
# Nouns after a recruiting verb that are not a job in one gender (« une personne », « une équipe »).
NOT_JOB_NOUNS: frozenset[str] = frozenset(
    {
        "personne", "équipe", "recrue", "candidature", "personnalité", "femme", "homme", "profil", "renfort",
        "entreprise", "structure", "solution", "association", "prestataire", "talent", "perle",
    }
)  # fmt: skip
