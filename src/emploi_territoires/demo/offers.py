"""The demo's offers: what its real employers recruit, written the way they would write it.

A curated catalogue, not a random generator (the search benchmark keeps `offers.offer_generator`):
each demo employer posts the jobs such an employer really recruits, with a ROME code of the
project's copy, a title, a contract, a category, a salary and a remote-work rule that agree, in
its own commune (an intercommunalité: a commune of its EPCI).

- A commune recruits the agents of its services (green spaces, buildings, reception and civil
  status, schools, municipal police, finance, town planning…), its programme lead (Petites
  villes de demain, Action cœur de ville, manager de centre-ville) and, if it is rural, a VTA.
- An intercommunalité recruits for its own powers: economic development (Territoire d'industrie),
  roads, water, waste, town planning, housing, mobility.
- A company recruits its trade: a forge machinists and maintenance technicians, a sawmill sawyers
  and carpenters, a warehouse order pickers and forklift drivers.

Texts: the first paragraph of the missions presents the employer (a commune is « la commune »,
a company describes its trade); the territory presentation is the assistant's own text built
from the reference data (`offers.assistant.territory`), followed by a few lines on the place that
the demo's authors checked. Public contracts carry a category (A, B, C) only where the law has
one: a fonctionnaire, contractuel or contrat de projet post, never an apprenticeship or a VTA.
The remote-work field and the benefits text are written from one value (`Job.remote_days`).

VTA eligibility. A VTA post is created only where its employer is eligible (vta/eligibility.py:
a rural commune or EPCI in INSEE's sense, or an exception such as a commune under 20,000 inhabitants
of intermediate density in a rural EPCI or département) and meets the scheme's conditions (12 to 18
months, full time, at least the SMIC, bac + 2, a project mission), so every demo VTA offer passes the
checks of its publication. The eligibility reads INSEE's density grid: `make demo` imports it from
../shared; without it, the demo seeds the levels of its own collectivités (`DEMO_DENSITY`, real
values of the grid, recorded as the vintage « démo »), which is enough for the rural communes
(Clamecy, Charolles) but not for the exceptions, whose EPCI's share cannot be computed: those
mairies then post no VTA.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from emploi_territoires.accounts.models import Organisation
from emploi_territoires.core.templatetags.core_tags import thousands
from emploi_territoires.territories.models import Commune

# The levels of INSEE's density grid (7 levels) of the demo's collectivités, from
# ../shared/data/territoires/densite_communes.csv; seeded only when the grid is not imported.
DEMO_DENSITY: dict[str, int] = {
    "58079": 5,  # Clamecy, bourg rural
    "58304": 5,  # Varzy, bourg rural
    "71106": 5,  # Charolles, bourg rural
    "12089": 4,  # Decazeville, petite ville (eligible with the grid: Decazeville Communauté is 65 % rural)
    "34142": 4,  # Lodève, petite ville (CC Lodévois et Larzac, 51 % rural)
    "15187": 4,  # Saint-Flour, petite ville (Saint-Flour Communauté, 72 % rural)
    "58194": 2,  # Nevers
    "81004": 2,  # Albi
    "08105": 2,  # Charleville-Mézières
    "12202": 2,  # Rodez
    "87085": 1,  # Limoges
    "93066": 1,  # Saint-Denis
    "42218": 1,  # Saint-Étienne
}


def seed_demo_density() -> int:
    """Without the imported grid, the levels of the demo's communes (vintage « démo »). Returns how many."""
    from emploi_territoires.territories import density
    from emploi_territoires.territories.models import ReferenceDataset

    if density.provenance() is not None:
        return 0
    seeded = 0
    for code, level in DEMO_DENSITY.items():
        seeded += Commune.objects.filter(pk=code, density_level__isnull=True).update(density_level=level)
    ReferenceDataset.objects.create(
        name=density.DATASET_NAME,
        vintage="démo",
        source="extrait de la grille communale de densité pour les communes de la démonstration",
    )
    return seeded


def vta_allowed(organisation: Organisation, commune: Commune) -> bool:
    """A VTA post only with an eligible employer, in its own commune (vta/eligibility.py)."""
    from emploi_territoires.vta.eligibility import eligibility_for

    return commune.pk == organisation.commune_id and eligibility_for(organisation).eligible


# Public contracts that carry a category of the fonction publique.
CATEGORY_CONTRACTS = frozenset({"fonctionnaire", "contractuel", "contrat_projet"})


@dataclass(frozen=True)
class Job:
    """One kind of post. Texts are plain French; `tasks` become the list of missions."""

    title: str
    rome: str
    contract: str
    salary: tuple[int, int]
    tasks: tuple[str, ...]
    profile: str
    service: str = ""  # "au service des espaces verts": where the person works ("Vous travaillez …")
    about: str = ""  # a paragraph on the post or its programme, before the list of tasks
    category: str = ""
    grade: str = ""  # the cadre d'emplois of a public post
    months: int | None = None
    hours: float = 35
    remote_days: int = 0  # 0: on site; 1 or 2: days of remote work a week
    benefits: str = ""  # what this post adds to the employer's benefits
    context: str = ""  # offers.models.ProgrammeContext
    positions: int = 1


APPRENTICE_PAY = (9_400, 21_900)  # 43 % to 100 % of the 2026 SMIC: the legal scale of apprenticeship
APPRENTICE_NOTE = (
    "Rémunération fixée par le code du travail selon l'âge et l'année de formation : la fourchette "
    "indiquée est celle de la première année pour un ou une apprenti·e majeur·e. Formation prise en charge "
    "par l'employeur, avec un maître ou une maîtresse d'apprentissage."
)

APPRENTICE_SCHOOL = (
    "Vous n'avez pas encore de centre de formation ? Candidatez quand même : nous vous aidons à en trouver un."
)

# --- Public posts: communes and intercommunalités ----------------------------------------------------

