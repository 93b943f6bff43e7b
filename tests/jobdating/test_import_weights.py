"""Weights of an imported file: decimals accepted (scaled for the solver), too large refused in French."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from emploi_territoires.jobdating import io as event_io
from emploi_territoires.jobdating.models import CandidateRegistration
from emploi_territoires.jobdating.solver import InstanceError
from emploi_territoires.jobdating.solver.instance import MAX_WEIGHT
from tests.jobdating.factories import EventFactory

pytestmark = pytest.mark.django_db


def small_file(*weights) -> dict:
    return {
        "slots": 8,
        "min_gap": 0,
        "recruiters": [{"id": "mairie", "name": "Mairie de Clamecy", "tables": 1, "available": [[0, 7]]}],
        "candidates": [
            {"id": f"c{n}", "name": f"Candidat {n}", "available": [[0, 7]], "max_interviews": None}
            for n in range(len(weights))
        ],
        "wishes": [{"candidate": f"c{n}", "recruiter": "mairie", "weight": w} for n, w in enumerate(weights)],
    }


def test_json_decimal_weights_are_scaled_for_the_solver():
    instance, _ = event_io.read_instance("liste.json", json.dumps(small_file(2.5, 3, "1,25")).encode())
    assert [w.weight for w in instance.wishes] == [250, 300, 125]


def test_integer_weights_are_kept_as_they_are():
    instance, _ = event_io.read_instance("liste.json", json.dumps(small_file(24, 33)).encode())
    assert [w.weight for w in instance.wishes] == [24, 33]


def test_xlsx_decimal_weight_is_accepted():
    workbook = load_workbook(io.BytesIO(event_io.json_to_xlsx(small_file(24, 33))))
    workbook["Souhaits"]["C2"] = 2.5
    buffer = io.BytesIO()
    workbook.save(buffer)
    instance, _ = event_io.read_instance("liste.xlsx", buffer.getvalue())
    assert [w.weight for w in instance.wishes] == [250, 3300]


@pytest.mark.parametrize("weight", [10**20, MAX_WEIGHT + 1, 123456.5])
def test_too_large_weights_are_refused_in_french(weight):
    with pytest.raises(InstanceError) as caught:
        event_io.read_instance("liste.json", json.dumps(small_file(weight, 3)).encode())
    assert "poids trop grand" in " ".join(caught.value.errors)


@pytest.mark.parametrize("action", ["check", "solve", "preview"])
def test_import_page_with_huge_weights_answers_a_french_error(client, advisor, action):
    event = EventFactory(advisors=[advisor])
    client.force_login(advisor)
    upload = SimpleUploadedFile("liste.json", json.dumps(small_file(10**30, 2)).encode())
    response = client.post(reverse("jobdating:import_file", args=[event.pk]), {"file": upload, "action": action})
    assert response.status_code == 200
    assert "poids trop grand" in response.content.decode()
    assert not CandidateRegistration.objects.filter(event=event).exists()


def test_a_huge_capacity_is_a_french_form_error():
    from emploi_territoires.jobdating.validation import validate_event_values

    errors = validate_event_values({"capacity": 10**12})
    assert errors["capacity"] == [
        "La capacité va jusqu'à 100\u202f000 candidats (laissez vide pour ne pas la limiter)."
    ]
    assert "capacity" not in validate_event_values({"capacity": 600})
