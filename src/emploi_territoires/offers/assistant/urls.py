"""Drafting assistant URLs, under /offres/assistant/ in the "offers" namespace (HTMX partials)."""

from django.urls import path

from . import views

urlpatterns = [
    path("analyse/", views.analyse_view, name="assistant_analyse"),
    path("territoire/", views.territory_view, name="assistant_territory"),
]