PUBLIC_JOBS: dict[str, Job] = {
    "espaces_verts": Job(
        "Agent·e des espaces verts (F/H)",
        "A1203",
        "fonctionnaire",
        (22_000, 25_000),
        (
            "tondre, tailler et désherber les parcs, les squares et les abords des écoles",
            "planter et entretenir les massifs fleuris au fil des saisons",
            "entretenir les cimetières et les terrains de sport",
            "utiliser et entretenir le matériel : tondeuses, débroussailleuses, taille-haies",
            "travailler sans pesticides, en respectant les règles de sécurité",
        ),
        "Vous avez un CAP ou un BEP en travaux paysagers, ou une première expérience en entretien "
        "d'espaces verts. Vous aimez le travail en extérieur et en équipe. Le permis B est demandé.",
        service="au service des espaces verts",
        category="C",
        grade="adjoints techniques territoriaux",
        benefits="Tenue de travail et équipements de protection fournis.",
    ),
    "apprenti_paysagiste": Job(
        "Apprenti·e jardinier·ère paysagiste (F/H)",
        "A1208",
        "apprentissage",
        APPRENTICE_PAY,
        (
            "apprendre la taille, la plantation et l'entretien des massifs avec l'équipe",
            "participer à la création de nouveaux espaces plantés",
            "entretenir les pelouses, les haies et les arbres des parcs",
            "apprendre à utiliser et à entretenir le matériel en sécurité",
        ),
        "Vous préparez un CAP jardinier paysagiste ou un bac professionnel aménagements paysagers, et "
        "vous cherchez votre employeur. Vous aimez le travail en extérieur. Débutant·e bienvenu·e.",
        service="au service des espaces verts",
        months=24,
        benefits=APPRENTICE_NOTE,
    ),
    "agent_technique": Job(
        "Agent·e technique polyvalent·e des bâtiments (F/H)",
        "I1203",
        "fonctionnaire",
        (22_000, 25_500),
        (
            "faire les petits travaux de maçonnerie, de peinture, de plomberie et d'électricité dans les "
            "bâtiments de la commune",
            "installer les salles et le matériel pour les fêtes, les marchés et les élections",
            "assurer l'entretien courant des écoles, de la mairie et des salles municipales",
            "repérer les réparations plus importantes et les signaler à votre responsable",
        ),
        "Vous avez un CAP dans un métier du bâtiment ou une expérience équivalente. Vous êtes "
        "polyvalent·e, autonome et soigneux·se. Le permis B est demandé.",
        service="aux services techniques",
        category="C",
        grade="adjoints techniques territoriaux",
        benefits="Astreinte le week-end, par roulement, rémunérée.",
    ),
    "accueil_etat_civil": Job(
        "Agent·e d'accueil et d'état civil (F/H)",
        "M1601",
        "fonctionnaire",
        (22_000, 25_000),
        (
            "accueillir les habitants à l'accueil de la mairie et au téléphone",
            "établir les actes d'état civil : naissances, mariages, décès",
            "recevoir les demandes de cartes d'identité et de passeports, sur rendez-vous",
            "tenir les listes électorales et le recensement citoyen",
            "gérer les concessions du cimetière",
        ),
        "Vous avez le sens de l'accueil et vous savez expliquer une démarche simplement. Vous êtes "
        "rigoureux·se : un acte d'état civil ne souffre aucune erreur. Une première expérience en mairie "
        "est un plus.",
        service="au service population",
        category="C",
        grade="adjoints administratifs territoriaux",
    ),
    "atsem": Job(
        "Agent·e territorial·e spécialisé·e des écoles maternelles (F/H)",
        "K1308",
        "fonctionnaire",
        (22_000, 24_500),
        (
            "aider l'enseignante ou l'enseignant à préparer et animer les ateliers de la classe",
            "accueillir les enfants et leurs parents le matin et le soir",
            "accompagner les enfants au restaurant scolaire et pendant la sieste",
            "veiller à l'hygiène et au confort des enfants",
            "entretenir la classe et le matériel",
        ),
        "Vous avez le CAP accompagnant éducatif petite enfance, et si possible le concours d'agent "
        "territorial spécialisé des écoles maternelles (ATSEM). Vous êtes patient·e et attentif·ve aux "
        "enfants.",
        service="au service éducation, dans une école maternelle",
        category="C",
        grade="agents territoriaux spécialisés des écoles maternelles",
        benefits="Horaires sur le temps scolaire ; congés pendant les vacances scolaires, en partie.",
    ),
    "apprenti_petite_enfance": Job(
        "Apprenti·e CAP accompagnant éducatif petite enfance (F/H)",
        "K1308",
        "apprentissage",
        APPRENTICE_PAY,
        (
            "apprendre aux côtés d'une agente spécialisée des écoles maternelles",
            "aider à l'accueil des enfants et à la préparation des ateliers",
            "accompagner les enfants au repas et à la sieste",
            "participer à l'entretien de la classe et du matériel",
        ),
        "Vous préparez le CAP accompagnant éducatif petite enfance et vous cherchez votre employeur. "
        "Vous aimez être avec les enfants. Aucune expérience n'est demandée.",
        service="au service éducation, dans une école maternelle",
        months=24,
        benefits=APPRENTICE_NOTE,
    ),
    "policier_municipal": Job(
        "Policier·ère municipal·e (F/H)",
        "K1707",
        "fonctionnaire",
        (24_500, 30_500),
        (
            "patrouiller à pied et en voiture dans les quartiers et le centre-ville",
            "assurer la sécurité aux abords des écoles, des marchés et des fêtes",
            "faire respecter les arrêtés du maire : stationnement, bruit, dépôts sauvages",
            "travailler avec la police ou la gendarmerie nationale",
            "rédiger les rapports et les procès-verbaux",
        ),
        "Vous êtes lauréat·e du concours de gardien-brigadier de police municipale, ou déjà agent·e de "
        "police municipale. Vous avez le sens du service public et du dialogue. Horaires décalés et "
        "certains week-ends.",
        service="au service de police municipale",
        category="C",
        grade="agents de police municipale",
        benefits="Indemnité spéciale de fonction ; heures de nuit et de week-end majorées.",
    ),
    "chef_police": Job(
        "Chef·fe de service de police municipale (F/H)",
        "K1719",
        "fonctionnaire",
        (31_000, 38_000),
        (
            "encadrer l'équipe de policières et policiers municipaux",
            "organiser les plannings et les patrouilles",
            "travailler avec la police nationale et les services de la ville",
            "suivre la vidéoprotection et les interventions",
            "rendre compte au maire et préparer les arrêtés de police",
        ),
        "Vous êtes chef·fe de service de police municipale, ou brigadier-chef principal avec une "
        "expérience d'encadrement. Vous savez animer une équipe et dialoguer avec les habitants.",
        service="à la direction de la tranquillité publique",
        category="B",
        grade="chefs de service de police municipale",
        benefits="Indemnité spéciale de fonction.",
    ),
    "comptable": Job(
        "Gestionnaire comptable et budgétaire (F/H)",
        "M1203",
        "fonctionnaire",
        (25_000, 31_000),
        (
            "engager les dépenses et émettre les mandats et les titres de recettes",
            "suivre les relations avec les fournisseurs et le comptable public",
            "préparer le budget et le compte administratif avec la direction",
            "tenir l'inventaire et suivre les emprunts",
        ),
        "Vous avez un bac + 2 en comptabilité ou en gestion. Vous connaissez la comptabilité publique, "
        "ou vous voulez l'apprendre. Vous êtes rigoureux·se et à l'aise avec les chiffres.",
        service="au service des finances",
        category="B",
        grade="rédacteurs territoriaux",
        remote_days=1,
    ),
    "paie": Job(
        "Gestionnaire carrière et paie (F/H)",
        "M1507",
        "fonctionnaire",
        (23_000, 27_500),
        (
            "préparer la paie mensuelle des agents et les déclarations sociales",
            "rédiger les arrêtés : recrutements, avancements, temps partiel",
            "suivre les absences, les congés et les dossiers de retraite",
            "répondre aux questions des agents sur leur carrière",
        ),
        "Vous avez une expérience en paie, dans le public ou le privé. Vous connaissez, ou souhaitez "
        "apprendre, le statut de la fonction publique territoriale. Discrétion indispensable.",
        service="au service des ressources humaines",
        category="C",
        grade="adjoints administratifs territoriaux",
        remote_days=1,
    ),
    "urbanisme": Job(
        "Chargé·e de l'urbanisme et du droit des sols (F/H)",
        "K1807",
        "fonctionnaire",
        (25_500, 32_000),
        (
            "instruire les permis de construire, les déclarations préalables et les certificats d'urbanisme",
            "conseiller les habitants et les professionnels avant le dépôt de leur projet",
            "vérifier que les projets respectent le plan local d'urbanisme",
            "contrôler les travaux achevés et suivre les infractions",
            "préparer les dossiers pour l'architecte des Bâtiments de France",
        ),
        "Vous avez un bac + 2 ou bac + 3 en urbanisme, en droit ou en aménagement. Vous savez lire un plan "
        "et expliquer une règle simplement. Vous connaissez le code de l'urbanisme.",
        service="au service urbanisme",
        category="B",
        grade="techniciens territoriaux ou rédacteurs territoriaux",
        remote_days=1,
    ),
    "pvd_lead": Job(
        "Chef·fe de projet Petites villes de demain (F/H)",
        "K1404",
        "contrat_projet",
        (36_000, 44_000),
        (
            "écrire et mettre en œuvre le projet de revitalisation du centre-ville avec les élus",
            "coordonner les actions : habitat, commerces, espaces publics, mobilités",
            "monter les dossiers de financement auprès de l'État, de la région et du département",
            "préparer et animer les comités de projet avec les partenaires",
            "associer les habitants et les commerçants aux projets",
            "suivre le budget et le calendrier des opérations",
        ),
        "Vous avez un bac + 5 en aménagement, urbanisme ou développement local, et une première "
        "expérience de conduite de projet. Vous aimez travailler avec les élus et les partenaires. Vous "
        "écrivez clairement. Le permis B est utile.",
        service="à la direction générale des services",
        about=(
            "La commune est lauréate du programme Petites villes de demain, conduit par l'Agence nationale "
            "de la cohésion des territoires. Il aide les villes de moins de 20 000 habitants à revitaliser "
            "leur centre. L'État cofinance ce poste."
        ),
        category="A",
        grade="attachés territoriaux",
        months=36,
        remote_days=1,
        context="chef_projet_pvd",
    ),
    "acv_lead": Job(
        "Chef·fe de projet Action cœur de ville (F/H)",
        "K1404",
        "contrat_projet",
        (38_000, 46_000),
        (
            "conduire la convention Action cœur de ville avec les partenaires",
            "coordonner les projets du centre : rénovation de l'habitat ancien, commerces, espaces publics",
            "monter les plans de financement et suivre les subventions",
            "préparer les comités de projet et rendre compte aux élus",
            "mesurer les effets des actions et proposer des ajustements",
        ),
        "Vous avez un bac + 5 en urbanisme, aménagement ou développement territorial, et au moins trois "
        "ans d'expérience de conduite de projet urbain. Vous savez travailler avec de nombreux "
        "partenaires.",
        service="à la direction de l'aménagement",
        about=(
            "La ville est engagée depuis 2018 dans le programme national Action cœur de ville, qui soutient "
            "la revitalisation des centres des villes moyennes."
        ),
        category="A",
        grade="attachés territoriaux ou ingénieurs territoriaux",
        months=36,
        remote_days=1,
        context="chef_projet_acv",
    ),
    "manager_cv": Job(
        "Manager de centre-ville (F/H)",
        "K1802",
        "contractuel",
        (30_000, 36_000),
        (
            "rencontrer les commerçants et les artisans, et relayer leurs besoins",
            "lutter contre la vacance commerciale : suivre les locaux vides, accueillir les porteurs de projet",
            "organiser les animations commerciales avec l'association des commerçants",
            "tenir l'observatoire des commerces du centre-ville",
        ),
        "Vous avez un bac + 3 en commerce, développement local ou animation, ou une expérience dans le "
        "commerce. Vous aimez le contact et vous savez convaincre. Présence certains samedis, récupérés.",
        service="à la direction du développement économique",
        about=(
            "Le poste fait partie du programme Action cœur de ville : il s'agit de redonner vie aux "
            "commerces du centre-ville."
        ),
        category="B",
        grade="rédacteurs territoriaux",
        months=36,
        context="manager_centre_ville",
    ),
    "vta": Job(
        "Chargé·e de mission projets et subventions, en VTA (F/H)",
        "K1404",
        "vta",
        (26_000, 29_000),
        (
            "repérer les aides publiques adaptées aux projets de la commune",
            "rédiger les dossiers de demande de subvention et suivre leur instruction",
            "aider à préparer les projets en cours : rénovation énergétique des bâtiments, aménagement du bourg",
            "organiser les réunions avec les partenaires et en rédiger le compte rendu",
            "présenter l'avancement des dossiers aux élus",
        ),
        "Vous avez au moins un diplôme de niveau bac + 2 : c'est une condition du volontariat territorial "
        "en administration, ouvert aux jeunes diplômés. Vous écrivez clairement, vous êtes organisé·e et "
        "curieux·se. Le permis B est utile.",
        service="auprès de la direction générale des services",
        about=(
            "Le volontariat territorial en administration (VTA) permet à un ou une jeune diplômé·e de "
            "rejoindre une collectivité rurale pour 12 à 18 mois. L'État verse à la commune une aide de "
            "15 000 euros pour ce poste."
        ),
        months=18,
        benefits="Un tuteur ou une tutrice dans la commune, et le réseau des volontaires animé par l'Agence.",
        context="vta",
    ),
    "animateur": Job(
        "Animateur·rice enfance-jeunesse (F/H)",
        "G1203",
        "contractuel",
        (22_000, 24_000),
        (
            "accueillir les enfants le matin, le soir et le mercredi",
            "préparer et animer des activités : jeux, sport, ateliers manuels, sorties",
            "veiller à la sécurité des enfants",
            "échanger avec les familles et avec les enseignants",
        ),
        "Vous avez le brevet d'aptitude aux fonctions d'animateur, ou un diplôme d'animation plus "
        "élevé. Vous aimez le travail avec les enfants et en équipe.",
        service="au service enfance-jeunesse",
        category="C",
        grade="adjoints territoriaux d'animation",
        months=12,
    ),
    "cuisinier": Job(
        "Cuisinier·ère en restauration scolaire (F/H)",
        "G1606",
        "fonctionnaire",
        (22_500, 26_000),
        (
            "préparer les repas des écoles avec l'équipe de cuisine",
            "cuisiner des produits frais et locaux, dont une part de produits bio",
            "respecter les règles d'hygiène alimentaire (HACCP)",
            "passer les commandes et gérer les stocks",
        ),
        "Vous avez un CAP cuisine et une expérience en restauration, collective de préférence. Vous "
        "travaillez avec soin et en équipe.",
        service="à la cuisine centrale",
        category="C",
        grade="adjoints techniques territoriaux",
        benefits="Horaires de journée, sans soirées ni week-ends.",
    ),
    "mediatheque": Job(
        "Agent·e de médiathèque (F/H)",
        "K1603",
        "fonctionnaire",
        (22_000, 25_000),
        (
            "accueillir et conseiller les lecteurs de tous âges",
            "enregistrer les prêts et les retours, ranger et équiper les documents",
            "accueillir les classes et animer l'heure du conte",
            "participer aux achats de livres et de jeux",
        ),
        "Vous aimez la lecture et le contact avec le public. Vous êtes à l'aise avec l'informatique. Une "
        "expérience en bibliothèque est un plus. Travail le samedi.",
        service="à la médiathèque",
        category="C",
        grade="adjoints territoriaux du patrimoine",
    ),
    "communication": Job(
        "Chargé·e de communication (F/H)",
        "E1112",
        "fonctionnaire",
        (27_000, 33_000),
        (
            "écrire et mettre en page le magazine d'information",
            "faire vivre le site internet et les réseaux sociaux",
            "prendre des photos et des vidéos des événements",
            "préparer les relations avec la presse locale",
        ),
        "Vous avez un bac + 3 en communication ou en journalisme. Vous écrivez bien et vite. Vous "
        "maîtrisez les logiciels de mise en page et de retouche photo.",
        service="au service communication",
        category="B",
        grade="rédacteurs territoriaux",
        remote_days=1,
    ),
    "resp_technique": Job(
        "Responsable des services techniques (F/H)",
        "I1101",
        "fonctionnaire",
        (30_000, 38_000),
        (
            "encadrer les équipes des bâtiments, de la voirie et des espaces verts",
            "programmer les travaux et suivre les chantiers",
            "préparer les marchés de travaux et le budget d'investissement",
            "veiller à la sécurité des bâtiments qui reçoivent du public",
        ),
        "Vous avez un bac + 2 ou bac + 3 en bâtiment ou en génie civil, et une expérience d'encadrement. "
        "Vous savez organiser le travail d'une équipe et dialoguer avec les élus.",
        service="sous l'autorité de la direction générale des services",
        category="B",
        grade="techniciens territoriaux",
        benefits="Astreinte technique, par roulement, rémunérée.",
    ),
    "secretaire_mairie": Job(
        "Secrétaire général·e de mairie (F/H)",
        "K1406",
        "fonctionnaire",
        (29_000, 36_000),
        (
            "assister le maire et les adjoints dans la conduite des affaires de la commune",
            "préparer les conseils municipaux et suivre leurs décisions",
            "préparer et exécuter le budget",
            "encadrer les agents de la mairie et suivre leur carrière",
            "suivre les marchés publics et les dossiers d'urbanisme",
        ),
        "Vous avez une expérience en mairie ou dans une intercommunalité. Vous connaissez les finances "
        "locales et le droit public. Vous êtes organisé·e et discret·ète.",
        service="auprès du maire",
        category="B",
        grade="rédacteurs territoriaux",
        remote_days=1,
    ),
    "electricien": Job(
        "Électricien·ne du bâtiment (F/H)",
        "F1602",
        "fonctionnaire",
        (23_000, 27_000),
        (
            "entretenir et dépanner les installations électriques des bâtiments de la ville",
            "installer l'éclairage et les branchements provisoires des fêtes",
            "suivre les contrôles réglementaires avec les organismes agréés",
            "proposer des travaux pour réduire les consommations d'énergie",
        ),
        "Vous avez un CAP ou un bac professionnel en électricité et une habilitation électrique à jour. "
        "Vous êtes autonome et soigneux·se.",
        service="au centre technique municipal",
        category="C",
        grade="adjoints techniques territoriaux",
        benefits="Astreinte technique, par roulement, rémunérée.",
    ),
    "plombier": Job(
        "Plombier·ère chauffagiste (F/H)",
        "F1603",
        "fonctionnaire",
        (23_000, 27_000),
        (
            "entretenir et dépanner la plomberie et le chauffage des écoles, gymnases et bâtiments",
            "régler les chaufferies en début et en fin de saison",
            "remplacer les équipements sanitaires",
            "signaler les fuites et proposer des économies d'eau",
        ),
        "Vous avez un CAP ou un bac professionnel en plomberie ou en chauffage. Vous êtes autonome et "
        "vous aimez dépanner.",
        service="au centre technique municipal",
        category="C",
        grade="adjoints techniques territoriaux",
        benefits="Astreinte technique, par roulement, rémunérée.",
    ),
    "voirie": Job(
        "Agent·e de voirie (F/H)",
        "I1202",
        "fonctionnaire",
        (22_000, 25_500),
        (
            "reboucher les trous et entretenir les chaussées et les trottoirs",
            "poser et entretenir la signalisation",
            "curer les fossés et entretenir les bas-côtés",
            "saler et déneiger les rues en hiver",
        ),
        "Vous avez un CAP en travaux publics ou une première expérience sur les chantiers. Le permis B "
        "est demandé, le permis poids lourd est un plus.",
        service="au service voirie",
        category="C",
        grade="adjoints techniques territoriaux",
        benefits="Astreinte hivernale rémunérée.",
    ),
    "maitre_nageur": Job(
        "Maître-nageur·se sauveteur·se (F/H)",
        "G1204",
        "fonctionnaire",
        (25_000, 31_000),
        (
            "surveiller les bassins et assurer la sécurité des baigneurs",
            "apprendre à nager aux élèves des écoles",
            "animer les cours d'aquagym et de natation pour adultes",
            "vérifier la qualité de l'eau avec l'équipe technique",
        ),
        "Vous avez le diplôme de maître-nageur sauveteur et votre révision de secourisme est à jour. Vous "
        "aimez transmettre. Travail certains week-ends.",
        service="à la piscine municipale",
        category="B",
        grade="éducateurs territoriaux des activités physiques et sportives",
    ),
    "proprete": Job(
        "Agent·e de propreté urbaine (F/H)",
        "K2307",
        "fonctionnaire",
        (22_000, 24_500),
        (
            "balayer les rues et les places, à la main ou avec une balayeuse",
            "vider les corbeilles et ramasser les dépôts sauvages",
            "nettoyer les places après les marchés",
            "effacer les tags avec le matériel adapté",
        ),
        "Aucun diplôme n'est demandé. Vous aimez le travail en extérieur et en équipe. Le permis B est "
        "un plus. Horaires du matin.",
        service="au service propreté",
        category="C",
        grade="adjoints techniques territoriaux",
        positions=2,
        benefits="Tenue de travail fournie ; horaires du matin, après-midi libres.",
    ),
    "politique_ville": Job(
        "Chargé·e de mission politique de la ville (F/H)",
        "K1806",
        "contractuel",
        (35_000, 42_000),
        (
            "suivre le contrat de ville et son appel à projets annuel",
            "accompagner les associations des quartiers dans leurs projets",
            "animer les conseils citoyens et les rencontres avec les habitants",
            "travailler avec les bailleurs sociaux, l'État et les écoles",
            "préparer le bilan annuel des actions",
        ),
        "Vous avez un bac + 5 en sciences sociales, aménagement ou développement local. Vous connaissez "
        "la politique de la ville et les associations. Vous aimez le terrain et le dialogue.",
        service="à la direction de la cohésion sociale",
        about=(
            "La ville compte plusieurs quartiers prioritaires de la politique de la ville. Le poste "
            "coordonne les actions menées pour leurs habitants."
        ),
        category="A",
        grade="attachés territoriaux",
        months=36,
        remote_days=1,
        context="qpv",
    ),
    "mediateur": Job(
        "Médiateur·rice social·e de quartier (F/H)",
        "K1204",
        "contractuel",
        (22_500, 25_500),
        (
            "être présent·e dans les quartiers prioritaires, en fin de journée et en soirée",
            "apaiser les conflits de voisinage par le dialogue",
            "orienter les habitants vers les services qui peuvent les aider",
            "faire le lien avec les bailleurs sociaux, les écoles et les associations",
            "signaler les problèmes du quotidien : éclairage, dépôts, dégradations",
        ),
        "Vous avez une expérience de la médiation ou de l'animation, et si possible un diplôme de "
        "médiateur social. Vous êtes calme, à l'écoute et vous savez garder votre neutralité.",
        service="à la direction de la cohésion sociale",
        about="Le poste est consacré aux quartiers prioritaires de la politique de la ville.",
        category="C",
        grade="adjoints territoriaux d'animation",
        months=12,
        context="qpv",
        benefits="Horaires décalés, compensés par une prime.",
    ),
    "eje": Job(
        "Éducateur·rice de jeunes enfants en crèche (F/H)",
        "K1202",
        "fonctionnaire",
        (28_000, 34_000),
        (
            "préparer et faire vivre le projet d'éveil de la crèche",
            "proposer des activités adaptées à chaque âge",
            "accueillir les familles et échanger avec elles",
            "accompagner l'équipe d'auxiliaires dans ses pratiques",
        ),
        "Vous avez le diplôme d'État d'éducateur de jeunes enfants. Vous aimez le travail en équipe et le "
        "dialogue avec les parents.",
        service="à la direction de la petite enfance",
        category="A",
        grade="éducateurs territoriaux de jeunes enfants",
    ),
    "ingenieur_voirie": Job(
        "Ingénieur·e voirie et réseaux (F/H)",
        "F1111",
        "fonctionnaire",
        (38_000, 48_000),
        (
            "programmer les travaux de voirie avec les élus",
            "concevoir les projets : rues, places, pistes cyclables",
            "préparer les marchés de travaux et suivre les chantiers",
            "coordonner les travaux des gestionnaires de réseaux : eau, gaz, fibre",
            "suivre le budget du service",
        ),
        "Vous êtes ingénieur·e en génie civil ou en travaux publics, ou vous avez une expérience "
        "équivalente. Vous savez conduire un chantier et dialoguer avec les riverains.",
        service="à la direction de la voirie",
        category="A",
        grade="ingénieurs territoriaux",
        remote_days=1,
    ),
    "technicien_voirie": Job(
        "Technicien·ne voirie (F/H)",
        "F1208",
        "fonctionnaire",
        (27_000, 33_000),
        (
            "surveiller l'état des rues et programmer les réparations",
            "suivre les chantiers des entreprises",
            "préparer les arrêtés de circulation pendant les travaux",
            "répondre aux demandes des habitants",
        ),
        "Vous avez un bac + 2 en travaux publics ou en génie civil. Vous êtes à l'aise sur le terrain comme "
        "au bureau. Le permis B est demandé.",
        service="à la direction de la voirie",
        category="B",
        grade="techniciens territoriaux",
    ),
    "juriste_marches": Job(
        "Juriste de la commande publique (F/H)",
        "K1903",
        "fonctionnaire",
        (34_000, 42_000),
        (
            "rédiger les dossiers de consultation des entreprises",
            "conseiller les services sur le choix des procédures",
            "analyser les offres avec les services et préparer les décisions",
            "suivre les éventuels recours",
        ),
        "Vous avez un master en droit public. Vous connaissez le code de la commande publique. Vous "
        "savez expliquer une règle à des non-juristes.",
        service="au service de la commande publique",
        category="A",
        grade="attachés territoriaux",
        remote_days=2,
    ),
    "patrimoine": Job(
        "Médiateur·rice du patrimoine (F/H)",
        "G1106",
        "contractuel",
        (25_000, 29_000),
        (
            "guider les visites de la ville pour le public et les groupes",
            "animer des ateliers pour les écoles",
            "préparer les expositions et les journées du patrimoine",
            "écrire des documents de visite clairs",
        ),
        "Vous avez un bac + 3 en histoire, histoire de l'art ou médiation culturelle. Vous aimez raconter "
        "et transmettre. Travail certains week-ends.",
        service="au service du patrimoine",
        category="B",
        grade="assistants territoriaux de conservation",
        months=12,
    ),
    "accueil_social": Job(
        "Agent·e d'accueil social (F/H)",
        "K1205",
        "fonctionnaire",
        (22_000, 25_000),
        (
            "accueillir et écouter les personnes qui viennent demander de l'aide",
            "instruire les demandes d'aide sociale de la commune",
            "orienter vers les partenaires : département, caisse d'allocations familiales, associations",
            "tenir à jour les dossiers",
        ),
        "Vous êtes à l'écoute et discret·ète. Vous savez expliquer une démarche. Une expérience dans "
        "l'accueil social est un plus.",
        service="au centre communal d'action sociale",
        category="C",
        grade="adjoints administratifs territoriaux",
    ),
    "transition": Job(
        "Chargé·e de mission transition écologique (F/H)",
        "K1811",
        "contractuel",
        (34_000, 41_000),
        (
            "suivre les consommations d'énergie des bâtiments et proposer des économies",
            "préparer les projets de rénovation énergétique",
            "développer le vélo et la marche dans les déplacements",
            "sensibiliser les agents et les habitants",
            "monter les demandes de subvention",
        ),
        "Vous avez un bac + 5 en environnement, énergie ou aménagement. Vous savez conduire un projet et convaincre.",
        service="à la direction générale des services",
        category="A",
        grade="ingénieurs territoriaux ou attachés territoriaux",
        months=36,
        remote_days=2,
    ),
    "apprenti_admin": Job(
        "Apprenti·e assistant·e de gestion administrative (F/H)",
        "M1621",
        "apprentissage",
        APPRENTICE_PAY,
        (
            "accueillir le public et répondre au téléphone",
            "rédiger des courriers et tenir les dossiers",
            "préparer les réunions et les tableaux de suivi",
            "découvrir le fonctionnement d'une administration",
        ),
        "Vous préparez un bac professionnel ou un BTS en gestion administrative et vous cherchez votre "
        "employeur. Vous êtes organisé·e et à l'aise avec l'informatique.",
        service="au service des affaires générales",
        months=24,
        benefits=APPRENTICE_NOTE,
    ),
    # Intercommunalités
    "dev_eco_ti": Job(
        "Chargé·e de développement économique – Territoire d'industrie (F/H)",
        "K1802",
        "contractuel",
        (36_000, 44_000),
        (
            "accompagner les entreprises industrielles dans leurs projets d'extension et de recrutement",
            "animer le programme Territoire d'industrie avec la région et les entreprises",
            "proposer des terrains et des bâtiments aux entreprises qui s'installent",
            "faire connaître les aides publiques aux industriels",
            "organiser des rencontres entre entreprises",
        ),
        "Vous avez un bac + 5 en économie, développement territorial ou école de commerce. Vous connaissez "
        "les entreprises et leurs contraintes, et vous aimez le terrain.",
        service="à la direction du développement économique",
        about=(
            "Le territoire fait partie du programme national Territoires d'industrie, qui soutient "
            "l'industrie locale et ses emplois."
        ),
        category="A",
        grade="attachés territoriaux",
        months=36,
        remote_days=1,
        context="developpement_ti",
    ),
    "foncier_eco": Job(
        "Chargé·e de l'accueil des entreprises et du foncier économique (F/H)",
        "K1802",
        "fonctionnaire",
        (35_000, 43_000),
        (
            "recevoir les entreprises qui cherchent un terrain ou un local",
            "tenir à jour l'offre de terrains et de bâtiments disponibles",
            "suivre la vente des terrains des zones d'activités",
            "travailler avec les communes, la chambre de commerce et les agents immobiliers",
        ),
        "Vous avez un bac + 5 en aménagement, en immobilier ou en économie. Vous savez négocier. Vous "
        "suivez un dossier jusqu'au bout. Vous aimez le contact avec les chefs d'entreprise.",
        service="à la direction du développement économique",
        category="A",
        grade="attachés territoriaux",
        remote_days=1,
    ),
    "emploi_competences": Job(
        "Chargé·e de mission emploi et compétences dans l'industrie (F/H)",
        "K1815",
        "contractuel",
        (33_000, 40_000),
        (
            "recenser les besoins de recrutement des entreprises industrielles",
            "organiser des rencontres entre entreprises et demandeurs d'emploi",
            "monter des formations avec les organismes et les entreprises",
            "faire découvrir les métiers de l'industrie aux jeunes",
        ),
        "Vous avez un bac + 5 en ressources humaines, formation ou développement local. Vous connaissez "
        "les acteurs de l'emploi. Vous aimez mettre les gens en relation.",
        service="à la direction du développement économique",
        about=(
            "Le poste est financé dans le cadre de Territoires d'industrie, programme national de soutien "
            "à l'industrie."
        ),
        category="A",
        grade="attachés territoriaux",
        months=24,
        remote_days=1,
        context="developpement_ti",
    ),
    "plui": Job(
        "Chargé·e d'études plan local d'urbanisme intercommunal (F/H)",
        "K1807",
        "fonctionnaire",
        (36_000, 44_000),
        (
            "conduire les études du plan local d'urbanisme intercommunal",
            "travailler avec les communes sur leurs projets",
            "préparer les réunions publiques et la concertation",
            "suivre le bureau d'études et le calendrier",
        ),
        "Vous avez un bac + 5 en urbanisme ou en aménagement. Vous maîtrisez un logiciel de cartographie. "
        "Vous savez animer une réunion avec des élus et des habitants.",
        service="à la direction de l'urbanisme",
        category="A",
        grade="ingénieurs territoriaux ou attachés territoriaux",
        remote_days=2,
    ),
    "assainissement": Job(
        "Agent·e d'exploitation des réseaux d'assainissement (F/H)",
        "K2301",
        "fonctionnaire",
        (23_000, 27_000),
        (
            "entretenir et curer les réseaux d'eaux usées",
            "surveiller les postes de relevage et les stations d'épuration",
            "intervenir sur les pannes et les débordements",
            "noter les interventions dans le logiciel du service",
        ),
        "Vous avez un CAP ou un bac professionnel dans les métiers de l'eau ou de la maintenance. Le permis "
        "B est demandé, le permis poids lourd est un plus.",
        service="à la direction de l'eau et de l'assainissement",
        category="C",
        grade="adjoints techniques territoriaux",
        benefits="Astreinte rémunérée ; tenue et équipements de protection fournis.",
    ),
    "eau_potable": Job(
        "Technicien·ne d'exploitation de l'eau potable (F/H)",
        "K2317",
        "fonctionnaire",
        (27_000, 33_000),
        (
            "surveiller le fonctionnement des usines de traitement et des réservoirs",
            "suivre la qualité de l'eau et les analyses",
            "organiser les interventions de l'équipe",
            "préparer les travaux de renouvellement des canalisations",
        ),
        "Vous avez un bac + 2 dans les métiers de l'eau. Vous êtes rigoureux·se et à l'aise sur le terrain.",
        service="à la direction de l'eau et de l'assainissement",
        category="B",
        grade="techniciens territoriaux",
        benefits="Astreinte rémunérée.",
    ),
    "collecte": Job(
        "Conducteur·rice de benne de collecte des déchets (F/H)",
        "N4118",
        "fonctionnaire",
        (24_000, 28_000),
        (
            "conduire la benne sur les tournées de collecte",
            "veiller à la sécurité de l'équipage et des passants",
            "vérifier le véhicule avant et après chaque tournée",
            "signaler les problèmes de tri et les dépôts sauvages",
        ),
        "Vous avez le permis poids lourd et la formation obligatoire de conducteur à jour. Vous êtes "
        "ponctuel·le et prudent·e.",
        service="au service de collecte des déchets",
        category="C",
        grade="adjoints techniques territoriaux",
        benefits="Horaires du matin ; prime de collecte.",
    ),
    "decheterie": Job(
        "Agent·e de déchèterie (F/H)",
        "K2318",
        "fonctionnaire",
        (22_000, 24_500),
        (
            "accueillir les usagers et les aider à trier leurs déchets",
            "contrôler les accès et les apports des professionnels",
            "tenir le site propre et sûr",
            "organiser l'enlèvement des bennes pleines",
        ),
        "Vous aimez le contact et le travail en extérieur. Vous connaissez, ou voulez apprendre, les règles "
        "du tri. Travail le samedi.",
        service="au service de gestion des déchets",
        category="C",
        grade="adjoints techniques territoriaux",
    ),
    "habitat": Job(
        "Chargé·e d'opération habitat (F/H)",
        "K1810",
        "contractuel",
        (33_000, 40_000),
        (
            "suivre l'opération d'amélioration de l'habitat avec l'opérateur",
            "conseiller les propriétaires sur les aides à la rénovation",
            "repérer les logements vacants ou dégradés avec les communes",
            "préparer les bilans pour l'Agence nationale de l'habitat",
        ),
        "Vous avez un bac + 5 en urbanisme, habitat ou aménagement. Vous connaissez les aides à la "
        "rénovation. Vous aimez le contact avec les habitants.",
        service="à la direction de l'habitat",
        category="A",
        grade="attachés territoriaux",
        months=36,
        remote_days=1,
    ),
    "mobilites": Job(
        "Chargé·e de mission mobilités (F/H)",
        "K1811",
        "contractuel",
        (34_000, 41_000),
        (
            "préparer le plan de mobilité du territoire",
            "développer les itinéraires cyclables et le covoiturage",
            "suivre le réseau de bus avec l'exploitant",
            "organiser la concertation avec les communes et les usagers",
        ),
        "Vous avez un bac + 5 en transport, urbanisme ou aménagement. Vous aimez les projets concrets et "
        "le travail avec les élus.",
        service="à la direction des mobilités",
        category="A",
        grade="ingénieurs territoriaux ou attachés territoriaux",
        months=36,
        remote_days=2,
    ),
    "apprenti_dev_eco": Job(
        "Apprenti·e chargé·e de développement économique (F/H)",
        "K1802",
        "apprentissage",
        APPRENTICE_PAY,
        (
            "participer aux visites d'entreprises avec l'équipe",
            "tenir à jour le fichier des entreprises et des terrains disponibles",
            "préparer des fiches sur les aides aux entreprises",
            "aider à organiser les rencontres entre entreprises",
        ),
        "Vous préparez un master en développement territorial, économie ou gestion, en alternance. Vous "
        "êtes curieux·se et vous écrivez clairement.",
        service="à la direction du développement économique",
        months=24,
        benefits=APPRENTICE_NOTE,
        remote_days=1,
    ),
}

