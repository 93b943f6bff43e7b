"""Candidate URLs (/candidats/...), assembled from the three parts of the module (each owned by one file)."""

from django.urls import include, path

app_name = "applications"
urlpatterns = [
    # Candidate profile, CV, consents, data export and account deletion (views_profile.py): /candidats/profil/...
    path("profil/", include("emploi_territoires.applications.urls_profile")),
    # Applications pipeline: apply, recruiter board, advisor view, figures (views_pipeline.py).
    path("", include("emploi_territoires.applications.urls_pipeline")),
    # Matching, saved searches and alerts.
    path("", include("emploi_territoires.applications.urls_matching")),
    # The conversation around an application: messages, interviews, agenda (views_conversation.py).
    path("", include("emploi_territoires.applications.urls_conversation")),
    # The recruiter's inbox and board, comments, sharing, invitations (views_recruiter.py, issue 19).
    path("", include("emploi_territoires.applications.urls_recruiter")),
    # Saved offers (« Mes offres sauvegardées », views_saved.py).
    path("", include("emploi_territoires.applications.urls_saved")),
]
