"""The demo job datings, built through the services, dated from the day the demo is loaded.

`load_demo_jobdating()` is called by `demo.loader.load_demo` once the demo organisations, advisors
and offers exist. It builds two events of the Territoire d'industrie of Saint-Étienne, both
organised by the Apec advisor who follows the Loire:

- **the past one** (`PAST_TITLE`), three weeks before the load day (a weekday): registrations
  opened five weeks before it, 5 Loire employers and 30 candidates registered, the Forges screened
  a few, the schedule was built (greedy, then the exact solver), retained and published the day
  before. `demo_day.load_demo_day` then plays its morning and records what followed: it is
  « tenu », with attendance, outcomes and ratings;
- **the coming one** (`COMING_TITLE`), three weeks after the load day: registrations open until two
  days before, 4 employers and 12 candidates already registered with their wishes, an audience
  (TI, Loire, industrial and local-development occupations) that suits the demo candidate Inès
  Haddad, who opted in to the e-mail suggestions: she finds it in her space and in her mailbox.

The past event is replayed with its own clock: every service that checks the calendar takes
`now`/`at`, so registrations happen before their deadline, the event is marked « tenu » after it
started and outcomes are recorded after their interview. Nothing is dated in absolute terms.

Every person has a distinct first and last name (`PEOPLE`): a name already used by another demo
account (demo.loader) is skipped, so agendas, lists and consoles read unambiguously.
Idempotent: an event that exists (found by its title) is left as is.
"""

from __future__ import annotations

import datetime
import random
import unicodedata
from collections.abc import Iterator

from django.db import transaction
from django.utils import timezone

from emploi_territoires.accounts.models import Membership, Organisation, User
from emploi_territoires.applications import services_profile
from emploi_territoires.applications.models import Visibility
from emploi_territoires.offers.models import Offer, OfferStatus, RomeOccupation
from emploi_territoires.territories.models import Commune, Departement

from . import services_events, services_invitations, services_registrations, services_schedule
from .models import CandidateRegistration, Event, RecruiterRegistration, ScreeningDecision
from .validation import whole_day

DEMO_DOMAIN = "demo.emploi-territoires.fr"
DEMO_PASSWORD = "demo-territoires-2026"  # noqa: S105 — the demo's published password (demo.loader)
PAST_TITLE = "Job dating de l'industrie — Saint-Étienne (démo)"
EVENT_TITLE = PAST_TITLE  # the event whose day `demo_day` plays
COMING_TITLE = "Job dating de la vallée de l'Ondaine — Firminy (démo)"
ADVISOR_EMAIL = f"conseillere.apec@{DEMO_DOMAIN}"
STAFF_EMAIL = f"admin@{DEMO_DOMAIN}"
CANDIDATE_EMAIL = f"candidate@{DEMO_DOMAIN}"  # Inès Haddad (demo.loader)
OPTED_IN_EMAILS = [CANDIDATE_EMAIL, f"yanis.benaissa@{DEMO_DOMAIN}"]
PAST_DAYS = 21
COMING_DAYS = 21