# --- Companies ---------------------------------------------------------------------------------------

COMPANY_JOBS: dict[str, Job] = {
    # Forges de l'Ondaine: forging and machining of steel parts.
    "forges_usineur": Job(
        "Usineur·se sur machines à commande numérique (F/H)",
        "H2903",
        "cdi",
        (26_000, 32_000),
        (
            "usiner des pièces forgées sur des tours et des centres d'usinage à commande numérique",
            "lire les plans et régler les machines",
            "contrôler les pièces avec les instruments de mesure",
            "assurer l'entretien courant de votre machine",
        ),
        "Vous avez un bac professionnel ou un BTS en usinage, ou une expérience équivalente. Vous savez "
        "lire un plan et régler une machine. Travail en équipes du matin et de l'après-midi.",
        service="à l'atelier d'usinage",
        benefits="Prime d'équipe, treizième mois, mutuelle d'entreprise.",
    ),
    "forges_forgeron": Job(
        "Opérateur·rice de forge (F/H)",
        "H2904",
        "cdi",
        (25_000, 30_000),
        (
            "chauffer l'acier et conduire les presses et les marteaux de forge",
            "manipuler les pièces avec les outils et les robots de l'atelier",
            "vérifier les dimensions des pièces forgées",
            "respecter les consignes de sécurité et de qualité",
        ),
        "Vous avez une première expérience en production industrielle. Débutant·e motivé·e accepté·e : "
        "nous vous formons au métier pendant trois mois. Travail en équipes alternées.",
        service="à l'atelier de forge",
        benefits="Prime d'équipe, prime de chaleur, treizième mois, mutuelle d'entreprise.",
        positions=2,
    ),
    "forges_maintenance": Job(
        "Technicien·ne de maintenance industrielle (F/H)",
        "I1304",
        "cdi",
        (29_000, 36_000),
        (
            "dépanner les presses, les fours et les machines d'usinage",
            "réaliser la maintenance préventive",
            "améliorer la fiabilité des équipements avec la production",
            "participer aux installations de nouvelles machines",
        ),
        "Vous avez un BTS en maintenance des systèmes ou en électrotechnique. Vous êtes à l'aise en "
        "mécanique, en électricité et en automatismes. Astreinte par roulement.",
        service="au service maintenance",
        benefits="Prime d'astreinte, treizième mois, mutuelle d'entreprise.",
    ),
    "forges_methodes": Job(
        "Ingénieur·e méthodes (F/H)",
        "H1402",
        "cdi",
        (38_000, 48_000),
        (
            "définir les gammes de forge et d'usinage des nouvelles pièces",
            "améliorer les temps de cycle et réduire les rebuts",
            "choisir les outillages et suivre leur fabrication",
            "former les équipes aux nouvelles méthodes",
        ),
        "Vous êtes ingénieur·e en mécanique ou en génie industriel, avec une première expérience en "
        "production. Vous aimez le terrain et le travail avec les ateliers.",
        service="au bureau des méthodes",
        remote_days=1,
        benefits="Treizième mois, intéressement, mutuelle d'entreprise.",
    ),
    "forges_soudeur": Job(
        "Soudeur·se (F/H)",
        "H2913",
        "cdi",
        (26_000, 32_000),
        (
            "souder des ensembles en acier selon les plans et les modes opératoires",
            "préparer les pièces : meulage, chanfreins, pointage",
            "contrôler visuellement vos soudures",
            "respecter les consignes de sécurité",
        ),
        "Vous avez un CAP ou un bac professionnel en soudure, et une qualification en soudage à jour. Vous "
        "êtes précis·e et soigneux·se.",
        service="à l'atelier de mécano-soudure",
        benefits="Prime d'équipe, treizième mois, mutuelle d'entreprise.",
    ),
    "forges_qualite": Job(
        "Responsable qualité (F/H)",
        "H1502",
        "cdi",
        (42_000, 52_000),
        (
            "faire vivre le système qualité et préparer les audits de certification",
            "traiter les réclamations des clients avec les ateliers",
            "animer les actions d'amélioration continue",
            "encadrer l'équipe du laboratoire et du contrôle",
        ),
        "Vous avez un bac + 5 en qualité ou en génie industriel, et au moins cinq ans d'expérience en "
        "qualité dans l'industrie. Vous savez convaincre et animer une équipe.",
        service="à la direction de l'usine",
        remote_days=1,
        benefits="Treizième mois, intéressement, mutuelle d'entreprise.",
    ),
    "forges_controle": Job(
        "Contrôleur·se qualité en métallurgie (F/H)",
        "H1506",
        "cdi",
        (26_000, 31_000),
        (
            "contrôler les pièces forgées et usinées avec les instruments de mesure",
            "réaliser des contrôles non destructifs après formation",
            "enregistrer les résultats et signaler les écarts",
            "participer à l'analyse des défauts",
        ),
        "Vous avez un bac professionnel ou un BTS en mécanique ou en contrôle industriel. Vous êtes "
        "rigoureux·se et attentif·ve au détail.",
        service="au service qualité",
        benefits="Treizième mois, mutuelle d'entreprise.",
    ),
    "forges_apprenti": Job(
        "Apprenti·e technicien·ne de maintenance (F/H)",
        "I1304",
        "apprentissage",
        APPRENTICE_PAY,
        (
            "apprendre à dépanner les machines de l'usine avec un technicien expérimenté",
            "participer à la maintenance préventive",
            "découvrir l'électricité, la mécanique et les automatismes industriels",
        ),
        "Vous préparez un bac professionnel ou un BTS en maintenance et vous cherchez votre entreprise. "
        "Vous êtes curieux·se et bricoleur·se.",
        service="au service maintenance",
        months=24,
        benefits=APPRENTICE_NOTE,
    ),
    "forges_cariste": Job(
        "Cariste (F/H)",
        "N1101",
        "cdd",
        (23_500, 26_000),
        (
            "approvisionner les ateliers en acier et en outillages",
            "charger et décharger les camions",
            "ranger le stock et tenir les inventaires",
            "vérifier votre chariot avant chaque prise de poste",
        ),
        "Vous avez le certificat d'aptitude à la conduite en sécurité (CACES) pour chariots élévateurs, "
        "et une première expérience en milieu industriel.",
        service="au magasin",
        months=6,
        benefits="Prime d'équipe, mutuelle d'entreprise.",
    ),
    "forges_chef_equipe": Job(
        "Chef·fe d'équipe de production (F/H)",
        "H2504",
        "cdi",
        (32_000, 38_000),
        (
            "organiser le travail d'une équipe de huit opérateurs",
            "suivre la production, la qualité et la sécurité de votre poste",
            "former les nouveaux arrivants",
            "faire le lien avec la maintenance et les méthodes",
        ),
        "Vous avez une expérience en production industrielle, dont une première expérience d'encadrement. "
        "Vous savez motiver une équipe.",
        service="à l'atelier de forge",
        benefits="Prime d'équipe, treizième mois, mutuelle d'entreprise.",
    ),
    "forges_comptable": Job(
        "Comptable (F/H)",
        "M1203",
        "cdi",
        (30_000, 36_000),
        (
            "tenir la comptabilité fournisseurs et clients",
            "préparer les déclarations de taxe sur la valeur ajoutée",
            "participer aux clôtures mensuelles et au bilan",
            "suivre la trésorerie avec la direction financière",
        ),
        "Vous avez un bac + 2 ou bac + 3 en comptabilité, et une première expérience en entreprise. Vous "
        "êtes rigoureux·se et à l'aise avec les tableurs.",
        service="au service financier",
        remote_days=1,
        benefits="Treizième mois, intéressement, mutuelle d'entreprise.",
    ),
    # Mécanique de précision du Grand Chalon: precision machining for aeronautics.
    "meca_fraiseur": Job(
        "Fraiseur·se sur commande numérique (F/H)",
        "H2903",
        "cdi",
        (26_000, 33_000),
        (
            "usiner des pièces en aluminium et en titane sur des centres de fraisage 5 axes",
            "régler la machine et lancer les séries",
            "contrôler les pièces au fil de la production",
            "noter les contrôles sur le dossier de fabrication",
        ),
        "Vous avez un bac professionnel ou un BTS en usinage. Vous savez lire un plan et régler un centre "
        "d'usinage. L'aéronautique demande précision et traçabilité.",
        service="à l'atelier de fraisage",
        benefits="Prime d'équipe, treizième mois, mutuelle d'entreprise.",
    ),
    "meca_regleur": Job(
        "Régleur·se sur machines à commande numérique (F/H)",
        "H2912",
        "cdi",
        (29_000, 35_000),
        (
            "préparer et régler les machines avant chaque série",
            "valider la première pièce avec le contrôle",
            "corriger les programmes avec le bureau des méthodes",
            "aider les opérateurs en cas de problème",
        ),
        "Vous avez au moins trois ans d'expérience en usinage sur commande numérique. Vous connaissez les "
        "outils coupants et les matériaux de l'aéronautique.",
        service="à l'atelier de fraisage",
        benefits="Prime d'équipe, treizième mois, mutuelle d'entreprise.",
    ),
    "meca_controle": Job(
        "Contrôleur·se qualité et métrologie (F/H)",
        "H1528",
        "cdi",
        (27_000, 33_000),
        (
            "contrôler les pièces sur la machine à mesurer tridimensionnelle",
            "rédiger les rapports de contrôle demandés par les clients",
            "suivre l'étalonnage des instruments de mesure",
            "participer à l'analyse des non-conformités",
        ),
        "Vous avez un BTS en mécanique, en contrôle industriel ou en métrologie. Vous êtes rigoureux·se et patient·e.",
        service="au laboratoire de métrologie",
        benefits="Treizième mois, mutuelle d'entreprise.",
    ),
    "meca_methodes": Job(
        "Technicien·ne méthodes usinage (F/H)",
        "H1404",
        "cdi",
        (32_000, 39_000),
        (
            "programmer les pièces sur le logiciel de fabrication assistée par ordinateur",
            "définir les gammes d'usinage et les montages",
            "optimiser les temps de cycle avec l'atelier",
            "lancer les nouvelles pièces avec les régleurs",
        ),
        "Vous avez un BTS ou un bac + 3 en conception de produits industriels ou en usinage. Vous maîtrisez "
        "un logiciel de fabrication assistée par ordinateur.",
        service="au bureau des méthodes",
        remote_days=1,
        benefits="Treizième mois, intéressement, mutuelle d'entreprise.",
    ),
    "meca_operateur": Job(
        "Opérateur·rice en fabrication mécanique (F/H)",
        "H2906",
        "cdd",
        (23_500, 26_500),
        (
            "charger et décharger les machines d'usinage",
            "ébavurer et nettoyer les pièces",
            "contrôler les pièces avec des calibres simples",
            "tenir votre poste propre et rangé",
        ),
        "Débutant·e accepté·e : nous vous formons. Vous êtes soigneux·se et vous aimez le travail manuel. "
        "Travail en équipes du matin et de l'après-midi.",
        service="à l'atelier de fraisage",
        months=6,
        positions=2,
        benefits="Prime d'équipe, mutuelle d'entreprise.",
    ),
    "meca_apprenti": Job(
        "Apprenti·e usineur·se (F/H)",
        "H2903",
        "apprentissage",
        APPRENTICE_PAY,
        (
            "apprendre le réglage et la conduite des machines avec un tuteur",
            "usiner vos premières séries de pièces",
            "apprendre à contrôler les pièces et à remplir le dossier de fabrication",
        ),
        "Vous préparez un bac professionnel technicien en réalisation de produits mécaniques, ou un BTS, "
        "et vous cherchez votre entreprise. Vous êtes précis·e et curieux·se.",
        service="à l'atelier de fraisage",
        months=24,
        benefits=APPRENTICE_NOTE,
    ),
    "meca_maintenance": Job(
        "Mécanicien·ne de maintenance industrielle (F/H)",
        "I1310",
        "cdi",
        (28_000, 34_000),
        (
            "dépanner les centres d'usinage et les compresseurs",
            "réaliser la maintenance préventive des machines",
            "changer les pièces d'usure et régler les broches",
            "tenir à jour le suivi des interventions",
        ),
        "Vous avez un bac professionnel ou un BTS en maintenance. Vous êtes à l'aise en mécanique et en hydraulique.",
        service="au service maintenance",
        benefits="Treizième mois, mutuelle d'entreprise.",
    ),
    "meca_chef_atelier": Job(
        "Chef·fe d'atelier usinage (F/H)",
        "H2504",
        "cdi",
        (38_000, 46_000),
        (
            "organiser la production de l'atelier et le planning des machines",
            "encadrer une équipe de quinze régleurs et opérateurs",
            "suivre les délais, la qualité et la sécurité",
            "proposer des investissements en machines",
        ),
        "Vous avez une solide expérience en usinage, dont plusieurs années d'encadrement. L'aéronautique est un plus.",
        service="à la direction de la production",
        benefits="Treizième mois, intéressement, mutuelle d'entreprise.",
    ),
    # Bois du Nivernais: sawmill and timber frames.
    "bois_scieur": Job(
        "Scieur·se (F/H)",
        "H2211",
        "cdi",
        (24_000, 28_000),
        (
            "conduire la scie de tête et débiter les grumes de chêne et de douglas",
            "choisir le meilleur débit selon la qualité du bois",
            "entretenir la scie et changer les lames",
            "respecter les consignes de sécurité",
        ),
        "Vous avez une expérience en scierie, ou un CAP dans les métiers du bois. Vous avez l'œil pour "
        "le bois et vous êtes attentif·ve à la sécurité.",
        service="à la scierie",
        benefits="Prime annuelle, mutuelle d'entreprise, tenue fournie.",
    ),
    "bois_charpentier": Job(
        "Charpentier·ère (F/H)",
        "F1503",
        "cdi",
        (25_000, 31_000),
        (
            "tailler les charpentes à l'atelier, à la main et sur machine",
            "poser les charpentes et les ossatures bois sur les chantiers",
            "lire les plans du bureau d'études",
            "travailler en sécurité en hauteur",
        ),
        "Vous avez un CAP ou un brevet professionnel de charpentier. Vous aimez le travail du bois et les "
        "chantiers. Le permis B est demandé.",
        service="à l'atelier de charpente",
        benefits="Indemnités de déplacement, prime annuelle, mutuelle d'entreprise.",
    ),
    "bois_conducteur_ligne": Job(
        "Conducteur·rice de ligne de sciage (F/H)",
        "H2202",
        "cdi",
        (24_500, 29_000),
        (
            "conduire et surveiller la ligne de reprise et de délignage",
            "régler les machines selon les commandes",
            "trier les planches par qualité",
            "signaler les pannes et participer au dépannage",
        ),
        "Vous avez une expérience sur machines à bois ou en production industrielle. Vous êtes attentif·ve "
        "et réactif·ve.",
        service="à la scierie",
        benefits="Prime annuelle, mutuelle d'entreprise.",
    ),
    "bois_affuteur": Job(
        "Affûteur·se de scies (F/H)",
        "H2918",
        "cdi",
        (25_000, 29_000),
        (
            "affûter et entretenir les lames de scie à ruban et les scies circulaires",
            "préparer les outils pour chaque équipe",
            "suivre l'usure des lames et conseiller les scieurs",
        ),
        "Vous avez une expérience d'affûtage, ou une formation en mécanique et l'envie d'apprendre ce "
        "métier rare. Vous êtes précis·e.",
        service="à l'atelier d'affûtage",
        benefits="Prime annuelle, mutuelle d'entreprise.",
    ),
    "bois_grumier": Job(
        "Conducteur·rice de grumier (F/H)",
        "N4101",
        "cdi",
        (26_000, 30_000),
        (
            "transporter les grumes de la forêt à la scierie",
            "charger le camion avec la grue",
            "planifier les tournées avec le service achats",
            "entretenir le camion",
        ),
        "Vous avez le permis poids lourd et la formation obligatoire de conducteur à jour. Une expérience "
        "de la grue est un plus. Retour au dépôt chaque soir.",
        service="au service transport",
        benefits="Prime annuelle, mutuelle d'entreprise.",
    ),
    "bois_apprenti": Job(
        "Apprenti·e charpentier·ère (F/H)",
        "F1503",
        "apprentissage",
        APPRENTICE_PAY,
        (
            "apprendre la taille des charpentes avec un compagnon expérimenté",
            "participer à la pose sur les chantiers",
            "découvrir le travail du chêne et du douglas",
        ),
        "Vous préparez un CAP charpentier bois et vous cherchez votre entreprise. Vous aimez le travail "
        "manuel et en extérieur.",
        service="à l'atelier de charpente",
        months=24,
        benefits=APPRENTICE_NOTE,
    ),
    "bois_maintenance": Job(
        "Mécanicien·ne de maintenance (F/H)",
        "I1310",
        "cdi",
        (26_000, 31_000),
        (
            "entretenir et dépanner les scies, les convoyeurs et les engins",
            "réaliser la maintenance préventive",
            "commander les pièces de rechange",
        ),
        "Vous avez un bac professionnel en maintenance et une expérience en milieu industriel. Vous êtes "
        "débrouillard·e et autonome.",
        service="à la scierie",
        benefits="Prime annuelle, mutuelle d'entreprise.",
    ),
    # Aveyron Composites: composite parts.
    "compo_technicien": Job(
        "Technicien·ne composites (F/H)",
        "H3203",
        "cdi",
        (25_000, 30_000),
        (
            "découper et draper les tissus de carbone et de verre dans les moules",
            "préparer la mise sous vide et la cuisson des pièces",
            "démouler, détourer et contrôler les pièces",
            "respecter les règles d'hygiène et de sécurité des résines",
        ),
        "Vous avez un bac professionnel plasturgie et composites, ou une première expérience de "
        "stratification. Débutant·e motivé·e accepté·e : formation assurée.",
        service="à l'atelier de moulage",
        positions=2,
        benefits="Prime d'équipe, treizième mois, mutuelle d'entreprise.",
    ),
    "compo_rd": Job(
        "Ingénieur·e R&D matériaux composites (F/H)",
        "H1206",
        "cdi",
        (40_000, 50_000),
        (
            "concevoir de nouvelles pièces et de nouveaux procédés avec les clients",
            "mener les essais de matériaux et analyser les résultats",
            "conduire des projets de recherche avec les laboratoires partenaires",
            "transmettre les nouveaux procédés à la production",
        ),
        "Vous êtes ingénieur·e ou docteur·e en matériaux ou en mécanique, avec une expérience des "
        "composites. Vous aimez l'expérimentation.",
        service="au bureau d'études et de recherche",
        about="R&D : recherche et développement.",
        remote_days=1,
        benefits="Treizième mois, intéressement, mutuelle d'entreprise.",
    ),
    "compo_technicien_rd": Job(
        "Technicien·ne d'essais en recherche et développement (F/H)",
        "H1210",
        "cdd",
        (28_000, 33_000),
        (
            "fabriquer des éprouvettes et des prototypes",
            "réaliser les essais mécaniques au laboratoire",
            "noter et présenter les résultats",
            "entretenir les équipements d'essai",
        ),
        "Vous avez un BTS ou un bac + 3 en matériaux, en mesures physiques ou en mécanique. Vous êtes "
        "précis·e et méthodique.",
        service="au bureau d'études et de recherche",
        months=18,
        benefits="Treizième mois, mutuelle d'entreprise.",
    ),
    "compo_qualite": Job(
        "Technicien·ne qualité (F/H)",
        "H1528",
        "cdi",
        (28_000, 34_000),
        (
            "contrôler les pièces à réception, en cours de fabrication et avant expédition",
            "rédiger les dossiers de contrôle pour les clients de l'aéronautique",
            "traiter les non-conformités avec les ateliers",
            "préparer les audits des clients",
        ),
        "Vous avez un BTS ou un bac + 3 en qualité ou en mécanique. Vous êtes rigoureux·se et à l'aise avec l'écrit.",
        service="au service qualité",
        benefits="Treizième mois, mutuelle d'entreprise.",
    ),
    "compo_methodes": Job(
        "Technicien·ne méthodes et industrialisation (F/H)",
        "H1404",
        "cdi",
        (31_000, 37_000),
        (
            "écrire les gammes de fabrication des nouvelles pièces",
            "concevoir les outillages avec le bureau d'études",
            "améliorer les postes de travail avec les équipes",
            "suivre les temps et les coûts de fabrication",
        ),
        "Vous avez un BTS ou un bac + 3 en génie mécanique ou en plasturgie. Une expérience des "
        "composites est un plus.",
        service="au bureau des méthodes",
        remote_days=1,
        benefits="Treizième mois, intéressement, mutuelle d'entreprise.",
    ),
    "compo_hse": Job(
        "Animateur·rice hygiène, sécurité et environnement (F/H)",
        "H1308",
        "cdi",
        (32_000, 38_000),
        (
            "évaluer les risques des postes de travail, notamment chimiques",
            "former les équipes aux règles de sécurité",
            "suivre les déchets et les rejets du site",
            "analyser les accidents et proposer des actions",
        ),
        "Vous avez un bac + 3 en hygiène, sécurité et environnement. Vous savez convaincre sur le terrain.",
        service="à la direction du site",
        remote_days=1,
        benefits="Treizième mois, intéressement, mutuelle d'entreprise.",
    ),
    "compo_maintenance": Job(
        "Technicien·ne de maintenance (F/H)",
        "I1304",
        "cdi",
        (29_000, 35_000),
        (
            "entretenir les autoclaves, les étuves et les machines de découpe",
            "dépanner les équipements électriques et pneumatiques",
            "réaliser la maintenance préventive",
        ),
        "Vous avez un BTS en maintenance des systèmes. Vous êtes autonome et réactif·ve.",
        service="au service maintenance",
        benefits="Prime d'astreinte, treizième mois, mutuelle d'entreprise.",
    ),
    "compo_apprenti": Job(
        "Apprenti·e technicien·ne composites (F/H)",
        "H3203",
        "apprentissage",
        APPRENTICE_PAY,
        (
            "apprendre le drapage et le moulage des pièces avec un tuteur",
            "participer au contrôle et à la finition des pièces",
            "découvrir les règles de sécurité liées aux résines",
        ),
        "Vous préparez un bac professionnel plasturgie et composites et vous cherchez votre entreprise. "
        "Vous êtes soigneux·se et patient·e.",
        service="à l'atelier de moulage",
        months=24,
        benefits=APPRENTICE_NOTE,
    ),
    # Porcelaine du Limousin: porcelain tableware.
    "porc_decorateur": Job(
        "Décorateur·rice sur porcelaine (F/H)",
        "B1302",
        "cdi",
        (23_500, 28_000),
        (
            "poser les décors à la main : filets d'or, peinture, décalcomanies",
            "préparer les couleurs et les pinceaux",
            "contrôler chaque pièce avant la cuisson du décor",
            "participer à la création de nouveaux décors",
        ),
        "Vous avez un CAP ou un diplôme des métiers d'art en décoration sur céramique, ou une expérience "
        "équivalente. Vous avez une main sûre et le goût du beau.",
        service="à l'atelier de décoration",
        benefits="Prime annuelle, mutuelle d'entreprise.",
    ),
    "porc_operateur": Job(
        "Opérateur·rice de production céramique (F/H)",
        "H2803",
        "cdi",
        (23_000, 26_500),
        (
            "couler et presser les pièces en porcelaine",
            "finir les pièces crues : ébarbage, éponge",
            "charger et décharger les fours",
            "trier les pièces après cuisson",
        ),
        "Débutant·e accepté·e : nous vous formons. Vous êtes soigneux·se et vous aimez le travail manuel.",
        service="à l'atelier de fabrication",
        positions=2,
        benefits="Prime annuelle, mutuelle d'entreprise.",
    ),
    "porc_technicien": Job(
        "Technicien·ne de production céramique (F/H)",
        "H1404",
        "cdi",
        (28_000, 33_000),
        (
            "régler les machines de pressage et de coulage",
            "suivre les cuissons et les courbes des fours",
            "analyser les défauts avec l'équipe qualité",
            "améliorer les méthodes de fabrication",
        ),
        "Vous avez un BTS en céramique industrielle ou en génie des matériaux. Vous aimez le terrain et "
        "la résolution de problèmes.",
        service="à l'atelier de fabrication",
        benefits="Prime annuelle, mutuelle d'entreprise.",
    ),
    "porc_tourneur": Job(
        "Céramiste tourneur·se (F/H)",
        "B1201",
        "cdi",
        (24_000, 28_500),
        (
            "tourner et calibrer les pièces des séries limitées",
            "réaliser les prototypes des nouvelles collections",
            "transmettre votre savoir-faire aux apprentis",
        ),
        "Vous avez un diplôme des métiers d'art en céramique, ou une expérience de tournage. Vous aimez le "
        "travail précis et les belles pièces.",
        service="à l'atelier de création",
        benefits="Prime annuelle, mutuelle d'entreprise.",
    ),
    "porc_qualite": Job(
        "Contrôleur·se qualité (F/H)",
        "H1528",
        "cdd",
        (24_000, 28_000),
        (
            "contrôler les pièces à chaque étape : cru, blanc, décor",
            "classer les pièces par choix",
            "noter les défauts et alerter les ateliers",
        ),
        "Vous avez l'œil pour le détail et une première expérience du contrôle. Une connaissance de la "
        "porcelaine est un plus.",
        service="au service qualité",
        months=12,
        benefits="Prime annuelle, mutuelle d'entreprise.",
    ),
    "porc_maintenance": Job(
        "Technicien·ne de maintenance (F/H)",
        "I1304",
        "cdi",
        (28_000, 34_000),
        (
            "entretenir les presses, les fours et les machines de décoration",
            "dépanner les équipements électriques et mécaniques",
            "suivre les contrôles réglementaires des fours",
        ),
        "Vous avez un BTS en maintenance des systèmes. Une expérience des fours industriels est un plus.",
        service="au service maintenance",
        benefits="Prime annuelle, mutuelle d'entreprise.",
    ),
    "porc_commercial": Job(
        "Responsable commercial·e export (F/H)",
        "M1707",
        "cdi",
        (38_000, 48_000),
        (
            "développer les ventes auprès des hôtels, des restaurants et des distributeurs à l'étranger",
            "préparer et suivre les salons professionnels",
            "négocier les contrats et suivre les commandes",
            "faire remonter les attentes des clients à l'atelier de création",
        ),
        "Vous avez un bac + 5 en commerce international et une expérience de vente de produits haut de "
        "gamme. Vous parlez anglais couramment. Déplacements fréquents.",
        service="à la direction commerciale",
        remote_days=2,
        benefits="Part variable sur objectifs, véhicule de fonction, mutuelle d'entreprise.",
    ),
    "porc_apprenti": Job(
        "Apprenti·e décorateur·rice sur porcelaine (F/H)",
        "B1302",
        "apprentissage",
        APPRENTICE_PAY,
        (
            "apprendre la pose des filets et des décors à la main",
            "préparer les couleurs et les supports",
            "participer au contrôle des pièces décorées",
        ),
        "Vous préparez un CAP ou un diplôme des métiers d'art en décoration céramique et vous cherchez "
        "votre entreprise. Vous avez une main sûre.",
        service="à l'atelier de décoration",
        months=24,
        benefits=APPRENTICE_NOTE,
    ),
    # Logistique Plaine Saint-Denis: warehouses and urban deliveries.
    "log_preparateur": Job(
        "Préparateur·rice de commandes (F/H)",
        "N1103",
        "cdi",
        (22_500, 24_500),
        (
            "préparer les commandes avec un terminal de lecture de codes-barres",
            "emballer et étiqueter les colis",
            "contrôler les quantités et signaler les écarts",
            "ranger et nettoyer votre zone",
        ),
        "Débutant·e accepté·e : vous êtes formé·e à la prise de poste. Vous êtes ponctuel·le et vous aimez "
        "le travail en équipe. Horaires du matin ou de l'après-midi.",
        service="à l'entrepôt",
        positions=3,
        benefits="Prime de productivité, prime de transport, mutuelle d'entreprise.",
    ),
    "log_cariste": Job(
        "Cariste (F/H)",
        "N1101",
        "cdi",
        (23_500, 26_500),
        (
            "décharger les camions et mettre les palettes en stock",
            "réapprovisionner les zones de préparation",
            "charger les camions de livraison",
            "participer aux inventaires",
        ),
        "Vous avez le certificat d'aptitude à la conduite en sécurité (CACES) pour chariots élévateurs, "
        "catégories 1, 3 et 5, et une première expérience en entrepôt.",
        service="à l'entrepôt",
        positions=2,
        benefits="Prime de productivité, prime de transport, mutuelle d'entreprise.",
    ),
    "log_chef_equipe": Job(
        "Chef·fe d'équipe logistique (F/H)",
        "N1112",
        "cdi",
        (28_000, 33_000),
        (
            "organiser le travail d'une équipe de caristes et de préparateurs",
            "suivre la productivité et la qualité des préparations",
            "veiller à la sécurité dans l'entrepôt",
            "former les nouveaux arrivants",
        ),
        "Vous avez une expérience de cariste ou de préparateur, et une première expérience d'encadrement. "
        "Vous êtes organisé·e et à l'écoute.",
        service="à l'entrepôt",
        benefits="Prime de productivité, prime de transport, mutuelle d'entreprise.",
    ),
    "log_quai": Job(
        "Agent·e de quai (F/H)",
        "N1106",
        "cdd",
        (22_500, 24_000),
        (
            "charger et décharger les camions",
            "trier les colis par tournée",
            "vérifier l'état des colis et signaler les anomalies",
        ),
        "Aucune expérience n'est demandée. Vous êtes ponctuel·le et vous aimez le travail physique. "
        "Horaires de nuit possibles, majorés.",
        service="au quai de messagerie",
        months=6,
        positions=2,
        benefits="Majoration des heures de nuit, prime de transport.",
    ),
    "log_livreur": Job(
        "Conducteur·rice livreur·se (F/H)",
        "N4105",
        "cdi",
        (23_500, 26_500),
        (
            "livrer les commerces et les particuliers de Paris et de la petite couronne",
            "charger votre véhicule dans l'ordre de la tournée",
            "faire signer les bons de livraison sur le terminal",
            "prendre soin de votre véhicule, électrique pour la plupart des tournées",
        ),
        "Vous avez le permis B depuis au moins deux ans. Vous connaissez l'Île-de-France et vous êtes "
        "aimable avec les clients.",
        service="au service livraison",
        positions=2,
        benefits="Prime de tournée, tickets restaurant, mutuelle d'entreprise.",
    ),
    "log_exploitation": Job(
        "Agent·e d'exploitation transport (F/H)",
        "N4203",
        "cdi",
        (27_000, 32_000),
        (
            "organiser les tournées de livraison de la journée",
            "affecter les chauffeurs et les véhicules",
            "suivre les livraisons et gérer les imprévus",
            "informer les clients en cas de retard",
        ),
        "Vous avez un BTS gestion des transports et logistique associée, ou une expérience en exploitation. "
        "Vous gardez votre calme quand tout se complique.",
        service="au service exploitation",
        benefits="Tickets restaurant, prime annuelle, mutuelle d'entreprise.",
    ),
    "log_magasinier": Job(
        "Magasinier·ère (F/H)",
        "N1110",
        "cdi",
        (23_000, 25_500),
        (
            "réceptionner et contrôler les marchandises",
            "ranger les produits et tenir le stock à jour dans le logiciel",
            "préparer les expéditions urgentes",
        ),
        "Vous avez une première expérience en magasin ou en entrepôt. Le certificat de cariste est un plus.",
        service="à l'entrepôt",
        benefits="Prime de productivité, prime de transport, mutuelle d'entreprise.",
    ),
    "log_responsable": Job(
        "Responsable d'exploitation logistique (F/H)",
        "N1301",
        "cdi",
        (40_000, 48_000),
        (
            "diriger l'activité d'un entrepôt de 20 000 mètres carrés",
            "encadrer les chefs d'équipe",
            "suivre les indicateurs de qualité et de coûts avec les clients",
            "améliorer l'organisation et la sécurité du site",
        ),
        "Vous avez un bac + 5 en logistique et une expérience de direction d'entrepôt. Vous savez animer "
        "des équipes nombreuses.",
        service="à la direction des opérations",
        remote_days=1,
        benefits="Prime sur objectifs, tickets restaurant, mutuelle d'entreprise.",
    ),
    "log_maintenance": Job(
        "Technicien·ne de maintenance des chariots et des quais (F/H)",
        "I1310",
        "cdi",
        (27_000, 32_000),
        (
            "entretenir et dépanner les chariots élévateurs",
            "entretenir les portes de quai et les niveleurs",
            "suivre les contrôles réglementaires",
        ),
        "Vous avez un bac professionnel ou un BTS en maintenance. Une expérience des engins de manutention "
        "est un plus.",
        service="au service maintenance",
        benefits="Prime annuelle, mutuelle d'entreprise.",
    ),
    "log_apprenti": Job(
        "Apprenti·e agent·e logistique (F/H)",
        "N1115",
        "apprentissage",
        APPRENTICE_PAY,
        (
            "apprendre la réception, le stockage et la préparation des commandes",
            "utiliser le logiciel de gestion de l'entrepôt",
            "préparer le certificat de cariste avec l'entreprise",
        ),
        "Vous préparez un CAP ou un bac professionnel logistique et vous cherchez votre entreprise. Vous êtes "
        "ponctuel·le et motivé·e.",
        service="à l'entrepôt",
        months=24,
        benefits=APPRENTICE_NOTE,
    ),
    "log_rh": Job(
        "Assistant·e ressources humaines (F/H)",
        "M1501",
        "cdi",
        (28_000, 33_000),
        (
            "préparer les contrats de travail et les dossiers des nouveaux arrivants",
            "suivre les absences et les variables de paie",
            "organiser les formations obligatoires : caristes, sécurité",
            "répondre aux questions des salariés",
        ),
        "Vous avez un bac + 2 ou bac + 3 en ressources humaines et une première expérience. Vous êtes "
        "discret·ète et organisé·e.",
        service="au service des ressources humaines",
        remote_days=1,
        benefits="Tickets restaurant, prime annuelle, mutuelle d'entreprise.",
    ),
}


