"""Background work of the offers app."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def expire_offers() -> list[str]:
    """Expire the published offers whose closing date is past (see `services.expire_due_offers`).

    Enqueue it once a day (the `expire_offers` command does the same from cron); running it twice
    changes nothing.
    """
    return services.expire_due_offers()
