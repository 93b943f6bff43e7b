"""The mentoring demo on the real geography: the issue's "done when" walk-through, idempotent."""

import pytest

from emploi_territoires.mentoring.demo import MANAGER_EMAIL, MENTOR_EMAIL, PROGRAMME_NAME, load_demo_mentoring
from emploi_territoires.mentoring.figures import programme_figures
from emploi_territoires.mentoring.models import Enrolment, Meeting, Pair, Programme
from emploi_territoires.offers.rome import load_copy as load_rome


@pytest.mark.slow
def test_demo_programme(cog, db, client):
    load_rome()
    published = load_demo_mentoring()
    assert published >= 15
    programme = Programme.objects.get(name=PROGRAMME_NAME)
    roles = list(Enrolment.objects.filter(programme=programme).values_list("role", flat=True))
    assert (roles.count("mentor"), roles.count("mentee")) == (20, 40)
    latest = programme.runs.first()
    assert latest.published_at is not None
    assert latest.proposals.filter(locked=True).count() == 2
    assert programme.runs.count() == 2
    assert Pair.objects.filter(programme=programme, mentor__email=MENTOR_EMAIL).exists()
    assert Meeting.objects.filter(pair__programme=programme, logged_by__email=MENTOR_EMAIL).count() == 1
    figures = programme_figures(programme)
    assert (figures.pairs_started, figures.pairs_ended, figures.job) == (published, 1, 1)
    # The manager sees the reasons of the run and the figures.
    client.force_login(programme.managers.get(email=MANAGER_EMAIL))
    page = client.get(latest.get_absolute_url()).content.decode()
    assert "Verrouillé" in page and " pts)" in page
    assert "100 % (1 sur 1 : 1 en emploi, 0 en formation)" in client.get(programme.get_absolute_url()).content.decode()
    assert load_demo_mentoring() == 0
    assert Programme.objects.filter(name=PROGRAMME_NAME).count() == 1