# --- Employers ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Employer:
    """A demo employer's presentation, the place, and the posts it has open (draft, review or published)."""

    key: str  # the organisation's key in demo.loader
    presentation: str  # {population}, {communes}: filled from the reference data
    place: str  # a few checked lines on the town, after the assistant's territory text
    jobs: tuple[str, ...]
    # Intercommunalités: (job key, INSEE code) for posts based in another commune of the EPCI.
    elsewhere: dict[str, str] = field(default_factory=dict)
    benefits: str = ""
    email: str = ""  # some employers take applications by e-mail
    hiring: str = ""  # a company: how it welcomes and recruits (after the profile)


PUBLIC_BENEFITS = (
    "Régime indemnitaire, participation à la mutuelle et à la prévoyance, adhésion au Comité national "
    "d'action sociale (CNAS)."
)

EMPLOYERS: tuple[Employer, ...] = (
    Employer(
        "clamecy",
        "La commune de Clamecy ({population} habitants) est la ville-centre du Haut Nivernais, dans la "
        "Nièvre. Ses services publics servent aussi les habitants des villages voisins.",
        "Clamecy se trouve au confluent de l'Yonne et du Beuvron, sur le canal du Nivernais. Capitale du "
        "flottage du bois vers Paris pendant trois siècles, elle a gardé un centre ancien autour de la "
        "collégiale Saint-Martin. Le Morvan est tout proche.",
        (
            "pvd_lead",
            "vta",
            "espaces_verts",
            "atsem",
            "accueil_etat_civil",
            "policier_municipal",
            "comptable",
            "urbanisme",
            "apprenti_paysagiste",
            "cuisinier",
        ),
    ),
    Employer(
        "charolles",
        "La commune de Charolles ({population} habitants) est la ville-centre du Charolais, en "
        "Saône-et-Loire. Ses écoles, ses commerces et ses services attirent tout le bassin de vie.",
        "Surnommée la « Venise du Charolais » pour ses deux rivières, l'Arconce et la Semence, Charolles "
        "a donné son nom à la race bovine charolaise. La ville est aussi connue pour sa faïencerie d'art.",
        (
            "pvd_lead",
            "secretaire_mairie",
            "agent_technique",
            "espaces_verts",
            "atsem",
            "animateur",
            "accueil_etat_civil",
            "apprenti_admin",
        ),
        email="recrutement.charolles@demo.emploi-territoires.fr",
    ),
    Employer(
        "decazeville",
        "La commune de Decazeville ({population} habitants), ancienne cité minière de l'Aveyron, mène le "
        "projet de revitalisation de son centre avec le programme Petites villes de demain.",
        "Decazeville garde la mémoire de son passé minier, comme le site de la Découverte, ancienne mine à "
        "ciel ouvert. La vallée du Lot et le village de Conques sont à une demi-heure de route.",
        (
            "pvd_lead",
            "agent_technique",
            "espaces_verts",
            "mediatheque",
            "policier_municipal",
            "atsem",
            "transition",
            "accueil_social",
            "apprenti_petite_enfance",
        ),
    ),
    Employer(
        "lodeve",
        "La commune de Lodève ({population} habitants), au pied du plateau du Larzac dans l'Hérault, est la "
        "ville-centre du Lodévois.",
        "Lodève est connue pour sa cathédrale Saint-Fulcran et son musée. Un atelier de la Manufacture de "
        "la Savonnerie y tisse des tapis pour l'État. Le lac du Salagou est tout proche, et Montpellier "
        "est à moins d'une heure par l'autoroute.",
        (
            "pvd_lead",
            "vta",
            "policier_municipal",
            "agent_technique",
            "mediateur",
            "animateur",
            "maitre_nageur",
            "comptable",
            "espaces_verts",
        ),
    ),
    Employer(
        "saint_flour",
        "La commune de Saint-Flour ({population} habitants), sous-préfecture du Cantal, est la ville-centre "
        "de l'est du département.",
        "La ville haute de Saint-Flour est perchée sur un éperon de basalte, autour de la cathédrale "
        "Saint-Pierre. Les monts du Cantal et le viaduc de Garabit sont tout proches, et l'autoroute A75 "
        "mène à Clermont-Ferrand.",
        (
            "vta",
            "voirie",
            "agent_technique",
            "accueil_etat_civil",
            "maitre_nageur",
            "resp_technique",
            "urbanisme",
            "atsem",
            "cuisinier",
        ),
    ),
    Employer(
        "nevers",
        "La Ville de Nevers ({population} habitants), préfecture de la Nièvre au bord de la Loire, est "
        "engagée dans Action cœur de ville et dans le Territoire d'industrie de Nevers.",
        "Nevers est connue pour son palais ducal, sa faïence et le circuit de Nevers Magny-Cours, tout "
        "proche. Paris est à deux heures en train.",
        (
            "acv_lead",
            "politique_ville",
            "mediateur",
            "espaces_verts",
            "agent_technique",
            "atsem",
            "policier_municipal",
            "chef_police",
            "comptable",
            "paie",
            "communication",
            "urbanisme",
            "eje",
            "animateur",
            "cuisinier",
            "electricien",
            "plombier",
            "mediatheque",
            "proprete",
            "juriste_marches",
            "transition",
            "apprenti_paysagiste",
            "apprenti_admin",
            "accueil_etat_civil",
            "technicien_voirie",
        ),
    ),
    Employer(
        "albi",
        "La Ville d'Albi ({population} habitants), préfecture du Tarn, veille sur une cité épiscopale inscrite "
        "au patrimoine mondial de l'Unesco.",
        "La cité épiscopale d'Albi entoure la cathédrale Sainte-Cécile et le palais de la Berbie, qui abrite "
        "le musée Toulouse-Lautrec. Toulouse est à une heure par l'autoroute ou le train.",
        (
            "acv_lead",
            "manager_cv",
            "patrimoine",
            "espaces_verts",
            "agent_technique",
            "atsem",
            "policier_municipal",
            "comptable",
            "communication",
            "urbanisme",
            "eje",
            "animateur",
            "cuisinier",
            "electricien",
            "maitre_nageur",
            "mediatheque",
            "proprete",
            "technicien_voirie",
            "paie",
            "politique_ville",
            "apprenti_paysagiste",
            "accueil_etat_civil",
            "plombier",
        ),
    ),
    Employer(
        "charleville",
        "La Ville de Charleville-Mézières ({population} habitants), préfecture des Ardennes, est engagée "
        "dans Action cœur de ville.",
        "Charleville-Mézières, sur la Meuse, est la ville natale d'Arthur Rimbaud. Capitale de la "
        "marionnette, elle accueille un festival mondial et une école nationale des arts de la "
        "marionnette. La place Ducale est le cœur de la ville.",
        (
            "acv_lead",
            "manager_cv",
            "politique_ville",
            "mediateur",
            "espaces_verts",
            "agent_technique",
            "atsem",
            "policier_municipal",
            "comptable",
            "urbanisme",
            "eje",
            "animateur",
            "cuisinier",
            "voirie",
            "plombier",
            "proprete",
            "accueil_social",
            "patrimoine",
            "juriste_marches",
            "apprenti_admin",
            "accueil_etat_civil",
            "paie",
        ),
        email="recrutement.charleville@demo.emploi-territoires.fr",
    ),
    Employer(
        "limoges",
        "La Ville de Limoges ({population} habitants), préfecture de la Haute-Vienne, est engagée dans "
        "Action cœur de ville et dans le Territoire d'industrie du Limousin.",
        "Limoges, capitale des arts du feu (porcelaine et émail), est une ville universitaire au bord de "
        "la Vienne. Paris est à un peu plus de trois heures en train.",
        (
            "acv_lead",
            "manager_cv",
            "politique_ville",
            "mediateur",
            "espaces_verts",
            "agent_technique",
            "atsem",
            "policier_municipal",
            "chef_police",
            "comptable",
            "paie",
            "communication",
            "urbanisme",
            "eje",
            "animateur",
            "cuisinier",
            "electricien",
            "plombier",
            "maitre_nageur",
            "mediatheque",
            "proprete",
            "ingenieur_voirie",
            "juriste_marches",
            "patrimoine",
            "transition",
            "apprenti_petite_enfance",
            "accueil_etat_civil",
            "accueil_social",
        ),
    ),
    Employer(
        "saint_denis",
        "La Ville de Saint-Denis ({population} habitants), en Seine-Saint-Denis, est née en 2025 de l'union "
        "avec Pierrefitte-sur-Seine. Elle compte plusieurs quartiers prioritaires de la politique de la "
        "ville.",
        "Saint-Denis, au nord de Paris, abrite la basilique des rois de France et le Stade de France. Ville "
        "des Jeux olympiques et paralympiques de 2024, elle est desservie par le métro, le tramway et deux "
        "lignes du réseau express régional.",
        (
            "politique_ville",
            "mediateur",
            "espaces_verts",
            "agent_technique",
            "atsem",
            "policier_municipal",
            "chef_police",
            "comptable",
            "paie",
            "communication",
            "urbanisme",
            "eje",
            "animateur",
            "cuisinier",
            "electricien",
            "plombier",
            "mediatheque",
            "proprete",
            "accueil_social",
            "juriste_marches",
            "transition",
            "technicien_voirie",
            "apprenti_admin",
            "apprenti_petite_enfance",
            "accueil_etat_civil",
            "ingenieur_voirie",
        ),
    ),
    Employer(
        "sem",
        "Saint-Étienne Métropole regroupe {communes} communes et {population} habitants autour de "
        "Saint-Étienne. Elle exerce notamment le développement économique, la voirie, l'eau, "
        "l'assainissement et la collecte des déchets.",
        "Saint-Étienne, ville Unesco de design, est entourée par le parc naturel régional du Pilat et les "
        "gorges de la Loire. Lyon est à moins d'une heure en train.",
        (
            "dev_eco_ti",
            "emploi_competences",
            "foncier_eco",
            "plui",
            "ingenieur_voirie",
            "technicien_voirie",
            "voirie",
            "assainissement",
            "eau_potable",
            "collecte",
            "decheterie",
            "habitat",
            "mobilites",
            "juriste_marches",
            "communication",
            "comptable",
            "paie",
            "apprenti_dev_eco",
            "transition",
        ),
        elsewhere={
            "voirie": "42207",  # Saint-Chamond
            "assainissement": "42186",  # Rive-de-Gier
            "decheterie": "42095",  # Firminy
            "collecte": "42005",  # Andrézieux-Bouthéon
        },
    ),
    Employer(
        "rodez_agglo",
        "Rodez Agglomération regroupe {communes} communes et {population} habitants autour de Rodez, "
        "préfecture de l'Aveyron.",
        "Rodez est connue pour sa cathédrale de grès rose et le musée Soulages. Le territoire allie emplois, "
        "services et nature, entre l'Aubrac et la vallée du Lot.",
        (
            "dev_eco_ti",
            "foncier_eco",
            "plui",
            "technicien_voirie",
            "eau_potable",
            "assainissement",
            "collecte",
            "decheterie",
            "habitat",
            "mobilites",
            "comptable",
            "apprenti_dev_eco",
        ),
        elsewhere={"decheterie": "12176", "assainissement": "12133"},  # Onet-le-Château, Luc-la-Primaube
    ),
    Employer(
        "forges",
        "Les Forges de l'Ondaine fabriquent à Firminy des pièces forgées et usinées en acier pour l'énergie, "
        "le ferroviaire et les machines agricoles. L'usine compte 140 salariés.",
        "Firminy abrite le site Le Corbusier, dont la maison de la culture est inscrite au patrimoine mondial "
        "de l'Unesco. La ville fait partie de Saint-Étienne Métropole, à un quart d'heure de Saint-Étienne.",
        (
            "forges_usineur",
            "forges_maintenance",
            "forges_methodes",
            "forges_soudeur",
            "forges_qualite",
            "forges_forgeron",
            "forges_controle",
            "forges_apprenti",
            "forges_cariste",
            "forges_chef_equipe",
            "forges_comptable",
        ),
        benefits="Restaurant d'entreprise, comité social et économique.",
        hiring=(
            "Vous êtes accueilli·e par un parrain ou une marraine pendant vos premières semaines. "
            "Recrutement en deux temps : un appel, puis une visite de l'usine avec votre futur responsable."
        ),
    ),
    Employer(
        "chalon_meca",
        "Mécanique de précision du Grand Chalon usine à Chalon-sur-Saône des pièces de précision pour "
        "l'aéronautique. L'entreprise compte 45 salariés.",
        "Chalon-sur-Saône, ville natale de Nicéphore Niépce, l'inventeur de la photographie, est un port sur "
        "la Saône, au pied des vignobles de la côte chalonnaise. Le festival « Chalon dans la rue » y a lieu "
        "chaque été.",
        (
            "meca_fraiseur",
            "meca_regleur",
            "meca_controle",
            "meca_methodes",
            "meca_operateur",
            "meca_apprenti",
            "meca_maintenance",
            "meca_chef_atelier",
        ),
        hiring=(
            "Vous êtes formé·e à nos méthodes et aux exigences de l'aéronautique dès votre arrivée. "
            "Recrutement en deux temps : un appel, puis une visite de l'atelier avec votre futur "
            "responsable."
        ),
    ),
    Employer(
        "bois_nivernais",
        "Bois du Nivernais transforme à Clamecy des chênes et des douglas des forêts du Morvan et de la "
        "Nièvre : sciage, charpente et bois de construction. L'entreprise compte 35 salariés.",
        "Clamecy se trouve au confluent de l'Yonne et du Beuvron, sur le canal du Nivernais. Capitale du "
        "flottage du bois vers Paris pendant trois siècles, elle vit toujours avec la forêt. Le Morvan est "
        "tout proche.",
        (
            "bois_scieur",
            "bois_charpentier",
            "bois_conducteur_ligne",
            "bois_affuteur",
            "bois_grumier",
            "bois_apprenti",
        ),
        hiring=(
            "Vous rejoignez une équipe soudée, où les anciens transmettent le métier. Recrutement simple : "
            "un appel, puis une visite de la scierie avec le chef d'atelier."
        ),
    ),
    Employer(
        "aveyron_composites",
        "Aveyron Composites conçoit et fabrique à Rodez des pièces en matériaux composites, en fibre de "
        "carbone et de verre, pour l'aéronautique, le sport et l'industrie. L'entreprise compte 80 salariés, "
        "dont un bureau d'études et de recherche.",
        "Rodez est connue pour sa cathédrale de grès rose et le musée Soulages. Le territoire allie emplois, "
        "services et nature, entre l'Aubrac et la vallée du Lot.",
        (
            "compo_technicien",
            "compo_rd",
            "compo_technicien_rd",
            "compo_qualite",
            "compo_methodes",
            "compo_hse",
            "compo_maintenance",
            "compo_apprenti",
        ),
        hiring=(
            "Vous êtes formé·e à nos procédés dès votre arrivée. Recrutement en deux temps : un appel, puis "
            "une visite des ateliers avec votre futur responsable."
        ),
    ),
    Employer(
        "porcelaine",
        "Porcelaine du Limousin fabrique et décore à Limoges de la vaisselle en porcelaine pour la table, "
        "l'hôtellerie et la restauration. L'atelier réunit 60 salariés, des tourneurs aux décorateurs.",
        "Limoges, capitale des arts du feu (porcelaine et émail), est une ville universitaire au bord de "
        "la Vienne. Paris est à un peu plus de trois heures en train.",
        (
            "porc_decorateur",
            "porc_operateur",
            "porc_technicien",
            "porc_tourneur",
            "porc_qualite",
            "porc_maintenance",
            "porc_commercial",
            "porc_apprenti",
        ),
        email="emplois.porcelaine@demo.emploi-territoires.fr",
        hiring=(
            "Vous apprenez nos gestes aux côtés de décorateurs et de tourneurs expérimentés. Recrutement en "
            "deux temps : un appel, puis une visite de l'atelier avec votre futur responsable."
        ),
    ),
    Employer(
        "plaine_logistique",
        "Logistique Plaine Saint-Denis exploite deux entrepôts à Saint-Denis et livre Paris et la petite "
        "couronne, en grande partie en véhicules électriques. L'entreprise compte 120 salariés.",
        "Saint-Denis, au nord de Paris, est desservie par le métro, le tramway et deux lignes du réseau "
        "express régional : l'entrepôt est accessible en transports en commun.",
        (
            "log_preparateur",
            "log_cariste",
            "log_chef_equipe",
            "log_quai",
            "log_livreur",
            "log_exploitation",
            "log_magasinier",
            "log_responsable",
            "log_maintenance",
            "log_apprenti",
            "log_rh",
        ),
        benefits="Vestiaires et douches, navette depuis la gare aux horaires de nuit.",
        hiring=(
            "Vous êtes formé·e à nos outils et aux règles de sécurité dès le premier jour. Recrutement "
            "rapide : un appel, puis un entretien et une visite de l'entrepôt."
        ),
    ),
)
EMPLOYERS_BY_KEY = {employer.key: employer for employer in EMPLOYERS}


