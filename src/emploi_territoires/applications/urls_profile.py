"""Candidate profile, CV, consents, data export and account deletion (views_profile.py): /candidats/profil/..."""

from django.urls import path

from . import views_profile as views

urlpatterns = [
    path("", views.profile, name="profile"),
    path("modifier/", views.profile_edit, name="profile_edit"),
    path("situation/retirer/", views.situation_withdraw, name="situation_withdraw"),
    path("mes-donnees/", views.my_data, name="my_data"),
    path("mes-donnees/telecharger/", views.export, name="export"),
    path("supprimer-mon-compte/", views.delete_account, name="delete_account"),
    # A candidate's profile and CV, for the people allowed to read them (permissions.can_view_candidate).
    path("<int:user_id>/", views.candidate_detail, name="candidate_detail"),
    path("<int:user_id>/cv/", views.cv, name="cv"),
]
