"""The VTA's check at publication: only an eligible employer publishes a VTA offer.

Registered with `offers.publication.register_check` by vta/apps.py, so every publication (editor,
review, API, admin, demo) refuses a VTA offer of a non-eligible employer, with the reason and the
route in French. The offer's own conditions (duration, working time, pay, diploma, mission) are the
assistant's VTA rules (offers/assistant/vta_rules.py), blocking as every error-level finding.
"""

from __future__ import annotations

from django.urls import reverse

from emploi_territoires.offers.models import Offer
from emploi_territoires.offers.publication import PublicationProblem, is_vta

from .eligibility import eligibility_for


def employer_eligibility(offer: Offer) -> list[PublicationProblem]:
    if not is_vta(offer):
        return []
    result = eligibility_for(offer.organisation)
    if result.eligible:
        return []
    return [
        PublicationProblem(
            "contract_type",
            "",
            f"Seul un employeur éligible publie une offre de VTA : {result.reason.rstrip('.')}. {result.route} "
            f"(voir « Êtes-vous éligible au VTA ? », {reverse('vta:eligibility')})",
        )
    ]
