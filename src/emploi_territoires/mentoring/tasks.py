"""Background work of the mentoring module (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from . import services_followup


@task()
def check_silent_pairs() -> int:
    """Alert managers about pairs that have not met for their programme's number of weeks."""
    return services_followup.check_silent_pairs()


@task()
def send_survey_reminders() -> int:
    """Remind pairs of their 1, 3 and 6-month surveys (once per pair and milestone)."""
    return services_followup.send_survey_reminders()
