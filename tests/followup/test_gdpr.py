"""The follow-ups and personal data: export, account deletion, the retention purge (docs/followup.md)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from emploi_territoires.applications import gdpr
from emploi_territoires.followup import services
from emploi_territoires.followup.models import FollowUp, FollowUpMember, Note
from tests.clock import paris
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_the_export_has_the_followup_and_only_the_notes_shared_with_the_person(followup, person, pro_ml, pro_apec):
    services.add_note(pro_ml, followup, "Freins périphériques : mobilité.", visibility="structure")
    services.add_note(pro_apec, followup, "Atelier CV le 4 novembre.", visibility="group")
    services.plan_appointment(pro_ml, followup, starts_at=paris(2026, 11, 9, 14), subject="Bilan de mi-parcours")
    exported = gdpr.collect_personal_data(person)["accompagnement"]
    [mine] = exported["accompagnements"]
    assert mine["debut"] == "2026-11-02"
    assert mine["version_du_texte_d_accord"] == "2026-12"
    assert [p["structure"] for p in mine["professionnels"]] == [
        "Mission locale Nevers Sud Nivernais",
        "Apec Bourgogne-Franche-Comté",
    ]
    assert [n["texte"] for n in mine["notes_partagees"]] == ["Atelier CV le 4 novembre."]
    assert [a["objet"] for a in mine["rendez_vous"]] == ["Bilan de mi-parcours"]


def test_deleting_the_account_erases_the_followup(followup, person, pro_ml):
    services.add_note(pro_ml, followup, "Rappeler Lina Mansouri lundi.", visibility="group")
    report = gdpr.delete_account(person, TEST_PASSWORD)
    assert report.modules["accompagnement"] == {"followups_erased": 1, "requests_deleted": 0, "groups_left": 0}
    assert not FollowUp.objects.exists()
    assert not Note.objects.exists()


def test_a_deleted_professional_leaves_the_groups(followup, pro_apec):
    gdpr.erase_candidate(pro_apec, reason="request", actor=pro_apec)
    assert FollowUpMember.objects.get(user=pro_apec).left_at is not None
    assert FollowUp.objects.filter(pk=followup.pk).exists()


def test_ended_followups_are_purged_after_two_years(followup, pro_ml, time_machine, capsys):
    services.end_followup(pro_ml, followup, reason="job", now=paris(2026, 12, 1))
    call_command("purge_followups", now="2028-11-30T10:00:00+01:00")
    assert "0 accompagnement(s) à effacer" in capsys.readouterr().out
    call_command("purge_followups", now="2028-12-02T10:00:00+01:00")
    assert "1 accompagnement(s) à effacer" in capsys.readouterr().out
    assert FollowUp.objects.exists()  # a dry run
    call_command("purge_followups", "--apply", now="2028-12-02T10:00:00+01:00")
    assert not FollowUp.objects.exists()
