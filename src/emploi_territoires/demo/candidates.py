"""The demo's candidates, their applications, and the recruitments of the past months.

Every demo candidate has a name of their own and a profile that matches the offers they answer.
Two stories are played through the applications services (`applications.services_pipeline`), so
the pipeline, the e-mails' queue and the logs are those of the product:

- Recruitments already done (`RECRUITMENTS`): an offer was published weeks ago, people applied,
  were interviewed, one of them was hired (two for a post with two positions), the others were
  told, and the employer marked the offer « pourvue ». The evaluation indicators (offers filled,
  time to fill, VTA filled, project leads recruited) read these.
- Applications in progress (`APPLICATIONS`) to the offers open today, at every step.

The services stamp each step with the current time (and the product must: nobody backdates a
real application). The demo's story happened before the day it is loaded, so once a step has gone
through the services its timestamps are moved to the day it is told to have happened, relative to
that day (see `_backdate_application` and `demo.offers.backdate_offer`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from emploi_territoires.accounts.models import Organisation, User
from emploi_territoires.territories.models import Commune

from .offers import (
    EMPLOYERS_BY_KEY,
    PlaceCache,
    at,
    backdate_offer,
    epci_figures,
    job,
    offer_place,
    offer_values,
    publish_for_demo,
    seed_demo_density,
    vta_allowed,
)

DEMO_DOMAIN = "demo.emploi-territoires.fr"


@dataclass(frozen=True)
class DemoCandidate:
    local: str  # the e-mail's local part, under DEMO_DOMAIN
    first_name: str
    last_name: str
    commune: str
    headline: str
    romes: tuple[str, ...]
    skills: tuple[str, ...]
    experience: int = 5
    diploma: int | None = 4
    qpv: bool = False  # lives in a quartier prioritaire (the commune must have one)
    young: bool = False  # graduated within two years


CANDIDATES: tuple[DemoCandidate, ...] = (
    # Looking for a job today (the first six are the logins listed in the README).
    DemoCandidate(
        "candidate",
        "Inès",
        "Haddad",
        "42218",
        "Jeune diplômée en aménagement du territoire",
        ("K1404", "K1807"),
        ("urbanisme", "conduite de projet", "concertation"),
        experience=1,
        diploma=7,
        qpv=True,
        young=True,
    ),
    DemoCandidate(
        "yanis.benaissa",
        "Yanis",
        "Benaïssa",
        "42218",
        "Technicien de maintenance industrielle",
        ("I1304",),
        ("maintenance", "électrotechnique", "automatismes"),
        experience=6,
        diploma=5,
        qpv=True,
    ),
    DemoCandidate(
        "lea.girard",
        "Léa",
        "Girard",
        "42095",
        "Comptable en recherche d'un poste stable",
        ("M1203",),
        ("comptabilité", "paie", "tableurs"),
        experience=6,
        diploma=5,
    ),
    DemoCandidate(
        "mathis.roche",
        "Mathis",
        "Roche",
        "58194",
        "Chargé de mission développement économique",
        ("K1802", "K1404"),
        ("développement économique", "animation de réseau", "montage de dossiers"),
        experience=1,
        diploma=7,
        qpv=True,
        young=True,
    ),
    DemoCandidate(
        "chloe.martin",
        "Chloé",
        "Martin",
        "58079",
        "Assistante de direction",
        ("M1604", "M1601"),
        ("secrétariat", "organisation", "accueil du public"),
        experience=8,
        diploma=5,
    ),
    DemoCandidate(
        "karima.elamrani",
        "Karima",
        "El Amrani",
        "12202",
        "Ingénieure matériaux composites",
        ("H1206",),
        ("composites", "recherche et développement", "qualité"),
        experience=1,
        diploma=7,
        young=True,
    ),
    DemoCandidate(
        "samir.ouali",
        "Samir",
        "Ouali",
        "93066",
        "Cariste et préparateur de commandes",
        ("N1101", "N1103"),
        ("chariots élévateurs", "préparation de commandes", "inventaires"),
        experience=3,
        diploma=3,
        qpv=True,
    ),
    DemoCandidate(
        "emilie.carre",
        "Émilie",
        "Carré",
        "87085",
        "Décoratrice sur céramique",
        ("B1302",),
        ("décor à la main", "pose de filets d'or", "dessin"),
        experience=1,
        diploma=4,
        young=True,
    ),
    DemoCandidate(
        "baptiste.noel",
        "Baptiste",
        "Noël",
        "71076",
        "Technicien méthodes en usinage",
        ("H1404",),
        ("programmation de fabrication", "gammes d'usinage", "amélioration continue"),
        experience=4,
        diploma=5,
    ),
    DemoCandidate(
        "oceane.hubert",
        "Océane",
        "Hubert",
        "08105",
        "Accompagnante éducative petite enfance",
        ("K1308",),
        ("petite enfance", "hygiène", "animation d'ateliers"),
        experience=3,
        diploma=3,
    ),
    DemoCandidate(
        "rachid.mebarki",
        "Rachid",
        "Mebarki",
        "87085",
        "Agent d'entretien des espaces verts",
        ("A1203",),
        ("taille", "tonte", "débroussaillage"),
        experience=5,
        diploma=3,
        qpv=True,
    ),
    DemoCandidate(
        "pauline.giraud",
        "Pauline",
        "Giraud",
        "81004",
        "Gestionnaire comptable et paie",
        ("M1203", "M1507"),
        ("comptabilité publique", "paie", "budget"),
        experience=4,
        diploma=5,
    ),
    # Hired in the past months (RECRUITMENTS).
    DemoCandidate(
        "manon.riviere",
        "Manon",
        "Rivière",
        "21231",
        "Jeune diplômée en sciences politiques, volontaire territoriale",
        ("K1404",),
        ("montage de dossiers", "rédaction", "finances publiques"),
        experience=0,
        diploma=7,
        young=True,
    ),
    DemoCandidate(
        "theo.bonnet",
        "Théo",
        "Bonnet",
        "31555",
        "Jeune diplômé en développement local",
        ("K1404", "K1802"),
        ("subventions", "conduite de projet", "cartographie"),
        experience=0,
        diploma=7,
        young=True,
    ),
    DemoCandidate(
        "julie.marchand",
        "Julie",
        "Marchand",
        "15014",
        "Cheffe de projet en revitalisation de centre-bourg",
        ("K1404",),
        ("revitalisation", "habitat", "conduite de projet"),
        experience=7,
        diploma=7,
    ),
    DemoCandidate(
        "antoine.leroy",
        "Antoine",
        "Leroy",
        "58194",
        "Manager de commerce de centre-ville",
        ("K1802",),
        ("commerce de proximité", "animation commerciale", "événementiel"),
        experience=5,
        diploma=6,
    ),
    DemoCandidate(
        "sabrina.morel",
        "Sabrina",
        "Morel",
        "58194",
        "Agente spécialisée des écoles maternelles",
        ("K1308",),
        ("petite enfance", "hygiène", "animation d'ateliers"),
        experience=4,
        diploma=3,
    ),
    DemoCandidate(
        "nicolas.faure",
        "Nicolas",
        "Faure",
        "42207",
        "Ingénieur travaux publics",
        ("F1111",),
        ("voirie", "marchés de travaux", "conduite de chantier"),
        experience=9,
        diploma=7,
    ),
    DemoCandidate(
        "dylan.marchetti",
        "Dylan",
        "Marchetti",
        "87085",
        "Agent des espaces verts",
        ("A1203",),
        ("tonte", "taille", "plantations"),
        experience=3,
        diploma=3,
    ),
    DemoCandidate(
        "sebastien.roy",
        "Sébastien",
        "Roy",
        "58079",
        "Agent technique polyvalent du bâtiment",
        ("I1203",),
        ("maçonnerie", "peinture", "plomberie"),
        experience=12,
        diploma=3,
    ),
    DemoCandidate(
        "laura.castaing",
        "Laura",
        "Castaing",
        "81004",
        "Comptable",
        ("M1203",),
        ("comptabilité publique", "mandatement", "budget"),
        experience=6,
        diploma=5,
    ),
    DemoCandidate(
        "mehdi.bouzid",
        "Mehdi",
        "Bouzid",
        "12176",
        "Technicien de l'eau",
        ("K2317",),
        ("traitement de l'eau", "analyses", "réseaux"),
        experience=5,
        diploma=5,
    ),
    DemoCandidate(
        "kevin.duarte",
        "Kévin",
        "Duarte",
        "42095",
        "Soudeur qualifié",
        ("H2913",),
        ("soudage à l'arc", "lecture de plans", "meulage"),
        experience=7,
        diploma=3,
    ),
    DemoCandidate(
        "florian.besson",
        "Florian",
        "Besson",
        "42218",
        "Technicien de maintenance industrielle",
        ("I1304",),
        ("hydraulique", "électricité", "automatismes"),
        experience=10,
        diploma=5,
    ),
    DemoCandidate(
        "jordan.petitjean",
        "Jordan",
        "Petitjean",
        "71076",
        "Fraiseur sur commande numérique",
        ("H2903",),
        ("fraisage 5 axes", "réglage", "contrôle"),
        experience=5,
        diploma=4,
    ),
    DemoCandidate(
        "romain.perret",
        "Romain",
        "Perret",
        "58079",
        "Scieur",
        ("H2211",),
        ("sciage", "classement des bois", "affûtage"),
        experience=8,
        diploma=3,
    ),
    DemoCandidate(
        "lucas.vidal",
        "Lucas",
        "Vidal",
        "12202",
        "Technicien composites",
        ("H3203",),
        ("drapage", "moulage", "contrôle"),
        experience=2,
        diploma=4,
    ),
    DemoCandidate(
        "ophelie.marty",
        "Ophélie",
        "Marty",
        "12176",
        "Opératrice en matériaux composites",
        ("H3203",),
        ("stratification", "finition", "sécurité"),
        experience=1,
        diploma=4,
    ),
    DemoCandidate(
        "camille.dufour",
        "Camille",
        "Dufour",
        "87085",
        "Décoratrice sur porcelaine",
        ("B1302",),
        ("filets d'or", "peinture sur porcelaine", "décalcomanie"),
        experience=6,
        diploma=4,
    ),
    DemoCandidate(
        "moussa.camara",
        "Moussa",
        "Camara",
        "93066",
        "Cariste",
        ("N1101",),
        ("chariots élévateurs", "chargement", "inventaires"),
        experience=4,
        diploma=3,
        qpv=True,
    ),
    DemoCandidate(
        "sandra.ferreira",
        "Sandra",
        "Ferreira",
        "93066",
        "Cariste",
        ("N1101",),
        ("chariots élévateurs", "gestion de stock", "sécurité"),
        experience=6,
        diploma=3,
    ),
    DemoCandidate(
        "aissata.konate",
        "Aïssata",
        "Konaté",
        "93066",
        "Médiatrice sociale",
        ("K1204",),
        ("médiation", "écoute", "travail avec les associations"),
        experience=3,
        diploma=4,
        qpv=True,
    ),
)


@dataclass(frozen=True)
class Recruitment:
    """A post filled before the demo was loaded: who was hired, who else applied and how it ended."""

    employer: str
    job: str
    filled_days_ago: int
    days_to_fill: int  # from publication to « pourvue »
    hired: tuple[str, ...]  # as many as the post's positions
    # (candidate, how it ended: "refused" on the file, "after_interview", or "withdrawn")
    others: tuple[tuple[str, str], ...] = ()


RECRUITMENTS: tuple[Recruitment, ...] = (
    Recruitment(
        "plaine_logistique", "log_cariste", 15, 22, ("moussa.camara", "sandra.ferreira"), (("samir.ouali", "refused"),)
    ),
    Recruitment("nevers", "atsem", 20, 26, ("sabrina.morel",), (("oceane.hubert", "withdrawn"),)),
    Recruitment("aveyron_composites", "compo_technicien", 25, 30, ("lucas.vidal", "ophelie.marty")),
    Recruitment("forges", "forges_soudeur", 35, 28, ("kevin.duarte",)),
    Recruitment("nevers", "manager_cv", 40, 47, ("antoine.leroy",), (("mathis.roche", "after_interview"),)),
    Recruitment("rodez_agglo", "eau_potable", 45, 38, ("mehdi.bouzid",)),
    Recruitment("bois_nivernais", "bois_scieur", 55, 40, ("romain.perret",)),
    Recruitment("limoges", "espaces_verts", 60, 30, ("dylan.marchetti",), (("rachid.mebarki", "refused"),)),
    Recruitment("saint_denis", "mediateur", 65, 29, ("aissata.konate",)),
    Recruitment("decazeville", "vta", 75, 33, ("theo.bonnet",), (("candidate", "withdrawn"),)),
    Recruitment("chalon_meca", "meca_fraiseur", 85, 31, ("jordan.petitjean",)),
    Recruitment("sem", "ingenieur_voirie", 95, 47, ("nicolas.faure",)),
    Recruitment("clamecy", "agent_technique", 110, 35, ("sebastien.roy",)),
    Recruitment("albi", "comptable", 130, 44, ("laura.castaing",), (("pauline.giraud", "after_interview"),)),
    Recruitment("porcelaine", "porc_decorateur", 140, 36, ("camille.dufour",), (("emilie.carre", "after_interview"),)),
    Recruitment("charolles", "vta", 150, 41, ("manon.riviere",)),
    Recruitment("forges", "forges_maintenance", 170, 52, ("florian.besson",), (("yanis.benaissa", "after_interview"),)),
    Recruitment("saint_flour", "pvd_lead", 200, 58, ("julie.marchand",), (("mathis.roche", "after_interview"),)),
)  # fmt: skip

# Applications to the offers open today: (candidate, employer, job, days ago, where it stands).
APPLICATIONS: tuple[tuple[str, str, str, int, str], ...] = (
    ("candidate", "sem", "plui", 12, "interview"),
    ("candidate", "sem", "mobilites", 6, "under_review"),
    ("candidate", "clamecy", "vta", 2, "new"),
    ("yanis.benaissa", "forges", "forges_maintenance", 9, "interview"),
    ("yanis.benaissa", "chalon_meca", "meca_maintenance", 4, "under_review"),
    ("lea.girard", "forges", "forges_comptable", 10, "interview"),
    ("lea.girard", "sem", "comptable", 3, "new"),
    ("mathis.roche", "nevers", "acv_lead", 8, "under_review"),
    ("mathis.roche", "clamecy", "pvd_lead", 11, "interview"),
    ("chloe.martin", "clamecy", "accueil_etat_civil", 7, "interview"),
    ("chloe.martin", "clamecy", "comptable", 2, "new"),
    ("karima.elamrani", "aveyron_composites", "compo_rd", 9, "interview"),
    ("karima.elamrani", "aveyron_composites", "compo_methodes", 14, "refused"),
    ("samir.ouali", "plaine_logistique", "log_preparateur", 5, "under_review"),
    ("samir.ouali", "plaine_logistique", "log_magasinier", 1, "new"),
    ("emilie.carre", "porcelaine", "porc_apprenti", 6, "interview"),
    ("baptiste.noel", "chalon_meca", "meca_methodes", 4, "under_review"),
    ("oceane.hubert", "charleville", "atsem", 8, "interview"),
    ("rachid.mebarki", "limoges", "espaces_verts", 3, "new"),
    ("pauline.giraud", "albi", "paie", 5, "under_review"),
)

REFUSAL = {"refused": "other_candidate", "after_interview": "after_interview"}


@dataclass
class CandidatesReport:
    applications: int = 0
    offers_created: int = 0
    offers_filled: int = 0


def _email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


def _ensure_candidate(spec: DemoCandidate, today: datetime.date, password: str) -> User | None:
    """The candidate's account and profile (through the profile services); None if it existed already."""
    from emploi_territoires.applications import services_profile
    from emploi_territoires.applications.models import Visibility
    from emploi_territoires.offers.models import RomeOccupation

    user = User.objects.filter(email=_email(spec.local)).first()
    if user is None:
        user = User.objects.create_user(
            email=_email(spec.local),
            password=password,
            first_name=spec.first_name,
            last_name=spec.last_name,
            kind=User.Kind.CANDIDATE,
        )
    if hasattr(user, "candidate_profile"):
        return None
    commune = Commune.objects.get(pk=spec.commune)
    qpv = spec.qpv and commune.in_qpv
    services_profile.save_profile(
        user,
        services_profile.ProfileData(
            first_name=spec.first_name,
            last_name=spec.last_name,
            commune=commune,
            headline=spec.headline,
            mobility_radius_km=40 if not spec.young else 150,
            occupations=list(RomeOccupation.objects.filter(code__in=spec.romes)),
            skills=list(spec.skills),
            experience_years=spec.experience,
            diploma_level=spec.diploma,
            available_from=today,
            summary=f"{spec.headline}. Disponible rapidement.",
            visibility=Visibility.TERRITORIES,
            visible_departements=[commune.departement],
            is_young_graduate=spec.young,
            # About ten months ago: within the two years of the scheme, whatever the day (29 February too).
            graduated_on=today - datetime.timedelta(days=300) if spec.young else None,
            is_qpv_resident=qpv,
            situation_consent=spec.young or qpv,
            profile_consent=True,
        ),
    )
    return user


