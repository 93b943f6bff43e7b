"""The mentoring demo: a running cohort in the Loire and the Nièvre, and a programme open for enrolment.

`load_demo_mentoring()` is called by `demo.loader.load_demo` after the demo organisations and users
exist; it also works alone (it creates what it needs). Everything goes through `mentoring.services_*`.
Dates are relative to the day the demo is loaded (`timezone.localdate()`):

- « Premiers pas pro » (Loire and Nièvre, running): 20 mentors and 40 mentees. The manager's first
  matching five months ago (two pairs locked, a re-run, publication with introduction e-mails), a
  second one six weeks ago for the late enrolments (some mentees still wait for a mentor). Each pair
  has met every two or three weeks (meetings logged by the mentor or the mentee) and answered most of
  its 1- and 3-month surveys; about a quarter ended with their outcome (job, training, still
  searching) and satisfaction; two pairs fell silent and the daily check raised their alerts; one
  mentee asked for help. Five mentees live in the CC Haut Nivernais - Val d'Yonne, the territory of
  the demo action plan (plans.demo).
- « Cap premier emploi » (Saint-Étienne Métropole, quartiers prioritaires first): starts in three
  weeks, enrolment open, a few mentors and mentees enrolled. Inès Haddad (candidate@, a young
  graduate of Montreynaud, Saint-Étienne) has her mentee profile and sees it among the programmes
  open to her, with the button to enrol.

Every person has a distinct name: a name already borne by another account is replaced from a
reserve list. Idempotent: when the running programme exists, nothing changes.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator

from django.db import transaction
from django.utils import timezone

from emploi_territoires.accounts.demo import DEMO_DOMAIN, DEMO_PASSWORD
from emploi_territoires.accounts.models import Organisation, User
from emploi_territoires.offers.models import RomeOccupation
from emploi_territoires.territories.models import EPCI, Commune
from emploi_territoires.territories.scope import ScopeKind

from . import services_followup, services_matching, services_profiles
from .matching.pairs import SLOTS, TOPICS
from .models import Audience, Enrolment, MatchingRun, Mode, Outcome, Pair, Programme

PROGRAMME_NAME = "Premiers pas pro — jeunes diplômés de la Loire et de la Nièvre (démo)"
OPEN_PROGRAMME_NAME = "Cap premier emploi — jeunes diplômés des quartiers de Saint-Étienne Métropole (démo)"
ORGANISATION_NAME = "Mentorat Loire Sud (association, démo)"
MANAGER_EMAIL = f"programme.mentorat@{DEMO_DOMAIN}"
MENTOR_EMAIL = f"mentor@{DEMO_DOMAIN}"
CANDIDATE_EMAIL = f"candidate@{DEMO_DOMAIN}"
SAINT_ETIENNE_METROPOLE = "244200770"
HAUT_NIVERNAIS = ("58079", "58304", "58085")  # Clamecy, Varzy, Corvol-l'Orgueilleux

# Mentors: name, commune (INSEE), ROME occupation. The first is the demo mentor (mentor@).
MENTORS = [
    ("Philippe", "Garnier", "42218", "M1805"),
    ("Bernard", "Ducros", "42218", "M1203"),
    ("Catherine", "Vial", "42218", "M1503"),
    ("Olivier", "Peyrard", "42095", "H1206"),
    ("Sylvie", "Chaize", "42207", "K1802"),
    ("Jean-Marc", "Rivollier", "42187", "D1406"),
    ("Nathalie", "Bouchet", "42218", "E1103"),
    ("Frédéric", "Granjon", "42186", "H2502"),
    ("Muriel", "Tardy", "42218", "J1506"),
    ("Pascal", "Mazenod", "42147", "F1106"),
    ("Agnès", "Coste", "58194", "M1707"),
    ("Stéphane", "Brossard", "58194", "N1301"),
    ("Hélène", "Fayolle", "58194", "K2111"),
    ("Didier", "Rocher", "58086", "I1102"),
    ("Laurent", "Gonon", "58095", "M1402"),
    ("Christine", "Favier", "58062", "K1206"),
    ("Farid", "Ouali", "42005", "C1206"),
    ("Samia", "Kaci", "58079", "M1403"),
    ("Emmanuel", "Bréchet", "58079", "H2502"),
    ("Anne-Laure", "Picot", "58304", "M1302"),
]
# Fields of study: label, ROME broad domain, wished occupations.
STUDIES = [
    ("Master informatique", "M", ["M1805", "M1810"]),
    ("Licence professionnelle gestion comptable", "M", ["M1203", "M1206"]),
    ("Master ressources humaines", "M", ["M1503", "M1501"]),
    ("Master aménagement et développement local", "K", ["K1802"]),
    ("Diplôme d'ingénieur mécanique", "H", ["H1206", "H2502"]),
    ("BTS négociation et relation client", "D", ["D1406", "D1402"]),
    ("Licence information-communication", "E", ["E1103"]),
    ("Diplôme d'État infirmier", "J", ["J1506"]),
    ("BUT génie civil", "F", ["F1106"]),
    ("Master logistique", "N", ["N1301"]),
    ("BTS systèmes constructifs bois et habitat", "H", ["H2202", "F1503"]),
]
WOOD, LOCAL_DEVELOPMENT = 10, 3
# Mentees: name, commune, field of study (index in STUDIES; None: drawn). mentore05 (Firminy) and
# mentore08 (Saint-Étienne) are the mentees of the browser journey (e2e/test_journey_5_mentoring.py).
MENTEES = [
    ("Amandine", "Royer", "42218", None),
    ("Bastien", "Charvet", "42218", None),
    ("Camille", "Dumas", "42095", None),
    ("Dylan", "Ferrand", "42207", None),
    ("Elsa", "Jacquemond", "42095", None),
    ("Maxence", "Rouchon", "58194", None),
    ("Sofia", "Benkhelifa", "42218", None),
    ("Hamza", "Cherif", "42218", None),
    ("Inaya", "Touré", "58194", None),
    ("Jordan", "Vernay", "42186", None),
    ("Kenza", "Belkacem", "42218", None),
    ("Loïc", "Barbier", "58086", None),
    ("Maëlys", "Pons", "42187", None),
    ("Noah", "Faure", "58194", None),
    ("Océane", "Marchand", "42005", None),
    ("Paul", "Rousset", "58095", None),
    ("Quentin", "Lacroix", "42218", None),
    ("Romane", "Guillot", "58062", None),
    ("Sami", "Haddouche", "42095", None),
    ("Théo", "Granger", "42147", None),
    ("Ambre", "Giraud", "58079", WOOD),
    ("Valentin", "Roy", "58079", LOCAL_DEVELOPMENT),
    ("Wassim", "Bouzid", "58304", WOOD),
    ("Yasmine", "Ait Ali", "58085", None),
    ("Zoé", "Perret", "58079", None),
    ("Adrien", "Collomb", "42218", None),
    ("Bérénice", "Lamy", "58194", None),
    ("Clément", "Poulain", "42207", None),
    ("Djeneba", "Konaté", "42218", None),
    ("Enzo", "Morin", "58086", None),
    ("Fanny", "Berthier", "42186", None),
    ("Gaël", "Renaud", "58194", None),
    # Enrolled late: matched in the second run.
    ("Héloïse", "Carré", "42218", None),
    ("Ilyes", "Saïdi", "42095", None),
    ("Julie", "Cordier", "58194", None),
    ("Kévin", "Hamon", "42207", None),
    ("Léna", "Vidal", "58095", None),
    ("Mathéo", "Blanc", "42218", None),
    ("Nora", "Belaïd", "42187", None),
    ("Robin", "Lemaire", "58194", None),
]
FIRST_WAVE = 32
# Enrolled in the programme opening soon, living in quartiers prioritaires of Saint-Étienne Métropole.
OPEN_PROGRAMME_MENTEES = [
    ("Lina", "Bouaziz", "42218", LOCAL_DEVELOPMENT),
    ("Moussa", "Sylla", "42095", None),
    ("Anaïs", "Chapuis", "42186", None),
]
OPEN_PROGRAMME_MENTORS = ("mentor01", "mentor03", "mentor04", "mentor16")
# Replacements when a name is already borne by another account (another demo may have taken it).
RESERVE_NAMES = [
    ("Axelle", "Dorier"), ("Baptiste", "Escoffier"), ("Capucine", "Jourdan"), ("Damien", "Lhopital"),
    ("Estelle", "Magnin"), ("Fabien", "Navarro"), ("Gwenaëlle", "Oriol"), ("Hippolyte", "Quintin"),
]  # fmt: skip
EVENING_AND_SATURDAY = ["mar-soir", "jeu-soir", "lun-soir", "mer-soir", "sam-matin"]
MEETING_NOTES = [
    "Relecture du CV ; prochaine étape : trois contacts à appeler avant notre prochain rendez-vous.",
    "Préparation d'un entretien : questions probables, présentation en deux minutes.",
    "Point sur les candidatures envoyées ; deux relances à faire cette semaine.",
    "Découverte du métier : visite de l'entreprise et échange avec une équipe.",
    "Travail sur le profil en ligne et le message d'approche des recruteurs.",
]
# Ended pairs of the first wave: (position among its pairs, outcome, satisfaction, days before today).
ENDINGS = [
    (1, Outcome.JOB, 5, 95),
    (4, Outcome.JOB, 5, 60),
    (7, Outcome.TRAINING, 4, 48),
    (10, Outcome.JOB, 4, 33),
    (13, Outcome.STILL_SEARCHING, 3, 70),
    (16, Outcome.JOB, 5, 20),
    (19, Outcome.TRAINING, 4, 12),
]
SILENT = (2, 8)  # among the first-wave pairs neither ended nor the demo mentor's: their meetings stopped


def _names(wanted: list[tuple[str, str]], taken: set[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """The wanted names, each replaced from the reserve when another account already bears it."""
    reserve = iter(RESERVE_NAMES)
    for first, last in wanted:
        while (first.casefold(), last.casefold()) in taken:
            first, last = next(reserve)
        taken.add((first.casefold(), last.casefold()))
        yield first, last


def _taken_names() -> set[tuple[str, str]]:
    return {(first.casefold(), last.casefold()) for first, last in User.objects.values_list("first_name", "last_name")}


def _user(email: str, first: str, last: str, kind: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=DEMO_PASSWORD, first_name=first, last_name=last, kind=kind
        )
    return user


def _organisation(saint_etienne: Commune) -> Organisation:
    organisation = Organisation.objects.filter(name=ORGANISATION_NAME).first()
    if organisation is None:
        organisation = Organisation.objects.create(
            name=ORGANISATION_NAME, kind=Organisation.Kind.ASSOCIATION, commune=saint_etienne, is_demo=True
        )
    return organisation


def _follow_up(pair: Pair, rng: random.Random, today: datetime.date, *, until: datetime.date, silent: bool) -> None:
    """Meetings every two or three weeks from the first week, logged by one of the two, and the surveys due."""
    every = rng.choice([14, 14, 21, 21])
    day = pair.started_on + datetime.timedelta(days=rng.randint(5, 10))
    last_day = until - datetime.timedelta(days=45) if silent else until
    meetings = 0
    while day <= last_day:
        author = pair.mentor if rng.random() < 0.7 else pair.mentee
        services_followup.log_meeting(
            pair,
            author,
            date=day,
            duration_minutes=rng.choice([45, 60, 60, 75, 90]),
            topics=rng.sample(list(TOPICS), rng.randint(1, 2)),
            note=MEETING_NOTES[meetings % len(MEETING_NOTES)],
            today=today,
        )
        meetings += 1
        day += datetime.timedelta(days=every + rng.randint(-3, 3))
    for milestone in services_followup.due_milestones(pair, today=until):
        if rng.random() < 0.15:
            continue  # not answered: the reminder task asks for it
        services_followup.answer_survey(
            pair,
            pair.mentee if rng.random() < 0.7 else pair.mentor,
            milestone=milestone,
            satisfaction=rng.choice([3, 4, 4, 5, 5]),
            situation=Outcome.STILL_SEARCHING if milestone == 1 or rng.random() < 0.7 else Outcome.TRAINING,
            comment="" if rng.random() < 0.6 else "Des échanges réguliers et concrets, qui redonnent confiance.",
        )


@transaction.atomic
def load_demo_mentoring(seed: int = 2026) -> int:
    """Create the demo programmes and their pairs; returns the number of pairs published (0 if already there)."""
    if Programme.objects.filter(name=PROGRAMME_NAME, is_demo=True).exists():
        return 0
    rng = random.Random(seed)  # noqa: S311 - demo data
    codes = {c for *_, c, _ in MENTORS} | {c for _, _, c, _ in MENTEES + OPEN_PROGRAMME_MENTEES} | {"42218"}
    communes = {c.pk: c for c in Commune.objects.filter(pk__in=codes, latitude__isnull=False)}
    if "42218" not in communes:
        return 0  # the geography is not loaded: nothing sensible to show
    wanted_codes = {code for _, _, codes_ in STUDIES for code in codes_} | {o for *_, o in MENTORS}
    occupations = {o.code: o for o in RomeOccupation.objects.filter(code__in=wanted_codes)}
    if len(occupations) < len(wanted_codes) // 2:
        return 0  # the ROME referential is not loaded

    taken = _taken_names()
    manager = _user(MANAGER_EMAIL, "Sandrine", "Chazal", User.Kind.PROFESSIONAL)
    organisation = _organisation(communes["42218"])
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    first_run_on, second_run_on = today - 150 * day, today - 45 * day
    programme = Programme.objects.create(
        name=PROGRAMME_NAME,
        organisation=organisation,
        description=(
            "Des cadres bénévoles accompagnent pendant six mois de jeunes diplômés de la Loire et de la Nièvre, "
            "d'abord ceux des quartiers prioritaires et des petites villes, vers leur premier emploi."
        ),
        audience=Audience.QPV_FIRST,
        duration_months=6,
        meeting_every_weeks=2,
        alert_after_weeks=4,
        starts_on=first_run_on - 20 * day,
        ends_on=first_run_on + 300 * day,
        max_distance_km=40,
        qpv_priority=True,
        is_demo=True,
    )
    programme.managers.add(manager)

    # Mentors (the demo mentor keeps his own account and name).
    mentors: dict[str, User] = {}
    mentor_names = _names([(f, last) for f, last, *_ in MENTORS[1:]], taken)
    for i, (_, _, code, occupation) in enumerate(MENTORS):
        if i == 0:
            user = _user(MENTOR_EMAIL, "Philippe", "Garnier", User.Kind.MENTOR)
        else:
            first, last = next(mentor_names)
            user = _user(f"mentor{i:02d}@{DEMO_DOMAIN}", first, last, User.Kind.MENTOR)
        services_profiles.save_mentor_profile(
            user,
            commune=communes.get(code, communes["42218"]),
            occupation=occupations.get(occupation) or next(iter(occupations.values())),
            experience_years=rng.randint(8, 30),
            capacity=rng.choice([1, 2, 2, 3]) if i else 2,
            languages=["fr", "en"] if rng.random() < 0.4 else ["fr"],
            availability=rng.sample(EVENING_AND_SATURDAY, rng.randint(2, 4)) if i else EVENING_AND_SATURDAY,
            topics=rng.sample(list(TOPICS), rng.randint(2, 4)) if i else ["first_job", "cv_interview", "network"],
            in_person=True,
            remote=rng.random() < 0.6 if i else True,
        )
        services_profiles.enrol(programme, user, Enrolment.Role.MENTOR)
        mentors[user.email.split("@")[0]] = user

    def mentee(email: str, first: str, last: str, code: str, study: int | None, *, qpv: bool, **forced) -> User:
        user = _user(email, first, last, User.Kind.CANDIDATE)
        label, domain, study_codes = STUDIES[study] if study is not None else rng.choice(STUDIES)
        commune = communes.get(code, communes["42218"])
        values = {
            "availability": rng.sample(list(SLOTS[:15]) + EVENING_AND_SATURDAY, rng.randint(3, 7)),
            "remote": rng.random() < 0.7,
            **forced,
        }
        services_profiles.save_mentee_profile(
            user,
            commune=commune,
            field_of_study=label,
            field_domain=domain,
            diploma_level=rng.choice([5, 6, 6, 7, 7]),
            wished_occupations=[occupations[c] for c in study_codes if c in occupations],
            languages=["fr", "ar"] if rng.random() < 0.1 else ["fr"],
            goals=rng.sample(list(TOPICS), rng.randint(1, 3)),
            in_person=True,
            graduated_on=today - datetime.timedelta(days=rng.randint(30, 600)),
            qpv=qpv and commune.in_qpv,
            first_generation=rng.random() < 0.3,
            consent=True,
            **values,
        )
        return user

    mentees = []
    for i, ((first, last), (_, _, code, study)) in enumerate(
        zip(_names([(f, last) for f, last, *_ in MENTEES], taken), MENTEES, strict=True), start=1
    ):
        # The browser journey's two mentees meet its mentor remotely on a shared evening.
        forced = {"remote": True, "availability": ["mar-soir", "jeu-soir", "ven-aprem"]} if i in (5, 8) else {}
        mentees.append(
            mentee(f"mentore{i:02d}@{DEMO_DOMAIN}", first, last, code, study, qpv=rng.random() < 0.4, **forced)
        )

    # First wave: run, lock two pairs (one of them the demo mentor's), re-run, publish five months ago.
    for user in mentees[:FIRST_WAVE]:
        services_profiles.enrol(programme, user, Enrolment.Role.MENTEE)
    run = services_matching.run_matching(programme, manager, Mode.SCORE)
    _dated(run, first_run_on - 3 * day, published=False)
    proposals = list(run.proposals.select_related("mentor").order_by("-score", "pk"))
    mine = [p for p in proposals if p.mentor.email == MENTOR_EMAIL]
    for proposal in (mine[:1] + [p for p in proposals if p.mentor.email != MENTOR_EMAIL])[:2]:
        services_matching.set_locked(proposal, True, actor=manager)
    run = services_matching.run_matching(programme, manager, Mode.SCORE)
    first_wave = sorted(services_matching.publish_run(run, manager, today=first_run_on), key=lambda p: p.mentee.email)
    _dated(run, first_run_on - day, published=True)

    # Second wave: the late enrolments, matched with the capacity left six weeks ago.
    for user in mentees[FIRST_WAVE:]:
        services_profiles.enrol(programme, user, Enrolment.Role.MENTEE)
    run = services_matching.run_matching(programme, manager, Mode.SCORE)
    second_wave = services_matching.publish_run(run, manager, today=second_run_on) if run.matched else []
    _dated(run, second_run_on - day, published=bool(second_wave))

    # Follow-up: meetings and surveys; some pairs ended with their outcome; two fell silent.
    endings = {position: (outcome, satisfaction, days) for position, outcome, satisfaction, days in ENDINGS}
    haut_nivernais = [p for p in first_wave if _lives_in(p, HAUT_NIVERNAIS)]
    if haut_nivernais and not any(first_wave.index(p) in endings for p in haut_nivernais):
        # One mentee of the action plan's territory found a job: the plan shows a result of its own.
        endings[first_wave.index(haut_nivernais[0])] = (Outcome.JOB, 5, 40)
    steady = [i for i, p in enumerate(first_wave) if p.mentor.email != MENTOR_EMAIL and i not in endings]
    silent = {steady[i] for i in SILENT if i < len(steady)}
    for position, pair in enumerate(first_wave):
        mine = pair.mentor.email == MENTOR_EMAIL
        ending = endings.get(position) if not mine else None
        # The demo mentor's pairs stop ten days ago: his own meeting of last week comes below.
        until = today - ending[2] * day if ending else today - (10 if mine else 1) * day
        _follow_up(pair, rng, today, until=until, silent=position in silent)
        if ending:
            outcome, satisfaction, _ = ending
            services_followup.end_pair(pair, pair.mentee, outcome=outcome, satisfaction=satisfaction, today=until)
    for pair in second_wave:
        _follow_up(pair, rng, today, until=today - day, silent=False)
    for demo_pair in (p for p in first_wave if p.mentor.email == MENTOR_EMAIL):
        services_followup.log_meeting(
            demo_pair,
            demo_pair.mentor,
            date=today - 7 * day,
            duration_minutes=75,
            topics=["cv_interview", "network"],
            note="Simulation d'entretien pour le poste repéré ; prochaine étape : trois contacts à appeler.",
            today=today,
        )
    active = [p for p in first_wave if p.state == Pair.State.ACTIVE and p.mentor.email != MENTOR_EMAIL]
    if active:
        asking = active[-1]
        services_followup.request_help(
            asking,
            asking.mentee,
            "Mon mentor et moi n'arrivons plus à caler nos rendez-vous depuis qu'il a changé de poste : "
            "pouvez-vous nous aider à trouver un créneau, ou me proposer un autre mentor ?",
        )
    services_followup.check_silent_pairs(today)

    _open_programme(manager, organisation, communes, mentors, mentee, today)
    return len(first_wave) + len(second_wave)


def _dated(run: MatchingRun, computed_on: datetime.date, *, published: bool) -> None:
    """The demo's history: a run is dated the day it was computed, its publication the next morning
    (the services stamp them with the moment the demo is loaded)."""
    at = timezone.make_aware(datetime.datetime.combine(computed_on, datetime.time(16, 30)))
    stamps = {"created_at": at}
    if published:
        stamps["published_at"] = at + datetime.timedelta(hours=17)
    MatchingRun.objects.filter(pk=run.pk).update(**stamps)


def _lives_in(pair: Pair, codes: tuple[str, ...]) -> bool:
    return pair.mentee.mentee_profile.commune_id in codes


def _open_programme(manager: User, organisation: Organisation, communes, mentors, mentee, today) -> Programme | None:
    """The programme opening in three weeks, and Inès's mentee profile so that she can enrol in it."""
    epci = EPCI.objects.filter(pk=SAINT_ETIENNE_METROPOLE).first()
    if epci is None:
        return None
    starts_on = today + datetime.timedelta(days=21)
    programme = Programme.objects.create(
        name=OPEN_PROGRAMME_NAME,
        organisation=organisation,
        description=(
            "Six mois avec un ou une cadre de la métropole pour décrocher un premier emploi à la hauteur de son "
            "diplôme : réseau, candidatures, entretiens. Réservé aux jeunes diplômés de Saint-Étienne Métropole, "
            "d'abord ceux des quartiers prioritaires. Inscriptions ouvertes jusqu'au premier appariement."
        ),
        scope_kind=ScopeKind.EPCI,
        epci=epci,
        audience=Audience.QPV_FIRST,
        duration_months=6,
        meeting_every_weeks=2,
        alert_after_weeks=4,
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=275),
        max_distance_km=30,
        qpv_priority=True,
        is_demo=True,
    )
    programme.managers.add(manager)
    for key in OPEN_PROGRAMME_MENTORS:
        if key in mentors:
            services_profiles.enrol(programme, mentors[key], Enrolment.Role.MENTOR)
    taken = _taken_names()
    names = _names([(f, last) for f, last, *_ in OPEN_PROGRAMME_MENTEES], taken)
    for i, ((first, last), (_, _, code, study)) in enumerate(zip(names, OPEN_PROGRAMME_MENTEES, strict=True), 1):
        user = mentee(f"cap.mentore{i:02d}@{DEMO_DOMAIN}", first, last, code, study, qpv=True)
        services_profiles.enrol(programme, user, Enrolment.Role.MENTEE)

    ines = User.objects.filter(email=CANDIDATE_EMAIL, kind=User.Kind.CANDIDATE).first()
    if ines is not None and not hasattr(ines, "mentee_profile"):
        services_profiles.save_mentee_profile(
            ines,
            commune=communes["42218"],
            field_of_study="Master aménagement et développement local",
            field_domain="K",
            diploma_level=7,
            wished_occupations=list(RomeOccupation.objects.filter(code__in=["K1404", "K1802"])),
            languages=["fr", "en", "ar"],
            availability=["mar-soir", "jeu-soir", "sam-matin", "mer-aprem"],
            goals=["first_job", "network", "cv_interview"],
            in_person=True,
            remote=True,
            graduated_on=today - datetime.timedelta(days=300),
            qpv=True,
            consent=True,
        )
    return programme
