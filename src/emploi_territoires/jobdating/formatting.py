"""French labels of job-dating times, hours, scores and gaps."""

from __future__ import annotations

import datetime

from django.utils import formats, timezone

from .models import Event


def time_label(value: datetime.time | datetime.datetime) -> str:
    return f"{value.hour} h {value.minute:02d}"


def event_hours(event: Event) -> str:
    start = timezone.localtime(event.slot_start(0))
    end = timezone.localtime(event.ends_at)
    return f"{time_label(start)} – {time_label(end)}"


def _day_label(moment: datetime.datetime) -> str:
    """ "mardi 5 janvier 2027 à 9 h 00" in the site's time zone."""
    local = timezone.localtime(moment)
    return f"{formats.date_format(local.date(), 'l j F Y')} à {time_label(local)}"


def gap_label(gap: float | None) -> str:
    """0.0031 → "0,3 %" (one decimal, French)."""
    if gap is None:
        return ""
    return f"{gap * 100:.1f}".replace(".", ",") + " %"
