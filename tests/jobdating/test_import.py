"""Creating an event's registrations from the solver's format (JSON or XLSX): round trips, French
errors naming the sheet and line, all or nothing, preview then confirmation."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from emploi_territoires.jobdating import io as event_io
from emploi_territoires.jobdating import services_import
from emploi_territoires.jobdating.models import (
    CandidateRegistration,
    CandidateScreening,
    EventStatus,
    RecruiterRegistration,
    ScreeningDecision,
    Wish,
)
from emploi_territoires.jobdating.solver_adapter import build_instance
from tests.jobdating.factories import (
    CandidateRegistrationFactory,
    CandidateScreeningFactory,
    EventFactory,
    RecruiterRegistrationFactory,
    WishFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(advisor):
    event = EventFactory(advisors=[advisor])
    forges = RecruiterRegistrationFactory(event=event, tables=2, availability=[[0, 7]])
    metropole = RecruiterRegistrationFactory(event=event, availability=[[0, 15]])
    for n in range(4):
        candidate = CandidateRegistrationFactory(
            event=event, availability=[[4, 15]] if n else [[0, 15]], max_interviews=2 if n == 3 else None
        )
        WishFactory(candidate_registration=candidate, recruiter_registration=forges, rank=1)
        WishFactory(candidate_registration=candidate, recruiter_registration=metropole, rank=2)
        if n == 1:
            # Preferred by the second recruiter: its weight (11 × 3 = 33) beats the first choice (24).
            CandidateScreeningFactory(
                recruiter_registration=metropole,
                candidate_registration=candidate,
                decision=ScreeningDecision.PREFERRED,
            )
    return event


@pytest.fixture
def fresh(advisor):
    return EventFactory(advisors=[advisor], title="Job dating de l'industrie — deuxième session")


def canonical(event):
    """The event's instance with ids replaced by what an import keeps: organisations and e-mails."""
    organisations = dict(RecruiterRegistration.objects.filter(event=event).values_list("pk", "organisation_id"))
    emails = dict(CandidateRegistration.objects.filter(event=event).values_list("pk", "user__email"))
    instance = build_instance(event)
    return (
        instance.slots,
        instance.min_gap,
        sorted((organisations[r.id], r.tables, r.available) for r in instance.recruiters),
        sorted((emails[c.id], c.available, c.max_interviews or 0) for c in instance.candidates),
        sorted((emails[w.candidate], organisations[w.recruiter], w.weight) for w in instance.wishes),
    )


def test_json_round_trip_into_a_fresh_event_gives_the_same_instance(source, fresh, advisor):
    content = json.dumps(event_io.event_to_json(source)).encode()
    _, data = event_io.read_instance("job-dating.json", content)
    result = services_import.apply_import(fresh, data, actor=advisor)
    assert (result.recruiters, result.candidates, result.wishes) == (2, 4, 8)
    assert canonical(fresh) == canonical(source)
    assert CandidateScreening.objects.get(recruiter_registration__event=fresh).decision == "preferred"


def test_xlsx_round_trip_into_a_fresh_event_gives_the_same_instance(source, fresh, advisor):
    _, data = event_io.read_instance("job-dating.xlsx", event_io.event_to_xlsx(source))
    services_import.apply_import(fresh, data, actor=advisor)
    assert canonical(fresh) == canonical(source)


def test_without_ranks_the_weights_order_the_wishes(source, fresh, advisor):
    data = event_io.event_to_json(source)
    for wish in data["wishes"]:
        del wish["rank"], wish["preference"]
    services_import.apply_import(fresh, data, actor=advisor)
    candidate = CandidateRegistration.objects.filter(event=fresh).order_by("pk")[1]
    # The preferred wish weighed 33 in the file: it becomes this candidate's first choice.
    ranks = list(candidate.wishes.order_by("rank").values_list("recruiter_registration__organisation__name", "rank"))
    assert [rank for _, rank in ranks] == [1, 2]
    assert ranks[0][0] == RecruiterRegistration.objects.filter(event=source).order_by("pk")[1].organisation.name


def test_recruiters_are_found_by_exact_name_without_the_organisation_column(source, fresh, advisor):
    data = event_io.event_to_json(source)
    for recruiter in data["recruiters"]:
        del recruiter["organisation_id"]
    services_import.apply_import(fresh, data, actor=advisor)
    assert canonical(fresh) == canonical(source)


