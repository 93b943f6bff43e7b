"""The follow-up demo (issue 15), loaded by `demo.loader.load_demo` once candidates and advisors exist.

- The Mission locale Nevers Sud Nivernais (démo) covers the Nièvre; its advisor Julie Marchetti
  (conseiller.missionlocale@) is an admin of it.
- Lina Mansouri (lina.mansouri@), 22, lives in Nevers (a commune with a QPV), registered job seeker,
  declared her situation (QPV « vérifié », under 26, job seeker, no diploma) with her consent. The
  mission locale opened her follow-up with her recorded consent 5 weeks ago; the Apec advisor
  Isabelle Perrin (conseillere.apec@) joined it. Notes (one private to the mission locale, two
  shared), a held appointment and the next one in four days.
- The Apec advisor also accompanies the demo candidates of her territory (the Loire and the
  Nièvre), Inès Haddad first — what `CandidateProfile.followed_by` said before issue 15 — so her
  page « Candidats que j'accompagne » and her caseload list them.

Everything goes through `followup.services` (and the profile service); idempotent.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from emploi_territoires.accounts.models import Membership, Organisation, User
from emploi_territoires.accounts.permissions import advisor_follows
from emploi_territoires.applications import services_profile
from emploi_territoires.applications.models import CandidateProfile
from emploi_territoires.territories.models import Commune, Departement

from . import services
from .models import FollowUp, Note, StartReason, StructureTerritory, SupportStructure

DEMO_DOMAIN = "demo.emploi-territoires.fr"
DEMO_PASSWORD = "demo-territoires-2026"  # noqa: S105 — the demo's published password (demo.loader)
APEC_ADVISOR_EMAIL = f"conseillere.apec@{DEMO_DOMAIN}"
ML_ADVISOR_EMAIL = f"conseiller.missionlocale@{DEMO_DOMAIN}"
PERSON_EMAIL = f"lina.mansouri@{DEMO_DOMAIN}"
MISSION_LOCALE = "Mission locale Nevers Sud Nivernais (démo)"
# The demo candidates the Apec advisor accompanies when they live in her territory, Inès first.
ACCOMPANIED = ("candidate", "yanis.benaissa", "lea.girard", "mathis.roche", "chloe.martin")


def _mission_locale() -> Organisation:
    nevers = Commune.objects.get(pk="58194")
    organisation, _ = Organisation.objects.get_or_create(
        name=MISSION_LOCALE,
        defaults={
            "kind": Organisation.Kind.MISSION_LOCALE,
            "commune": nevers,
            "is_demo": True,
            "description": "Accompagne les jeunes de 16 à 25 ans du sud de la Nièvre vers l'emploi et la formation.",
        },
    )
    StructureTerritory.objects.get_or_create(organisation=organisation, departement=Departement.objects.get(pk="58"))
    SupportStructure.objects.get_or_create(
        organisation=organisation,
        defaults={
            "public_description": "Accueil sans rendez-vous le mardi et le jeudi matin, 9 rue du Pont-Cizeau, Nevers."
        },
    )
    return organisation


def _user(email: str, first: str, last: str, kind: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=DEMO_PASSWORD, first_name=first, last_name=last, kind=kind
        )
    return user


def _lina() -> User:
    user = _user(PERSON_EMAIL, "Lina", "Mansouri", User.Kind.CANDIDATE)
    if not CandidateProfile.objects.filter(user=user).exists():
        nevers = Commune.objects.get(pk="58194")
        services_profile.save_profile(
            user,
            services_profile.ProfileData(
                first_name="Lina",
                last_name="Mansouri",
                commune=nevers,
                headline="Préparatrice de commandes, cherche un CDI en logistique",
                skills=["préparation de commandes", "CACES 1", "inventaire"],
                experience_years=1,
                summary="Deux missions d'intérim en entrepôt à Nevers ; je passe le CACES 3 en janvier.",
                is_qpv_resident=nevers.in_qpv,  # the programme lists may not be imported (tests)
                is_job_seeker=True,
                is_under_26=True,
                has_no_diploma=True,
                situation_consent=True,
                profile_consent=True,
            ),
        )
    return user


@transaction.atomic
def load_demo_followups(now: datetime.datetime | None = None) -> int:
    """Create the demo's follow-ups; returns how many follow-ups the demo has (0 without the advisors)."""
    now = now or timezone.now()
    apec_advisor = User.objects.filter(email=APEC_ADVISOR_EMAIL).first()
    apec = (
        Organisation.objects.filter(memberships__user=apec_advisor, kind=Organisation.Kind.APEC).first()
        if apec_advisor
        else None
    )
    if apec_advisor is None or apec is None:
        return 0
    mission_locale = _mission_locale()
    ml_advisor = _user(ML_ADVISOR_EMAIL, "Julie", "Marchetti", User.Kind.PROFESSIONAL)
    Membership.objects.get_or_create(
        user=ml_advisor, organisation=mission_locale, defaults={"role": Membership.Role.ADMIN}
    )
    if ml_advisor.current_organisation_id is None:
        ml_advisor.current_organisation = mission_locale
        ml_advisor.save(update_fields=["current_organisation"])

    lina = _lina()
    if not FollowUp.objects.filter(person=lina).exists():
        opened = now - datetime.timedelta(weeks=5)
        followup = services.open_followup(
            ml_advisor,
            lina,
            organisation=mission_locale,
            start_reason=StartReason.JOB_SEARCH,
            start_comment="Premier emploi stable dans la logistique ; pas de permis de conduire.",
            consent_recorded=True,
            now=opened,
        ).followup
        first = services.add_note(
            ml_advisor,
            followup,
            "Premier entretien : Lina vise un CDI de préparatrice de commandes. Freins : pas de permis, "
            "horaires de bus le soir. Aide à la mobilité demandée (carte de bus).",
            visibility="structure",
            is_contact=True,
            now=opened,
        )
        Note.objects.filter(pk=first.pk).update(created_at=opened)  # the demo's past, dated
        services.open_followup(
            apec_advisor,
            lina,
            organisation=apec,
            consent_recorded=True,
            now=opened + datetime.timedelta(days=7),
        )
        held = services.plan_appointment(
            apec_advisor,
            followup,
            starts_at=opened + datetime.timedelta(days=14, hours=2),
            channel="video",
            place="Lien envoyé par e-mail",
            subject="Atelier CV et lettre de motivation",
            now=opened + datetime.timedelta(days=7),
        )
        services.set_appointment_status(apec_advisor, held, "held", now=now)
        services.add_note(
            apec_advisor,
            followup,
            "CV refait ensemble : expériences d'intérim mises en avant, CACES 1 en tête. À envoyer aux "
            "entreprises de la zone d'activités de Nevers.",
            visibility="group",
        )
        services.add_note(
            ml_advisor,
            followup,
            "Inscription au CACES 3 confirmée pour janvier (financement région). Lina reçoit les offres de "
            "la plateforme logistique de Varennes-Vauzelles.",
            visibility="group",
            is_contact=True,
            now=now - datetime.timedelta(days=6),
        )
        next_day = timezone.localdate(now) + datetime.timedelta(days=4)
        services.plan_appointment(
            ml_advisor,
            followup,
            starts_at=timezone.make_aware(datetime.datetime.combine(next_day, datetime.time(10, 0))),
            place="Mission locale, 9 rue du Pont-Cizeau, Nevers",
            subject="Point avant le CACES 3 et candidatures envoyées",
            now=now,
        )

    # The Apec advisor accompanies the demo candidates of her territory (formerly « followed_by »).
    for local in ACCOMPANIED:
        profile = (
            CandidateProfile.objects.select_related("user", "commune")
            .filter(user__email=f"{local}@{DEMO_DOMAIN}")
            .first()
        )
        if profile is None or not advisor_follows(apec_advisor, profile.commune):
            continue
        if FollowUp.objects.filter(person=profile.user).exists():
            continue
        services.open_followup(
            apec_advisor,
            profile.user,
            organisation=apec,
            start_reason=StartReason.JOB_SEARCH,
            consent_recorded=True,
            now=now - datetime.timedelta(weeks=3),
        )
    # followup-actions' part: a prescription Lina accepted, a job-dating registration (demo_proposals).
    from .demo_proposals import load_demo_proposals

    load_demo_proposals(now)
    return FollowUp.objects.filter(ended_at__isnull=True).count()