def job(key: str) -> Job:
    return PUBLIC_JOBS.get(key) or COMPANY_JOBS[key]


# --- Writing an offer --------------------------------------------------------------------------------


def _bullets(tasks: tuple[str, ...]) -> str:
    lines = [f"- {task} ;" for task in tasks[:-1]] + [f"- {tasks[-1]}."]
    return "Vos missions :\n" + "\n".join(lines)


def remote_sentence(days: int) -> str:
    if days <= 0:
        return ""
    when = "un jour" if days == 1 else f"{days} jours"
    return f"Télétravail possible {when} par semaine, après la période d'intégration."


def public_status(post: Job) -> str:
    """The statutory sentence of a public post (none for an apprenticeship or a VTA)."""
    if post.contract == "fonctionnaire":
        return (
            f"Poste ouvert aux fonctionnaires du cadre d'emplois des {post.grade} (mutation, détachement, "
            "liste d'aptitude), et à défaut aux contractuels."
        )
    if post.contract in ("contractuel", "contrat_projet"):
        kind = "Contrat de projet" if post.contract == "contrat_projet" else "Contrat"
        return f"{kind} de {post.months} mois, rémunéré sur la grille du cadre d'emplois des {post.grade}."
    return ""


@dataclass(frozen=True)
class Place:
    """What an offer says of its commune: the assistant's factual text, then the employer's lines."""

    commune: Commune
    facts: str


