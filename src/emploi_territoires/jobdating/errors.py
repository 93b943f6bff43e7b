"""Job-dating errors: `JobDatingError` (one French message) or `ValidationFailed` (French messages
per field, for forms).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


class JobDatingError(Exception):
    """A refused change, with one French sentence for the person who asked."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


class ValidationFailed(JobDatingError):
    """Invalid values; `errors` maps a field name ("" for the whole form) to French messages."""

    def __init__(self, errors: Mapping[str, Sequence[str]]):
        self.errors = {field: list(msgs) for field, msgs in errors.items() if msgs}
        super().__init__(" ".join(m for msgs in self.errors.values() for m in msgs))


def _fail_if(errors: dict[str, list[str]]) -> None:
    if any(errors.values()):
        raise ValidationFailed(errors)
