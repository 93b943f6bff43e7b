"""Offer templates to start from: realistic French offers with the passages to complete in brackets.

`OFFER_TEMPLATES[key]` is a flat dict: a `label` and a `description` (shown when choosing), then
values keyed by the Offer model's field names (`occupation` holds a ROME code; `occupation_label`
is its label, for display only). The editor pre-fills a new offer with the keys its form knows;
`template_fields(key)` returns only the field values.

Every passage the author must replace is written "[à compléter : …]"; the assistant flags any
left (rule `completeness.placeholder`), so a template cannot be published as is. Each template
scores at least 60 once its placeholders are filled (tests/offers/test_assistant_templates.py).
The salary ranges are typical of the post in 2025–2026; the author adjusts them.
"""

from __future__ import annotations

from typing import Any

_TERRITORY = (
    "[à compléter : présentez la commune et son territoire. Utilisez la présentation proposée par "
    "l'assistant à partir de la commune choisie, puis ajoutez le cadre de vie, les écoles, les transports "
    "et la vie associative.]"
)
_APPLY = "platform"

OFFER_TEMPLATES: dict[str, dict[str, Any]] = {
    "chef_projet_pvd": {
        "label": "Chef·fe de projet Petites villes de demain",
        "description": "Piloter le projet de revitalisation d'une petite ville lauréate du programme.",
        "title": "Chef·fe de projet Petites villes de demain (F/H)",
        "occupation": "K1404",
        "occupation_label": "Mise en œuvre et pilotage de la politique des pouvoirs publics",
        "contract_type": "contrat_projet",
        "contract_duration_months": 36,
        "public_category": "A",
        "weekly_hours": 37.5,
        "salary_min": 32_000,
        "salary_max": 40_000,
        "remote": "partial",
        "programme_context": "chef_projet_pvd",
        "apply_method": _APPLY,
        "missions": (
            "[à compléter : nom de la commune] est lauréate du programme national Petites villes de demain "
            "(PVD). Ce programme de l'Agence nationale de la cohésion des territoires (ANCT) aide les villes "
            "de moins de 20 000 habitants à redonner vie à leur centre.\n\n"
            "Rattaché·e au maire et à la directrice générale des services, vous conduisez ce projet pour la "
            "commune et l'intercommunalité.\n\n"
            "Vos missions :\n"
            "- écrire avec les élus le projet de revitalisation et son plan d'actions ;\n"
            "- préparer la convention d'opération de revitalisation de territoire (ORT) et la faire vivre ;\n"
            "- suivre les projets : habitat, commerces, espaces publics, mobilités ;\n"
            "- chercher les financements et monter les dossiers de subvention ;\n"
            "- travailler avec les services de la commune, l'État, la Banque des territoires et les chambres "
            "consulaires ;\n"
            "- associer les habitants et les commerçants aux projets ;\n"
            "- rendre compte de l'avancement aux élus et au comité de projet."
        ),
        "profile": (
            "Vous avez un diplôme de niveau bac + 5 en aménagement, urbanisme, développement local ou "
            "sciences politiques, ou une expérience équivalente.\n\n"
            "Indispensable : vous savez conduire un projet avec plusieurs partenaires et rédiger des notes "
            "claires pour les élus.\n\n"
            "Apprécié : une première expérience en collectivité, la connaissance des financements publics.\n\n"
            "Vous aimez le travail de terrain et l'échange avec les habitants. Permis B nécessaire pour les "
            "déplacements sur le territoire. Jeunes diplômé·es bienvenu·es."
        ),
        "benefits": (
            "- télétravail possible un jour par semaine ;\n"
            "- 25 jours de congés et 15 jours de RTT ;\n"
            "- participation à la mutuelle et à la prévoyance ;\n"
            "- formations prises en charge par l'employeur ;\n"
            "- [à compléter : autres avantages, par exemple aide au logement ou titres-restaurant]."
        ),
        "territory_presentation": _TERRITORY,
    },
    "chef_projet_acv": {
        "label": "Chef·fe de projet Action cœur de ville",
        "description": "Conduire le programme de revitalisation du centre-ville d'une ville moyenne.",
        "title": "Chef·fe de projet Action cœur de ville (F/H)",
        "occupation": "K1404",
        "occupation_label": "Mise en œuvre et pilotage de la politique des pouvoirs publics",
        "contract_type": "contractuel",
        "contract_duration_months": 36,
        "public_category": "A",
        "weekly_hours": 37.5,
        "salary_min": 36_000,
        "salary_max": 46_000,
        "remote": "partial",
        "programme_context": "chef_projet_acv",
        "apply_method": _APPLY,
        "missions": (
            "[à compléter : nom de la ville] est engagée dans le programme national Action cœur de ville "
            "(ACV). Ce programme aide les villes moyennes à rénover leur centre : logements, commerces, "
            "espaces publics, équipements.\n\n"
            "Au sein de la direction de l'aménagement, vous conduisez ce programme pour la ville et "
            "l'intercommunalité.\n\n"
            "Vos missions :\n"
            "- animer le comité de projet et préparer les décisions des élus ;\n"
            "- suivre la convention d'opération de revitalisation de territoire (ORT) ;\n"
            "- coordonner les projets : rénovation des logements anciens, commerces vacants, "
            "aménagement des places et des rues ;\n"
            "- monter les plans de financement avec l'État, la Banque des territoires et l'Agence nationale "
            "de l'habitat ;\n"
            "- informer les habitants, les commerçants et les propriétaires ;\n"
            "- mesurer les résultats et présenter le bilan chaque année."
        ),
        "profile": (
            "Vous avez un diplôme de niveau bac + 5 en urbanisme, aménagement ou développement territorial, "
            "et au moins trois ans d'expérience en conduite de projets urbains.\n\n"
            "Vous savez travailler avec des élus et des partenaires nombreux, et vous écrivez clairement.\n\n"
            "Apprécié : la connaissance des aides à l'habitat et au commerce. Le poste est ouvert aux "
            "fonctionnaires du cadre d'emplois des attachés ou des ingénieurs territoriaux et aux "
            "contractuels."
        ),
        "benefits": (
            "- télétravail jusqu'à deux jours par semaine ;\n"
            "- 25 jours de congés et 12 jours de RTT ;\n"
            "- participation à la mutuelle et aux titres-restaurant ;\n"
            "- [à compléter : autres avantages, par exemple action sociale ou aide à la mobilité]."
        ),
        "territory_presentation": _TERRITORY,
    },
    "manager_centre_ville": {
        "label": "Manager de centre-ville",
        "description": "Animer le commerce du centre-ville et faire le lien entre commerçants et commune.",
        "title": "Manager de centre-ville (F/H)",
        "occupation": "K1802",
        "occupation_label": "Développement local",
        "contract_type": "contractuel",
        "contract_duration_months": 36,
        "public_category": "B",
        "weekly_hours": 35,
        "salary_min": 28_000,
        "salary_max": 34_000,
        "remote": "none",
        "programme_context": "manager_centre_ville",
        "apply_method": _APPLY,
        "missions": (
            "La commune de [à compléter : nom de la commune] veut un centre-ville vivant, où l'on vient "
            "faire ses courses, se promener et se retrouver. Vous êtes l'interlocuteur ou l'interlocutrice "
            "de tous les acteurs du commerce.\n\n"
            "Vos missions :\n"
            "- rencontrer chaque semaine les commerçants, les artisans et leurs associations ;\n"
            "- suivre les locaux commerciaux vides et aider de nouveaux commerces à s'installer ;\n"
            "- organiser des animations commerciales avec les associations : marchés, fêtes, "
            "opérations de fin d'année ;\n"
            "- faire connaître l'offre du centre-ville, sur internet et sur place ;\n"
            "- remonter aux élus les besoins : stationnement, propreté, travaux, signalétique ;\n"
            "- suivre des indicateurs simples : commerces ouverts, fréquentation, vitrines vides."
        ),
        "profile": (
            "Vous avez une formation de niveau bac + 3 en commerce, développement local ou animation, ou une "
            "expérience équivalente dans le commerce.\n\n"
            "Vous aimez le contact, vous savez écouter et convaincre. Vous êtes à l'aise pour organiser un "
            "événement de A à Z. Disponibilité certains samedis et soirs, récupérés."
        ),
        "benefits": (
            "- horaires aménagés, samedis travaillés récupérés ;\n"
            "- 25 jours de congés ;\n"
            "- participation à la mutuelle ;\n"
            "- [à compléter : autres avantages]."
        ),
        "territory_presentation": _TERRITORY,
    },
    "vta": {
        "label": "VTA chargé·e de mission",
        "description": "Un premier poste de 12 à 18 mois pour un ou une jeune diplômé·e dans une collectivité rurale.",
        "title": "Chargé·e de mission en volontariat territorial en administration (F/H)",
        "occupation": "K1802",
        "occupation_label": "Développement local",
        "contract_type": "vta",
        "contract_duration_months": 18,
        "education_level": 5,  # bac + 2: a condition of the VTA (offers/vta_scheme.py)
        "public_category": "A",
        "weekly_hours": 35,
        "salary_min": 26_000,
        "salary_max": 30_000,
        "remote": "partial",
        "programme_context": "vta",
        "apply_method": _APPLY,
        "missions": (
            "Le volontariat territorial en administration (VTA) permet à des jeunes diplômés de rejoindre "
            "une collectivité rurale pour 12 à 18 mois. L'État verse à l'employeur une aide de 15 000 euros.\n\n"
            "Vous rejoignez l'équipe de [à compléter : nom de la collectivité] pour aider à monter ses "
            "projets.\n\n"
            "Vos missions :\n"
            "- repérer les aides publiques adaptées aux projets de la collectivité ;\n"
            "- rédiger les dossiers de demande de subvention et suivre leur instruction ;\n"
            "- aider à préparer le projet [à compléter : projet principal, par exemple la rénovation de "
            "l'école] ;\n"
            "- organiser les réunions avec les partenaires et en rédiger le compte rendu ;\n"
            "- présenter l'avancement des dossiers aux élus."
        ),
        "profile": (
            "Vous avez au moins un diplôme de niveau bac + 2 : c'est une condition du volontariat territorial "
            "en administration, ouvert aux jeunes diplômés.\n\n"
            "Vous écrivez clairement, vous êtes organisé·e et curieux·se. Une première expérience en stage "
            "dans une collectivité est un plus. Permis B souhaité."
        ),
        "benefits": (
            "- un tuteur ou une tutrice dans la collectivité ;\n"
            "- un réseau de volontaires animé par l'Agence nationale de la cohésion des territoires ;\n"
            "- télétravail possible un jour par semaine ;\n"
            "- [à compléter : aide au logement, le cas échéant]."
        ),
        "territory_presentation": _TERRITORY,
    },
    "developpement_ti": {
        "label": "Chargé·e de développement économique (Territoire d'industrie)",
        "description": "Accompagner les entreprises industrielles d'une intercommunalité du programme.",
        "title": "Chargé·e de développement économique – Territoire d'industrie (F/H)",
        "occupation": "K1802",
        "occupation_label": "Développement local",
        "contract_type": "contractuel",
        "contract_duration_months": 36,
        "public_category": "A",
        "weekly_hours": 37.5,
        "salary_min": 34_000,
        "salary_max": 44_000,
        "remote": "partial",
        "programme_context": "developpement_ti",
        "apply_method": _APPLY,
        "missions": (
            "[à compléter : nom de l'intercommunalité] fait partie du programme national Territoires "
            "d'industrie. Ce programme aide les territoires industriels à attirer des entreprises, à "
            "recruter et à se moderniser.\n\n"
            "Au sein du service économie, vous êtes l'interlocuteur ou l'interlocutrice des entreprises.\n\n"
            "Vos missions :\n"
            "- rendre visite aux entreprises et connaître leurs projets et leurs besoins ;\n"
            "- les orienter vers les aides de la région, de l'État et de Bpifrance ;\n"
            "- accueillir les entreprises qui veulent s'implanter : terrains, locaux, recrutement ;\n"
            "- organiser avec France Travail des actions pour l'emploi industriel ;\n"
            "- préparer les réunions du comité de projet et suivre les actions du programme."
        ),
        "profile": (
            "Vous avez un diplôme de niveau bac + 5 en économie, développement territorial ou gestion, et une "
            "première expérience auprès d'entreprises.\n\n"
            "Vous comprenez le fonctionnement d'une entreprise industrielle et vous savez parler avec un "
            "dirigeant comme avec un élu. Permis B nécessaire."
        ),
        "benefits": (
            "- télétravail un jour par semaine ;\n"
            "- 25 jours de congés et 15 jours de RTT ;\n"
            "- véhicule de service pour les déplacements ;\n"
            "- [à compléter : autres avantages]."
        ),
        "territory_presentation": _TERRITORY,
    },
    "cadre_generique": {
        "label": "Offre de cadre (modèle général)",
        "description": "Un modèle neutre pour tout poste de cadre, public ou privé.",
        "title": "Responsable [à compléter : service ou activité] (F/H)",
        "occupation": "K1401",
        "occupation_label": "Conception et pilotage de la politique des pouvoirs publics",
        "contract_type": "cdi",
        "contract_duration_months": None,
        "public_category": "",
        "weekly_hours": 35,
        "salary_min": 40_000,
        "salary_max": 50_000,
        "remote": "partial",
        "programme_context": "",
        "apply_method": _APPLY,
        "missions": (
            "[à compléter : en deux phrases, qui est l'employeur et pourquoi il recrute.]\n\n"
            "Rattaché·e à [à compléter : fonction de la personne responsable], vous dirigez une équipe de "
            "[à compléter : nombre] personnes.\n\n"
            "Vos missions :\n"
            "- [à compléter : première mission, avec un verbe d'action] ;\n"
            "- [à compléter : deuxième mission] ;\n"
            "- [à compléter : troisième mission] ;\n"
            "- encadrer l'équipe, fixer les priorités et accompagner chacun dans son travail ;\n"
            "- préparer le budget du service et en suivre l'exécution ;\n"
            "- rendre compte des résultats à la direction."
        ),
        "profile": (
            "Vous avez un diplôme de niveau bac + 5 en [à compléter : domaine] et au moins cinq ans "
            "d'expérience, dont deux en encadrement.\n\n"
            "Indispensable : [à compléter : deux ou trois compétences].\n\n"
            "Apprécié : [à compléter : ce qui serait un plus]."
        ),
        "benefits": (
            "- télétravail jusqu'à deux jours par semaine ;\n"
            "- 25 jours de congés et des jours de RTT ;\n"
            "- [à compléter : mutuelle, titres-restaurant, aide au logement…]."
        ),
        "territory_presentation": _TERRITORY,
    },
}


TEMPLATE_META = frozenset({"label", "description", "occupation_label"})


def template_fields(key: str) -> dict[str, Any]:
    """A copy of a template's field values, without label and description (KeyError if unknown)."""
    return {k: v for k, v in OFFER_TEMPLATES[key].items() if k not in TEMPLATE_META}
