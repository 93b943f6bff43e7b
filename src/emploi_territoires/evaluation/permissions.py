"""Who may run and read impact studies: advisors (Apec, ANCT) and staff.

Studies hold aggregate data only (no personal data) and are shared knowledge of the partnership,
so every advisor reads every study; only staff delete them (admin).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from emploi_territoires.accounts.permissions import AnyUser, is_advisor, is_staff

from .models import ImpactStudy


def can_run_impact_studies(user: AnyUser | None) -> bool:
    return is_staff(user) or is_advisor(user)


def require_analyst(request: HttpRequest) -> None:
    if not can_run_impact_studies(request.user):
        raise PermissionDenied("Les études d'impact sont réservées aux conseillers et à l'équipe de la plateforme.")


def get_study_for_analyst(request: HttpRequest, pk: int) -> ImpactStudy:
    if not can_run_impact_studies(request.user):
        # Outsiders do not learn whether the study exists.
        raise Http404
    # The pages never read the data (panel or waiting file, megabytes): the task and the exports fetch them.
    study = ImpactStudy.objects.defer("panel_data", "upload_data").filter(pk=pk).first()
    if study is None:
        raise Http404
    return study
