"""The suite's movable clock (tests/clock.py), which `make test-clock` uses to prove no test depends
on the day it runs."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.clock import ClockError, destination, paris

NOW = dt.datetime(2026, 12, 7, 9, 15, tzinfo=dt.UTC)


def test_a_year_ahead_keeps_the_instant():
    assert destination("+1y", NOW) == dt.datetime(2027, 12, 7, 9, 15, tzinfo=dt.UTC)


def test_a_year_ahead_of_a_29_february_is_the_28th():
    leap = dt.datetime(2028, 2, 29, 12, 0, tzinfo=dt.UTC)
    assert destination("+1y", leap) == dt.datetime(2029, 2, 28, 12, 0, tzinfo=dt.UTC)


def test_days_ahead():
    assert destination("+85d", NOW) == dt.datetime(2027, 3, 2, 9, 15, tzinfo=dt.UTC)


def test_an_iso_instant_with_its_offset():
    assert destination("2027-10-31T02:58:00+02:00", NOW) == dt.datetime(2027, 10, 31, 0, 58, tzinfo=dt.UTC)


@pytest.mark.parametrize("value", ["2028-02-29T10:00:00", "demain", "+1m", ""])
def test_ambiguous_or_unknown_values_are_refused(value):
    with pytest.raises(ClockError):
        destination(value, NOW)


def test_the_pinned_clock_ticks_across_the_change_to_winter_time(time_machine):
    # 02:59:59 CEST, then one second later it is 02:00:00 CET: Paris local time goes back an hour.
    time_machine.move_to(dt.datetime(2027, 10, 31, 0, 59, 59, tzinfo=dt.UTC), tick=False)
    before = timezone.localtime()
    time_machine.shift(1)
    after = timezone.localtime()
    assert (before.hour, before.utcoffset()) == (2, dt.timedelta(hours=2))
    assert (after.hour, after.utcoffset()) == (2, dt.timedelta(hours=1))
    assert paris(2027, 10, 31, 12).utcoffset() == dt.timedelta(hours=1)
