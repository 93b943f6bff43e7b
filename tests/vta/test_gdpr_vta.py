"""The volunteer's VTA missions in the data export and account deletion (issue 16)."""

from __future__ import annotations

import datetime

import pytest

from emploi_territoires.applications import gdpr
from emploi_territoires.core.storage import private_storage
from emploi_territoires.vta.models import AidRequest, AidStatus, AidTransition, Mission
from tests.clock import paris
from tests.factories import TEST_PASSWORD
from tests.vta.factories_aid import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(time_machine):
    time_machine.move_to(paris(2026, 12, 7))
    return build_world()


def test_the_export_carries_the_missions(world):
    world.granted(datetime.date(2026, 12, 7))
    data = gdpr.collect_personal_data(world.volunteer)
    [mission] = data["vta"]["missions"]
    assert (mission["collectivite"], mission["nom_declare"], mission["aide_de_l_etat"]) == (
        "Mairie de Clamecy",
        "Léna Moreau",
        "Aide accordée",
    )
    assert mission["debut_du_contrat"] == "2027-01-04"


def test_deleting_the_account_withdraws_an_open_file_and_drops_the_charter(world, django_capture_on_commit_callbacks):
    mission = world.filed(datetime.date(2026, 12, 7))
    charter = AidRequest.objects.get().charter_file
    assert private_storage().exists(charter)
    with django_capture_on_commit_callbacks(execute=True):
        report = gdpr.delete_account(world.volunteer, TEST_PASSWORD)
    assert report.modules["vta"] == {"missions_anonymised": 1, "aids_withdrawn": 1}
    aid = AidRequest.objects.get()
    assert (aid.status, aid.charter_file) == (AidStatus.WITHDRAWN, "")
    assert not private_storage().exists(charter)
    assert AidTransition.objects.filter(to_status=AidStatus.WITHDRAWN, actor=None).count() == 1
    assert Mission.objects.filter(pk=mission.pk, volunteer_name="", volunteer_email="").exists()
