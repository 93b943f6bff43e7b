"""Mentoring pages, under /mentorat/."""

from django.urls import path

from . import views

app_name = "mentoring"

urlpatterns = [
    path("", views.home, name="home"),
    path("mon-profil-mentor/", views.mentor_profile, name="mentor_profile"),
    path("mon-profil-mentore/", views.mentee_profile, name="mentee_profile"),
    path("programmes/nouveau/", views.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", views.programme, name="programme"),
    path("programmes/<int:pk>/modifier/", views.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/exclusions/", views.exclusion_create, name="exclusion_create"),
    path("exclusions/<int:pk>/supprimer/", views.exclusion_delete, name="exclusion_delete"),
    path("programmes/<int:pk>/inscription/", views.enrol, name="enrol"),
    path("programmes/<int:pk>/desinscription/", views.unenrol, name="unenrol"),
    path("programmes/<int:pk>/appariements/", views.run_create, name="run_create"),
    path("programmes/<int:pk>/appariements/<int:run_pk>/", views.run, name="run"),
    path("programmes/<int:pk>/appariements/<int:run_pk>/publier/", views.run_publish, name="run_publish"),
    path("propositions/<int:pk>/", views.proposal_action, name="proposal_action"),
    path("binomes/<int:pk>/", views.pair, name="pair"),
    path("binomes/<int:pk>/rencontres/", views.meeting_create, name="meeting_create"),
    path("binomes/<int:pk>/aide/", views.help_create, name="help_create"),
    path("binomes/<int:pk>/questionnaire/", views.survey_answer, name="survey_answer"),
    path("binomes/<int:pk>/fin/", views.pair_end, name="pair_end"),
    path("alertes/<int:pk>/traiter/", views.help_resolve, name="help_resolve"),
]
