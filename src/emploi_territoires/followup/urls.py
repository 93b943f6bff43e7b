"""/accompagnement/: the person's follow-up, the professionals' caseload and follow-up pages."""

from importlib.util import find_spec

from django.urls import include, path

from . import views

app_name = "followup"

urlpatterns = [
    path("", views.home, name="home"),
    # The person
    path("moi/", views.mine, name="mine"),
    path("moi/demander/", views.request_followup, name="request"),
    path("moi/demandes/<int:pk>/annuler/", views.request_cancel, name="request_cancel"),
    # The professionals
    path("suivi/", views.caseload, name="caseload"),
    path("ouvrir/", views.open_followup, name="open"),
    path("demandes/", views.requests_list, name="requests"),
    path("demandes/<int:pk>/repondre/", views.request_answer, name="request_answer"),
    path("structure/<int:org_pk>/reglages/", views.structure_settings, name="settings"),
    path("rendez-vous/<int:pk>/etat/", views.appointment_status, name="appointment_status"),
    path("documents/<int:pk>/", views.document, name="document"),
    # One follow-up (the person and the group)
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/terminer/", views.end, name="end"),
    path("<int:pk>/documents/", views.document_add, name="document_add"),
    path("<int:pk>/notes/", views.note_add, name="note_add"),
    path("<int:pk>/rendez-vous/", views.appointment_add, name="appointment_add"),
    path("<int:pk>/contact/", views.contact, name="contact"),
    path("<int:pk>/membres/", views.member_add, name="member_add"),
    path("<int:pk>/referent/", views.referent, name="referent"),
    path("<int:pk>/quitter/", views.leave, name="leave"),
]

# Proposals and outcomes (followup-actions' part of issue 15).
if find_spec("emploi_territoires.followup.urls_proposals") is not None:
    urlpatterns.append(path("", include("emploi_territoires.followup.urls_proposals")))
