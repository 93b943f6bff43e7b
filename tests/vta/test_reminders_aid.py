"""Reminders of a granted VTA mission (contract 04/01/2027 – 03/01/2028): mid-term, end, six months."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from emploi_territoires.vta import reminders, services_aid
from emploi_territoires.vta.models import MissionReminder
from tests.clock import paris
from tests.vta.factories_aid import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def mission(time_machine):
    time_machine.move_to(paris(2026, 12, 7))
    world = build_world()
    granted = world.granted(datetime.date(2026, 12, 7))
    mail.outbox.clear()
    return world, granted


def test_each_reminder_once_when_due(mission, django_capture_on_commit_callbacks):
    _world, granted = mission
    assert granted.mid_term_on == datetime.date(2027, 7, 5)
    assert reminders.send_reminders(datetime.date(2027, 7, 4)) == []
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders(datetime.date(2027, 7, 5)) == [(granted.pk, "mid_term")]
        assert reminders.send_reminders(datetime.date(2027, 7, 6)) == []
    assert [m.subject for m in mail.outbox] == ["VTA : le point à mi-parcours de la mission de Léna Moreau"] * 2
    assert [m.to for m in mail.outbox] == [["dgs@mairie-clamecy.fr"], ["lena.moreau@exemple.fr"]]
    assert f"/vta/aides/{granted.pk}/" in mail.outbox[0].body
    assert "/vta/mes-missions/" in mail.outbox[1].body

    # Dry run: says what it would send, writes nothing.
    assert reminders.send_reminders(datetime.date(2028, 1, 4), apply=False) == [(granted.pk, "end")]
    assert MissionReminder.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders(datetime.date(2028, 1, 4)) == [(granted.pk, "end")]
    assert "a pris fin le 03/01/2028" in mail.outbox[-1].body


def test_no_six_month_reminder_once_the_situation_is_known(mission):
    world, granted = mission
    services_aid.record_outcome(
        world.secretary, granted, moment="six_months", situation="seeking", today=datetime.date(2028, 7, 3)
    )
    sent = reminders.send_reminders(datetime.date(2028, 7, 10), apply=False)
    assert sent == [(granted.pk, "end")]


def test_command_is_a_dry_run_by_default(mission, capsys):
    call_command("vta_reminders", "--date", "2027-07-05")
    assert "1 rappel(s) à envoyer (simulation)" in capsys.readouterr().out
    assert MissionReminder.objects.count() == 0
