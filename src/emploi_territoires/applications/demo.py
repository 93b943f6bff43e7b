"""The accompaniment demo: demo candidates name their advisor (« la personne qui m'accompagne »).

`load_demo_accompaniment()` runs from `core.demo.load_demo` once the demo candidates have their
profiles. Isabelle Perrin (conseillere.apec, Apec, follows the Loire and the Nièvre) is named by the
demo candidates of her territory, Inès Haddad first, so her page « Candidats que j'accompagne »
lists people and their applications. The candidate's own choice is made through
`services_profile.save_profile` (validated: the advisor must follow the candidate's commune;
audited as `advisor_changed`). Idempotent: a candidate who already names an advisor is left as is.
"""

from __future__ import annotations

from django.db import transaction

from emploi_territoires.accounts.models import User

from . import services_profile
from .models import CandidateProfile, Consent

DEMO_DOMAIN = "demo.emploi-territoires.fr"
ADVISOR_EMAIL = f"conseillere.apec@{DEMO_DOMAIN}"
# The candidates of core.demo's DEMO_CANDIDATES who are accompanied, Inès first; those outside the
# advisor's territory (or without a profile) are skipped.
ACCOMPANIED = ("candidate", "yanis.benaissa", "lea.girard", "mathis.roche", "chloe.martin")


def profile_data(profile: CandidateProfile, **changes) -> services_profile.ProfileData:
    """The profile as the candidate last saved it, with `changes` (what the profile form would send)."""
    user = profile.user
    values = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "commune": profile.commune,
        "phone": profile.phone,
        "headline": profile.headline,
        "mobility_radius_km": profile.mobility_radius_km,
        "occupations": list(profile.wanted_occupations.all()),
        "skills": list(profile.skills),
        "experience_years": profile.experience_years,
        "diploma_level": profile.diploma_level,
        "available_from": profile.available_from,
        "remote_preference": profile.remote_preference,
        "languages": list(profile.languages),
        "summary": profile.summary,
        "visibility": profile.visibility,
        "visible_departements": list(profile.visible_departements.all()),
        "visible_programmes": list(profile.visible_programmes),
        "is_young_graduate": profile.is_young_graduate,
        "graduated_on": profile.graduated_on,
        "is_qpv_resident": profile.is_qpv_resident,
        "is_job_seeker": profile.is_job_seeker,
        "is_under_26": profile.is_under_26,
        "has_rqth": profile.has_rqth,
        "has_no_diploma": profile.has_no_diploma,
        "receives_rsa": profile.receives_rsa,
        "situation_consent": services_profile.has_consent(user, Consent.Purpose.SITUATION),
        "followed_by": profile.followed_by,
    }
    values.update(changes)
    return services_profile.ProfileData(**values)


@transaction.atomic
def load_demo_accompaniment() -> int:
    """The demo candidates of the Apec advisor's territory name her; returns how many now do."""
    advisor = User.objects.filter(email=ADVISOR_EMAIL).first()
    if advisor is None:
        return 0
    named = 0
    for local in ACCOMPANIED:
        profile = (
            CandidateProfile.objects.select_related("user", "commune", "followed_by")
            .filter(user__email=f"{local}@{DEMO_DOMAIN}")
            .first()
        )
        if profile is None or profile.followed_by_id is not None:
            continue
        if advisor not in services_profile.advisors_for(profile.commune):
            continue  # she does not follow this candidate's commune: the service would refuse
        services_profile.save_profile(profile.user, profile_data(profile, followed_by=advisor))
        named += 1
    return named
