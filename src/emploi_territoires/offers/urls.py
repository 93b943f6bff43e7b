"""Offer URLs, assembled from the three parts of the module (each owned by one file)."""

from django.urls import include, path

app_name = "offers"
urlpatterns = [
    # Editing, workflow, history, exports (views_editor.py): /offres/espace/...
    path("espace/", include("emploi_territoires.offers.urls_editor")),
    # Drafting assistant, live score (assistant/views.py): /offres/assistant/...
    path("assistant/", include("emploi_territoires.offers.assistant.urls")),
    # Public board, offer page, feeds (board.py): /offres/...
    path("", include("emploi_territoires.offers.urls_board")),
]
