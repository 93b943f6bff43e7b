"""The offers' public side (board, map, feeds): /offres/..., in the "offers" namespace (../urls.py)."""

from django.urls import path

from . import board, board_map, feeds

urlpatterns = [
    path("", board.board, name="board"),
    # The site navigation links to "offers:list": the same page.
    path("", board.board, name="list"),
    # The map of the same search (board_map.py); before <reference>/, which would take "carte".
    path("carte/", board_map.offer_map, name="map"),
    path("flux/offres.rss", feeds.BoardFeed(), name="feed_rss"),
    path("flux/offres.atom", feeds.BoardAtomFeed(), name="feed_atom"),
    path("flux/vta.rss", feeds.VtaFeed(), name="feed_vta"),
    path("flux/agregateurs.xml", feeds.aggregator_xml, name="aggregator_xml"),
    path("<str:reference>/", board.detail, name="detail"),
]
