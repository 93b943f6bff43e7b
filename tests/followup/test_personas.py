"""Personas on the follow-up pages (issue 15): the person, a professional of the group, a professional
of another structure, a company recruiter, anonymous; and bad input: a French message, nothing written."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from emploi_territoires.followup.models import Appointment, FollowUp, FollowUpMember, Note, SupportStructure
from tests.security.matrix import database_fingerprint

pytestmark = pytest.mark.django_db


def _page(client, url, **kwargs) -> tuple[int, str]:
    response = client.get(url, **kwargs)
    return response.status_code, html.unescape(response.content.decode())


def test_who_gets_what_on_the_followup_page(client, followup, person, pro_apec, pro_other, recruiter_b):
    url = reverse("followup:detail", args=[followup.pk])
    assert client.get(url)["Location"].startswith(reverse("accounts:login"))  # anonymous
    client.force_login(person)
    assert client.get(url)["Location"] == reverse("followup:mine")
    client.force_login(pro_apec)
    status, page = _page(client, url)
    assert status == 200 and "Lina Mansouri" in page and "Apec Bourgogne-Franche-Comté" in page
    for outsider in (pro_other, recruiter_b):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(recruiter_b)
    assert client.get(reverse("followup:caseload")).status_code == 403
    assert client.get(reverse("followup:mine")).status_code == 200  # « personne ne vous accompagne »


BAD_POSTS = [
    ("note_add", {"text": "x" * 5001, "visibility": "group"}, "dépasse 5000 caractères"),
    ("note_add", {"text": "Rendez-vous pris", "visibility": "tout le monde"}, "Sélectionnez un choix valide"),
    ("note_add", {"text": "Nul\x00part", "visibility": "group"}, "caractère nul n’est pas autorisé"),
    (
        "appointment_add",
        {"date": "31/02/2027", "time": "10:00", "duration_minutes": "45", "channel": "phone"},
        "date valide",
    ),
    (
        "appointment_add",
        {"date": "2026-12-01", "time": "10:00", "duration_minutes": "900", "channel": "phone"},
        "entre 5 minutes et 8 heures",
    ),
    ("member_add", {"email": "inconnu@exemple.fr"}, "structure d'accompagnement vérifiée"),
    ("member_add", {"email": "pas-une-adresse"}, "adresse e-mail valide"),
    ("referent", {"user": "999999"}, "doit faire partie du groupe"),
    ("referent", {"user": "Sarah"}, "Choisissez le référent dans la liste"),
    ("end", {"reason": "parce que", "comment": ""}, "Sélectionnez un choix valide"),
    ("end", {"reason": "", "comment": ""}, "motif de fin"),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_POSTS)
def test_bad_input_is_a_french_message_and_nothing_is_written(client, followup, pro_ml, name, data, message):
    client.force_login(pro_ml)
    before = database_fingerprint()
    response = client.post(reverse(f"followup:{name}", args=[followup.pk]), data, follow=True)
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    assert database_fingerprint() == before


def test_bad_settings_and_request_answers(client, followup, pro_ml, mission_locale):
    client.force_login(pro_ml)
    response = client.post(reverse("followup:settings", args=[mission_locale.pk]), {"no_contact_alert_weeks": "0"})
    assert "Entre 1 et 52 semaines." in html.unescape(response.content.decode())
    assert not SupportStructure.objects.exists()
    counts = (
        FollowUp.objects.count(),
        FollowUpMember.objects.count(),
        Note.objects.count(),
        Appointment.objects.count(),
    )
    assert counts == (1, 2, 0, 0)
