"""Recruiter's inbox and board, comments, sharing with an Apec advisor, invitations (views_recruiter.py),
under /candidats/ in the "applications" namespace (issue 19)."""

from django.urls import path

from . import views_recruiter as views

urlpatterns = [
    path("recrutement/organisation/<int:pk>/boite/", views.inbox, name="inbox"),
    path("recrutement/organisation/<int:pk>/tableau/", views.board, name="board"),
    path("recrutement/candidature/<int:pk>/deplacer/", views.board_move, name="board_move"),
    path("recrutement/candidature/<int:pk>/commentaires/", views.comment_add, name="comment_add"),
    path("recrutement/offre/<str:reference>/partage/", views.share, name="share"),
    path(
        "recrutement/offre/<str:reference>/partage/<int:advisor_id>/arreter/", views.share_revoke, name="share_revoke"
    ),
    path("recrutement/partagees-avec-moi/", views.shared_with_me, name="shared_with_me"),
    path("recrutement/inviter/<int:user_id>/", views.invite, name="invite"),
    path("invitations/", views.my_invitations, name="invitations"),
    path("invitations/<int:pk>/accepter/", views.invitation_accept, name="invitation_accept"),
    path("invitations/<int:pk>/decliner/", views.invitation_decline, name="invitation_decline"),
    path("invitations/preference/", views.invitation_preference, name="invitation_preference"),
]
