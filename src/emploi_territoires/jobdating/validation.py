"""Checks of a job dating's values and of availabilities.

Slots are numbered from 0 like in the solver; availability is a list of inclusive ranges
`[[first, last], ...]`, kept sorted and merged. Break slots stay in the stored ranges (a person is
"there" during the break) and are taken out when the solver's instance is built (`solver_adapter`).
"""

from __future__ import annotations

import contextlib
import datetime
import math
from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from emploi_territoires.applications.situations import UnknownSituation, clean_situations
from emploi_territoires.core import formats
from emploi_territoires.core.text import clean_text
from emploi_territoires.territories.models import Programme

from .errors import ValidationFailed, _fail_if
from .formatting import event_hours, time_label
from .models import Event

MAX_SLOT_MINUTES = 120
MAX_SLOTS = 96
# Far above any real event; a bigger number would overflow the database's integer (a 500).
MAX_CAPACITY = 100_000


def _minutes(value: datetime.time) -> int:
    return value.hour * 60 + value.minute


def times_to_range(event: Event, start: datetime.time, end: datetime.time) -> list[int]:
    """The slots fully inside [start, end] as an inclusive range; French errors otherwise."""
    origin = _minutes(event.first_slot_time)
    finish = origin + event.slot_count * event.slot_minutes
    a, b = _minutes(start), _minutes(end)
    if b <= a:
        raise ValidationFailed(
            {
                "availability": [
                    f"L'heure de fin ({time_label(end)}) doit suivre l'heure de début ({time_label(start)})."
                ]
            }
        )
    if a < origin or b > finish:
        raise ValidationFailed(
            {
                "availability": [
                    f"Vos horaires ({time_label(start)} – {time_label(end)}) sortent de ceux de l'événement "
                    f"({event_hours(event)})."
                ]
            }
        )
    first = math.ceil((a - origin) / event.slot_minutes)
    last = (b - origin) // event.slot_minutes - 1
    if last < first:
        raise ValidationFailed(
            {
                "availability": [
                    f"Aucun créneau entier de {event.slot_minutes} minutes entre {time_label(start)} et "
                    f"{time_label(end)} : élargissez la plage."
                ]
            }
        )
    return [first, last]


def validate_availability(event: Event, ranges: Any) -> list[list[int]]:
    """Check slot ranges against the event's slots; return them sorted and merged."""
    errors: list[str] = []
    if not isinstance(ranges, list | tuple) or not ranges:
        raise ValidationFailed({"availability": ["Indiquez au moins une plage de disponibilité."]})
    clean: list[list[int]] = []
    for item in ranges:
        if not (
            isinstance(item, list | tuple)
            and len(item) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in item)
        ):
            errors.append(f"La plage {item!r} doit être une paire de numéros de créneaux [premier, dernier].")
            continue
        first, last = item
        if first > last:
            errors.append(
                f"La plage de créneaux [{first}, {last}] est inversée : le premier créneau vient après le dernier."
            )
        elif first < 0 or last > event.slot_count - 1:
            errors.append(
                f"La plage de créneaux [{first}, {last}] sort des horaires de l'événement "
                f"({event_hours(event)}, créneaux 0 à {event.slot_count - 1})."
            )
        else:
            clean.append([first, last])
    _fail_if({"availability": errors})
    clean.sort()
    merged: list[list[int]] = []
    for first, last in clean:
        if merged and first <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return merged


def whole_day(event: Event) -> list[list[int]]:
    return [[0, event.slot_count - 1]]


def _clean_event_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """`values` with control characters cleaned from the text; the title and the address hold one line."""
    cleaned = dict(values)
    for name in ("title", "description", "address"):
        if isinstance(cleaned.get(name), str):
            cleaned[name] = clean_text(cleaned[name], single_line=name != "description").strip()
    if "priority_situations" in cleaned:
        # An unknown code is left as is: validate_event_values says which.
        with contextlib.suppress(UnknownSituation):
            cleaned["priority_situations"] = clean_situations(cleaned["priority_situations"] or [])
    return cleaned


def validate_event_values(values: Mapping[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not (values.get("title") or "").strip():
        add("title", "Donnez un titre au job dating.")
    if values.get("commune") is None:
        add("commune", "Choisissez la commune où a lieu le job dating (ou celle du territoire visé s'il est en ligne).")
    if not (values.get("address") or "").strip() and not (values.get("meeting_url") or "").strip():
        add("address", "Indiquez l'adresse du lieu ou le lien de la réunion en ligne.")
    date, start = values.get("date"), values.get("first_slot_time")
    if date is None:
        add("date", "Indiquez la date du job dating.")
    if start is None:
        add("first_slot_time", "Indiquez l'heure du premier créneau.")
    minutes, count = values.get("slot_minutes"), values.get("slot_count")
    if not isinstance(minutes, int) or not 5 <= minutes <= MAX_SLOT_MINUTES:
        add("slot_minutes", f"Un créneau dure de 5 à {MAX_SLOT_MINUTES} minutes.")
        minutes = None
    if not isinstance(count, int) or not 1 <= count <= MAX_SLOTS:
        add("slot_count", f"Le nombre de créneaux doit être compris entre 1 et {MAX_SLOTS}.")
        count = None
    if start is not None and minutes and count and _minutes(start) + minutes * count > 24 * 60:
        add("slot_count", "Les créneaux dépassent minuit : réduisez leur nombre ou leur durée.")
    breaks = values.get("breaks") or []
    if count:
        for b in breaks:
            if not isinstance(b, int) or not 0 <= b < count:
                add("breaks", f"La pause au créneau {b} sort des créneaux de l'événement.")
        if len(set(breaks)) >= count:
            add("breaks", "Il doit rester au moins un créneau hors pause.")
    min_gap = values.get("min_gap")
    if not isinstance(min_gap, int) or min_gap < 0 or (count and min_gap >= count):
        add("min_gap", "L'écart minimal entre deux entretiens d'un candidat doit être un nombre de créneaux positif.")
    deadline = values.get("registration_deadline")
    if deadline is None:
        add("registration_deadline", "Indiquez la date limite d'inscription.")
    elif date is not None and start is not None:
        event_start = timezone.make_aware(datetime.datetime.combine(date, start))
        if deadline > event_start:
            add("registration_deadline", "La date limite d'inscription doit précéder le début du job dating.")
    for programme in values.get("target_programmes") or []:
        if programme not in Programme.values:
            add("target_programmes", f"Programme inconnu : « {programme} ».")
    try:
        clean_situations(values.get("priority_situations") or [])
    except UnknownSituation as error:
        add("priority_situations", str(error))
    capacity = values.get("capacity")
    if capacity is not None and (not isinstance(capacity, int) or capacity < 1):
        add("capacity", "La capacité doit être d'au moins un candidat (laissez vide pour ne pas la limiter).")
    elif capacity is not None and capacity > MAX_CAPACITY:
        add(
            "capacity",
            f"La capacité va jusqu'à {formats.number(MAX_CAPACITY)} candidats (laissez vide pour ne pas la limiter).",
        )
    return errors