def _answerer(organisation: Organisation) -> User:
    """Who answers for the employer: its first member, or the platform staff acting for it."""
    membership = organisation.memberships.select_related("user").order_by("pk").first()
    if membership is not None:
        return membership.user
    return User.objects.filter(is_staff=True, email__endswith=f"@{DEMO_DOMAIN}").order_by("pk").first()


def _message(offer) -> str:
    return (
        f"Bonjour, je vous adresse ma candidature au poste « {offer.title} ». Mon profil est joint ; "
        "je suis disponible pour un entretien quand vous le souhaitez."
    )


def _replay(offer, candidate: User, applied: datetime.datetime, steps: list[tuple[str, datetime.datetime, str]]):
    """One application through the pipeline services, then its timestamps moved to the story's days.

    `steps`: (status, when, refusal reason) after the application itself. The services take `now`
    for the application's own dates (answered, closed); the log rows and the creation are stamped
    by the database, so they are moved afterwards, in order.
    """
    from emploi_territoires.applications import services_pipeline
    from emploi_territoires.applications.models import Application, ApplicationTransition

    application = services_pipeline.apply(offer, candidate, _message(offer))
    answerer = _answerer(offer.organisation)
    moments = [applied]
    for status, when, reason in steps:
        actor = candidate if status == "withdrawn" else answerer
        services_pipeline.transition_application(application, status, actor=actor, reason=reason, now=when)
        moments.append(when)
    Application.objects.filter(pk=application.pk).update(created_at=applied)
    if not steps:
        Application.objects.filter(pk=application.pk).update(status_changed_at=applied)
    # In the order the services wrote them (pk): their stamps may already be the story's days (now=).
    log = list(application.transitions.order_by("pk"))
    for row, when in zip(log, moments, strict=True):
        ApplicationTransition.objects.filter(pk=row.pk).update(created_at=when)
    return application


