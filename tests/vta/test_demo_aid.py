"""The VTA aid's demo (issue 16) on the demo's own people: the Nièvre's delegate, the Mairie de Clamecy."""

from __future__ import annotations

import datetime

import pytest

from emploi_territoires.vta import demo, services_aid
from emploi_territoires.vta.models import AidStatus, Envelope, Mission
from tests.clock import paris
from tests.vta.factories_aid import build_world

pytestmark = pytest.mark.django_db


def test_demo_missions_envelopes_and_idempotence(time_machine):
    time_machine.move_to(paris(2026, 12, 7))
    world = build_world()
    world.mairie.is_demo = True
    world.mairie.save(update_fields=["is_demo"])
    world.secretary.email = demo.SECRETARY
    world.secretary.save(update_fields=["email"])
    world.delegate.email = demo.DELEGATE
    world.delegate.save(update_fields=["email"])

    assert demo.load_demo_vta_aid() == 3
    missions = {m.volunteer_name: m for m in Mission.objects.select_related("aid")}
    assert {name: m.aid.status for name, m in missions.items()} == {
        "Camille Dufour": AidStatus.GRANTED,
        "Lucas Perret": AidStatus.GRANTED,
        "Sarah Benoît": AidStatus.FILED,
    }
    ended = missions["Camille Dufour"]
    assert ended.ends_on == datetime.date(2026, 9, 30) and ended.is_listed
    assert ended.outcomes.get().employer_name == "Communauté de communes Haut Nivernais - Val d'Yonne"
    assert sorted(Envelope.objects.values_list("year", "amount_eur")) == [
        (2025, 60_000),
        (2026, 75_000),
        (2027, 60_000),
    ]
    figures = services_aid.envelope_figures(Envelope.objects.get(year=2026))
    assert (figures.granted, figures.committed, figures.left) == (15_000, 15_000, 45_000)
    assert demo.load_demo_vta_aid() == 3  # a second run changes nothing
    assert Mission.objects.count() == 3


def test_without_the_demo_people_nothing_happens(db):
    assert demo.load_demo_vta_aid() == 0
    assert not Mission.objects.exists()
