"""Mentoring pages (see views.py)."""

app_name = "mentoring"

urlpatterns: list = []
