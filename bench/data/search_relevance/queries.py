"""The labelled queries of the relevance benchmark, graded by hand (see README.md).

Each query: (class, text as people type it, grades, commune field or ""). Grades map a selector to
0–3 (3: what was asked; 2: a close post a searcher would gladly see; 1: marginal; unlisted: 0):
- "k:pvd_lead": every offer of that kind (a demo job key, a hand-written offer id, "rome:K1404");
- "k:pvd_lead@clamecy": that kind at that demo employer; "e:clamecy": every offer of a demo employer;
- "c:58079": every offer in that commune (INSEE code);
- "t:^chef de cuisine": a regular expression on the title, lower case, accents and inclusive
  endings removed ("Chef·fe de cuisine (F/H)" -> "chef de cuisine (f/h)");
- "a&b": offers both selectors pick. An offer picked by several selectors takes the highest grade.
"""

CHEF_DE_PROJET = {
    "k:pvd_lead": 3,
    "k:acv_lead": 3,
    "k:h-pvd-avallon": 3,
    "k:h-pvd-decize": 3,
    "k:h-acv-chateauroux": 3,
    "k:h-nprnu-sedan": 3,
    "k:h-projet-numerique": 3,
    "k:h-qpv-saint-dizier": 3,
    "t:^chef de projets? ": 2,
    "k:h-acv-moulins": 2,
    "k:h-projet-tiers-lieu": 1,
    "k:h-pvd-tonnerre": 1,
    "k:h-charge-mission-revitalisation": 1,
}
PVD_LEAD = {
    "k:pvd_lead": 3,
    "k:h-pvd-avallon": 3,
    "k:h-pvd-decize": 3,
    "k:h-pvd-tonnerre": 2,
    "k:acv_lead": 1,
    "k:h-acv-chateauroux": 1,
    "k:h-charge-mission-revitalisation": 1,
}
ACV_LEAD = {
    "k:acv_lead": 3,
    "k:h-acv-chateauroux": 3,
    "k:h-acv-moulins": 2,
    "k:pvd_lead": 1,
    "k:manager_cv": 1,
    "k:h-manager-vierzon": 1,
}
MANAGER = {"k:manager_cv": 3, "k:h-manager-vierzon": 3, "k:h-manager-autun": 3, "k:acv_lead": 1}
SECRETAIRE = {
    "k:secretaire_mairie": 3,
    "k:h-secretaire-pontarlier": 3,
    "k:h-secretaire-bedarieux": 3,
    "k:h-dgs-lunel": 1,
    "k:h-dgs-figeac": 1,
}
DGS = {
    "k:h-dgs-lunel": 3,
    "k:h-dgs-figeac": 3,
    "k:secretaire_mairie": 2,
    "k:h-secretaire-pontarlier": 2,
    "k:h-secretaire-bedarieux": 1,
    "k:h-dga-epinal": 1,
}
VTA = {"k:vta": 3, "k:h-vta-vezelay": 3, "k:h-vta-mauriac": 3, "k:h-vta-rethel": 3}
CHARGE_DE_MISSION = {"t:^(vta )?charge de mission": 3, "t:^vta": 3, "t:^charge d": 1}
POLICIER = {"k:policier_municipal": 3, "k:h-police-villefranche": 3, "k:chef_police": 2, "t:^chef de police": 2}
COMPTABLE = {"k:comptable": 3, "k:forges_comptable": 3, "k:h-comptable-cosne": 3, "t:comptab": 1}
ESPACES_VERTS = {"k:espaces_verts": 3, "k:apprenti_paysagiste": 1, "t:espaces (verts|naturels)": 1}
CUISINE = {"k:cuisinier": 3, "k:h-chef-cuisine-scolaire": 2, "k:h-chef-cuisine-ehpad": 1, "t:^chef de cuisine": 1}
CHEF_CUISINE = {"k:h-chef-cuisine-ehpad": 3, "k:h-chef-cuisine-scolaire": 3, "t:^chef de cuisine": 3, "k:cuisinier": 1}
URBANISME = {"k:urbanisme": 3, "k:plui": 2, "k:h-urbaniste-sig": 2, "k:h-instructeur-ads": 2}
MAINTENANCE = {
    "k:compo_maintenance": 3,
    "k:porc_maintenance": 3,
    "k:forges_maintenance": 3,
    "k:meca_maintenance": 2,
    "k:log_maintenance": 2,
    "k:forges_apprenti": 1,
    "t:maintenance": 1,
}
MAINTENANCE_INDUSTRIELLE = {
    "k:forges_maintenance": 3,
    "k:meca_maintenance": 3,
    "t:maintenance industrielle": 3,
    "k:compo_maintenance": 2,
    "k:porc_maintenance": 2,
    "k:forges_apprenti": 1,
    "k:log_maintenance": 1,
}
DEV_ECO = {
    "k:dev_eco_ti": 3,
    "k:h-dev-eco-ti": 2,
    "k:apprenti_dev_eco": 2,
    "k:emploi_competences": 1,
    "k:foncier_eco": 1,
}
REVITALISATION = {
    "k:h-charge-mission-revitalisation": 3,
    "k:h-pvd-decize": 3,
    "k:pvd_lead": 2,
    "k:acv_lead": 2,
    "k:h-pvd-avallon": 2,
    "k:h-acv-moulins": 2,
    "k:h-acv-chateauroux": 2,
    "k:h-projet-tiers-lieu": 2,
    "k:manager_cv": 1,
    "k:h-manager-vierzon": 1,
    "k:h-manager-autun": 1,
}
EJE = {"k:eje": 3, "k:h-eje-dole": 3}
ATSEM = {"k:atsem": 3, "k:h-atsem-millau": 3, "k:apprenti_petite_enfance": 1}
MAITRE_NAGEUR = {"k:maitre_nageur": 3, "k:h-maitre-nageur-brive": 3}
RH = {"k:h-drh-brive": 3, "k:h-rh-assistant": 3, "k:log_rh": 3, "k:paie": 2, "k:h-dga-epinal": 1}
PAIE = {"k:paie": 3, "k:h-drh-brive": 2, "k:h-rh-assistant": 2, "k:log_rh": 1}
CNC = {"k:forges_usineur": 3, "k:meca_fraiseur": 3, "k:meca_regleur": 3, "k:meca_apprenti": 1}
SOUDEUR = {"k:forges_soudeur": 3, "t:^chef soudeur": 2}
ACCUEIL = {"k:accueil_etat_civil": 3, "k:accueil_social": 3, "t:accueil": 1}
LOGISTIQUE = {
    "k:log_chef_equipe": 3,
    "k:log_responsable": 3,
    "k:log_apprenti": 3,
    "e:plaine_logistique": 2,
}
TECHNICIEN_VOIRIE = {"k:technicien_voirie": 3, "k:ingenieur_voirie": 1, "k:voirie": 1}
PETITE_ENFANCE = {
    "k:eje": 3,
    "k:apprenti_petite_enfance": 3,
    "k:h-eje-dole": 3,
    "k:atsem": 2,
    "k:h-atsem-millau": 2,
}
QPV = {"k:h-qpv-saint-dizier": 3, "k:politique_ville": 3, "k:mediateur": 2, "k:h-nprnu-sedan": 2}

