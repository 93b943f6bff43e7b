"""Candidate profile, CV, consents, data export and account deletion (views_profile.py)."""

urlpatterns: list = []
