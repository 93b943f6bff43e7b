"""Filled by the pipeline part of the applications module."""

urlpatterns: list = []
