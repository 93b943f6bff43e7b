"""The site's URL configuration and a view that posts a message."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from emploi_territoires.urls import urlpatterns as site_urlpatterns


def page_with_message(request: HttpRequest) -> HttpResponse:
    messages.success(request, "Votre offre « Chef de projet Petites villes de demain » est publiée.")
    return render(request, "core/legal_notice.html", {"title": "Test"})


urlpatterns = [*site_urlpatterns, path("message", page_with_message)]