def offer_values(
    employer: Employer,
    key: str,
    organisation: Organisation,
    place: Place,
    *,
    rng: random.Random,
    today: datetime.date,
    epci: tuple[int, int] | None = None,
) -> dict[str, Any]:
    """The content fields of one offer (what `offers.services.create_offer` takes)."""
    from emploi_territoires.offers.models import RomeOccupation

    post = job(key)
    public = organisation.is_public_employer
    fill = {"population": thousands(organisation.commune.population)}
    if epci is not None:
        fill = {"communes": str(epci[0]), "population": thousands(epci[1])}
    intro = employer.presentation.format(**fill)
    where = f" Le poste est basé à {place.commune.name}." if place.commune.pk != organisation.commune_id else ""
    service = f" Vous travaillez {post.service}." if post.service else ""
    paragraphs = [intro + service + where]
    if post.about:
        paragraphs.append(post.about)
    paragraphs.append(_bullets(post.tasks))
    profile = post.profile
    if post.contract == "apprentissage":
        profile = f"{profile} {APPRENTICE_SCHOOL}"
    status = public_status(post) if public else employer.hiring
    if status:
        profile = f"{profile}\n\n{status}"
    benefits = " ".join(
        part
        for part in (
            PUBLIC_BENEFITS if public else "",
            post.benefits,
            employer.benefits,
            remote_sentence(post.remote_days),
        )
        if part
    )
    low, high = post.salary
    # A few hundred euros more here or there: two employers do not pay exactly the same.
    shift = rng.choice([0, 0, 500, 1000]) if post.contract != "apprentissage" else 0
    closing = today + datetime.timedelta(days=rng.randint(10, 45))
    method, email = "platform", ""
    if employer.email and rng.random() < 0.5:
        method, email = "email", employer.email
    return {
        "title": post.title,
        "occupation": RomeOccupation.objects.filter(pk=post.rome).first(),  # None if ROME is not loaded
        "commune": place.commune,
        "remote": "partial" if post.remote_days else "none",
        "contract_type": post.contract,
        "contract_duration_months": post.months,
        "public_category": post.category if public and post.contract in CATEGORY_CONTRACTS else "",
        "weekly_hours": post.hours,
        "education_level": 5 if post.contract == "vta" else None,  # bac + 2, a condition of the VTA
        "salary_min": low + shift,
        "salary_max": high + shift,
        "start_date": closing + datetime.timedelta(days=rng.randint(14, 45)),
        "closing_date": closing,
        "positions": post.positions,
        "missions": "\n\n".join(paragraphs),
        "profile": profile,
        "benefits": benefits,
        "territory_presentation": f"{place.facts}\n\n{employer.place}",
        "apply_method": method,
        "apply_email": email,
        "programme_context": post.context,
    }


