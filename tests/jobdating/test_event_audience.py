"""The event form edits the target audience: programmes, départements (codes), ROME occupations."""

from __future__ import annotations

import datetime
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import nievre, saint_etienne
from tests.jobdating.factories import EventFactory
from tests.offers.factories import RomeOccupationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def occupations():
    return [
        RomeOccupationFactory(code="H2903", label="Conduite d'équipement d'usinage"),
        RomeOccupationFactory(code="H2913", label="Soudage manuel"),
    ]


def form_data(**extra):
    date = timezone.localdate() + datetime.timedelta(days=30)
    return {
        "title": "Job dating des métiers de la métallurgie",
        "commune": "Saint-Étienne (42218)",
        "address": "Cité du design, 42000 Saint-Étienne",
        "date": date.isoformat(),
        "first_slot_time": "14:00",
        "slot_minutes": "15",
        "slot_count": "12",
        "min_gap": "1",
        "registration_deadline": f"{date - datetime.timedelta(days=3)}T18:00",
        "target_programmes": ["ti", "acv"],
        **extra,
    }


def test_advisor_creates_an_event_with_its_audience(client, advisor, occupations):
    saint_etienne()
    nievre()
    client.force_login(advisor)
    response = client.post(
        reverse("jobdating:event_create"),
        form_data(target_departements="42; 58 42", target_occupations="h2903, H2913"),
    )
    assert response.status_code == 302
    event = advisor.jobdating_events.get()
    assert event.target_programmes == ["ti", "acv"]
    assert sorted(event.target_departements.values_list("code", flat=True)) == ["42", "58"]
    assert sorted(event.target_occupations.values_list("code", flat=True)) == ["H2903", "H2913"]


def test_unknown_codes_are_named_in_french(client, advisor, occupations):
    saint_etienne()
    client.force_login(advisor)
    response = client.post(
        reverse("jobdating:event_create"),
        form_data(target_departements="42, 99", target_occupations="H2903, Z9999, H9999"),
    )
    page = unescape(response.content.decode())
    assert response.status_code == 200
    assert "Département inconnu : « 99 »" in page
    assert "Code ROME mal écrit : « Z9999 »" in page
    assert not advisor.jobdating_events.exists()
    response = client.post(reverse("jobdating:event_create"), form_data(target_occupations="H2903, H9999"))
    assert "Code ROME inconnu : « H9999 »." in unescape(response.content.decode())


def test_edit_shows_and_changes_the_audience(client, advisor, occupations):
    event = EventFactory(advisors=[advisor])
    event.target_departements.set([saint_etienne().departement])
    event.target_occupations.set(occupations[:1])
    client.force_login(advisor)
    url = reverse("jobdating:event_edit", args=[event.pk])
    page = client.get(url).content.decode()
    assert 'value="42"' in page and 'value="H2903"' in page
    initial = response_initial(client, url)
    response = client.post(url, initial | {"target_departements": "", "target_occupations": "H2913"})
    assert response.status_code == 302
    assert not event.target_departements.exists()
    assert list(event.target_occupations.values_list("code", flat=True)) == ["H2913"]


def response_initial(client, url):
    form = client.get(url).context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if name == "commune":
            data[name] = f"{value.name} ({value.code})"
        elif name == "registration_deadline":
            data[name] = timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")
        elif isinstance(value, datetime.date | datetime.time):
            data[name] = value.isoformat()[:5] if isinstance(value, datetime.time) else value.isoformat()
        else:
            data[name] = value
    return data