# Employers of the Loire that only job datings need (demo.loader brings the Forges de l'Ondaine and
# Saint-Étienne Métropole): (name, commune, description). Their recruiter is a person of `PEOPLE`.
LOIRE_EMPLOYERS = [
    ("Plasturgie du Gier (démo)", "42207", "Injection plastique pour l'automobile et le médical, 90 salariés."),
    ("Chaudronnerie du Pilat (démo)", "42186", "Chaudronnerie et tuyauterie industrielle, 45 salariés."),
    ("Logistique Loire Sud (démo)", "42005", "Plateforme logistique régionale, 120 salariés."),
]
# (organisation name, tables, morning only)
PAST_RECRUITERS = [
    ("Forges de l'Ondaine (démo)", 2, False),
    ("Saint-Étienne Métropole", 2, False),
    ("Plasturgie du Gier (démo)", 1, False),
    ("Chaudronnerie du Pilat (démo)", 1, False),
    ("Logistique Loire Sud (démo)", 1, True),
]
COMING_RECRUITERS = [
    ("Forges de l'Ondaine (démo)", 2, False),
    ("Saint-Étienne Métropole", 1, False),
    ("Plasturgie du Gier (démo)", 1, True),
    ("Chaudronnerie du Pilat (démo)", 1, False),
]
# Distinct first names and distinct last names; those another demo account already uses are skipped
# (`people`), and tests/core/test_demo.py checks that every demo person has a distinct name.
PEOPLE = [
    ("Amine", "Bouzid"),
    ("Camille", "Vidal"),
    ("Mamadou", "Diallo"),
    ("Océane", "Lemaire"),
    ("Rayan", "Meziane"),
    ("Manon", "Chevalier"),
    ("Bilal", "Haddouche"),
    ("Jade", "Fournier"),
    ("Lucas", "Brunet"),
    ("Sarah", "Keita"),
    ("Théo", "Marchand"),
    ("Lina", "Bensalem"),
    ("Enzo", "Garcia"),
    ("Maëlys", "Renaud"),
    ("Mehdi", "Cherif"),
    ("Clara", "Lopez"),
    ("Nathan", "Boyer"),
    ("Yasmine", "Touré"),
    ("Louis", "Mercier"),
    ("Zoé", "Petitjean"),
    ("Adam", "Benhamou"),
    ("Emma", "Collet"),
    ("Moussa", "Sow"),
    ("Inaya", "Rahmani"),
    ("Jules", "Vasseur"),
    ("Aïssatou", "Camara"),
    ("Gabriel", "Rolland"),
    ("Sofia", "Ferreira"),
    ("Ilyes", "Mebarki"),
    ("Louise", "Barbier"),
    ("Kylian", "Royer"),
    ("Salomé", "Guillot"),
    ("Ethan", "Lacroix"),
    ("Anaïs", "Besson"),
    ("Noah", "Gauthier"),
    ("Lou", "Fabre"),
    ("Samir", "Belkacem"),
    ("Jeanne", "Arnaud"),
    ("Arthur", "Dupuis"),
    ("Fatou", "Ndiaye"),
    ("Margaux", "Poulain"),
    ("Wassim", "Saidi"),
    ("Agathe", "Morel"),
    ("Ibrahim", "Coulibaly"),
    ("Romane", "Leclerc"),
    ("Nolan", "Perret"),
    ("Eva", "Hamon"),
    ("Dylan", "Schmitt"),
    ("Alice", "Huet"),
    ("Mathéo", "Rey"),
    ("Rose", "Blanchard"),
    ("Victor", "Lemoine"),
    ("Nina", "Bertin"),
    ("Malik", "Aubert"),
    ("Léna", "Carré"),
    ("Axel", "Pelletier"),
    ("Mariam", "Traoré"),
    ("Timéo", "Bonnet"),
    ("Lola", "Gaillard"),
    ("Sacha", "Da Silva"),
    ("Nour", "Hamidi"),
    ("Baptiste", "Mallet"),
    ("Capucine", "Prévost"),
    ("Youssef", "Amrani"),
    ("Elsa", "Jacquet"),
    ("Raphaël", "Buisson"),
    ("Awa", "Cissé"),
    ("Maxime", "Tessier"),
    ("Juliette", "Langlois"),
    ("Hamza", "Ouali"),
    ("Pauline", "Rivière"),
    ("Tom", "Chauvin"),
    ("Célia", "Benoît"),
    ("Antoine", "Delorme"),
]
HEADLINES = [
    ("Technicien·ne de maintenance industrielle", ["I1304"]),
    ("Tourneur-fraiseur, tourneuse-fraiseuse sur commande numérique", ["H2903"]),
    ("Soudeur, soudeuse", ["H2913"]),
    ("Cariste, préparateur ou préparatrice de commandes", ["N1101"]),
    ("Chargé·e de mission développement économique", ["K1802"]),
    ("Contrôleur, contrôleuse qualité en industrie", ["H1502"]),
]
COMMUNES = ["42218", "42095", "42207", "42186", "42044"]  # Saint-Étienne, Firminy, Saint-Chamond, Rive-de-Gier…
PAST_CANDIDATES = 30
COMING_CANDIDATES = 12
COMING_OCCUPATIONS = ["I1304", "H2903", "H2913", "H1502", "N1101", "K1404", "K1802"]


# --- People --------------------------------------------------------------------------------------


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().replace(" ", "-")


def email_of(first: str, last: str) -> str:
    return f"{_ascii(first)}.{_ascii(last)}@{DEMO_DOMAIN}"


def people() -> Iterator[tuple[str, str]]:
    """`PEOPLE` in order, without those whose last name another account already carries (so no two
    people share a name, and lists sorted by last name never mix two people up). An account of the
    same name and e-mail is this person from an earlier run."""
    for first, last in PEOPLE:
        if not User.objects.filter(last_name=last).exclude(email=email_of(first, last)).exists():
            yield first, last


