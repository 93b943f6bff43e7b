"""A URL configuration without the accounts app, and a view that posts a message."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import include, path


def page_with_message(request: HttpRequest) -> HttpResponse:
    messages.success(request, "Votre offre « Chef de projet Petites villes de demain » est publiée.")
    return render(request, "core/legal_notice.html", {"title": "Test"})


urlpatterns = [
    path("", include("emploi_territoires.core.urls")),
    path("territoires/", include("emploi_territoires.territories.urls")),
    path("message", page_with_message),
]
