"""The generic audit trail: `record(actor, action, obj, changes)` writes who did what to which object.

Call it inside the transaction of the change it describes, so both are written or neither is.
`history(obj)` reads an object's entries, newest first.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import AuditLog


def record(actor: Any, action: str, target: models.Model, changes: dict | None = None) -> AuditLog:
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditLog.objects.create(
        actor=actor if authenticated else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_label=str(target)[:300],
        changes=changes or {},
    )


def history(target: models.Model):
    return AuditLog.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk)).select_related(
        "actor"
    )