def _working_day(day: datetime.date, step: int) -> datetime.date:
    """`day`, or the nearest weekday in the direction of `step` (-1 or +1): job datings are on weekdays."""
    while day.weekday() >= 5:
        day += datetime.timedelta(days=step)
    return day


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _employer(name: str, code: str, description: str, person: tuple[str, str]) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(
        name=name,
        is_demo=True,
        defaults={"kind": Organisation.Kind.ENTREPRISE, "commune_id": code, "description": description},
    )
    if not organisation.memberships.exists():
        first, last = person
        user = User.objects.filter(email=email_of(first, last)).first() or User.objects.create_user(
            email=email_of(first, last),
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            kind=User.Kind.PROFESSIONAL,
        )
        Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": Membership.Role.ADMIN})
        if user.current_organisation_id is None:
            user.current_organisation = organisation
            user.save(update_fields=["current_organisation"])
    return organisation


def _candidate(first: str, last: str, n: int, rng: random.Random) -> User:
    email = email_of(first, last)
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=DEMO_PASSWORD, first_name=first, last_name=last, kind=User.Kind.CANDIDATE
        )
    if not hasattr(user, "candidate_profile"):
        headline, romes = HEADLINES[n % len(HEADLINES)]
        commune = Commune.objects.get(pk=COMMUNES[n % len(COMMUNES)])
        young = n % 4 == 0
        today = timezone.localdate()
        services_profile.save_profile(
            user,
            services_profile.ProfileData(
                first_name=first,
                last_name=last,
                commune=commune,
                headline=headline,
                occupations=list(RomeOccupation.objects.filter(code__in=romes)),
                skills=["travail en équipe", "sécurité"],
                experience_years=1 if young else rng.randint(2, 12),
                summary=f"{headline}, disponible rapidement, dans la Loire.",
                visibility=Visibility.TERRITORIES,
                visible_departements=[commune.departement],
                is_young_graduate=young,
                graduated_on=today - datetime.timedelta(days=300) if young else None,
                situation_consent=young,
                profile_consent=True,
            ),
        )
    return user


# --- Events --------------------------------------------------------------------------------------


def _register_recruiters(
    event: Event, specs: list[tuple[str, int, bool]], staff: User, now: datetime.datetime
) -> list[RecruiterRegistration]:
    registrations = []
    for name, tables, morning in specs:
        organisation = Organisation.objects.get(name=name)
        member = organisation.memberships.select_related("user").order_by("pk").first()
        offers = Offer.objects.filter(organisation=organisation, status=OfferStatus.PUBLISHED).order_by("pk")[:3]
        registrations.append(
            services_registrations.register_recruiter(
                event,
                actor=staff,
                organisation=organisation,
                offers=list(offers),
                tables=tables,
                availability=[[0, 7]] if morning else whole_day(event),
                contact=member.user if member else None,
                now=now,
            )
        )
    return registrations


def _register_candidates(
    event: Event,
    candidates: list[User],
    recruiters: list[RecruiterRegistration],
    rng: random.Random,
    now: datetime.datetime,
) -> list[CandidateRegistration]:
    registrations = []
    for n, user in enumerate(candidates, start=1):
        morning = n % 3 == 0
        registration = services_registrations.register_candidate(
            event, user=user, availability=[[0, 7]] if morning else whole_day(event), now=now
        )
        chosen = rng.sample(recruiters, rng.randint(3, min(5, len(recruiters))))
        services_registrations.set_wishes(registration, {r.pk: rank for rank, r in enumerate(chosen, start=1)}, now=now)
        registrations.append(registration)
    return registrations


def _past_event(advisor: User, staff: User, candidates: list[User], rng: random.Random) -> int:
    """Built as it happened: each step at its own moment, up to the schedule published the day before."""
    date = _working_day(timezone.localdate() - datetime.timedelta(days=PAST_DAYS), -1)
    event = services_events.create_event(
        actor=advisor,
        is_demo=True,
        values={
            "title": PAST_TITLE,
            "description": (
                "Une matinée pour rencontrer les industriels et les collectivités qui recrutent dans le "
                "Territoire d'industrie de Saint-Étienne Métropole : entretiens de 15 minutes, planifiés "
                "selon vos choix."
            ),
            "commune": Commune.objects.get(pk="42218"),
            "address": "Cité du design, 3 rue Javelin-Pagnon, 42000 Saint-Étienne",
            "meeting_url": "",
            "date": date,
            "first_slot_time": datetime.time(9, 0),
            "slot_minutes": 15,
            "slot_count": 16,
            "breaks": [8],
            "min_gap": 1,
            "registration_deadline": _at(date - datetime.timedelta(days=2), 18),
            "target_programmes": ["ti"],
            "capacity": 40,
        },
        target_departements=[Departement.objects.get(pk="42")],
        target_occupations=list(RomeOccupation.objects.filter(code__in=[c for _, codes in HEADLINES for c in codes])),
    )
    opened = _at(date - datetime.timedelta(days=35), 10)
    services_events.open_registration(event, actor=advisor, now=opened)
    registered = _at(date - datetime.timedelta(days=10), 11)
    recruiters = _register_recruiters(event, PAST_RECRUITERS, staff, opened + datetime.timedelta(days=2))
    _register_candidates(event, candidates, recruiters, rng, registered)
    forges = recruiters[0]
    forges_actor = forges.contact or staff
    for k, wish in enumerate(forges.wishes.select_related("candidate_registration").order_by("pk")[:4]):
        decision = ScreeningDecision.REFUSED if k == 3 else ScreeningDecision.PREFERRED
        services_registrations.screen_candidate(forges, wish.candidate_registration, decision, actor=forges_actor)
    run = services_schedule.start_schedule_run(event, actor=advisor, at_least_one=True)
    # The demo does not wait for a worker: the run is computed here (the queued task then finds it done).
    run = services_schedule.run_schedule(run.pk)
    services_schedule.accept_run(run, actor=advisor, now=_at(date - datetime.timedelta(days=1), 9))
    services_events.publish_schedule(event, actor=advisor, now=_at(date - datetime.timedelta(days=1), 10))
    return run.interviews.count()


