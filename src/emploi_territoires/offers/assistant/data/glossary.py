"""Acronyms of territorial policy and administrative jargon, with plain-French explanations.

ACRONYMS maps an acronym (spelled as it is written, case-sensitive: "PLUi", "SCoT") to its
expansions; the first is the one proposed, the others are accepted as explanations too. An
acronym is "explained" when one of its expansions appears before its first use, or when its
first use is followed by a parenthesis of at least two words: "PVD (Petites villes de demain)".

COMMON_ACRONYMS are known to every reader of a French job offer and never flagged.
JARGON lists administrative words that a candidate from outside the public sector may not
understand, each with a plainer way to say it.
"""

from __future__ import annotations

ACRONYMS: dict[str, tuple[str, ...]] = {
    "PVD": ("Petites villes de demain",),
    "ACV": ("Action cœur de ville", "Action coeur de ville"),
    "ORT": ("opération de revitalisation de territoire",),
    "EPCI": ("établissement public de coopération intercommunale", "intercommunalité"),
    "QPV": ("quartier prioritaire de la politique de la ville", "quartiers prioritaires de la politique de la ville"),
    "QP": ("quartier prioritaire",),
    "DGS": ("directeur général des services", "directrice générale des services", "direction générale des services"),
    "DGA": ("directeur général adjoint", "directrice générale adjointe"),
    "PLU": ("plan local d'urbanisme",),
    "PLUi": ("plan local d'urbanisme intercommunal",),
    "SCoT": ("schéma de cohérence territoriale",),
    "SCOT": ("schéma de cohérence territoriale",),
    "CRTE": ("contrat pour la réussite de la transition écologique", "contrat de relance et de transition écologique"),
    "ANCT": ("Agence nationale de la cohésion des territoires",),
    "ANAH": ("Agence nationale de l'habitat",),
    "Anah": ("Agence nationale de l'habitat",),
    "ANRU": ("Agence nationale pour la rénovation urbaine",),
    "VTA": ("volontariat territorial en administration",),
    "VTE": ("volontariat territorial en entreprise",),
    "OPAH": ("opération programmée d'amélioration de l'habitat",),
    "OPAH-RU": ("opération programmée d'amélioration de l'habitat de renouvellement urbain",),
    "FISAC": ("fonds d'intervention pour les services, l'artisanat et le commerce",),
    "NPNRU": ("nouveau programme national de renouvellement urbain",),
    "CCAS": ("centre communal d'action sociale",),
    "CIAS": ("centre intercommunal d'action sociale",),
    "DSP": ("délégation de service public",),
    "TI": ("Territoires d'industrie", "Territoire d'industrie"),
    "DETR": ("dotation d'équipement des territoires ruraux",),
    "DSIL": ("dotation de soutien à l'investissement local",),
    "FEDER": ("Fonds européen de développement régional",),
    "LEADER": ("liaison entre actions de développement de l'économie rurale",),
    "GAL": ("groupe d'action locale",),
    "PETR": ("pôle d'équilibre territorial et rural",),
    "SRADDET": ("schéma régional d'aménagement, de développement durable et d'égalité des territoires",),
    "PCAET": ("plan climat-air-énergie territorial",),
    "PLH": ("programme local de l'habitat",),
    "ZAC": ("zone d'aménagement concerté",),
    "ZAE": ("zone d'activités économiques", "zone d'activité économique"),
    "AMO": ("assistance à maîtrise d'ouvrage",),
    "MOA": ("maîtrise d'ouvrage",),
    "MOE": ("maîtrise d'œuvre",),
    "CDC": ("Caisse des dépôts", "Banque des territoires"),
    "BDT": ("Banque des territoires",),
    "CEREMA": ("Centre d'études et d'expertise sur les risques, l'environnement, la mobilité et l'aménagement",),
    "Cerema": ("Centre d'études et d'expertise sur les risques, l'environnement, la mobilité et l'aménagement",),
    "CAUE": ("conseil d'architecture, d'urbanisme et de l'environnement",),
    "SPR": ("site patrimonial remarquable",),
    "ABF": ("architecte des Bâtiments de France",),
    "CGCT": ("code général des collectivités territoriales",),
    "CGFP": ("code général de la fonction publique",),
    "CNFPT": ("Centre national de la fonction publique territoriale",),
    "CDG": ("centre de gestion",),
    "RIFSEEP": (
        "régime indemnitaire tenant compte des fonctions, des sujétions, de l'expertise et de l'engagement "
        "professionnel",
        "régime indemnitaire",
    ),
    "IFSE": ("indemnité de fonctions, de sujétions et d'expertise",),
    "CIA": ("complément indemnitaire annuel",),
    "NBI": ("nouvelle bonification indiciaire",),
    "CNAS": ("Comité national d'action sociale",),
    "COS": ("comité des œuvres sociales",),
    "PTRTE": ("pacte territorial de relance et de transition écologique",),
    "SIG": ("système d'information géographique",),
    "MSAP": ("maison de services au public",),
    "CTG": ("convention territoriale globale",),
    "PAT": ("projet alimentaire territorial",),
    "ESS": ("économie sociale et solidaire",),
    "ETI": ("entreprise de taille intermédiaire", "entreprises de taille intermédiaire"),
    "CCI": ("chambre de commerce et d'industrie",),
    "CMA": ("chambre de métiers et de l'artisanat",),
    "GPEC": ("gestion prévisionnelle des emplois et des compétences",),
    "GEPP": ("gestion des emplois et des parcours professionnels",),
}