TITLE = "titre exact"
FORMS = "formes (pluriel, féminin, écriture inclusive)"
TYPO = "fautes de frappe"
ACRONYM = "sigles"
SKILL = "compétences et métiers"
PROGRAMME = "programmes"
PLACE = "lieux (texte, code postal, champ commune)"
SYNONYM = "synonymes (non traités)"

QUERIES: list[tuple[str, str, dict[str, int], str]] = [
    # --- titles typed as they are written -----------------------------------------------------
    (TITLE, "Chef de projet Petites villes de demain", PVD_LEAD, ""),
    (TITLE, "Chef de projet Action cœur de ville", ACV_LEAD, ""),
    (TITLE, "Manager de centre-ville", MANAGER, ""),
    (TITLE, "Secrétaire générale de mairie", SECRETAIRE, ""),
    (TITLE, "Secrétaire de mairie", SECRETAIRE, ""),
    (TITLE, "Agent des espaces verts", ESPACES_VERTS, ""),
    (TITLE, "Policier municipal", POLICIER, ""),
    (
        TITLE,
        "Chef de service de police municipale",
        {
            "k:chef_police": 3,
            "t:^chef de police municipale": 2,
            "k:policier_municipal": 1,
            "k:h-police-villefranche": 1,
        },
        "",
    ),
    (TITLE, "Gestionnaire comptable et budgétaire", {**COMPTABLE, "k:h-chef-service-finances": 1}, ""),
    (TITLE, "Gestionnaire carrière et paie", PAIE, ""),
    (TITLE, "Chargé de l'urbanisme et du droit des sols", {**URBANISME, "k:urbanisme": 3}, ""),
    (TITLE, "Cuisinier en restauration scolaire", CUISINE, ""),
    (
        TITLE,
        "Agent technique polyvalent des bâtiments",
        {"k:agent_technique": 3, "k:electricien": 1, "k:plombier": 1},
        "",
    ),
    (TITLE, "Animateur enfance-jeunesse", {"k:animateur": 3}, ""),
    (TITLE, "Agent de médiathèque", {"k:mediatheque": 3}, ""),
    (TITLE, "Chargé de communication", {"k:communication": 3}, ""),
    (TITLE, "Responsable des services techniques", {"k:resp_technique": 3, "k:h-dst-tulle": 3}, ""),
    (TITLE, "Électricien du bâtiment", {"k:electricien": 3}, ""),
    (TITLE, "Plombier chauffagiste", {"k:plombier": 3}, ""),
    (TITLE, "Agent de voirie", {"k:voirie": 3, "k:technicien_voirie": 1, "k:h-chef-equipe-voirie": 1}, ""),
    (TITLE, "Maître-nageur sauveteur", MAITRE_NAGEUR, ""),
    (TITLE, "Agent de propreté urbaine", {"k:proprete": 3}, ""),
    (TITLE, "Chargé de mission politique de la ville", QPV, ""),
    (TITLE, "Médiateur social de quartier", {"k:mediateur": 3, "k:politique_ville": 1}, ""),
    (TITLE, "Éducateur de jeunes enfants en crèche", EJE, ""),
    (TITLE, "Ingénieur voirie et réseaux", {"k:ingenieur_voirie": 3, "k:technicien_voirie": 1}, ""),
    (TITLE, "Technicien voirie", TECHNICIEN_VOIRIE, ""),
    (TITLE, "Juriste de la commande publique", {"k:juriste_marches": 3, "k:h-marches-publics-guéret": 2}, ""),
    (TITLE, "Médiateur du patrimoine", {"k:patrimoine": 3}, ""),
    (TITLE, "Chargé de mission transition écologique", {"k:transition": 3, "k:h-vta-rethel": 3}, ""),
    (TITLE, "Chargé de développement économique Territoire d'industrie", DEV_ECO, ""),
    (TITLE, "Chargé d'opération habitat", {"k:habitat": 3}, ""),
    (TITLE, "Chargé de mission mobilités", {"k:mobilites": 3}, ""),
    (TITLE, "Conducteur de benne de collecte des déchets", {"k:collecte": 3, "k:decheterie": 1}, ""),
    (TITLE, "Technicien de maintenance industrielle", MAINTENANCE_INDUSTRIELLE, ""),
    (TITLE, "Technicien de maintenance", MAINTENANCE, ""),
    (TITLE, "Cariste", {"k:forges_cariste": 3, "k:log_cariste": 3, "t:^chef cariste": 2}, ""),
    (TITLE, "Comptable", COMPTABLE, ""),
    (TITLE, "Soudeur", SOUDEUR, ""),
    (
        TITLE,
        "Responsable qualité",
        {
            "k:forges_qualite": 3,
            "k:compo_qualite": 1,
            "k:porc_qualite": 1,
            "k:forges_controle": 1,
            "k:meca_controle": 1,
        },
        "",
    ),
    (
        TITLE,
        "Chef d'équipe logistique",
        {"k:log_chef_equipe": 3, "k:log_responsable": 1, "k:forges_chef_equipe": 1},
        "",
    ),
    (TITLE, "Préparateur de commandes", {"k:log_preparateur": 3, "k:log_magasinier": 1}, ""),
    (TITLE, "Scieur", {"k:bois_scieur": 3, "k:bois_conducteur_ligne": 2, "k:bois_affuteur": 1}, ""),
    (TITLE, "Charpentier", {"k:bois_charpentier": 3, "k:bois_apprenti": 2, "t:^charpentier": 1}, ""),
    (TITLE, "Décorateur sur porcelaine", {"k:porc_decorateur": 3, "k:porc_apprenti": 2}, ""),
    (TITLE, "Chef de cuisine", CHEF_CUISINE, ""),
    (TITLE, "Directeur général des services", DGS, ""),
    (TITLE, "Secrétaire médicale", {"k:h-secretaire-medicale": 3}, ""),
    (TITLE, "Agent d'accueil social", {"k:accueil_social": 3, "k:accueil_etat_civil": 1}, ""),
    (TITLE, "Agent d'accueil et d'état civil", {"k:accueil_etat_civil": 3, "k:accueil_social": 1}, ""),
    (TITLE, "Chef de groupe affrètement", {"t:^chef de groupe affretement": 3, "t:affretement": 1}, ""),
    (TITLE, "Chef de laboratoire en charcuterie", {"t:^chef de laboratoire en charcuterie": 3, "t:charcut": 1}, ""),
    (TITLE, "Ingénieur méthodes", {"k:forges_methodes": 3, "k:meca_methodes": 2, "k:compo_methodes": 2}, ""),
    (TITLE, "Opérateur de forge", {"k:forges_forgeron": 3}, ""),
    # --- plurals, feminine forms, inclusive writing, no accents --------------------------------
    (FORMS, "chef de projet", CHEF_DE_PROJET, ""),
    (FORMS, "cheffe de projet", CHEF_DE_PROJET, ""),
    (FORMS, "chefs de projet", CHEF_DE_PROJET, ""),
    (FORMS, "chef·fe de projet", CHEF_DE_PROJET, ""),
    (FORMS, "chef projets", CHEF_DE_PROJET, ""),
    (FORMS, "chargée de mission", CHARGE_DE_MISSION, ""),
    (FORMS, "chargés de mission", CHARGE_DE_MISSION, ""),
    (FORMS, "charge de mission", CHARGE_DE_MISSION, ""),
    (FORMS, "animatrice enfance jeunesse", {"k:animateur": 3}, ""),
    (FORMS, "policière municipale", POLICIER, ""),
    (FORMS, "agente d'accueil", ACCUEIL, ""),
    (FORMS, "technicienne voirie", TECHNICIEN_VOIRIE, ""),
    (FORMS, "éducatrice de jeunes enfants", EJE, ""),
    (FORMS, "ingénieure méthodes", {"k:forges_methodes": 3, "k:meca_methodes": 2, "k:compo_methodes": 2}, ""),
    (FORMS, "soudeuse", SOUDEUR, ""),
    (FORMS, "cuisinière", CUISINE, ""),
    (FORMS, "directrice générale des services", DGS, ""),
    (FORMS, "secrétaires de mairie", SECRETAIRE, ""),
    (FORMS, "agents des espaces verts", ESPACES_VERTS, ""),
    (FORMS, "maitre nageuse", MAITRE_NAGEUR, ""),
    (FORMS, "plombière", {"k:plombier": 3}, ""),
    (FORMS, "électricienne", {"k:electricien": 3}, ""),
    (FORMS, "conductrice de bus", {"k:h-chauffeur-bus": 3}, ""),
    (FORMS, "infirmière", {"k:h-infirmier": 3}, ""),
    (FORMS, "aide soignante", {"k:h-aide-soignant": 3}, ""),
    (FORMS, "développeuse web", {"k:h-developpeur": 3, "t:^chef de projet web": 1}, ""),
    (FORMS, "médiatrice sociale", {"k:mediateur": 3, "k:politique_ville": 1}, ""),
    (
        FORMS,
        "opératrice de production",
        {"k:porc_operateur": 3, "t:^operateur de production": 2, "k:meca_operateur": 1, "k:forges_forgeron": 1},
        "",
    ),
    (FORMS, "gestionnaires paie", PAIE, ""),
    (FORMS, "juristes marchés publics", {"k:juriste_marches": 3, "k:h-marches-publics-guéret": 3}, ""),
    (FORMS, "apprentie paysagiste", {"k:apprenti_paysagiste": 3, "k:espaces_verts": 1}, ""),
    (FORMS, "manageuse centre ville", MANAGER, ""),
    (FORMS, "techniciens de maintenance", MAINTENANCE, ""),
    (FORMS, "secretaire generale mairie", SECRETAIRE, ""),
    (FORMS, "decoratrice porcelaine", {"k:porc_decorateur": 3, "k:porc_apprenti": 2}, ""),
    (FORMS, "educateur jeunes enfant", EJE, ""),
    # --- typos ----------------------------------------------------------------------------------
    (TYPO, "chef de projt", CHEF_DE_PROJET, ""),
    (TYPO, "cheff de projet", CHEF_DE_PROJET, ""),
    (TYPO, "secretaire de marie", SECRETAIRE, ""),
    (TYPO, "policer municipal", POLICIER, ""),
    (TYPO, "comptabilté", COMPTABLE, ""),
    (TYPO, "animateur enfance jeuness", {"k:animateur": 3}, ""),
    (TYPO, "médiathque", {"k:mediatheque": 3}, ""),
    (TYPO, "urbansime", URBANISME, ""),
    (TYPO, "electricein", {"k:electricien": 3}, ""),
    (TYPO, "plombié chauffagiste", {"k:plombier": 3}, ""),
    (TYPO, "soudeurr", SOUDEUR, ""),
    (TYPO, "carriste", {"k:forges_cariste": 3, "k:log_cariste": 3, "t:^chef cariste": 2}, ""),
    (TYPO, "maitre nageuur", MAITRE_NAGEUR, ""),
    (TYPO, "technicein voirie", TECHNICIEN_VOIRIE, ""),
    (TYPO, "ingenieur voierie", {"k:ingenieur_voirie": 3, "k:technicien_voirie": 1}, ""),
    (TYPO, "developement economique", DEV_ECO, ""),
    (TYPO, "chargé de comunication", {"k:communication": 3}, ""),
    (TYPO, "agent d'acceuil", ACCUEIL, ""),
    (TYPO, "revitalisaton centre ville", REVITALISATION, ""),
    (TYPO, "patisier", {"t:patissier": 3}, ""),
    (TYPO, "charpantier", {"k:bois_charpentier": 3, "k:bois_apprenti": 2, "t:^charpentier": 1}, ""),
    (TYPO, "magasinnier", {"k:log_magasinier": 3}, ""),
    (TYPO, "logistque", LOGISTIQUE, ""),
    (TYPO, "fraiseur comande numerique", {"k:meca_fraiseur": 3, "k:meca_regleur": 2, "k:forges_usineur": 2}, ""),
    (TYPO, "directeur generale des servises", DGS, ""),
    (TYPO, "educatrice jeune enfnats", EJE, ""),
    # --- acronyms ---------------------------------------------------------------------------------
    (ACRONYM, "DGS", DGS, ""),
    (ACRONYM, "VTA", VTA, ""),
    (ACRONYM, "ACV", {**ACV_LEAD, "k:h-acv-moulins": 3, "k:manager_cv": 2, "k:h-manager-vierzon": 2}, ""),
    (ACRONYM, "PVD", {**PVD_LEAD, "k:h-pvd-tonnerre": 3, "k:h-projet-tiers-lieu": 1}, ""),
    (ACRONYM, "chef de projet PVD", PVD_LEAD, ""),
    (ACRONYM, "cheffe de projet ACV", ACV_LEAD, ""),
    (
        ACRONYM,
        "VTA chargé de mission",
        {"k:vta": 3, "k:h-vta-mauriac": 3, "k:h-vta-rethel": 3, "k:h-vta-vezelay": 2},
        "",
    ),
    (ACRONYM, "RH", RH, ""),
    (ACRONYM, "assistant RH", {"k:log_rh": 3, "k:h-rh-assistant": 3, "k:paie": 1, "k:h-drh-brive": 1}, ""),
    (ACRONYM, "DRH", {"k:h-drh-brive": 3, "k:h-dga-epinal": 1, "k:h-rh-assistant": 1, "k:log_rh": 1}, ""),
    (ACRONYM, "ATSEM", ATSEM, ""),
    (ACRONYM, "EJE", EJE, ""),
    (ACRONYM, "SIG", {"k:h-urbaniste-sig": 3, "k:plui": 1}, ""),
    (ACRONYM, "PLUi", {"k:plui": 3, "k:h-urbaniste-sig": 2, "k:urbanisme": 1}, ""),
    (ACRONYM, "ADS urbanisme", {"k:h-instructeur-ads": 3, "k:urbanisme": 3}, ""),
    (ACRONYM, "DST", {"k:h-dst-tulle": 3, "k:resp_technique": 3}, ""),
    (ACRONYM, "MNS", MAITRE_NAGEUR, ""),
    (ACRONYM, "QPV", QPV, ""),
    (
        ACRONYM,
        "TI développement économique",
        {
            "k:dev_eco_ti": 3,
            "k:h-dev-eco-ti": 3,
            "k:emploi_competences": 2,
            "k:foncier_eco": 1,
            "k:apprenti_dev_eco": 1,
        },
        "",
    ),
    (ACRONYM, "chargé de mission TI", {"k:h-dev-eco-ti": 3, "k:emploi_competences": 2, "k:dev_eco_ti": 2}, ""),
    (ACRONYM, "HSE", {"k:compo_hse": 3}, ""),
    (ACRONYM, "CNC", CNC, ""),
    (ACRONYM, "chef de projet QPV", {"k:h-qpv-saint-dizier": 3, "k:h-nprnu-sedan": 2, "k:politique_ville": 1}, ""),
    (ACRONYM, "VTA Vézelay", {"k:h-vta-vezelay": 3, "k:vta": 1, "k:h-vta-mauriac": 1, "k:h-vta-rethel": 1}, ""),
    # --- skills, fields, trades -------------------------------------------------------------------
    (SKILL, "marchés publics", {"k:juriste_marches": 3, "k:h-marches-publics-guéret": 3, "k:h-comptable-cosne": 1}, ""),
    (SKILL, "paie", PAIE, ""),
    (
        SKILL,
        "budget",
        {"k:h-chef-service-finances": 3, "k:comptable": 3, "k:h-comptable-cosne": 2, "k:h-dga-epinal": 1},
        "",
    ),
    (SKILL, "soudure", SOUDEUR, ""),
    (
        SKILL,
        "usinage",
        {
            "k:meca_chef_atelier": 3,
            "k:meca_methodes": 3,
            "k:forges_usineur": 2,
            "k:meca_fraiseur": 2,
            "k:meca_regleur": 2,
            "k:meca_apprenti": 2,
        },
        "",
    ),
    (SKILL, "commande numérique", CNC, ""),
    (SKILL, "maintenance industrielle", MAINTENANCE_INDUSTRIELLE, ""),
    (SKILL, "état civil", {"k:accueil_etat_civil": 3, "k:h-secretaire-bedarieux": 1}, ""),
    (SKILL, "petite enfance", PETITE_ENFANCE, ""),
    (
        SKILL,
        "restauration collective",
        {"k:cuisinier": 3, "k:h-chef-cuisine-ehpad": 3, "k:h-chef-cuisine-scolaire": 3, "t:restauration collective": 3},
        "",
    ),
    (SKILL, "espaces verts", {"k:espaces_verts": 3, "k:apprenti_paysagiste": 2, "t:espaces (verts|naturels)": 1}, ""),
    (SKILL, "eau potable", {"k:eau_potable": 3, "k:assainissement": 2}, ""),
    (SKILL, "assainissement", {"k:assainissement": 3, "k:eau_potable": 2}, ""),
    (SKILL, "déchets", {"k:collecte": 3, "k:decheterie": 3}, ""),
    (SKILL, "habitat", {"k:habitat": 3, "k:h-pvd-avallon": 1}, ""),
    (SKILL, "foncier économique", {"k:foncier_eco": 3, "k:dev_eco_ti": 1}, ""),
    (SKILL, "subventions", {"k:vta": 3, "k:h-vta-vezelay": 2, "k:h-vta-mauriac": 2, "k:pvd_lead": 1}, ""),
    (SKILL, "transition écologique", {"k:transition": 3, "k:h-vta-rethel": 3}, ""),
    (SKILL, "médiation numérique", {"k:h-mediateur-numerique": 3, "k:h-projet-numerique": 1}, ""),
    (SKILL, "Django", {"k:h-developpeur": 3}, ""),
    (SKILL, "QGIS", {"k:h-urbaniste-sig": 3}, ""),
    (SKILL, "porcelaine", {"e:porcelaine": 3}, ""),
    (SKILL, "composites", {"e:aveyron_composites": 3}, ""),
    (SKILL, "métrologie", {"k:meca_controle": 3}, ""),
    (
        SKILL,
        "contrôle qualité",
        {
            "k:forges_controle": 3,
            "k:meca_controle": 3,
            "k:porc_qualite": 3,
            "k:compo_qualite": 2,
            "k:forges_qualite": 2,
        },
        "",
    ),
    (SKILL, "logistique", LOGISTIQUE, ""),
    (SKILL, "natation", MAITRE_NAGEUR, ""),
    (SKILL, "sciage", {"k:bois_conducteur_ligne": 3, "k:bois_scieur": 3, "k:bois_affuteur": 2}, ""),
    (SKILL, "police municipale", {**POLICIER, "k:chef_police": 3}, ""),
    # --- programme words --------------------------------------------------------------------------
    (
        PROGRAMME,
        "petites villes de demain",
        {
            **PVD_LEAD,
            "k:h-pvd-tonnerre": 3,
            "k:h-charge-mission-revitalisation": 2,
            "k:h-projet-tiers-lieu": 2,
            "e:decazeville": 1,
            "k:h-dgs-figeac": 1,
        },
        "",
    ),
    (
        PROGRAMME,
        "action coeur de ville",
        {
            **ACV_LEAD,
            "k:h-acv-moulins": 3,
            "k:manager_cv": 2,
            "k:h-manager-vierzon": 2,
            "e:nevers": 1,
            "e:charleville": 1,
            "e:limoges": 1,
        },
        "",
    ),
    (
        PROGRAMME,
        "territoires d'industrie",
        {"k:dev_eco_ti": 3, "k:h-dev-eco-ti": 3, "k:emploi_competences": 2, "k:foncier_eco": 1, "e:forges": 1},
        "",
    ),
    (PROGRAMME, "politique de la ville", QPV, ""),
    (PROGRAMME, "quartier prioritaire", QPV, ""),
    (PROGRAMME, "revitalisation centre-ville", REVITALISATION, ""),
    (PROGRAMME, "volontariat territorial en administration", VTA, ""),
    (PROGRAMME, "renouvellement urbain", {"k:h-nprnu-sedan": 3}, ""),
    (
        PROGRAMME,
        "opération de revitalisation du territoire",
        {"k:h-pvd-avallon": 3, "k:h-acv-moulins": 2, "k:h-pvd-decize": 1},
        "",
    ),
    (PROGRAMME, "France Services", {"k:h-mediateur-numerique": 3}, ""),
    (PROGRAMME, "manager commerce", {**MANAGER, "k:h-charge-mission-revitalisation": 1}, ""),
    (
        PROGRAMME,
        "vacance commerciale",
        {"k:h-manager-autun": 3, "k:h-charge-mission-revitalisation": 2, "k:h-manager-vierzon": 2, "k:manager_cv": 2},
        "",
    ),
    (PROGRAMME, "centre-bourg", {"k:h-pvd-decize": 3}, ""),
    (
        PROGRAMME,
        "petite ville de demain chargé de mission",
        {"k:h-pvd-tonnerre": 3, "k:h-charge-mission-revitalisation": 2},
        "",
    ),
    # --- places: in the text, as a postcode, or in the commune field --------------------------------
    (PLACE, "Clamecy", {"c:58079": 3}, ""),
    (PLACE, "chef de projet Clamecy", {"k:pvd_lead@clamecy": 3, "k:pvd_lead": 1}, ""),
    (PLACE, "cuisinier Nevers", {"k:cuisinier@nevers": 3, "k:cuisinier": 1}, ""),
    (PLACE, "espaces verts Limoges", {"k:espaces_verts@limoges": 3, "k:espaces_verts": 1}, ""),
    (PLACE, "mairie Decazeville", {"e:decazeville": 3}, ""),
    (PLACE, "58500", {"c:58079": 3}, ""),
    (PLACE, "policier 87000", {"k:policier_municipal@limoges": 3, "k:policier_municipal": 1}, ""),
    (PLACE, "ATSEM Albi", {"k:atsem@albi": 3, "k:atsem": 1, "k:h-atsem-millau": 1}, ""),
    (
        PLACE,
        "agent d'accueil Saint-Denis",
        {"k:accueil_etat_civil@saint_denis": 3, "k:accueil_social@saint_denis": 3, "k:accueil_etat_civil": 1},
        "",
    ),
    (PLACE, "Rodez technicien", {"t:^technicien&c:12202": 3, "t:^technicien": 1}, ""),
    (PLACE, "cuisinier", {"k:cuisinier@clamecy": 3}, "58500"),
    (PLACE, "agent des espaces verts", {"k:espaces_verts@nevers": 3}, "Nevers"),
    (PLACE, "chef de projet", {"k:pvd_lead@charolles": 3}, "Charolles"),
    (PLACE, "technicien", {"t:^technicien&c:12202": 3}, "12000"),
    (PLACE, "maintenance", {"k:porc_maintenance": 3, "t:maintenance&c:87085": 3}, "87000"),
    (PLACE, "comptable", {"k:comptable@sem": 3}, "Saint-Étienne"),
    (PLACE, "VTA", {"k:vta@saint_flour": 3}, "15100"),
    (PLACE, "secrétaire", {"k:secretaire_mairie": 3}, "71120"),
    (PLACE, "policier municipal", {"k:policier_municipal@lodeve": 3}, "34700"),
    (PLACE, "agent de déchèterie", {"k:decheterie@sem": 3}, "42700"),
    # --- synonyms the search does not know (kept to show what is left) ---------------------------------
    (SYNONYM, "chauffeur de bus", {"k:h-chauffeur-bus": 3}, ""),
    (SYNONYM, "jardinier", {"k:apprenti_paysagiste": 3, "k:espaces_verts": 2}, ""),
    (SYNONYM, "ouvrier polyvalent", {"k:agent_technique": 3}, ""),
    (SYNONYM, "urbaniste", {"k:urbanisme": 3, "k:plui": 3, "k:h-urbaniste-sig": 3}, ""),
    (SYNONYM, "informaticien", {"k:h-developpeur": 3, "k:h-projet-numerique": 2}, ""),
    (SYNONYM, "professeur de natation", MAITRE_NAGEUR, ""),
]
