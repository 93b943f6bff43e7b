"""The demo dataset: real communes across the four programmes, fictitious people and companies.

Everything created here is marked as demo data (`Organisation.is_demo`, e-mails under
DEMO_DOMAIN). Running it twice changes nothing. The logins are listed in README.md.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from emploi_territoires.accounts.demo import DEMO_DOMAIN, DEMO_PASSWORD
from emploi_territoires.accounts.models import AdvisorScope, Membership, Organisation, User, VerificationStatus
from emploi_territoires.applications.demo_conversation import load_demo_conversation
from emploi_territoires.applications.demo_recruiter import load_demo_recruiter
from emploi_territoires.diagnostics.demo import load_demo_diagnostics
from emploi_territoires.evaluation.demo import load_demo_targets
from emploi_territoires.followup.demo import load_demo_followups
from emploi_territoires.jobdating.demo import load_demo_jobdating
from emploi_territoires.jobdating.demo_day import load_demo_day
from emploi_territoires.mentoring.demo import load_demo_mentoring
from emploi_territoires.needs.demo import load_demo_needs
from emploi_territoires.offers import services as offer_services
from emploi_territoires.offers.models import Offer, RomeOccupation
from emploi_territoires.plans.demo import load_demo_plans
from emploi_territoires.territories.models import Commune, Programme, ProgrammeMembership
from emploi_territoires.territories.programmes import import_programme_file
from emploi_territoires.vta.demo import load_demo_vta_aid

from .candidates import APPLICATIONS, load_candidates
from .offers import load_offers

__all__ = ["DEMO_DOMAIN", "DEMO_PASSWORD", "load_demo"]
DEMO_VINTAGE = "démo (extrait des listes 2024)"

# A small extract of the real 2024 lists, in their official formats, used only when the official
# files were not imported (a machine without ../shared/data/programmes).
DEMO_LISTS: dict[Programme, str] = {
    Programme.ACV: (
        "id_acv,lib_acv,insee_com,lib_com,insee_dep,insee_reg,lib_reg,siren_epci,date_signature\n"
        "acv-005,Albi,81004,Albi,81,76,Occitanie,248100737,2018-08-17\n"
        "acv-053,Charleville-Mézières,08105,Charleville-Mézières,08,44,Grand Est,200041630,2018-07-27\n"
        "acv-118,Limoges,87085,Limoges,87,75,Nouvelle-Aquitaine,248719312,2018-09-28\n"
        "acv-149,Nevers,58194,Nevers,58,27,Bourgogne-Franche-Comté,245804406,2018-11-19\n"
        "acv-169,Rodez,12202,Rodez,12,76,Occitanie,241200187,2018-10-13\n"
    ),
    Programme.PVD: (
        "id_pvd,insee_com,lib_com,insee_dep,date_signature\n"
        "pvd-27-58-5,58079,Clamecy,58,2021-06-21\n"
        "pvd-27-71-3,71106,Charolles,71,2021-10-15\n"
        "pvd-76-12-3,12089,Decazeville,12,2021-08-06\n"
        "pvd-76-34-8,34142,Lodève,34,2021-03-26\n"
        "pvd-84-15-17,15187,Saint-Flour,15,2021-04-17\n"
    ),
    Programme.TI: (
        "id_ti,lib_ti,siren_epci,lib_epci\n"
        "ti-2704,Grand Chalon,247100589,CA Le Grand Chalon\n"
        "ti-2707,Nevers Val de Loire,245804406,CA de Nevers\n"
        "ti-7603,Aurillac – Figeac – Rodez,241200187,CA Rodez Agglomération\n"
        'ti-8424,"Vallée du Gier, de l\'Ondaine et de Loire Sud",244200770,Saint-Etienne Métropole\n'
    ),
    Programme.QPV: (
        "code_qp,lib_qp,insee_com,lib_com,insee_dep\n"
        "QN04211M,Cotonne Montferré,42218,Saint-Étienne,42\n"
        "QN04213M,Montreynaud,42218,Saint-Étienne,42\n"
        "QN04223N,Firminy Vert,42095,Firminy,42\n"
        "QN05802M,Le Banlay,58194,Nevers,58\n"
        "QN08704I,Beaubreuil,87085,Limoges,87\n"
        "QN09328M,Franc Moisin - Cosmonautes - Cristino Garcia - Landy,93066,Saint-Denis,93\n"
    ),
}


@dataclass(frozen=True)
class DemoOrganisation:
    key: str
    name: str
    kind: str
    commune: str
    siren: str = ""  # collectivités: the commune's or EPCI's real SIREN; companies: fictitious
    siret: str = ""
    description: str = ""


def luhn_key(digits: str) -> str:
    """The check digit that makes `digits + key` pass the Luhn test (fictitious SIRET for the demo)."""
    total = 0
    for i, ch in enumerate(reversed(digits + "0")):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return str((10 - total % 10) % 10)


def fictitious_siret(n: int) -> str:
    """A Luhn-valid SIRET in a range no real company uses for this demo (SIREN 9xxxxxxx)."""
    siren = f"99{n:06d}"
    siren += luhn_key(siren)
    body = siren + "0001"
    return body + luhn_key(body)


COLLECTIVITES = [
    ("clamecy", "Mairie de Clamecy", "58079", "Petite ville de demain au bord de l'Yonne."),
    ("charolles", "Mairie de Charolles", "71106", "Petite ville de demain du Charolais."),
    ("decazeville", "Mairie de Decazeville", "12089", "Ancienne cité minière, Petite ville de demain."),
    ("lodeve", "Mairie de Lodève", "34142", "Petite ville de demain au pied du Larzac."),
    ("saint_flour", "Mairie de Saint-Flour", "15187", "Petite ville de demain du Cantal."),
    ("nevers", "Ville de Nevers", "58194", "Ville Action cœur de ville, Territoire d'industrie."),
    ("albi", "Ville d'Albi", "81004", "Ville Action cœur de ville."),
    ("charleville", "Ville de Charleville-Mézières", "08105", "Ville Action cœur de ville, avec quatre QPV."),
    ("limoges", "Ville de Limoges", "87085", "Ville Action cœur de ville, avec neuf QPV."),
    ("saint_denis", "Ville de Saint-Denis", "93066", "Ville de Seine-Saint-Denis, avec dix QPV."),
]
EPCI_COLLECTIVITES = [
    ("sem", "Saint-Étienne Métropole", "42218", "244200770", "Territoire d'industrie Vallée du Gier et Ondaine."),
    ("rodez_agglo", "Rodez Agglomération", "12202", "241200187", "Territoire d'industrie Aurillac – Figeac – Rodez."),
]
COMPANIES = [
    ("forges", "Forges de l'Ondaine (démo)", "42095", "Métallurgie, 140 salariés, Territoire d'industrie."),
    ("chalon_meca", "Mécanique de précision du Grand Chalon (démo)", "71076", "Usinage aéronautique, 45 salariés."),
    ("bois_nivernais", "Bois du Nivernais (démo)", "58079", "Scierie et charpente, 35 salariés."),
    ("aveyron_composites", "Aveyron Composites (démo)", "12202", "Matériaux composites, 80 salariés."),
    ("porcelaine", "Porcelaine du Limousin (démo)", "87085", "Arts de la table, 60 salariés."),
    ("plaine_logistique", "Logistique Plaine Saint-Denis (démo)", "93066", "Entrepôts, livraison, 120 salariés."),
]
PARTNERS = [
    ("apec_ara", "Apec Auvergne-Rhône-Alpes", Organisation.Kind.APEC, "69123"),
    ("apec_bfc", "Apec Bourgogne-Franche-Comté", Organisation.Kind.APEC, "21231"),
    ("anct", "Agence nationale de la cohésion des territoires", Organisation.Kind.ANCT, "75056"),
    ("prefecture_58", "Préfecture de la Nièvre", Organisation.Kind.ANCT, "58194"),
    ("mentorat_loire", "Mentorat Loire Sud (association, démo)", Organisation.Kind.ASSOCIATION, "42218"),
    # Issue 15 (followup.demo): the mission locale that follows Lina with the Apec advisor.
    ("mission_locale_nevers", "Mission locale Nevers Sud Nivernais (démo)", Organisation.Kind.MISSION_LOCALE, "58194"),
]


@dataclass(frozen=True)
class DemoUser:
    email: str
    first_name: str
    last_name: str
    kind: str
    role: str  # what the README says this login is for
    memberships: tuple[tuple[str, str], ...] = ()  # (organisation key, role)
    staff: bool = False
    follows_departements: tuple[str, ...] = ()
    follows_programmes: tuple[str, ...] = ()


def _email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


PRO, CANDIDATE, MENTOR = User.Kind.PROFESSIONAL, User.Kind.CANDIDATE, User.Kind.MENTOR
ADMIN, MEMBER = Membership.Role.ADMIN, Membership.Role.MEMBER
USERS = [
    DemoUser(_email("admin"), "Alex", "Martin", PRO, "équipe de la plateforme (staff, admin Django)", staff=True),
    DemoUser(
        _email("rh.clamecy"),
        "Sophie",
        "Lambert",
        PRO,
        "responsable RH d'une petite ville (Mairie de Clamecy, PVD), aussi membre de la Ville de Nevers",
        (("clamecy", ADMIN), ("nevers", MEMBER)),
    ),
    DemoUser(
        _email("agent.clamecy"),
        "Julien",
        "Moreau",
        PRO,
        "agent de la Mairie de Clamecy (membre)",
        (("clamecy", MEMBER),),
    ),
    DemoUser(_email("rh.nevers"), "Nadia", "Benali", PRO, "DRH de la Ville de Nevers (ACV)", (("nevers", ADMIN),)),
    DemoUser(_email("rh.sem"), "Marc", "Dubois", PRO, "recrutement, Saint-Étienne Métropole (TI)", (("sem", ADMIN),)),
    DemoUser(
        _email("recrutement.forges"),
        "Claire",
        "Fontaine",
        PRO,
        "recruteuse d'une entreprise en Territoire d'industrie (Forges de l'Ondaine, Firminy)",
        (("forges", ADMIN),),
    ),
    DemoUser(
        _email("recrutement.chalon"),
        "Thomas",
        "Girard",
        PRO,
        "recruteur d'une entreprise du Grand Chalon (TI)",
        (("chalon_meca", ADMIN),),
    ),
    DemoUser(
        _email("conseillere.apec"),
        "Isabelle",
        "Perrin",
        PRO,
        "conseillère Apec qui suit la Loire et la Nièvre",
        (("apec_ara", MEMBER),),
        follows_departements=("42", "58"),
    ),
    DemoUser(
        _email("conseiller.bfc"),
        "Hugo",
        "Lefèvre",
        PRO,
        "conseiller Apec qui suit les Petites villes de demain de Bourgogne-Franche-Comté",
        (("apec_bfc", MEMBER),),
        follows_departements=("21", "25", "39", "58", "70", "71", "89", "90"),
        follows_programmes=("pvd",),
    ),
    DemoUser(
        _email("delegue.anct"),
        "Karim",
        "Mansour",
        PRO,
        "délégué territorial de l'ANCT (préfecture de la Nièvre)",
        (("prefecture_58", ADMIN), ("anct", MEMBER)),
        follows_departements=("58",),
    ),
    DemoUser(
        _email("programme.mentorat"),
        "Élodie",
        "Roussel",
        PRO,
        "responsable d'un programme de mentorat (association)",
        (("mentorat_loire", ADMIN),),
    ),
    DemoUser(
        _email("secretariat.varzy"),
        "Martine",
        "Colas",
        PRO,
        "secrétaire générale de la Mairie de Varzy, inscrite sur le site : organisation en attente de vérification",
        (("varzy", ADMIN),),
    ),
    DemoUser(_email("candidate"), "Inès", "Haddad", CANDIDATE, "jeune diplômée d'un QPV (Montreynaud, Saint-Étienne)"),
    DemoUser(_email("mentor"), "Philippe", "Garnier", MENTOR, "cadre qui devient mentor"),
    DemoUser(
        _email("conseiller.missionlocale"),
        "Julie",
        "Marchetti",
        PRO,
        "conseillère (administratrice) de la Mission locale Nevers Sud Nivernais",
        (("mission_locale_nevers", ADMIN),),
    ),
    DemoUser(
        _email("lina.mansouri"),
        "Lina",
        "Mansouri",
        CANDIDATE,
        "jeune femme d'un QPV de Nevers accompagnée par la mission locale et l'Apec",
    ),
]


@dataclass
class DemoReport:
    organisations_created: int = 0
    users_created: int = 0
    programme_lists_seeded: list[str] | None = None
    offers_created: int = 0
    offers_filled: int = 0
    applications_created: int = 0
    jobdating_interviews: int = 0
    jobdating_outcomes: int = 0
    mentoring_pairs: int = 0
    needs_declared: int = 0
    targets_set: int = 0
    aggregates: int = 0

    def lines(self) -> list[str]:
        seeded = ", ".join(self.programme_lists_seeded or []) or "aucun (listes officielles déjà importées)"
        return [
            f"Organisations de démonstration créées : {self.organisations_created}",
            f"Comptes de démonstration créés : {self.users_created} (mot de passe : {DEMO_PASSWORD})",
            f"Extraits de listes de programmes semés : {seeded}",
            f"Offres de démonstration créées : {self.offers_created}, dont {self.offers_filled} pourvues "
            "(recrutements des mois passés)",
            f"Candidatures de démonstration créées : {self.applications_created}",
            f"Job dating de démonstration : {self.jobdating_interviews} entretiens planifiés, "
            f"{self.jobdating_outcomes} suites enregistrées",
            f"Mentorat de démonstration : {self.mentoring_pairs} binômes publiés",
            f"Besoins de démonstration déclarés : {self.needs_declared}",
            f"Cibles d'indicateurs fixées : {self.targets_set}",
            f"Diagnostics territoriaux précalculés : {self.aggregates}",
        ]


def _organisation_specs() -> list[DemoOrganisation]:
    specs = []
    for key, name, code, description in COLLECTIVITES:
        siren = Commune.objects.values_list("siren", flat=True).get(pk=code)
        specs.append(
            DemoOrganisation(key, name, Organisation.Kind.COLLECTIVITE, code, siren=siren, description=description)
        )
    for key, name, code, siren, description in EPCI_COLLECTIVITES:
        specs.append(
            DemoOrganisation(key, name, Organisation.Kind.COLLECTIVITE, code, siren=siren, description=description)
        )
    for n, (key, name, code, description) in enumerate(COMPANIES, start=1):
        siret = fictitious_siret(n)
        specs.append(
            DemoOrganisation(
                key, name, Organisation.Kind.ENTREPRISE, code, siren=siret[:9], siret=siret, description=description
            )
        )
    for key, name, kind, code in PARTNERS:
        specs.append(DemoOrganisation(key, name, kind, code))
    return specs


# Issue 17: a mairie signed up on the site, not verified yet (the advisor of the Nièvre verifies it
# in the browser journey e2e/test_journey_7_verification.py). Varzy (58304) is a real commune of
# the Nièvre; its SIREN is the one of the COG copy.
UNVERIFIED_MAIRIE = ("varzy", "Mairie de Varzy", "58304", "Commune de 1 100 habitants entre Clamecy et La Charité.")
UNVERIFIED_MANDATE = "Secrétaire générale de mairie"
UNVERIFIED_OFFERS = [
    {
        "title": "Agent technique polyvalent des espaces verts et des bâtiments (F/H)",
        "rome": "A1203",  # Aménagement et entretien des espaces verts
        "status": "draft",
        "missions": (
            "Au sein d'une équipe de trois agents, vous entretenez les espaces verts, le cimetière et les "
            "chemins de la commune : tonte, taille des haies, fleurissement du bourg au printemps. Vous assurez "
            "aussi les petits travaux de maintenance des bâtiments communaux (école, salle des fêtes, mairie) : "
            "plomberie simple, peinture, menuiserie, et vous préparez les salles pour les manifestations."
        ),
        "profile": (
            "Vous avez un CAP ou un BEP dans les espaces verts ou le bâtiment, ou une première expérience dans "
            "ces métiers. Le permis B est nécessaire pour conduire le véhicule de la commune."
        ),
    },
    {
        "title": "Secrétaire de mairie adjoint·e (F/H)",
        "rome": "M1601",  # Accueil et renseignements: the état civil and the public's desk
        "status": "submitted",
        "missions": (
            "Avec le secrétariat général, vous assurez l'accueil du public, l'état civil, les élections et "
            "l'urbanisme (certificats, déclarations préalables). Vous préparez les conseils municipaux, "
            "rédigez les délibérations et les arrêtés, et suivez les factures et les titres de recettes "
            "de la commune avec la trésorerie."
        ),
        "profile": (
            "Vous aimez le contact avec les habitants et la rigueur administrative. Une formation de "
            "secrétaire de mairie ou une expérience en collectivité est appréciée ; le poste est ouvert aux "
            "personnes en reconversion, avec une formation prise en charge par la commune."
        ),
    },
]


def load_demo_unverified_mairie(organisation: Organisation, secretary: User) -> int:
    """The Mairie de Varzy's request and its two offers (a draft, one waiting for the advisor's review),
    through the offers services. Idempotent; returns the number of offers created."""
    if organisation.requested_by_id is None:
        organisation.requested_by = secretary
        organisation.save(update_fields=["requested_by"])
    if Offer.objects.filter(organisation=organisation).exists():
        return 0
    today = timezone.localdate()
    for spec in UNVERIFIED_OFFERS:
        values = {
            "title": spec["title"],
            "occupation": RomeOccupation.objects.filter(pk=spec["rome"]).first(),  # None if ROME is not loaded
            "commune": organisation.commune,
            "contract_type": "contractuel",
            "public_category": "C",
            "contract_duration_months": 12,
            "weekly_hours": 35,
            "salary_min": 22_500,
            "salary_max": 24_500,
            "start_date": today + datetime.timedelta(days=45),
            "closing_date": today + datetime.timedelta(days=30),
            "positions": 1,
            "missions": spec["missions"],
            "profile": spec["profile"],
            "benefits": "Comité national d'action sociale (CNAS), participation à la mutuelle, horaires réguliers.",
            "territory_presentation": (
                "Varzy, bourg de la Nièvre entre Clamecy et La Charité-sur-Loire, a une école, un collège, "
                "des commerces et un musée ; Auxerre est à 50 minutes."
            ),
            "apply_method": "platform",
        }
        offer = offer_services.create_offer(organisation, values, actor=secretary, written_with_assistant=True)
        if spec["status"] == "submitted":
            offer_services.submit(offer, actor=secretary)
    Offer.objects.filter(organisation=organisation).update(is_demo=True)
    return len(UNVERIFIED_OFFERS)


@transaction.atomic
def load_demo() -> DemoReport:
    seeded: list[str] = []
    report = DemoReport(programme_lists_seeded=seeded)
    for programme, text in DEMO_LISTS.items():
        if not ProgrammeMembership.objects.filter(programme=programme).exists():
            import_programme_file(
                text.encode("utf-8"), source_name="démo", programme=programme, vintage=DEMO_VINTAGE, apply=True
            )
            seeded.append(programme.label)

    organisations: dict[str, Organisation] = {}
    for spec in _organisation_specs():
        org, created = Organisation.objects.get_or_create(
            name=spec.name,
            is_demo=True,
            defaults={
                "kind": spec.kind,
                "commune_id": spec.commune,
                "siren": spec.siren,
                "siret": spec.siret,
                "description": spec.description,
            },
        )
        organisations[spec.key] = org
        report.organisations_created += created
    key, name, code, description = UNVERIFIED_MAIRIE
    org, created = Organisation.objects.get_or_create(
        name=name,
        is_demo=True,
        defaults={
            "kind": Organisation.Kind.COLLECTIVITE,
            "commune_id": code,
            "siren": Commune.objects.values_list("siren", flat=True).get(pk=code),
            "description": description,
            "verification_status": VerificationStatus.PENDING,
            "verified_at": None,
            "requester_mandate": UNVERIFIED_MANDATE,
        },
    )
    organisations[key] = org
    report.organisations_created += created

    for person in USERS:
        user = User.objects.filter(email=person.email).first()
        if user is None:
            user = User.objects.create_user(
                email=person.email,
                password=DEMO_PASSWORD,
                first_name=person.first_name,
                last_name=person.last_name,
                kind=person.kind,
                is_staff=person.staff,
                is_superuser=person.staff,
            )
            report.users_created += 1
        for key, role in person.memberships:
            Membership.objects.get_or_create(user=user, organisation=organisations[key], defaults={"role": role})
        if person.memberships and user.current_organisation_id is None:
            user.current_organisation = organisations[person.memberships[0][0]]
            user.save(update_fields=["current_organisation"])
        if person.follows_departements or person.follows_programmes:
            scope, _ = AdvisorScope.objects.get_or_create(user=user)
            scope.programmes = list(person.follows_programmes)
            scope.save(update_fields=["programmes"])
            scope.departements.set(person.follows_departements)
    report.offers_created = load_demo_offers(organisations)
    report.offers_created += load_demo_unverified_mairie(
        organisations[UNVERIFIED_MAIRIE[0]], User.objects.get(email=_email("secretariat.varzy"))
    )
    candidates = load_demo_candidates(organisations)
    report.applications_created = candidates.applications
    report.offers_created += candidates.offers_created
    report.offers_filled = candidates.offers_filled
    report.jobdating_interviews = load_demo_jobdating()
    # The morning is played: two absences, a walk-in, a re-optimisation, outcomes and ratings.
    report.jobdating_outcomes = load_demo_day()
    report.mentoring_pairs = load_demo_mentoring()
    report.needs_declared = load_demo_needs()
    report.targets_set = load_demo_targets()
    # Issue 15: the mission locale and the Apec advisor follow Lina (QPV, Nevers); the Apec advisor
    # accompanies the demo candidates of her territory (what « followed_by » said for issue 14).
    load_demo_followups()
    load_demo_conversation()  # issue 19: messages and interviews of a few demo applications
    load_demo_plans()  # issue 10: the Haut Nivernais action plan links the job dating, mentoring and needs demos
    # Issue 16: the Nièvre's envelopes; the Mairie de Clamecy's volunteers (mission ended, aid granted, filed).
    load_demo_vta_aid()
    load_demo_recruiter()  # issue 19: colleagues' ratings, a PVD lead's applications shared with the Apec, invitations
    # Last: the diagnostics aggregate everything above.
    report.aggregates = load_demo_diagnostics()
    return report


def load_demo_candidates(organisations: dict[str, Organisation] | None = None):
    """Candidates with distinct names, the recruitments of the past months and today's applications.

    See `demo.candidates`: everything goes through the applications and offers services; the
    past is dated relative to the day the demo is loaded. Idempotent. Returns a CandidatesReport.
    """
    return load_candidates(DEMO_PASSWORD, organisations)


def load_demo_offers(organisations: dict[str, Organisation]) -> int:
    """The open posts of the demo employers (curated, see `demo.offers`), through `offers.services`.

    Most are published, some are drafts or wait for an advisor's review; the posts that demo
    candidates have applied to are published and take applications on the platform. Idempotent: an
    organisation that already has offers gets none. Returns the number of offers created.
    """
    open_posts: dict[tuple[str, str], int] = {}
    for _, employer, job, days_ago, _ in APPLICATIONS:
        open_posts[employer, job] = max(days_ago, open_posts.get((employer, job), 0))
    return load_offers(organisations, open_posts=open_posts)
