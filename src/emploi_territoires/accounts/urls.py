from django.urls import path

from . import views, views_identity, views_verification

app_name = "accounts"
urlpatterns = [
    path("connexion/", views_identity.LoginView.as_view(), name="login"),
    path("deconnexion/", views_identity.LogoutView.as_view(), name="logout"),
    path("proconnect/connexion/", views_identity.proconnect_login, name="proconnect_login"),
    path("proconnect/retour/", views_identity.proconnect_callback, name="proconnect_callback"),
    path("adresse-e-mail/verifier/<str:token>/", views_identity.verify_email, name="verify_email"),
    path("adresse-e-mail/renvoyer/", views_identity.resend_verification, name="resend_verification"),
    path("invitations/lien/<str:token>/", views_identity.invitation_link, name="invitation_link"),
    path(
        "organisations/<int:pk>/invitations/<int:invitation_pk>/retirer/",
        views_identity.invitation_revoke,
        name="invitation_revoke",
    ),
    path("inscription/", views.signup, name="signup"),
    path("mot-de-passe/oubli/", views.PasswordResetView.as_view(), name="password_reset"),
    path("mot-de-passe/oubli/envoye/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/nouveau/termine/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("espace/", views.space, name="space"),
    path("organisation-courante/", views.switch_organisation, name="switch_organisation"),
    path("organisations/nouvelle/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation"),
    path("organisations/<int:pk>/modifier/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<int:pk>/membres/ajouter/", views.member_add, name="member_add"),
    path("verifications/", views_verification.verification_queue, name="verification_queue"),
    path("verifications/<int:pk>/", views_verification.verification_detail, name="verification_detail"),
    path(
        "organisations/<int:pk>/verification/reponse/",
        views_verification.verification_answer,
        name="verification_answer",
    ),
    path("invitations/<int:pk>/accepter/", views.invitation_accept, name="invitation_accept"),
    path("invitations/<int:pk>/refuser/", views.invitation_decline, name="invitation_decline"),
    path(
        "organisations/<int:pk>/membres/<int:membership_pk>/role/",
        views.member_role,
        name="member_role",
    ),
    path(
        "organisations/<int:pk>/membres/<int:membership_pk>/retirer/",
        views.member_remove,
        name="member_remove",
    ),
]