def test_bad_workbook_names_the_sheet_and_line_and_writes_nothing(source, fresh, advisor):
    workbook = load_workbook(io.BytesIO(event_io.event_to_xlsx(source)))
    workbook["Recruteurs"]["E3"] = 999999  # « Organisation » of the second recruiter
    workbook["Candidats"]["E4"] = "personne.inconnue@exemple.fr"  # « E-mail » of the third candidate
    buffer = io.BytesIO()
    workbook.save(buffer)
    _, data = event_io.read_instance("liste.xlsx", buffer.getvalue())
    with pytest.raises(services_import.ImportFailed) as exc:
        services_import.apply_import(fresh, data, actor=advisor)
    assert exc.value.errors == [
        "Feuille « Recruteurs », ligne 3 : aucune organisation ne porte le numéro « 999999 ».",
        "Feuille « Candidats », ligne 4 : aucun compte candidat n'utilise l'adresse « personne.inconnue@exemple.fr » "
        ": la personne doit d'abord créer son compte sur la plateforme.",
    ]
    assert not RecruiterRegistration.objects.filter(event=fresh).exists()
    assert not CandidateRegistration.objects.filter(event=fresh).exists()


def test_unknown_name_and_mismatched_slots_are_reported(source, fresh, advisor):
    fresh.slot_count = 12
    fresh.save(update_fields=["slot_count"])
    data = event_io.event_to_json(source)
    del data["recruiters"][0]["organisation_id"]
    data["recruiters"][0]["name"] = "Aciéries imaginaires du Forez"
    errors = services_import.plan_import(fresh, data).errors
    assert errors[0].startswith("Le fichier prévoit 16 créneaux, le job dating 12")
    assert any(
        e.startswith("Recruteur n° 1 (identifiant")
        and "aucune organisation ne s'appelle « Aciéries imaginaires du Forez »" in e
        for e in errors
    )


def test_importing_twice_is_refused_and_nothing_is_doubled(source, fresh, advisor):
    data = event_io.event_to_json(source)
    services_import.apply_import(fresh, data, actor=advisor)
    with pytest.raises(services_import.ImportFailed, match="est déjà inscrite à ce job dating"):
        services_import.apply_import(fresh, data, actor=advisor)
    assert Wish.objects.filter(recruiter_registration__event=fresh).count() == 8


def test_a_built_schedule_refuses_the_import(source, fresh, advisor):
    fresh.status = EventStatus.SCHEDULE_BUILT
    fresh.save(update_fields=["status"])
    errors = services_import.plan_import(fresh, event_io.event_to_json(source)).errors
    assert errors and "brouillon ou aux inscriptions ouvertes" in errors[0]


def test_preview_then_confirm_through_the_page(client, source, fresh, advisor):
    client.force_login(advisor)
    url = reverse("jobdating:import_file", args=[fresh.pk])
    upload = SimpleUploadedFile("liste.xlsx", event_io.event_to_xlsx(source))
    response = client.post(url, {"file": upload, "action": "preview"})
    page = response.content.decode()
    assert response.status_code == 200 and "Ce qui sera créé" in page
    assert "2 recruteurs, 4 candidats et 8 souhaits" in page
    assert not CandidateRegistration.objects.filter(event=fresh).exists()  # a preview writes nothing
    payload = response.context["preview"]["payload"]
    response = client.post(url, {"action": "confirm", "payload": payload})
    assert response.status_code == 302
    assert canonical(fresh) == canonical(source)


def test_tampered_payload_is_refused(client, fresh, advisor):
    client.force_login(advisor)
    url = reverse("jobdating:import_file", args=[fresh.pk])
    response = client.post(url, {"action": "confirm", "payload": "faux"}, follow=True)
    assert "déposez-le à nouveau" in response.content.decode()
    assert not RecruiterRegistration.objects.filter(event=fresh).exists()


def test_import_page_is_for_managers_only(client, fresh, recruiter_a, candidate):
    url = reverse("jobdating:import_file", args=[fresh.pk])
    for user in (recruiter_a, candidate):
        client.force_login(user)
        assert client.post(url, {"action": "confirm", "payload": "x"}).status_code in (403, 404)
    client.logout()
    assert client.get(url).status_code == 302
    assert not RecruiterRegistration.objects.filter(event=fresh).exists()
