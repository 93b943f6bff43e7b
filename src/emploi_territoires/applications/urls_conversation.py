"""The conversation around an application (views_conversation.py, issue 19), under /candidats/ in
the "applications" namespace: the candidate's application page, the recruiter's conversation,
interviews and their .ics, the recruiter's agenda, messages' attachments."""

from django.urls import path

from . import views_conversation as views

urlpatterns = [
    path("mes-candidatures/<int:pk>/", views.candidate_application, name="candidate_application"),
    path("mes-candidatures/<int:pk>/accompagnement/", views.followup_sharing, name="followup_sharing"),
    path("recrutement/candidature/<int:pk>/conversation/", views.thread, name="thread"),
    path("recrutement/candidature/<int:pk>/entretien/", views.interview_propose, name="interview_propose"),
    path("recrutement/agenda/", views.agenda, name="agenda"),
    path("entretiens/<int:pk>/choisir/", views.interview_choose, name="interview_choose"),
    path("entretiens/<int:pk>/reporter/", views.interview_reschedule, name="interview_reschedule"),
    path("entretiens/<int:pk>/annuler/", views.interview_cancel, name="interview_cancel"),
    path("entretiens/<int:pk>/entretien.ics", views.interview_ics, name="interview_ics"),
    path("messages/<int:pk>/piece-jointe/", views.message_attachment, name="message_attachment"),
]
