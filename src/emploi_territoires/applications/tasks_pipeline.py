"""Background work of the applications pipeline: the daily reminders and automatic answers, and the
interviews' reminders of the day before (issue 19)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from . import services_conversation, services_pipeline


@task()
def send_application_reminders() -> dict[str, Any]:
    """15-day reminders to recruiters and 60-day automatic answers to candidates (see services_pipeline).

    Enqueue it once a day (the `application_reminders --apply` command does the same from cron);
    each e-mail is claimed before it is sent, so running it twice sends nothing more.
    """
    report = services_pipeline.send_due_reminders()
    return {
        "reminders": report.reminders,
        "organisations_reminded": report.organisations_reminded,
        "auto_answers": report.auto_answers,
    }


@task()
def send_interview_reminders() -> dict[str, Any]:
    """The reminder of the day before each confirmed interview, to both sides (issue 19).

    Enqueue it once a day, in the morning (the `interview_reminders --apply` command does the same
    from cron); each reminder is claimed before it is sent, so running it twice sends nothing more.
    """
    report = services_conversation.send_interview_reminders()
    return {"interviews": report.interviews}
