"""The suite's clock: the real one by default, or moved with TEST_CLOCK so that CI proves no test
depends on the day it runs (`make test-clock`).

TEST_CLOCK takes:
- `+1y` (or `+2y`…): the same instant N years ahead (a 29 February becomes the 28th);
- `+30d`: N days ahead;
- an ISO 8601 instant with its offset, e.g. `2028-02-29T10:00:00+01:00`.

The clock keeps ticking from there (a suite started at 02:58 on the last Sunday of October in
Paris crosses the change to winter time). It is moved before the test modules are imported, so
module-level dates see it too. Tests that need a given date still pin it with the `time_machine`
fixture, which nests inside this travel.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from zoneinfo import ZoneInfo

import time_machine

ENV_VAR = "TEST_CLOCK"
_RELATIVE = re.compile(r"^\+(\d+)([yd])$")


class ClockError(ValueError):
    pass


def destination(value: str, now: dt.datetime) -> dt.datetime:
    """The instant TEST_CLOCK names, relative to `now` (aware) where it is relative."""
    value = value.strip()
    relative = _RELATIVE.match(value)
    if relative:
        count, unit = int(relative.group(1)), relative.group(2)
        if unit == "d":
            return now + dt.timedelta(days=count)
        try:
            return now.replace(year=now.year + count)
        except ValueError:  # 29 February → 28 February of a common year
            return now.replace(year=now.year + count, day=28)
    try:
        instant = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise ClockError(f"{ENV_VAR}={value!r}: expected +Ny, +Nd or an ISO 8601 instant with its offset") from exc
    if instant.tzinfo is None:
        raise ClockError(f"{ENV_VAR}={value!r}: give the offset (e.g. +01:00), an instant must not be ambiguous")
    return instant


_traveller: time_machine.travel | None = None


def start_from_environment() -> dt.datetime | None:
    """Start the travel TEST_CLOCK asks for (once); returns where the clock was moved, or None."""
    global _traveller
    value = os.environ.get(ENV_VAR, "")
    if not value or _traveller is not None:
        return None
    target = destination(value, dt.datetime.now(dt.UTC))
    _traveller = time_machine.travel(target, tick=True)
    _traveller.start()
    return target


def stop() -> None:
    global _traveller
    if _traveller is not None:
        _traveller.stop()
        _traveller = None


PARIS = ZoneInfo("Europe/Paris")


def paris(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    """An aware instant in Paris, for tests that pin the clock (`time_machine.move_to(paris(...))`)."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=PARIS)
