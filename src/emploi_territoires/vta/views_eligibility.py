"""« Êtes-vous éligible au VTA ? »: the eligibility of the organisation the person acts for, and a
check open to everybody (a commune and a legal nature), before writing a VTA offer.

Reads only (GET): nothing is written. The rule is vta/eligibility.py; the figures its data file.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from emploi_territoires.accounts.models import LegalNature
from emploi_territoires.accounts.permissions import can_edit_organisation, current_organisation
from emploi_territoires.core.formats import euros
from emploi_territoires.offers.vta_scheme import scheme_for
from emploi_territoires.territories import density

from .eligibility import assess, commune_facts, eligibility_for
from .forms_eligibility import EligibilityCheckForm


def eligibility(request: HttpRequest) -> HttpResponse:
    scheme = scheme_for(timezone.localdate())
    organisation = current_organisation(request.user)
    own = eligibility_for(organisation) if organisation is not None else None
    form = EligibilityCheckForm(request.GET or None)
    checked = checked_subject = None
    if form.is_bound and form.is_valid():
        commune = form.cleaned_data["commune"]
        nature = form.cleaned_data["legal_nature"]
        checked_subject = f"{LegalNature(nature).label} à {commune.name} ({commune.code})"
        checked = assess(commune_facts(commune, nature, checked_subject, scheme), scheme)
    return render(
        request,
        "vta/eligibility/eligibility.html",
        {
            "title": "Êtes-vous éligible au VTA ?",
            "organisation": organisation,
            "own": own,
            "can_edit_organisation": organisation is not None and can_edit_organisation(request.user, organisation),
            "form": form,
            "checked": checked,
            "checked_subject": checked_subject,
            "rural_levels": " à ".join(str(n) for n in (min(scheme.rural_levels), max(scheme.rural_levels))),
            "scheme": scheme,
            "aid": euros(scheme.aid_amount),
            "minimum_pay": euros(scheme.minimum_annual_pay(scheme.full_time_weekly_hours)),
            "minimum_pay_partial": euros(scheme.minimum_annual_pay(scheme.min_weekly_hours)),
            "grid": density.provenance(),
        },
    )
