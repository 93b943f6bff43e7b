"""Filled by the matching part of the applications module."""

urlpatterns: list = []
