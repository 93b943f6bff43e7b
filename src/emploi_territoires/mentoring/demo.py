"""The mentoring demo: a programme in the Loire and the Nièvre with 20 mentors and 40 mentees.

`load_demo_mentoring()` is called by `core.demo.load_demo` after the demo organisations and users
exist; it also works alone (it creates what it needs). Everything goes through `mentoring.services`:
profiles, enrolments, a matching run, two locked pairs, a re-run, publication (introduction
e-mails), a meeting logged by the demo mentor and one pair ended with a job. Idempotent: when the
programme exists, nothing changes.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from emploi_territoires.accounts.models import Organisation, User
from emploi_territoires.core.demo import DEMO_DOMAIN, DEMO_PASSWORD
from emploi_territoires.offers.models import RomeOccupation
from emploi_territoires.territories.models import Commune

from . import services
from .matching.pairs import SLOTS, TOPICS
from .models import Enrolment, Mode, Outcome, Programme

PROGRAMME_NAME = "Premiers pas pro — jeunes diplômés de la Loire et de la Nièvre (démo)"
ORGANISATION_NAME = "Mentorat Loire Sud (association, démo)"
MANAGER_EMAIL = f"programme.mentorat@{DEMO_DOMAIN}"
MENTOR_EMAIL = f"mentor@{DEMO_DOMAIN}"

# Real communes of the two demo territories (INSEE codes), the bigger ones more often.
COMMUNES = {
    "42218": 6, "42095": 2, "42187": 3, "42207": 2, "42186": 1, "42147": 1, "42005": 1,  # Loire
    "58194": 4, "58079": 2, "58086": 1, "58095": 1, "58062": 1,  # Nièvre
}  # fmt: skip
MENTOR_OCCUPATIONS = [
    "M1805", "M1203", "M1503", "K1802", "H1206", "D1406", "E1103", "J1506", "F1106", "M1707",
    "K2111", "N1301", "M1402", "H2502", "I1102", "M1403", "C1206", "K1206", "G1402", "M1302",
]  # fmt: skip
FIRST_NAMES = [
    "Camille", "Nadia", "Thomas", "Yasmine", "Julien", "Sarah", "Mehdi", "Léa", "Antoine", "Fatou", "Hugo", "Inès",
    "Lucas", "Aïcha", "Maxime", "Chloé", "Rayan", "Manon", "Bilal", "Emma", "Nathan", "Salomé", "Karim", "Zoé",
]  # fmt: skip
LAST_NAMES = [
    "Martin", "Benali", "Durand", "Nguyen", "Moreau", "Diallo", "Lefebvre", "Haddad", "Girard", "Traoré",
    "Roux", "Mercier", "Fontaine", "Chevalier", "Bonnet", "Lambert", "Ferhat", "Garnier", "Perrin", "Morel",
]  # fmt: skip
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
]
EVENING_AND_SATURDAY = ["mar-soir", "jeu-soir", "lun-soir", "mer-soir", "sam-matin"]


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


@transaction.atomic
def load_demo_mentoring(seed: int = 2026) -> int:
    """Create the demo programme and its pairs; returns the number of pairs published (0 if already there)."""
    if Programme.objects.filter(name=PROGRAMME_NAME, is_demo=True).exists():
        return 0
    rng = random.Random(seed)  # noqa: S311 - demo data
    communes = {c.pk: c for c in Commune.objects.filter(pk__in=COMMUNES, latitude__isnull=False)}
    if "42218" not in communes:
        return 0  # the geography is not loaded: nothing sensible to show
    codes = [c for c in COMMUNES if c in communes]
    weights = [COMMUNES[c] for c in codes]
    occupations = {o.code: o for o in RomeOccupation.objects.filter(code__in=MENTOR_OCCUPATIONS)}
    wished_codes = {code for _, _, codes_ in STUDIES for code in codes_}
    wished = {o.code: o for o in RomeOccupation.objects.filter(code__in=wished_codes)}
    if len(occupations) < len(MENTOR_OCCUPATIONS) // 2:
        return 0  # the ROME referential is not loaded

    manager = _user(MANAGER_EMAIL, "Sandrine", "Chazal", User.Kind.PROFESSIONAL)
    organisation = _organisation(communes["42218"])
    today = timezone.localdate()
    started = today - datetime.timedelta(days=21)
    programme = Programme.objects.create(
        name=PROGRAMME_NAME,
        organisation=organisation,
        description=(
            "Des cadres bénévoles accompagnent pendant six mois de jeunes diplômés de la Loire et de la Nièvre, "
            "d'abord ceux des quartiers prioritaires et des petites villes, vers leur premier emploi."
        ),
        audience="qpv_first",
        duration_months=6,
        meeting_every_weeks=2,
        alert_after_weeks=4,
        starts_on=started - datetime.timedelta(days=14),
        ends_on=started + datetime.timedelta(days=200),
        max_distance_km=40,
        qpv_priority=True,
        is_demo=True,
    )
    programme.managers.add(manager)

    mentor_codes = list(occupations)
    for i in range(20):
        if i == 0:
            user = _user(MENTOR_EMAIL, "Philippe", "Garnier", User.Kind.MENTOR)
            commune = communes["42218"]
        else:
            user = _user(
                f"mentor{i:02d}@{DEMO_DOMAIN}", rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES), User.Kind.MENTOR
            )
            commune = communes[rng.choices(codes, weights=weights)[0]]
        services.save_mentor_profile(
            user,
            commune=commune,
            occupation=occupations[mentor_codes[i % len(mentor_codes)]],
            experience_years=rng.randint(8, 30),
            capacity=rng.choice([1, 2, 2, 3]) if i else 2,
            languages=["fr", "en"] if rng.random() < 0.4 else ["fr"],
            availability=rng.sample(EVENING_AND_SATURDAY, rng.randint(2, 4)) if i else EVENING_AND_SATURDAY,
            topics=rng.sample(list(TOPICS), rng.randint(2, 4)) if i else ["first_job", "cv_interview", "network"],
            in_person=True,
            remote=rng.random() < 0.6 if i else True,
        )
        services.enrol(programme, user, Enrolment.Role.MENTOR)

    for i in range(1, 41):
        user = _user(
            f"mentore{i:02d}@{DEMO_DOMAIN}", rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES), User.Kind.CANDIDATE
        )
        study, domain, study_codes = rng.choice(STUDIES)
        qpv = rng.random() < 0.3
        services.save_mentee_profile(
            user,
            commune=communes[rng.choices(codes, weights=weights)[0]],
            field_of_study=study,
            field_domain=domain,
            diploma_level=rng.choice([5, 6, 6, 7, 7]),
            wished_occupations=[wished[c] for c in study_codes if c in wished],
            languages=["fr", "ar"] if rng.random() < 0.1 else ["fr"],
            availability=rng.sample(list(SLOTS[:15]) + EVENING_AND_SATURDAY, rng.randint(3, 7)),
            goals=rng.sample(list(TOPICS), rng.randint(1, 3)),
            in_person=True,
            remote=rng.random() < 0.7,
            graduated_on=today - datetime.timedelta(days=rng.randint(30, 600)),
            qpv=qpv,
            first_generation=rng.random() < 0.3,
            consent=True,
        )
        services.enrol(programme, user, Enrolment.Role.MENTEE)

    # The manager's review: run, lock two pairs (one of them the demo mentor's), re-run, publish.
    run = services.run_matching(programme, manager, Mode.SCORE)
    proposals = list(run.proposals.select_related("mentor").order_by("-score", "pk"))
    mine = [p for p in proposals if p.mentor.email == MENTOR_EMAIL]
    to_lock = (mine[:1] + [p for p in proposals if p.mentor.email != MENTOR_EMAIL])[:2]
    for proposal in to_lock:
        services.set_locked(proposal, True)
    run = services.run_matching(programme, manager, Mode.SCORE)
    pairs = services.publish_run(run, manager, today=started)

    # Follow-up: the demo mentor logs a meeting; another pair ended early with a job.
    demo_pair = next((p for p in pairs if p.mentor.email == MENTOR_EMAIL), pairs[0])
    services.log_meeting(
        demo_pair,
        demo_pair.mentor,
        date=today - datetime.timedelta(days=7),
        duration_minutes=75,
        topics=["cv_interview", "network"],
        note="Relecture du CV ; prochaine étape : trois contacts à appeler avant notre prochain rendez-vous.",
        today=today,
    )
    other = next((p for p in pairs if p.pk != demo_pair.pk), None)
    if other is not None:
        services.end_pair(other, other.mentee, outcome=Outcome.JOB, satisfaction=5, today=today)
    return len(pairs)
