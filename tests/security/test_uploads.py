"""Every upload of the platform refuses a program renamed to look like the expected file.

A Windows program ("MZ") or a Linux one ("ELF") named cv.pdf, panel.csv, instance.json or acv.csv
is refused with a French message, nothing is stored, and the answer is never a 500. Upload points:
the candidate's CV (profile form), the impact-study panel, the job-dating import, the admin's
programme list import. (tests/applications covers the CV check in depth: macros, archives, size.)
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
MZ = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 200
PROGRAMS = pytest.mark.parametrize("program", [ELF, MZ], ids=["elf", "mz"])


def _upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type)


@PROGRAMS
def test_cv_upload_refuses_a_renamed_program(client, candidate, program):
    from emploi_territoires.applications.models import CandidateProfile
    from tests.applications.test_profile import form_data
    from tests.offers.factories import RomeOccupationFactory

    RomeOccupationFactory()
    RomeOccupationFactory(code="K1802", label="Développeur / Développeuse local")
    from tests.factories import saint_etienne

    saint_etienne()
    client.force_login(candidate)
    response = client.post(
        reverse("applications:profile_edit"), {**form_data(), "cv": _upload("cv.pdf", program, "application/pdf")}
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["cv"])
    assert "programme" in errors
    assert not CandidateProfile.objects.filter(user=candidate).exclude(cv="").exists()


@PROGRAMS
@pytest.mark.parametrize("name", ["panel.csv", "panel.xlsx"])
def test_impact_panel_refuses_a_renamed_program(client, advisor, program, name):
    from emploi_territoires.evaluation.models import ImpactStudy

    client.force_login(advisor)
    response = client.post(
        reverse("evaluation:impact_list"),
        {
            "title": "Salaire minimum et emploi des comtés",
            "panel": _upload(name, program),
            "unit": "countyreal",
            "time": "year",
            "outcome": "lemp",
            "treatment_start": "first.treat",
            "estimator": "cs",
            "control": "never",
        },
    )
    assert response.status_code == 400
    assert "fr-error-text" in response.content.decode() or "fr-alert--error" in response.content.decode()
    assert not ImpactStudy.objects.exists()


@PROGRAMS
@pytest.mark.parametrize("name", ["instance.json", "inscriptions.xlsx"])
def test_jobdating_import_refuses_a_renamed_program(client, staff, program, name):
    from emploi_territoires.jobdating.models import CandidateRegistration, RecruiterRegistration
    from tests.jobdating.factories import EventFactory

    event = EventFactory()
    client.force_login(staff)
    response = client.post(
        reverse("jobdating:import_file", kwargs={"pk": event.pk}), {"action": "check", "file": _upload(name, program)}
    )
    assert response.status_code in (200, 400)
    page = response.content.decode()
    assert "fr-alert--error" in page or "fr-error-text" in page
    assert not CandidateRegistration.objects.exists()
    assert not RecruiterRegistration.objects.exists()


@PROGRAMS
def test_admin_programme_import_refuses_a_renamed_program(client, db, program):
    from emploi_territoires.territories.models import ProgrammeImport, ProgrammeMembership
    from tests.factories import UserFactory

    client.force_login(UserFactory(email="admin@exemple.fr", is_staff=True, is_superuser=True))
    response = client.post(
        reverse("admin:territories_programme_upload"),
        {"programme": "acv", "vintage": "2024", "file": _upload("acv.csv", program, "text/csv")},
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get("file", []))
    assert "Fichier refusé, rien n'a été écrit." in errors, response.context["form"].errors
    assert not ProgrammeImport.objects.exists()
    assert not ProgrammeMembership.objects.exists()
