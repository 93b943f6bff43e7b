"""The demo job dating: a Territoire d'industrie event in Saint-Étienne, built through the services.

`load_demo_jobdating()` is called by `core.demo.load_demo` once the demo organisations, advisors
and offers exist. The Apec advisor who follows the Loire creates the event; 6 recruiters register
with their published offers; 30 candidates (extra demo accounts candidat.jd01 … jd30) register,
rank 3 to 5 recruiters, some for the morning only; the Forges screen a few; the schedule is built
(greedy, then the exact solver) and retained. Idempotent: nothing happens if the event exists.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from emploi_territoires.accounts.models import Organisation, User
from emploi_territoires.applications import services_profile
from emploi_territoires.applications.models import Visibility
from emploi_territoires.offers.models import Offer, OfferStatus, RomeOccupation
from emploi_territoires.territories.models import Commune

from . import services
from .models import Event, ScreeningDecision

DEMO_DOMAIN = "demo.emploi-territoires.fr"
DEMO_PASSWORD = "demo-territoires-2026"  # noqa: S105 — the demo's published password (core.demo)
EVENT_TITLE = "Job dating de l'industrie — Saint-Étienne (démo)"
ADVISOR_EMAIL = f"conseillere.apec@{DEMO_DOMAIN}"
STAFF_EMAIL = f"admin@{DEMO_DOMAIN}"
# (organisation name, tables, morning only)
RECRUITERS = [
    ("Forges de l'Ondaine (démo)", 2, False),
    ("Saint-Étienne Métropole", 2, False),
    ("Mécanique de précision du Grand Chalon (démo)", 1, False),
    ("Aveyron Composites (démo)", 1, True),
    ("Porcelaine du Limousin (démo)", 1, False),
    ("Logistique Plaine Saint-Denis (démo)", 1, False),
]
FIRST_NAMES = ["Yanis", "Lina", "Mehdi", "Chloé", "Rayan", "Manon", "Bilal", "Jade", "Lucas", "Sarah"]
LAST_NAMES = ["Amrani", "Chevalier", "Diallo", "Fournier", "Garcia", "Henry", "Keita", "Lopez", "Mercier", "Petit"]
HEADLINES = [
    ("Technicien de maintenance industrielle", ["I1304"]),
    ("Opératrice sur machine à commande numérique", ["H2903"]),
    ("Soudeur", ["H2913"]),
    ("Cariste, préparateur de commandes", ["N1101"]),
    ("Chargée de mission développement économique", ["M1403"]),
    ("Contrôleur qualité en industrie", ["H1502"]),
]
COMMUNES = ["42218", "42095", "42207"]  # Saint-Étienne, Firminy, Saint-Chamond
CANDIDATES = 30


def _candidate(n: int, rng: random.Random) -> User:
    email = f"candidat.jd{n:02d}@{DEMO_DOMAIN}"
    user = User.objects.filter(email=email).first()
    first, last = FIRST_NAMES[n % len(FIRST_NAMES)], LAST_NAMES[(n * 3) % len(LAST_NAMES)]
    if user is None:
        user = User.objects.create_user(
            email=email, password=DEMO_PASSWORD, first_name=first, last_name=last, kind=User.Kind.CANDIDATE
        )
    if not hasattr(user, "candidate_profile"):
        headline, romes = HEADLINES[n % len(HEADLINES)]
        commune = Commune.objects.filter(pk__in=COMMUNES).order_by("pk")[n % len(COMMUNES)]
        young = n % 4 == 0
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
                graduated_on=timezone.localdate().replace(year=timezone.localdate().year - 1) if young else None,
                situation_consent=young,
                profile_consent=True,
            ),
        )
    return user


def load_demo_jobdating(seed: int = 2026) -> int:
    """Create the demo event if missing; return the number of interviews in its retained schedule (0 if it existed)."""
    if Event.objects.filter(title=EVENT_TITLE, is_demo=True).exists():
        return 0
    advisor = User.objects.get(email=ADVISOR_EMAIL)
    staff = User.objects.get(email=STAFF_EMAIL)
    rng = random.Random(seed)  # noqa: S311 - demo data
    date = timezone.localdate() + datetime.timedelta(days=21)
    with transaction.atomic():
        event = services.create_event(
            actor=advisor,
            is_demo=True,
            values={
                "title": EVENT_TITLE,
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
                "registration_deadline": timezone.make_aware(
                    datetime.datetime.combine(date - datetime.timedelta(days=2), datetime.time(18, 0))
                ),
                "target_programmes": ["ti"],
                "capacity": 40,
            },
        )
        services.open_registration(event, actor=advisor)
        recruiters = []
        for name, tables, morning in RECRUITERS:
            organisation = Organisation.objects.get(name=name)
            member = organisation.memberships.order_by("pk").first()
            offers = Offer.objects.filter(organisation=organisation, status=OfferStatus.PUBLISHED).order_by("pk")[:3]
            recruiters.append(
                services.register_recruiter(
                    event,
                    actor=staff,
                    organisation=organisation,
                    offers=list(offers),
                    tables=tables,
                    availability=[[0, 7]] if morning else services.whole_day(event),
                    contact=member.user if member else None,
                )
            )
        for n in range(1, CANDIDATES + 1):
            user = _candidate(n, rng)
            morning = n % 3 == 0
            registration = services.register_candidate(
                event, user=user, availability=[[0, 7]] if morning else services.whole_day(event)
            )
            chosen = rng.sample(recruiters, rng.randint(3, 5))
            services.set_wishes(registration, {r.pk: rank for rank, r in enumerate(chosen, start=1)})
        forges = recruiters[0]
        forges_actor = forges.contact or staff
        for k, wish in enumerate(forges.wishes.select_related("candidate_registration").order_by("pk")[:4]):
            decision = ScreeningDecision.REFUSED if k == 3 else ScreeningDecision.PREFERRED
            services.screen_candidate(forges, wish.candidate_registration, decision, actor=forges_actor)
        run = services.start_schedule_run(event, actor=advisor, at_least_one=True)
    # The demo does not wait for a worker: the run is computed here (the queued task then finds it done).
    run = services.run_schedule(run.pk)
    services.accept_run(run, actor=advisor)
    return run.interviews.count()
