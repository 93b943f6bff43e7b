"""Saved offers (views_saved.py), under /candidats/ in the "applications" namespace."""

from django.urls import path

from . import views_saved as views

urlpatterns = [
    path("offres-sauvegardees/", views.saved_offer_list, name="saved_offers"),
    path("offres-sauvegardees/<str:reference>/sauvegarder/", views.saved_offer_add, name="saved_offer_add"),
    path("offres-sauvegardees/<str:reference>/retirer/", views.saved_offer_remove, name="saved_offer_remove"),
]