# Known by every reader of a French job offer: never flagged, never asked to be explained.
COMMON_ACRONYMS: frozenset[str] = frozenset(
    {
        "CDI", "CDD", "RTT", "RH", "CV", "SMIC", "TTC", "HT", "PDF", "UE", "EU", "TGV", "TER", "SNCF",
        "RGPD", "CNIL", "PME", "TPE", "SA", "SAS", "SARL", "SNC", "H", "F", "HF", "FH", "IT", "OK", "DRH",
        "PDG", "BTP", "RSA", "BAC", "MASTER", "INSEE", "URSSAF", "CAF", "TVA", "GPS", "PC", "WEB", "VIH",
        "COVID", "ETP", "RQTH", "FR", "IEP", "BTS", "DUT", "BUT", "IUT", "MBA", "ENA", "INSP", "CAP", "BEP",
        "ENS", "CCN", "NAF", "ROME", "SIRET", "SIREN", "TV", "USA", "ONU", "OCDE", "CE", "CSE", "DG",
        "API", "ERP", "CRM", "SQL", "QGIS", "BIM", "CAO", "DAO", "B", "C", "A", "M", "N", "II", "III",
        "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "XV", "XX", "XXI",
    }
)  # fmt: skip

# Administrative jargon (matched case-insensitively, on word boundaries) -> a plainer wording.
JARGON: dict[str, str] = {
    "transversalité": "le travail avec plusieurs services (dites lesquels)",
    "transversal": "qui concerne plusieurs services (dites lesquels)",
    "transversale": "qui concerne plusieurs services (dites lesquels)",
    "ingénierie": "la conception et le montage de projets",
    "montée en compétences": "la formation, l'occasion d'apprendre",
    "montée en compétence": "la formation, l'occasion d'apprendre",
    "appétence": "le goût (pour)",
    "opérationnaliser": "mettre en œuvre, réaliser",
    "acculturation": "la sensibilisation, la formation",
    "synergie": "la coopération (dites entre qui)",
    "synergies": "des coopérations (dites entre qui)",
    "écosystème": "les partenaires (nommez-les)",
    "gouvernance": "qui décide et comment",
    "effet levier": "l'effet d'entraînement",
    "leviers": "les moyens d'agir",
    "interface": "le lien (entre qui et qui)",
    "pilotage": "la conduite, la direction",
    "mutualisation": "le partage (de moyens, de services)",
    "territorialisation": "l'adaptation au territoire",
    "contractualisation": "la signature de contrats ou de conventions",
    "animation territoriale": "l'organisation de rencontres et de projets avec les acteurs locaux",
    "maîtrise d'ouvrage": "le rôle de commanditaire du projet",
    "maîtrise d'œuvre": "la conception et le suivi des travaux",
    "ingénierie financière": "la recherche et le montage des financements",
    "reporting": "les comptes rendus, les bilans",
    "process": "les procédures, les étapes",
    "force de proposition": "qui propose des idées (donnez un exemple)",
    "parties prenantes": "les partenaires (nommez-les)",
}
