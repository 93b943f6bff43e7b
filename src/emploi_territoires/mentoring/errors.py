"""Mentoring's error: `MentoringError`, a refused action with a French message shown as is."""

from __future__ import annotations


class MentoringError(Exception):
    """A refused action; the message is French and shown as is."""