class PlaceCache:
    """The assistant's territory text of each commune, computed once (it reads several tables)."""

    def __init__(self) -> None:
        self._facts: dict[str, str] = {}

    def get(self, commune: Commune) -> Place:
        from emploi_territoires.offers.assistant.territory import propose_presentation

        if commune.pk not in self._facts:
            self._facts[commune.pk] = propose_presentation(commune)
        return Place(commune, self._facts[commune.pk])


def epci_figures(organisation: Organisation) -> tuple[int, int] | None:
    """(communes, inhabitants) of an intercommunalité's EPCI; None for a commune or a company."""
    from django.db.models import Sum

    commune = organisation.commune
    if organisation.kind != Organisation.Kind.COLLECTIVITE or not commune.epci_id:
        return None
    if organisation.siren != commune.epci_id:
        return None
    communes = Commune.objects.filter(epci_id=commune.epci_id)
    population = commune.epci.population or communes.aggregate(total=Sum("population"))["total"] or 0
    return communes.count(), population


def offer_place(organisation: Organisation, employer: Employer, key: str) -> Commune:
    """The commune of the post: the employer's own, or for an EPCI another commune of it when said so."""
    code = employer.elsewhere.get(key)
    if code:
        commune = Commune.objects.filter(pk=code, epci_id=organisation.commune.epci_id).first()
        if commune is not None:
            return commune
    return organisation.commune


