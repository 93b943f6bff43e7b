"""Proposals and outcome checks of the follow-up (issue 15), included by followup/urls.py."""

from django.urls import path

from . import views_outcomes, views_proposals

urlpatterns = [
    # The person
    path("propositions/", views_proposals.my_proposals, name="my_proposals"),
    path("propositions/<int:pk>/repondre/", views_proposals.answer, name="proposal_answer"),
    # The group
    path("<int:pk>/propositions/", views_proposals.proposals_of, name="proposals_of"),
    path("<int:pk>/proposer/<slug:kind>/", views_proposals.propose, name="propose"),
    path("propositions/<int:pk>/retirer/", views_proposals.withdraw, name="proposal_withdraw"),
    path("<int:pk>/situations/", views_outcomes.outcomes, name="outcomes"),
    path("situations-a-renseigner/", views_outcomes.due_outcomes, name="due_outcomes"),
]