def _coming_event(advisor: User, staff: User, candidates: list[User], rng: random.Random) -> Event:
    """Registrations open now: some employers and candidates already in, invitations sent."""
    date = _working_day(timezone.localdate() + datetime.timedelta(days=COMING_DAYS), +1)
    event = services_events.create_event(
        actor=advisor,
        is_demo=True,
        values={
            "title": COMING_TITLE,
            "description": (
                "Un après-midi pour rencontrer les industriels de la vallée de l'Ondaine et du Gier, et "
                "Saint-Étienne Métropole qui recrute ses chargés de mission : entretiens de 20 minutes, "
                "planifiés selon vos choix."
            ),
            "commune": Commune.objects.get(pk="42095"),
            "address": "Maison de la culture Le Corbusier, boulevard Périphérique du Stade, 42700 Firminy",
            "meeting_url": "",
            "date": date,
            "first_slot_time": datetime.time(14, 0),
            "slot_minutes": 20,
            "slot_count": 12,
            "breaks": [6],
            "min_gap": 1,
            "registration_deadline": _at(date - datetime.timedelta(days=2), 18),
            "target_programmes": ["ti"],
            "capacity": 60,
        },
        target_departements=[Departement.objects.get(pk="42")],
        target_occupations=list(RomeOccupation.objects.filter(code__in=COMING_OCCUPATIONS)),
    )
    for email in OPTED_IN_EMAILS:
        user = User.objects.filter(email=email, candidate_profile__isnull=False).first()
        if user is not None:
            services_invitations.opt_in(user)
    now = timezone.now()
    services_events.open_registration(event, actor=advisor, now=now)
    recruiters = _register_recruiters(event, COMING_RECRUITERS, staff, now)
    _register_candidates(event, candidates, recruiters, rng, now)
    # What the queued task does once the demo is committed (it then finds everyone already invited).
    services_invitations.send_invitations(event, now=now)
    return event


def load_demo_jobdating(seed: int = 2026) -> int:
    """Create the demo events if missing; the number of interviews in the past event's schedule (0 if it existed)."""
    if Event.objects.filter(title__in=[PAST_TITLE, COMING_TITLE], is_demo=True).count() == 2:
        # Already loaded. Picking names again would not be stable: loaders that ran after this one
        # may since have taken some of them, and the next free ones would be new people.
        return 0
    advisor = User.objects.get(email=ADVISOR_EMAIL)
    staff = User.objects.get(email=STAFF_EMAIL)
    rng = random.Random(seed)  # noqa: S311 - demo data
    names = people()
    employers = [_employer(name, code, text, next(names)) for name, code, text in LOIRE_EMPLOYERS]
    assert len(employers) == len(LOIRE_EMPLOYERS)
    interviews = 0
    with transaction.atomic():
        past = [_candidate(*next(names), n, rng) for n in range(1, PAST_CANDIDATES + 1)]
        if not Event.objects.filter(title=PAST_TITLE, is_demo=True).exists():
            interviews = _past_event(advisor, staff, past, rng)
        first = PAST_CANDIDATES + 1
        coming = [_candidate(*next(names), n, rng) for n in range(first, first + COMING_CANDIDATES)]
        if not Event.objects.filter(title=COMING_TITLE, is_demo=True).exists():
            _coming_event(advisor, staff, coming, rng)
    return interviews


def walk_in_person() -> tuple[str, str]:
    """The name of the walk-in of the past event's morning (`demo_day`): the next free one."""
    names = people()
    for _ in range(len(LOIRE_EMPLOYERS) + PAST_CANDIDATES + COMING_CANDIDATES):
        next(names)
    return next(names)
