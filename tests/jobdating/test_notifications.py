"""Publishing the schedule e-mails everyone their agenda: candidates with the .ics, recruiters per table."""

from __future__ import annotations

import pytest
from django.core import mail

from emploi_territoires.jobdating import services_events
from emploi_territoires.jobdating.errors import JobDatingError
from emploi_territoires.jobdating.models import EventStatus
from tests.jobdating.day_setup import fast_solver, interviews_of, published_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast(settings):
    fast_solver(settings)


@pytest.fixture
def world(advisor, organisation_a, organisation_b, candidate, recruiter_a, recruiter_b):
    # recruiter_a / recruiter_b exist before registration: they are the contacts of A and B.
    world = published_world(advisor, organisation_a, organisation_b, candidate, publish=False)
    world.rec_a.contact = recruiter_a
    world.rec_a.save(update_fields=["contact"])
    world.rec_b.contact = recruiter_b
    world.rec_b.save(update_fields=["contact"])
    return world


def test_publishing_sends_each_candidate_their_agenda_with_the_ics(world, advisor, django_capture_on_commit_callbacks):
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        services_events.publish_schedule(world.event, actor=advisor)
    world.event.refresh_from_db()
    assert world.event.status == EventStatus.PUBLISHED
    to_ines = [m for m in mail.outbox if m.to == ["ines.haddad@exemple.fr"]]
    assert len(to_ines) == 1
    message = to_ines[0]
    assert message.subject == "Votre agenda du job dating « Job dating de l'industrie — Saint-Étienne »"
    assert "Bonjour Inès Haddad," in message.body
    assert "Lieu : Cité du design, 3 rue Javelin-Pagnon, 42000 Saint-Étienne" in message.body
    interviews = interviews_of(world.ines)
    assert interviews
    for interview in interviews:
        assert interview.recruiter_registration.organisation.name in message.body
    filename, content, mimetype = message.attachments[0]
    assert filename.endswith(".ics") and mimetype.startswith("text/calendar")
    assert content.count("BEGIN:VEVENT") == len(interviews)
    # Six candidates + the contacts of A and B (the Forges' factory registration has none).
    assert len(mail.outbox) == 8


def test_recruiter_contact_gets_the_list_per_table(world, advisor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services_events.publish_schedule(world.event, actor=advisor)
    message = next(m for m in mail.outbox if m.to == ["claire.roux@exemple.fr"])
    assert message.subject == "Vos entretiens au job dating « Job dating de l'industrie — Saint-Étienne »"
    assert "Table 1 :" in message.body
    met = {i.candidate_registration.user.get_full_name() for i in world.rec_a.interviews.all()}
    assert met and all(name in message.body for name in met)
    assert message.attachments[0][1].count("BEGIN:VEVENT") == len(met)


def test_a_refused_publication_sends_nothing(world, candidate, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(JobDatingError):
        services_events.publish_schedule(world.event, actor=candidate)
    assert mail.outbox == []
