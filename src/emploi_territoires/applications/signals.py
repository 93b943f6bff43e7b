"""Receivers of the applications app (connected in apps.py)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in

from .services_profile import touch_activity


def _candidate_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    # A login restarts the 24-month inactivity clock and cancels a pending warning (GDPR).
    touch_activity(user)


def connect() -> None:
    user_logged_in.connect(_candidate_logged_in, dispatch_uid="applications_touch_activity_on_login")
