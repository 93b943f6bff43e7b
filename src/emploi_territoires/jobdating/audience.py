"""Who a job dating is for: the rule that matches an event's target audience with a person.

A pure core (no Django): `suggestions.py` adapts events and candidate profiles to these plain
values, and builds the same rule as a database query to find the candidates of one event (the
tests keep the two equal).

An event targets programmes (ACV, PVD, TI, QPV, France services), départements and ROME
occupations, each optional. A candidate matches when:

- they live in one of the targeted départements — or, when none is targeted, in the event's own
  département (a job dating is a local event: "TI" alone does not mean every industrial territory
  of France);
- and, when programmes are targeted, their commune is in one of them (like an advisor's scope:
  the programme communes within those départements);
- and, when occupations are targeted, they look for one of them (an empty wish list matches no
  targeted occupation: the suggestion would be a guess).

Example::

    >>> event = Audience(departements=frozenset({"42"}), programmes=frozenset({"ti"}),
    ...                  occupations=frozenset({"H2913"}))
    >>> matches(event, Person("42", frozenset({"ti", "qpv"}), frozenset({"H2913", "I1304"})))
    True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Audience:
    """An event's audience with the default département filled in (see `audience`)."""

    departements: frozenset[str]
    programmes: frozenset[str] = frozenset()
    occupations: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Person:
    """A candidate: the département and programmes of their commune, the occupations they look for."""

    departement: str
    programmes: frozenset[str] = frozenset()
    occupations: frozenset[str] = frozenset()


def audience(
    event_departement: str,
    targeted_departements: Iterable[str] = (),
    programmes: Iterable[str] = (),
    occupations: Iterable[str] = (),
) -> Audience:
    """The audience of an event held in `event_departement`, from its stored targets."""
    departements = frozenset(targeted_departements) or frozenset({event_departement})
    return Audience(departements, frozenset(programmes), frozenset(occupations))


def matches(event: Audience, person: Person) -> bool:
    if person.departement not in event.departements:
        return False
    if event.programmes and not event.programmes & person.programmes:
        return False
    return not event.occupations or bool(event.occupations & person.occupations)
