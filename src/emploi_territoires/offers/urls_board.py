"""Filled by the offers work (see offers/urls.py)."""

urlpatterns: list = []
