"""State machines: one declared table per workflow, one way to refuse a move, one transition log.

Every app with a status workflow (offers, applications, job datings, plan actions, VTA aids,
organisation verification) declares it once with `Workflow`: its states (a `TextChoices`), its
table of moves — `(from, to)` → the app's own rule (who may, the button's French label, the
message once done, the app's flags) — and its French sentences. The app's service keeps the checks
only it knows (roles, reasons, calendar, publication problems) and, inside its own transaction on
the row it locked with `select_for_update`, calls:

    rule = WORKFLOW.check(current.status, wanted)       # the table; the app's error, in French
    ...                                                  # the app's own checks
    WORKFLOW.apply(current, wanted, actor=actor, comment=comment, also=["published_at"])

`apply` writes the new status (and its timestamp) and the log row in the caller's transaction — it
refuses to run outside one — so a rolled-back change leaves neither the status nor its log line.
Each app keeps its own log table (`TransitionLog` subclass: its foreign key, its status choices).

Why our own helper rather than django-xworkflows (the way les-emplois declares its job application
workflow): xworkflows binds the state to its own model field and runs transitions as model methods
named after the transition, with the log written by the library. Our six workflows are addressed by
`(from, to)` from forms and buttons, check roles and French messages per move, take an explicit
clock (the demo replays past events) and lock the row in the service; adopting the library would
rename the status fields, move the checks into hooks and add a dependency with rare releases, for
about a hundred lines that this module holds. A move has no name of its own here: the `(from, to)`
pair is the key everywhere (forms post the target) and the log keeps both ends.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

RuleT = TypeVar("RuleT")


class TransitionRefused(Exception):
    """A move the table does not allow; `message` is French and shown as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class TransitionLog(models.Model):
    """The fields every transition log shares: who moved what, from which status to which, when, why.

    A subclass declares its foreign key to the object (named by `subject_field`) and its
    `from_status` / `to_status` with the app's choices ("" as `from_status` is the creation).
    """

    subject_field: ClassVar[str]
    from_status: str
    to_status: str

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    comment = models.TextField("commentaire", blank=True)
    # The mover's clock (`Workflow.apply(at=...)`): the demo replays past events with their own dates.
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{getattr(self, f'{self.subject_field}_id')}: {self.from_status} → {self.to_status}"


@dataclass(frozen=True)
class Workflow(Generic[RuleT]):
    """A declared state machine: states, the table of allowed moves, the log it writes.

    `refused` and `unknown` are the French sentences of a refusal; `refused` receives the labels of
    the current and wanted states as `{current}` and `{target}`, `unknown` the raw `{target}`.
    `error` builds the exception the app's callers already catch (default `TransitionRefused`).
    """

    states: type[models.TextChoices]
    transitions: Mapping[tuple[str, str], RuleT]
    log_model: type[TransitionLog]
    refused: str
    unknown: str = "État inconnu : « {target} »."
    error: Callable[[str], Exception] = TransitionRefused
    state_field: str = "status"
    # Set to the move's time with the status (None: the model keeps no such date).
    changed_at_field: str | None = "status_changed_at"
    # Saved with every move (an `auto_now` field is only refreshed when listed).
    also_save: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        states = set(self.states.values)
        for pair in self.transitions:
            if not set(pair) <= states:
                raise ValueError(f"Transition {pair} between unknown states of {self.states.__name__}.")

    def label(self, state: str) -> str:
        return str(self.states(state).label)

    def allowed(self, current: str) -> list[tuple[str, RuleT]]:
        """The moves the table allows from `current`, in the table's order: `(to, rule)`."""
        return [(to, rule) for (frm, to), rule in self.transitions.items() if frm == current]

    def check(self, current: str, target: str) -> RuleT:
        """The rule of the move `current` → `target`; the app's error with its French sentence if none."""
        if target not in self.states.values:
            raise self.error(self.unknown.format(target=target))
        rule = self.transitions.get((current, target))
        if rule is None:
            raise self.error(self.refused.format(current=self.label(current), target=self.label(target)))
        return rule

    def apply(
        self,
        obj: models.Model,
        target: str,
        *,
        actor: Any,
        comment: str = "",
        at: datetime.datetime | None = None,
        also: Iterable[str] = (),
        save: bool = True,
        listed: bool = True,
    ) -> TransitionLog:
        """Move `obj` to `target` and log it, in the caller's transaction (on the row it locked).

        `also`: fields the caller changed for this move, saved with the status. `save=False` leaves
        the save to the caller (it changes more fields afterwards). `listed=False` writes a move the
        table does not offer to people (the service's own, e.g. an offer edited back to review).
        """
        if not transaction.get_connection(obj._state.db or "default").in_atomic_block:
            raise RuntimeError("Workflow.apply runs inside the caller's transaction (transaction.atomic).")
        current = getattr(obj, self.state_field)
        if listed:
            self.check(current, target)
        at = at or timezone.now()
        setattr(obj, self.state_field, target)
        fields = [self.state_field, *also, *self.also_save]
        if self.changed_at_field:
            setattr(obj, self.changed_at_field, at)
            fields.append(self.changed_at_field)
        if save:
            obj.save(update_fields=list(dict.fromkeys(fields)))
        return self.log(obj, current, target, actor=actor, comment=comment, at=at)

    def log(
        self,
        obj: models.Model,
        from_status: str,
        to_status: str,
        *,
        actor: Any,
        comment: str = "",
        at: datetime.datetime | None = None,
    ) -> TransitionLog:
        """One log row, without touching `obj` (its creation: `from_status` "")."""
        row: dict[str, Any] = {
            self.log_model.subject_field: obj,
            "from_status": from_status,
            "to_status": to_status,
            "actor": actor,
            "comment": comment,
            "created_at": at or timezone.now(),
        }
        return self.log_model._default_manager.create(**row)
