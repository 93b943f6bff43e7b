"""Using the audience: events suggested in a candidate's space and by e-mail (opt-in, once per person
and event), in an advisor's space and mailbox; the public list of the events open to registration.

The clock is pinned on Monday 2 March 2026 at 9 h: `EventFactory` events are on Monday 16 March,
registrations open until Sunday 15 March at 18 h.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from emploi_territoires.jobdating import services_events, services_invitations, suggestions
from emploi_territoires.jobdating.models import EventInvitation, EventStatus, InvitationKind, InvitationOptIn
from tests.applications.factories import CandidateProfileFactory
from tests.factories import clamecy, nievre
from tests.jobdating.factories import CandidateRegistrationFactory, EventFactory
from tests.offers.factories import RomeOccupationFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
MONDAY = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(MONDAY, tick=False)


@pytest.fixture
def welder():
    return RomeOccupationFactory(code="H2913", label="Soudeur / Soudeuse")


@pytest.fixture
def ines(candidate, welder):
    """The `candidate` persona, in Saint-Étienne (Loire, TI, QPV), looking for a welding job."""
    CandidateProfileFactory(user=candidate, wanted_occupations=[welder])
    return candidate


def welding_event(**kwargs):
    event = EventFactory(title=kwargs.pop("title", "Job dating de la soudure — Saint-Étienne"), **kwargs)
    event.target_occupations.set([RomeOccupationFactory(code="H2913", label="Soudeur / Soudeuse")])
    return event


# --- In the candidate's space --------------------------------------------------------------------


def test_a_candidate_is_suggested_the_open_events_that_suit_them(ines):
    later = welding_event(title="Job dating de la soudure — Firminy", date=datetime.date(2026, 3, 25))
    soon = welding_event()
    accounting = EventFactory(title="Job dating de la comptabilité")
    accounting.target_occupations.set([RomeOccupationFactory(code="M1203", label="Comptable")])
    welding_event(title="Brouillon", status=EventStatus.DRAFT)
    welding_event(title="Planning publié", status=EventStatus.PUBLISHED)
    welding_event(title="Délai passé", registration_deadline=MONDAY - datetime.timedelta(hours=1))
    EventFactory(title="Job dating de Clamecy", commune=clamecy(), target_programmes=[])  # Nièvre only
    assert suggestions.suggested_events(ines) == [soon, later]
    # `now` is a parameter: a week later, the first one's registrations are closed.
    assert suggestions.suggested_events(ines, MONDAY + datetime.timedelta(days=14)) == [later]


def test_the_space_lists_the_suggestions_and_the_opt_in(client, ines, django_assert_max_num_queries):
    event = welding_event()
    client.force_login(ines)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("accounts:space")).content.decode()
    assert "Job datings pour vous" in page
    assert event.title in page and "inscriptions jusqu'au 15 mars 2026 à 18h00" in page
    assert "Recevoir ces e-mails" in page
    CandidateRegistrationFactory(event=event, user=ines)
    page = client.get(reverse("accounts:space")).content.decode()
    assert "vous êtes inscrit ou inscrite" in page


def test_a_candidate_turns_the_e_mails_on_then_off(client, ines):
    client.force_login(ines)
    url = reverse("jobdating:invitations_settings")
    page = client.post(url, {"active": "1"}, follow=True).content.decode()
    assert "vous recevrez un e-mail quand un job dating qui vous correspond ouvre ses inscriptions" in page
    opt = InvitationOptIn.objects.get(user=ines)
    assert opt.active and opt.given_at == MONDAY and opt.text_version == services_invitations.OPT_IN_TEXT_VERSION
    assert "Ne plus recevoir ces e-mails" in page
    client.post(url, {"active": "0"})
    opt.refresh_from_db()
    assert not opt.active and opt.withdrawn_at == MONDAY


def test_only_candidates_with_a_profile_opt_in(client, candidate, recruiter_a):
    client.force_login(recruiter_a)
    assert client.post(reverse("jobdating:invitations_settings"), {"active": "1"}).status_code == 403
    client.force_login(candidate)  # no profile yet
    page = client.post(reverse("jobdating:invitations_settings"), {"active": "1"}, follow=True).content.decode()
    assert "Complétez d&#x27;abord votre profil candidat" in page
    assert not InvitationOptIn.objects.exists()


def test_the_unsubscribe_link_works_without_logging_in(client, ines):
    opt = services_invitations.opt_in(ines)
    url = reverse("jobdating:invitations_unsubscribe", args=[opt.token])
    page = client.get(url)
    assert page.status_code == 200 and "Me désabonner" in page.content.decode()
    opt.refresh_from_db()
    assert opt.active  # a GET (a link preview) changes nothing
    done = client.post(url)
    assert "vous ne recevrez plus de suggestions de job datings" in done.content.decode()
    opt.refresh_from_db()
    assert not opt.active
    unknown = client.get(reverse("jobdating:invitations_unsubscribe", args=["inconnu"]))
    assert unknown.status_code == 404 and "n'est pas (ou plus) valable" in unknown.content.decode()


# --- Advisors ------------------------------------------------------------------------------------


def test_an_advisor_sees_the_coming_events_of_their_territories(client, advisor, advisor_other):
    loire = EventFactory(title="Job dating de l'industrie — Saint-Étienne")
    EventFactory(title="Brouillon stéphanois", status=EventStatus.DRAFT)
    EventFactory(title="Job dating passé", status=EventStatus.HELD, date=datetime.date(2026, 2, 2))
    aimed_at_nievre = EventFactory(title="Job dating du bois — Saint-Étienne et Nièvre")
    aimed_at_nievre.target_departements.set([nievre()])
    assert suggestions.advisor_events(advisor) == [loire, aimed_at_nievre]
    assert suggestions.advisor_events(advisor_other) == [aimed_at_nievre]
    client.force_login(advisor_other)
    page = client.get(reverse("accounts:space")).content.decode()
    assert "Job datings dans vos territoires" in page and "Job dating du bois — Saint-Étienne et Nièvre" in page


# --- E-mails when registrations open ------------------------------------------------------------------


@pytest.fixture
def invitation_world(ines, advisor, advisor_other, staff, welder):
    """A draft welding event in Saint-Étienne, organised by staff, and who might hear about it."""
    services_invitations.opt_in(ines)
    not_opted = CandidateProfileFactory(wanted_occupations=[welder]).user
    elsewhere = CandidateProfileFactory(commune=clamecy(), wanted_occupations=[welder]).user
    services_invitations.opt_in(elsewhere)
    other_welder = CandidateProfileFactory(wanted_occupations=[welder]).user
    services_invitations.opt_in(other_welder)
    event = welding_event(status=EventStatus.DRAFT)
    return {"event": event, "not_opted": not_opted, "elsewhere": elsewhere, "other_welder": other_welder}


def test_opening_registrations_invites_once_the_candidates_who_opted_in_and_the_advisors(
    invitation_world, ines, advisor, staff, django_capture_on_commit_callbacks
):
    event = invitation_world["event"]
    with django_capture_on_commit_callbacks(execute=True):
        services_events.open_registration(event, actor=staff)
    # Not the one who did not opt in, nor the one in the Nièvre, nor the advisor of the Nièvre.
    sent = {m.to[0]: m for m in mail.outbox}
    assert set(sent) == {ines.email, advisor.email, invitation_world["other_welder"].email}
    body = sent[ines.email].body
    assert sent[ines.email].subject == "Un job dating pour vous : « Job dating de la soudure — Saint-Étienne »"
    assert "Le lundi 16 mars 2026, 9 h 00 – 13 h 00, Cité du design, 3 rue Javelin-Pagnon" in body
    assert f"/job-datings/{event.pk}/" in body
    opt = InvitationOptIn.objects.get(user=ines)
    assert f"/job-datings/suggestions/desabonnement/{opt.token}/" in body
    advisor_mail = sent[advisor.email]
    assert advisor_mail.subject == "Job dating dans vos territoires : « Job dating de la soudure — Saint-Étienne »"
    assert "- métier : Soudeur / Soudeuse (H2913)" in advisor_mail.body
    assert set(EventInvitation.objects.values_list("user__email", "kind")) == {
        (ines.email, InvitationKind.CANDIDATE),
        (invitation_world["other_welder"].email, InvitationKind.CANDIDATE),
        (advisor.email, InvitationKind.ADVISOR),
    }

    # Again (the task re-run, registrations reopened): nobody hears twice.
    with django_capture_on_commit_callbacks(execute=True):
        again = services_invitations.send_invitations(event)
    assert (again.candidates, again.advisors) == (0, 0)
    assert len(mail.outbox) == 3


def test_registered_candidates_and_organisers_are_not_invited(
    invitation_world, advisor, django_capture_on_commit_callbacks
):
    event = invitation_world["event"]
    event.advisors.set([advisor])  # the Loire advisor organises it: no e-mail to herself
    with django_capture_on_commit_callbacks(execute=True):
        services_events.open_registration(event, actor=advisor)
        CandidateRegistrationFactory(event=event, user=invitation_world["other_welder"])
    # The task runs once the transaction commits: the registration is there by then.
    assert [m.to for m in mail.outbox] == [["ines.haddad@exemple.fr"]]


def test_nothing_is_sent_to_a_full_event(invitation_world, staff):
    event = invitation_world["event"]
    event.capacity = 1
    event.save(update_fields=["capacity"])
    services_events.open_registration(event, actor=staff)
    CandidateRegistrationFactory(event=event, user=invitation_world["not_opted"])
    run = services_invitations.send_invitations(event)
    assert (run.candidates, run.advisors, run.skipped) == (0, 0, "Ce job dating est complet (1 place).")
    assert not EventInvitation.objects.exists()


def test_nothing_is_sent_once_registrations_are_closed(invitation_world, staff, time_machine):
    event = invitation_world["event"]
    services_events.open_registration(event, actor=staff)
    time_machine.move_to(datetime.datetime(2026, 3, 15, 18, 1, tzinfo=PARIS))
    run = services_invitations.send_invitations(event)
    assert run.candidates == run.advisors == 0
    assert run.skipped.startswith("Les inscriptions sont closes depuis le 15 mars 2026 à 18 h 00")
    assert not EventInvitation.objects.exists()


# --- The public list -----------------------------------------------------------------------------


def test_anybody_sees_the_events_open_to_registration(client, django_assert_max_num_queries):
    open_event = EventFactory(title="Job dating de l'industrie — Saint-Étienne")
    EventFactory(title="Brouillon secret", status=EventStatus.DRAFT)
    EventFactory(title="Planning déjà publié", status=EventStatus.PUBLISHED)
    EventFactory(title="Job dating de l'an dernier", status=EventStatus.HELD, date=datetime.date(2025, 3, 10))
    with django_assert_max_num_queries(6):
        response = client.get(reverse("jobdating:event_list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert list(response.context["open_events"]) == [open_event]
    assert "Job dating de l&#x27;industrie — Saint-Étienne" in page
    for hidden in ("Brouillon secret", "Planning déjà publié", "an dernier"):
        assert hidden not in page
    assert "se connecter" in page


def test_anybody_reads_an_event_page_but_registers_with_an_account(client):
    event = EventFactory()
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Se connecter" in page and f"next=%2Fjob-datings%2F{event.pk}%2F" in page
    assert "M&#x27;inscrire" not in page
    draft = EventFactory(status=EventStatus.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_signed_in_people_also_see_coming_and_past_events(client, candidate):
    coming = EventFactory(title="Planning publié", status=EventStatus.PUBLISHED)
    past = EventFactory(title="Job dating de février", status=EventStatus.HELD, date=datetime.date(2026, 2, 2))
    client.force_login(candidate)
    response = client.get(reverse("jobdating:event_list"))
    assert response.context["coming"] == [coming] and response.context["past"] == [past]
