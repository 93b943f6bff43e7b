"""The home page and the legal pages every public service must publish."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

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
    return render(
        request,
        "core/home.html",
        {"title": "Accueil", "audiences": AUDIENCES, "programmes": PROGRAMMES, "query": ""},
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