# --- Loading -----------------------------------------------------------------------------------------

# Of the open posts, one in twelve is a draft and one in twelve waits for an advisor's review; the
# programme posts (lead, VTA, Territoire d'industrie) are all published.
DRAFT, SUBMITTED, PUBLISHED = "draft", "submitted", "published"
PROGRAMME_CONTEXTS = frozenset(
    {"chef_projet_pvd", "chef_projet_acv", "manager_centre_ville", "vta", "developpement_ti"}
)


def _state(rng: random.Random, post: Job, keep_open: bool) -> str:
    if keep_open or post.context in PROGRAMME_CONTEXTS:
        return PUBLISHED
    draw = rng.random()
    return DRAFT if draw < 1 / 12 else SUBMITTED if draw < 2 / 12 else PUBLISHED


PROGRAMME_FLAGS = {
    "chef_projet_pvd": "in_pvd",
    "chef_projet_acv": "in_acv",
    "manager_centre_ville": "in_acv",
    "developpement_ti": "in_ti",
    "qpv": "in_qpv",
}


def programme_here(post: Job, commune: Commune, organisation: Organisation | None = None) -> bool:
    """A programme's post only where the platform knows the programme (the lists loaded, or the demo's
    extract); a VTA only with an eligible employer."""
    if post.context == "vta" or post.contract == "vta":
        return organisation is not None and vta_allowed(organisation, commune)
    flag = PROGRAMME_FLAGS.get(post.context)
    return flag is None or getattr(commune, flag)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """An aware moment of `day` in the platform's time zone (Europe/Paris)."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone())


def publish_for_demo(offer, **acting) -> int:
    """Publish a demo offer as its organisation would (issue 17): directly, or, when an advisor must
    review it (an unverified organisation, a PVD or ACV project lead post), asked for review by the
    recruiter and published by the platform's staff. Returns the number of status changes (1 or 2)."""
    from emploi_territoires.accounts.models import User
    from emploi_territoires.offers import publication
    from emploi_territoires.offers import services as offer_services

    if publication.review_reason(offer) is None:
        offer_services.publish(offer, **acting)
        return 1
    reviewer = User.objects.filter(is_staff=True, is_active=True).order_by("pk").first()
    offer_services.transition_offer(offer, "submitted", **acting)
    offer_services.publish(offer, actor=reviewer)
    return 2


def _recruiter(organisation: Organisation):
    membership = organisation.memberships.select_related("user").order_by("pk").first()
    return membership.user if membership else None


@transaction.atomic
def load_offers(
    organisations: dict[str, Organisation], *, open_posts: dict[tuple[str, str], int] | None = None, seed: int = 2026
) -> int:
    """The open posts of every demo employer that has no offer yet, through `offers.services`.

    `open_posts`: {(employer, job): days} for the posts demo candidates apply to: published more than
    `days` days ago, applications on the platform.

    Each offer is validated, scored by the assistant and indexed (on commit) like any other. The
    dates of the workflow are then moved into the recent past (see `backdate_offer`): a board
    where every offer was published this very minute would not be believable.
    """
    from emploi_territoires.offers import services as offer_services
    from emploi_territoires.offers.models import Offer

    rng = random.Random(seed)  # noqa: S311 - demo data
    today = timezone.localdate()
    open_posts = open_posts or {}
    places = PlaceCache()
    created = 0
    seed_demo_density()
    for employer in EMPLOYERS:
        organisation = organisations.get(employer.key)
        if organisation is None or Offer.objects.filter(organisation=organisation).exists():
            continue
        recruiter = _recruiter(organisation)
        acting = {"actor": recruiter} if recruiter else {"actor": None, "acting_for_organisation": True}
        epci = epci_figures(organisation)
        for key in employer.jobs:
            post = job(key)
            place = places.get(offer_place(organisation, employer, key))
            if not programme_here(post, place.commune, organisation):
                continue  # e.g. the demo's short extract of the QPV list, without this town's quartiers
            values = offer_values(employer, key, organisation, place, rng=rng, today=today, epci=epci)
            keep_open = (employer.key, key) in open_posts
            if keep_open:
                values["apply_method"], values["apply_email"] = "platform", ""
            offer = offer_services.create_offer(
                organisation, values, actor=recruiter, written_with_assistant=rng.random() < 0.7
            )
            created += 1
            state = _state(rng, post, keep_open)
            steps = 1
            if state == PUBLISHED:
                steps = publish_for_demo(offer, **acting)
            elif state == SUBMITTED:
                offer_services.transition_offer(offer, SUBMITTED, **acting)
            # Published within the last five weeks, written a few days before; drafts this week or last.
            published_day = today - datetime.timedelta(days=rng.randint(1, 35))
            if keep_open:  # before the first demo application to it
                published_day = today - datetime.timedelta(days=open_posts[employer.key, key] + rng.randint(2, 9))
            published = at(published_day, rng.randint(9, 17), rng.choice([0, 15, 30, 45]))
            written = at(published_day - datetime.timedelta(days=rng.randint(1, 4)), rng.randint(9, 17))
            if state == DRAFT:
                written = at(today - datetime.timedelta(days=rng.randint(1, 10)), rng.randint(9, 17))
            # A review took a day: asked the day before the publication.
            moves = [published - datetime.timedelta(days=1), published][-steps:] if state != DRAFT else []
            backdate_offer(offer, created_at=written, moves=moves)
    Offer.objects.filter(organisation__in=organisations.values()).update(is_demo=True)
    return created


def backdate_offer(offer, *, created_at: datetime.datetime, moves: list[datetime.datetime]) -> None:
    """Move an offer's workflow into the past, keeping its order.

    `offers.services` stamps each step with the current time and takes no date: that is right for
    the product. The demo tells a story that happened before the day it is loaded, so it rewrites
    these timestamps afterwards, once every step went through the services (validation, history,
    scoring, indexing): the creation, then each status change of the log in order (`moves`, one
    date per transition). `published_at` follows the last publication, and the reference keeps the
    year of creation.
    """
    from emploi_territoires.offers.models import Offer, OfferStatus, OfferTransition
    from emploi_territoires.offers.services import reference_for

    transitions = list(offer.transitions.order_by("created_at", "pk"))
    if len(transitions) != len(moves):
        raise ValueError(f"{offer.reference} : {len(transitions)} changements d'état pour {len(moves)} dates.")
    published_at = None
    for transition, moment in zip(transitions, moves, strict=True):
        OfferTransition.objects.filter(pk=transition.pk).update(created_at=moment)
        if transition.to_status == OfferStatus.PUBLISHED:
            published_at = moment
    offer.created_at = created_at
    changes: dict[str, Any] = {
        "created_at": created_at,
        "updated_at": moves[-1] if moves else created_at,
        "status_changed_at": moves[-1] if moves else created_at,
        "reference": reference_for(offer),
    }
    if published_at is not None:
        changes["published_at"] = published_at
    Offer.objects.filter(pk=offer.pk).update(**changes)
    for name, value in changes.items():
        setattr(offer, name, value)
