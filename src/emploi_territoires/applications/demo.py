"""Demo helpers of the candidate profile: `profile_data` gives a saved profile back as the profile
form would send it (the demo's follow-ups, issue 15, are in `followup.demo`)."""

from __future__ import annotations

import dataclasses

from . import services_profile
from .models import CandidateProfile, Consent


def profile_data(profile: CandidateProfile, **changes) -> services_profile.ProfileData:
    """The profile as the candidate last saved it, with `changes` (what the profile form would send)."""
    user = profile.user
    data = services_profile.ProfileData(
        first_name=user.first_name,
        last_name=user.last_name,
        commune=profile.commune,
        phone=profile.phone,
        headline=profile.headline,
        mobility_radius_km=profile.mobility_radius_km,
        occupations=list(profile.wanted_occupations.all()),
        skills=list(profile.skills),
        experience_years=profile.experience_years,
        diploma_level=profile.diploma_level,
        available_from=profile.available_from,
        remote_preference=profile.remote_preference,
        languages=list(profile.languages),
        summary=profile.summary,
        visibility=profile.visibility,
        visible_departements=list(profile.visible_departements.all()),
        visible_programmes=list(profile.visible_programmes),
        is_young_graduate=profile.is_young_graduate,
        graduated_on=profile.graduated_on,
        is_qpv_resident=profile.is_qpv_resident,
        is_job_seeker=profile.is_job_seeker,
        is_under_26=profile.is_under_26,
        has_rqth=profile.has_rqth,
        has_no_diploma=profile.has_no_diploma,
        receives_rsa=profile.receives_rsa,
        situation_consent=services_profile.has_consent(user, Consent.Purpose.SITUATION),
    )
    return dataclasses.replace(data, **changes)
