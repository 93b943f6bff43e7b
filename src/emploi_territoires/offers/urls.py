"""Offer URLs: editing and the drafting assistant; the public side is appended by the root URLconf."""

from django.urls import include, path

app_name = "offers"
urlpatterns = [
    # Editing, workflow, history, exports (views_editor.py): /offres/espace/...
    path("espace/", include("emploi_territoires.offers.urls_editor")),
    # Drafting assistant, live score (assistant/views.py): /offres/assistant/...
    path("assistant/", include("emploi_territoires.offers.assistant.urls")),
    # The public board, offer page, map and feeds live beside the search they read
    # (search/urls_board.py) and are appended to this namespace by the root URLconf.
]
