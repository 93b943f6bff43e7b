"""An event in the solver's JSON format and as an XLSX workbook: round trips and French errors."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook

from emploi_territoires.jobdating import io as event_io
from emploi_territoires.jobdating.solver import InstanceError, parse_instance
from emploi_territoires.jobdating.solver_adapter import build_instance
from tests.jobdating.factories import (
    CandidateRegistrationFactory,
    EventFactory,
    RecruiterRegistrationFactory,
    WishFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    event = EventFactory()
    forges = RecruiterRegistrationFactory(event=event, tables=2, availability=[[0, 7]])
    metropole = RecruiterRegistrationFactory(event=event, availability=[[0, 15]])
    for n in range(4):
        candidate = CandidateRegistrationFactory(
            event=event, availability=[[4, 15]] if n else [[0, 15]], max_interviews=2 if n == 3 else None
        )
        WishFactory(candidate_registration=candidate, recruiter_registration=forges, rank=1)
        WishFactory(candidate_registration=candidate, recruiter_registration=metropole, rank=2)
    return event


def test_json_export_is_the_solver_format_with_names(event):
    data = json.loads(json.dumps(event_io.event_to_json(event)))
    assert parse_instance(data) == build_instance(event)
    assert data["recruiters"][0]["name"].startswith("Forges de l'Ondaine")
    assert data["slots"] == 16 and data["min_gap"] == 1


def test_json_round_trip_through_read_instance(event):
    content = json.dumps(event_io.event_to_json(event)).encode()
    instance, _ = event_io.read_instance("job-dating.json", content)
    assert instance == build_instance(event)


def test_xlsx_round_trip_gives_the_same_instance(event):
    content = event_io.event_to_xlsx(event)
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Paramètres", "Recruteurs", "Candidats", "Souhaits"]
    headers = [c.value for c in workbook["Recruteurs"][1]]
    assert headers == ["Identifiant", "Nom", "Tables", "Disponibilités", "Organisation"]
    instance, _ = event_io.read_instance("job-dating.xlsx", content)
    assert instance == build_instance(event)


def test_xlsx_columns_are_found_by_header_not_position(event):
    content = event_io.event_to_xlsx(event)
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["Recruteurs"]
    sheet.move_range("A1:A10", cols=5)  # "Identifiant" moves to column F
    buffer = io.BytesIO()
    workbook.save(buffer)
    instance, _ = event_io.read_instance("moved.xlsx", buffer.getvalue())
    assert instance == build_instance(event)


def test_xlsx_errors_name_the_sheet_and_line(event):
    workbook = load_workbook(io.BytesIO(event_io.event_to_xlsx(event)))
    workbook["Recruteurs"]["D2"] = "matin"
    workbook["Candidats"]["C3"] = "9-3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(InstanceError) as exc:
        event_io.read_instance("erreurs.xlsx", buffer.getvalue())
    assert exc.value.errors == [
        "Feuille « Recruteurs », ligne 2 : disponibilités illisibles « matin » (attendu par exemple : 0-7; 9-15)."
    ]
    workbook["Recruteurs"]["D2"] = "0-7"
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(InstanceError, match=r"la plage \[9, 3\] est inversée"):
        event_io.read_instance("erreurs.xlsx", buffer.getvalue())


def test_unreadable_files(event):
    with pytest.raises(InstanceError, match="n'est pas un classeur XLSX lisible"):
        event_io.read_instance("liste.xlsx", b"pas un classeur")
    with pytest.raises(InstanceError, match=r"Déposez un fichier \.json ou \.xlsx"):
        event_io.read_instance("liste.csv", b"a;b")
    with pytest.raises(InstanceError, match="n'est pas un JSON valide"):
        event_io.read_instance("liste.json", b"{")