def _create_offer(employer_key: str, job_key: str, organisation: Organisation, places: PlaceCache, today):
    import random

    from emploi_territoires.offers import services as offer_services

    employer = EMPLOYERS_BY_KEY[employer_key]
    place = places.get(offer_place(organisation, employer, job_key))
    rng = random.Random(f"{employer_key}/{job_key}")  # noqa: S311 - demo data
    values = offer_values(employer, job_key, organisation, place, rng=rng, today=today, epci=epci_figures(organisation))
    values["apply_method"], values["apply_email"] = "platform", ""
    recruiter = _answerer(organisation)
    return offer_services.create_offer(organisation, values, actor=recruiter, written_with_assistant=True), recruiter


def _recruit(spec: Recruitment, organisation: Organisation, users: dict[str, User], places: PlaceCache) -> int:
    """Play one past recruitment; returns the applications created."""
    from emploi_territoires.offers import services as offer_services
    from emploi_territoires.offers.models import Offer

    today = timezone.localdate()
    filled_day = today - datetime.timedelta(days=spec.filled_days_ago)
    published_day = filled_day - datetime.timedelta(days=spec.days_to_fill)
    offer, recruiter = _create_offer(spec.employer, spec.job, organisation, places, today)
    publication_moves = publish_for_demo(offer, actor=recruiter)  # 2 when reviewed first
    count = 0
    people = [(local, "hired") for local in spec.hired] + list(spec.others)
    for n, (local, outcome) in enumerate(people):
        applied = at(published_day + datetime.timedelta(days=2 + 3 * n), 9 + n % 8, 15)
        reviewed = applied + datetime.timedelta(days=3)
        interview = at(published_day + datetime.timedelta(days=spec.days_to_fill // 2 + n), 10)
        if outcome == "hired":
            steps = [
                ("under_review", reviewed, ""),
                ("interview", interview, ""),
                ("hired", at(filled_day - datetime.timedelta(days=1), 17), ""),
            ]
        elif outcome == "withdrawn":
            steps = [("withdrawn", reviewed + datetime.timedelta(days=1), "")]
        elif outcome == "after_interview":
            steps = [
                ("under_review", reviewed, ""),
                ("interview", interview, ""),
                ("refused", at(filled_day, 11), REFUSAL[outcome]),
            ]
        else:
            steps = [("under_review", reviewed, ""), ("refused", at(filled_day, 11), REFUSAL[outcome])]
        _replay(offer, users[local], applied, steps)
        count += 1
    offer_services.mark_filled(offer, actor=recruiter)
    reviewed_and_published = [at(published_day - datetime.timedelta(days=1), 15), at(published_day, 10)]
    backdate_offer(
        offer,
        created_at=at(published_day - datetime.timedelta(days=3), 14),
        moves=[*reviewed_and_published[-publication_moves:], at(filled_day, 16)],
    )
    # The dates of the offer itself, as they were when it was published.
    closing = published_day + datetime.timedelta(days=30)
    Offer.objects.filter(pk=offer.pk).update(
        closing_date=closing, start_date=filled_day + datetime.timedelta(days=30), is_demo=True
    )
    return count


@transaction.atomic
def load_candidates(password: str, organisations: dict[str, Organisation] | None = None) -> CandidatesReport:
    """Candidates, past recruitments and today's applications; idempotent (a candidate with a profile is kept).

    `organisations`: the demo organisations by key (demo.loader); found by name when not given.
    """
    from emploi_territoires.offers.models import Offer, OfferStatus

    report = CandidatesReport()
    today = timezone.localdate()
    created = {spec.local for spec in CANDIDATES if _ensure_candidate(spec, today, password) is not None}
    if not created:
        return report
    users = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")}
    if organisations is None:
        organisations = {
            spec.key: Organisation.objects.filter(name=name, is_demo=True).first() for spec, name in _employer_names()
        }
    places = PlaceCache()
    seed_demo_density()
    for spec in RECRUITMENTS:
        organisation = organisations.get(spec.employer)
        if organisation is None or not set(spec.hired) <= created:
            continue
        if job(spec.job).contract == "vta" and not vta_allowed(organisation, organisation.commune):
            continue  # a VTA where the employer is not eligible (the density grid not imported)
        report.applications += _recruit(spec, organisation, users, places)
        report.offers_created += 1
        report.offers_filled += 1
    for local, employer_key, job_key, days_ago, status in APPLICATIONS:
        organisation = organisations.get(employer_key)
        if organisation is None or local not in created:
            continue
        offer = (
            Offer.objects.filter(
                organisation=organisation,
                title=job(job_key).title,
                status=OfferStatus.PUBLISHED,
                apply_method="platform",
                closing_date__gte=today,
            )
            .order_by("pk")
            .first()
        )
        if offer is None:
            continue
        # In the evening of its day (the offer was published days before, see load_demo_offers); the
        # employer answers during working hours of the following days, never later than yesterday.
        day = today - datetime.timedelta(days=days_ago)
        applied = at(day, 19, 30)
        steps: list[tuple[str, datetime.datetime, str]] = []
        if status in ("under_review", "interview", "refused"):
            steps.append(("under_review", at(day + datetime.timedelta(days=1), 10), ""))
        if status == "interview":
            steps.append(("interview", at(day + datetime.timedelta(days=max(2, days_ago // 2)), 14), ""))
        if status == "refused":
            steps.append(("refused", at(today - datetime.timedelta(days=1), 11), "other_candidate"))
        _replay(offer, users[local], applied, steps)
        report.applications += 1
    return report


def _employer_names() -> list[tuple[Any, str]]:
    from .loader import COLLECTIVITES, COMPANIES, EPCI_COLLECTIVITES

    names = {key: name for key, name, *_ in COLLECTIVITES}
    names |= {key: name for key, name, *_ in EPCI_COLLECTIVITES}
    names |= {key: name for key, name, *_ in COMPANIES}
    return [(EMPLOYERS_BY_KEY[key], name) for key, name in names.items() if key in EMPLOYERS_BY_KEY]
