"""Agendas (web, .ics, PDF), the A3 poster, the day-of console, outcomes and ratings."""

from django.urls import path

from . import views_day as views

urlpatterns = [
    path("<int:pk>/mon-agenda/", views.my_agenda, name="my_agenda"),
    path("<int:pk>/agenda/candidats/<int:registration_pk>/", views.candidate_agenda, name="candidate_agenda"),
    path(
        "<int:pk>/agenda/candidats/<int:registration_pk>/agenda.ics",
        views.candidate_agenda_ics,
        name="candidate_agenda_ics",
    ),
    path(
        "<int:pk>/agenda/candidats/<int:registration_pk>/agenda.pdf",
        views.candidate_agenda_pdf,
        name="candidate_agenda_pdf",
    ),
    path("<int:pk>/agenda/recruteurs/<int:registration_pk>/", views.recruiter_agenda, name="recruiter_agenda"),
    path(
        "<int:pk>/agenda/recruteurs/<int:registration_pk>/agenda.ics",
        views.recruiter_agenda_ics,
        name="recruiter_agenda_ics",
    ),
    path(
        "<int:pk>/agenda/recruteurs/<int:registration_pk>/tables.pdf",
        views.recruiter_agenda_pdf,
        name="recruiter_agenda_pdf",
    ),
    path("<int:pk>/affiche.pdf", views.poster_pdf, name="poster_pdf"),
    path("<int:pk>/jour-j/", views.day_console, name="day_console"),
    path("<int:pk>/jour-j/candidats/<int:registration_pk>/arrivee/", views.day_check_in, name="day_check_in"),
    path("<int:pk>/jour-j/candidats/<int:registration_pk>/absence/", views.day_no_show, name="day_no_show"),
    path("<int:pk>/jour-j/sans-inscription/", views.day_walk_in, name="day_walk_in"),
    path("<int:pk>/jour-j/reoptimiser/", views.day_reoptimise, name="day_reoptimise"),
    path("<int:pk>/suites/", views.outcomes, name="outcomes"),
    path("<int:pk>/avis/", views.rating, name="rating"),
]
