"""Applications pipeline (views_pipeline.py), under /candidats/ in the "applications" namespace."""

from django.urls import path

from . import views_conversation
from . import views_pipeline as views

urlpatterns = [
    path("postuler/<str:reference>/", views.apply, name="apply"),
    path("mes-candidatures/", views_conversation.my_applications, name="mine"),
    # A confirmation page (GET), then the withdrawal (POST): views_conversation (issue 19).
    path("mes-candidatures/<int:pk>/retirer/", views_conversation.withdraw_confirm, name="withdraw"),
    path("recrutement/", views.received, name="received"),
    path("recrutement/offre/<str:reference>/", views.offer_applications, name="offer_applications"),
    path("recrutement/offre/<str:reference>/refus-groupe/", views.bulk_refuse, name="bulk_refuse"),
    path("recrutement/candidature/<int:pk>/", views.application_detail, name="detail"),
    path("recrutement/candidature/<int:pk>/cv/", views.application_cv, name="application_cv"),
    path("recrutement/candidature/<int:pk>/etat/", views.application_transition, name="transition"),
    path("recrutement/candidature/<int:pk>/notes/", views.add_note, name="add_note"),
    path("recrutement/organisation/<int:pk>/indicateurs/", views.organisation_figures, name="figures"),
    path("accompagnement/", views.advisor_follow_up, name="advisor"),
]
