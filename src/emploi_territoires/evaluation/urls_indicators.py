"""Indicators and reports (placeholder: to be built in another part of issue 8)."""

urlpatterns: list = []
