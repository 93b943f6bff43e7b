"""The home page and the legal pages every public service must publish."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse

from emploi_territoires.territories.models import Programme


@dataclass(frozen=True)
class Audience:
    slug: str
    title: str
    text: str


@dataclass(frozen=True)
class ProgrammeSummary:
    slug: str
    label: str
    text: str


AUDIENCES = (
    Audience(
        "collectivite",
        "Vous recrutez pour une collectivité",
        "Rédigez une offre à partir d'un modèle (chef de projet Petites villes de demain, manager de "
        "centre-ville…), suivez un score de qualité avec des conseils concrets, publiez et suivez les "
        "candidatures, même sans expérience du recrutement.",
    ),
    Audience(
        "entreprise",
        "Vous recrutez pour une entreprise",
        "Publiez vos offres auprès des candidats du territoire et inscrivez-vous aux job datings "
        "près de chez vous : vous recevez votre agenda d'entretiens.",
    ),
    Audience(
        "conseiller",
        "Vous êtes conseiller ou conseillère",
        "Accompagnez les collectivités et les employeurs des territoires que vous suivez, organisez "
        "des job datings et construisez le planning des entretiens en quelques secondes.",
    ),
    Audience(
        "gestionnaire",
        "Vous pilotez un programme",
        "Rapprochez mentors et jeunes diplômés, suivez les binômes et mesurez les résultats de "
        "l'action publique pour l'emploi sur chaque territoire.",
    ),
    Audience(
        "jeune-diplome",
        "Vous êtes jeune diplômé ou diplômée",
        "Trouvez des offres à moins de 30 km, candidatez, réservez vos entretiens de job dating et "
        "demandez un mentor. Vous habitez un quartier prioritaire ? Le service est aussi fait pour vous.",
    ),
    Audience(
        "mentor",
        "Vous êtes cadre et voulez transmettre",
        "Devenez mentor : accompagnez un jeune diplômé dans sa recherche d'emploi, à votre rythme.",
    ),
)

PROGRAMMES = (
    ProgrammeSummary(
        Programme.ACV,
        "Action cœur de ville",
        "Revitaliser le centre des villes moyennes : commerce, logement, services.",
    ),
    ProgrammeSummary(
        Programme.PVD,
        "Petites villes de demain",
        "Aider les communes de moins de 20 000 habitants qui jouent un rôle de centralité.",
    ),
    ProgrammeSummary(
        Programme.TI,
        "Territoires d'industrie",
        "Soutenir l'industrie dans les intercommunalités où elle fait vivre l'emploi.",
    ),
    ProgrammeSummary(
        Programme.QPV,
        "Quartiers prioritaires",
        "Réduire les écarts entre les quartiers les plus pauvres et le reste de leur ville.",
    ),
)


def home(request: HttpRequest) -> HttpResponse:
    # The job search box submits to the board.
    return render(
        request,
        "core/home.html",
        {
            "title": "Accueil",
            "audiences": AUDIENCES,
            "programmes": PROGRAMMES,
            "query": "",
            "board_url": reverse("offers:board"),
        },
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/accessibility.html",
        {"title": "Accessibilité", "breadcrumb_data": {"current": "Accessibilité"}},
    )


def legal_notice(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/legal_notice.html",
        {"title": "Mentions légales", "breadcrumb_data": {"current": "Mentions légales"}},
    )


def personal_data(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/personal_data.html",
        {"title": "Données personnelles", "breadcrumb_data": {"current": "Données personnelles"}},
    )


# --- Error pages (handler400/403/404/500 in the root URLconf) -----------------------------------
# In French, in the site's layout, with the page's own title; Django's defaults are English pages
# without the layout.

ERROR_PAGES = {
    400: (
        "Requête incorrecte",
        "La requête envoyée n'a pas pu être comprise. Revenez à la page précédente et recommencez.",
    ),
    403: (
        "Accès refusé",
        "Vous n'avez pas accès à cette page avec ce compte. Vérifiez que vous êtes connecté avec le bon "
        "compte et, si vous êtes membre de plusieurs organisations, que l'organisation en cours est la bonne.",
    ),
    404: (
        "Page introuvable",
        "La page que vous cherchez n'existe pas, n'existe plus, ou vous n'y avez pas accès. Si vous avez "
        "tapé l'adresse, vérifiez-la ; sinon, repartez de l'accueil.",
    ),
}


def _error_page(request: HttpRequest, status: int, reason: str = "") -> HttpResponse:
    title, message = ERROR_PAGES[status]
    context = {"title": title, "status": status, "message": message, "reason": reason}
    return render(request, "core/error.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Our views raise PermissionDenied with a French sentence saying who may do this: shown as is.
    reason = str(exception) if isinstance(exception, PermissionDenied) and exception.args else ""
    return _error_page(request, 403, reason)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without context processors nor database: whatever failed may fail again.
    return HttpResponseServerError(render_to_string("core/error_500.html"))
