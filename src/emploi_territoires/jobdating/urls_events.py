"""Events, registrations, wishes, screening, schedule runs, import and export, e-mail suggestions."""

from django.urls import path

from . import views_events as views

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("nouveau/", views.event_create, name="event_create"),
    path("<int:pk>/", views.event_detail, name="event_detail"),
    path("<int:pk>/modifier/", views.event_edit, name="event_edit"),
    path("<int:pk>/etat/", views.event_transition, name="event_transition"),
    path("<int:pk>/recruteur/", views.recruiter_registration, name="recruiter_registration"),
    path("<int:pk>/recruteur/desinscription/", views.recruiter_withdraw, name="recruiter_withdraw"),
    path("<int:pk>/recruteur/candidats/", views.recruiter_candidates, name="recruiter_candidates"),
    path("<int:pk>/inscription/", views.candidate_register, name="candidate_register"),
    path("<int:pk>/desinscription/", views.candidate_withdraw, name="candidate_withdraw"),
    path("<int:pk>/mes-souhaits/", views.candidate_wishes, name="candidate_wishes"),
    path("<int:pk>/planning/", views.schedule, name="schedule"),
    path("<int:pk>/planning/calculs/<int:run_pk>/", views.run_progress, name="run_progress"),
    path("<int:pk>/planning/calculs/<int:run_pk>/retenir/", views.run_accept, name="run_accept"),
    path("<int:pk>/export.json", views.export_json, name="export_json"),
    path("<int:pk>/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<int:pk>/importer/", views.import_file, name="import_file"),
    # Candidates' e-mail suggestions: the switch in their space, the link of each e-mail.
    path("suggestions/", views.invitations_settings, name="invitations_settings"),
    path("suggestions/desabonnement/<str:token>/", views.invitations_unsubscribe, name="invitations_unsubscribe"),
]
