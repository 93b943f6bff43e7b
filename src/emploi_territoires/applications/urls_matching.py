"""Matching, saved searches and alerts (views_matching.py), under /candidats/ in the "applications" namespace."""

from django.urls import path

from . import views_matching as views

urlpatterns = [
    path(
        "recrutement/offre/<str:reference>/candidats-proposes/",
        views.offer_proposals,
        name="offer_proposals",
    ),
    path("offres-recommandees/", views.recommended_offers, name="recommended_offers"),
    path("alertes/", views.alert_list, name="alerts"),
    path("alertes/creer/", views.alert_create, name="alert_create"),
    path("alertes/<int:pk>/pause/", views.alert_toggle, name="alert_toggle"),
    path("alertes/<int:pk>/supprimer/", views.alert_delete, name="alert_delete"),
    # No login: the secret token is the proof (links in e-mails, RFC 8058 one-click POST).
    path("alertes/desabonnement/<str:token>/", views.alert_unsubscribe, name="alert_unsubscribe"),
]
