"""Acting for the person with their agreement (issue 15): a member of the group proposes, Lina accepts
or declines; accepting creates the application (prescribed), the job-dating registration or the
mentoring enrolment through the owning apps; bad input gets a French message and writes nothing."""

from __future__ import annotations

import datetime
import html

import pytest
from django.core import mail
from django.urls import reverse

from emploi_territoires.applications.models import Application, SavedOffer
from emploi_territoires.core.models import AuditLog
from emploi_territoires.followup import services_proposals as services
from emploi_territoires.followup.models import Proposal
from emploi_territoires.jobdating.models import CandidateRegistration, EventStatus
from emploi_territoires.mentoring.models import Enrolment, Programme
from emploi_territoires.offers.models import ApplyMethod, OfferStatus
from emploi_territoires.territories.scope import ScopeKind
from tests.factories import nievre
from tests.jobdating.factories import EventFactory
from tests.mentoring.conftest import EVENINGS
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db
K, S = Proposal.Kind, Proposal.Status


@pytest.fixture
def offer(organisation_b):
    return OfferFactory(
        organisation=organisation_b, status=OfferStatus.PUBLISHED, title="Menuisier·ère d'agencement (F/H)"
    )


@pytest.fixture
def event(followup):
    return EventFactory(title="Job dating de l'industrie nivernaise", capacity=2)


@pytest.fixture
def programme(followup):
    return Programme.objects.create(
        name="Premiers pas pro Nièvre",
        scope_kind=ScopeKind.DEPARTEMENT,
        departement=nievre(),
        starts_on=datetime.date(2026, 9, 1),
        ends_on=datetime.date(2027, 6, 30),
    )


def page(response) -> str:
    return html.unescape(response.content.decode())


# --- Prescription ------------------------------------------------------------------------------------


def test_a_prescription_accepted_is_an_application_the_recruiter_sees_as_prescribed(
    client, followup, pro_ml, person, offer, recruiter_b, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        proposal = services.propose(
            followup, pro_ml, kind=K.APPLICATION, offer=offer, message="Ce poste correspond à votre CAP menuiserie."
        )
    assert [m.to for m in mail.outbox] == [["lina.mansouri@exemple.fr"]]
    assert mail.outbox[0].subject == "Sarah Lefèvre vous propose : candidature prescrite à une offre"
    assert "l'offre « Menuisier·ère d'agencement (F/H) »" in mail.outbox[0].body
    assert "/accompagnement/propositions/" in mail.outbox[0].body
    assert not Application.objects.exists()  # nothing without her agreement

    client.force_login(person)
    waiting = page(client.get(reverse("followup:my_proposals")))
    assert "Ce poste correspond à votre CAP menuiserie." in waiting
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("followup:proposal_answer", args=[proposal.pk]),
            {"decision": "accept", "message": "Je suis disponible dès janvier."},
        )
    assert response.status_code == 302
    application = Application.objects.get()
    assert (application.candidate, application.offer) == (person, offer)
    assert application.prescribed_by == pro_ml
    assert application.prescriber_organisation.name == "Mission locale Nevers Sud Nivernais"
    assert application.message == "Je suis disponible dès janvier."
    proposal.refresh_from_db()
    assert (proposal.status, proposal.application) == (S.ACCEPTED, application)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "lina.mansouri@exemple.fr",  # application received
        "sarah.lefevre@exemple.fr",  # her answer
        "sophie.bernard@exemple.fr",  # the recruiter: a new application
    ]
    assert AuditLog.objects.filter(action="followup_proposal_accepted", target_id=str(proposal.pk)).exists()

    client.force_login(recruiter_b)
    detail = page(client.get(reverse("applications:detail", args=[application.pk])))
    assert "Candidature prescrite par Sarah Lefèvre (Mission locale Nevers Sud Nivernais)" in detail

    # The recruiter refuses it: the group reads the state and the reason on the follow-up.
    from emploi_territoires.applications.services_pipeline import transition_application

    transition_application(application, "refused", actor=recruiter_b, reason="position_filled")
    client.force_login(pro_ml)
    group = page(client.get(reverse("followup:proposals_of", args=[followup.pk])))
    assert "candidature refusée (motif : le poste a été pourvu)" in group


def test_declining_writes_no_application_and_tells_the_professional(
    followup, pro_apec, person, offer, django_capture_on_commit_callbacks
):
    proposal = services.propose(followup, pro_apec, kind=K.APPLICATION, offer=offer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.answer(proposal, person, accept=False, message="Trop loin de Nevers sans voiture.")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.answer_message) == (S.DECLINED, "Trop loin de Nevers sans voiture.")
    assert not Application.objects.exists()
    assert [m.to for m in mail.outbox] == [["helene.marchand@exemple.fr"]]
    assert mail.outbox[0].subject == "Lina Mansouri a décliné votre proposition"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": OfferStatus.FILLED}, "L'offre « Menuisier·ère d'agencement (F/H) » n'est plus publiée."),
        (
            {"apply_method": ApplyMethod.URL, "apply_url": "https://recrutement.exemple.fr/"},
            "L'offre « Menuisier·ère d'agencement (F/H) » se postule hors de la plateforme : envoyez-la plutôt "
            "comme offre à consulter.",
        ),
        (
            {"closing_date": datetime.date(2026, 10, 30)},
            "La date limite de candidature de l'offre « Menuisier·ère d'agencement (F/H) » est passée "
            "(le 30 octobre 2026).",
        ),
    ],
)
def test_a_closed_offer_cannot_be_prescribed(followup, pro_ml, offer, change, message):
    for name, value in change.items():
        setattr(offer, name, value)
    offer.save()
    with pytest.raises(services.ProposalError) as error:
        services.propose(followup, pro_ml, kind=K.APPLICATION, offer=offer)
    assert error.value.message == message
    assert not Proposal.objects.exists()


def test_already_applied_or_already_proposed_is_refused(followup, pro_ml, pro_apec, person, offer):
    services.propose(followup, pro_ml, kind=K.APPLICATION, offer=offer)
    with pytest.raises(services.ProposalError, match=r"La même proposition attend déjà la réponse de la personne\."):
        services.propose(followup, pro_apec, kind=K.APPLICATION, offer=offer)
    from emploi_territoires.applications.services_pipeline import apply

    apply(offer, person, "")
    with pytest.raises(services.ProposalError, match=r"^Lina Mansouri a déjà candidaté à l'offre"):
        services.propose(followup, pro_apec, kind=K.APPLICATION, offer=offer)
    assert Proposal.objects.count() == 1


def test_the_offer_closing_after_the_proposal_is_refused_at_acceptance_and_nothing_is_written(
    followup, pro_ml, person, offer
):
    proposal = services.propose(followup, pro_ml, kind=K.APPLICATION, offer=offer)
    offer.status = OfferStatus.FILLED
    offer.save(update_fields=["status"])
    with pytest.raises(services.ProposalError, match=r"^Cette offre n'est plus ouverte aux candidatures\.$"):
        services.answer(proposal, person, accept=True)
    proposal.refresh_from_db()
    assert proposal.status == S.PROPOSED and proposal.answered_at is None
    assert not Application.objects.exists()


def test_only_an_active_member_of_the_group_proposes(followup, pro_other, pro_ml_colleague, offer, candidate):
    for outsider in (pro_other, pro_ml_colleague, candidate):  # another structure, a colleague not in the group
        with pytest.raises(
            services.ProposalError, match=r"^Vous ne faites pas partie du groupe qui accompagne cette personne\.$"
        ):
            services.propose(followup, outsider, kind=K.APPLICATION, offer=offer)
    assert not Proposal.objects.exists()


def test_a_professional_who_left_the_structure_can_no_longer_propose(followup, pro_apec, apec_nievre, offer):
    pro_apec.memberships.filter(organisation=apec_nievre).delete()
    with pytest.raises(services.ProposalError, match=r"ne faites pas partie du groupe"):
        services.propose(followup, pro_apec, kind=K.APPLICATION, offer=offer)


def test_only_the_person_answers_and_only_once(followup, pro_ml, person, candidate, offer):
    proposal = services.propose(followup, pro_ml, kind=K.OFFER, offer=offer)
    with pytest.raises(services.ProposalError, match=r"^Cette proposition ne vous est pas adressée\.$"):
        services.answer(proposal, candidate, accept=True)
    services.answer(proposal, person, accept=True)
    assert SavedOffer.objects.filter(user=person, offer=offer).exists()
    with pytest.raises(services.ProposalError, match=r"^Vous avez déjà répondu à cette proposition \(acceptée\)\.$"):
        services.answer(proposal, person, accept=False)


def test_a_withdrawn_proposal_cannot_be_accepted(followup, pro_ml, pro_apec, person, offer):
    proposal = services.propose(followup, pro_ml, kind=K.APPLICATION, offer=offer)
    services.withdraw(proposal, pro_apec)  # any member of the group
    with pytest.raises(services.ProposalError, match=r"retirée"):
        services.answer(proposal, person, accept=True)
    assert not Application.objects.exists()


# --- Job dating ----------------------------------------------------------------------------------------


def test_a_job_dating_proposal_accepted_registers_her(followup, pro_apec, person, event):
    proposal = services.propose(followup, pro_apec, kind=K.JOBDATING, event=event)
    result = services.answer(proposal, person, accept=True)
    registration = CandidateRegistration.objects.get(event=event)
    assert registration.user == person
    proposal.refresh_from_db()
    assert (proposal.status, proposal.registration) == (S.ACCEPTED, registration)
    assert result.url == event.get_absolute_url()


def test_a_full_past_or_closed_job_dating_is_refused(followup, pro_ml, event):
    from tests.jobdating.factories import CandidateRegistrationFactory

    CandidateRegistrationFactory.create_batch(2, event=event)
    with pytest.raises(services.ProposalError, match=r"^Le job dating « .* » est complet \(2 places\)\.$"):
        services.propose(followup, pro_ml, kind=K.JOBDATING, event=event)
    draft = EventFactory(status=EventStatus.DRAFT)
    with pytest.raises(services.ProposalError, match=r"^Les inscriptions à ce job dating ne sont pas ouvertes\.$"):
        services.propose(followup, pro_ml, kind=K.JOBDATING, event=draft)
    past = EventFactory(date=datetime.date(2026, 10, 20))
    with pytest.raises(services.ProposalError, match=r"^Le job dating « .* » est passé\.$"):
        services.propose(followup, pro_ml, kind=K.JOBDATING, event=past)
    assert not Proposal.objects.exists()


def test_the_event_filling_up_before_she_answers_is_refused_and_nothing_is_written(followup, pro_ml, person, event):
    from tests.jobdating.factories import CandidateRegistrationFactory

    proposal = services.propose(followup, pro_ml, kind=K.JOBDATING, event=event)
    CandidateRegistrationFactory.create_batch(2, event=event)
    with pytest.raises(services.ProposalError, match=r"complet"):
        services.answer(proposal, person, accept=True)
    proposal.refresh_from_db()
    assert proposal.status == S.PROPOSED
    assert not CandidateRegistration.objects.filter(user=person).exists()


# --- Mentoring -----------------------------------------------------------------------------------------


def test_a_mentoring_proposal_accepted_enrols_her_as_mentee(followup, pro_ml, person, programme):
    from emploi_territoires.mentoring import services_profiles
    from tests.factories import nevers
    from tests.mentoring.conftest import rome

    proposal = services.propose(followup, pro_ml, kind=K.MENTORING, programme=programme)
    with pytest.raises(services.ProposalError, match=r"^Remplissez d'abord votre profil de personne mentorée"):
        services.answer(proposal, person, accept=True)
    services_profiles.save_mentee_profile(
        person, commune=nevers(), field_of_study="CAP menuiserie", field_domain="F", diploma_level=3,
        wished_occupations=[rome("F1607", "Menuisier / Menuisière")], languages=["fr"], availability=EVENINGS,
        goals=["cv_interview"],
    )  # fmt: skip
    services.answer(proposal, person, accept=True)
    enrolment = Enrolment.objects.get(programme=programme, user=person)
    assert enrolment.role == Enrolment.Role.MENTEE and enrolment.is_active
    proposal.refresh_from_db()
    assert (proposal.status, proposal.enrolment) == (S.ACCEPTED, enrolment)


def test_a_programme_of_another_territory_or_ended_is_refused(followup, pro_ml, programme):
    from tests.factories import DepartementFactory

    loire = Programme.objects.create(
        name="Premiers pas pro Loire",
        scope_kind=ScopeKind.DEPARTEMENT,
        departement=DepartementFactory(),
        starts_on=datetime.date(2026, 9, 1),
        ends_on=datetime.date(2027, 6, 30),
    )
    with pytest.raises(services.ProposalError, match=r"ne comprend pas la commune de Lina Mansouri \(Nevers\)"):
        services.propose(followup, pro_ml, kind=K.MENTORING, programme=loire)
    programme.ends_on = datetime.date(2026, 10, 31)
    programme.save(update_fields=["ends_on"])
    with pytest.raises(services.ProposalError, match=r"^Le programme « Premiers pas pro Nièvre » est terminé\.$"):
        services.propose(followup, pro_ml, kind=K.MENTORING, programme=programme)
    assert not Proposal.objects.exists()


# --- Pages ----------------------------------------------------------------------------------------------


def test_the_propose_page_sends_a_prescription_typed_as_the_offer_address(client, followup, pro_ml, offer):
    client.force_login(pro_ml)
    url = reverse("followup:propose", args=[followup.pk, "candidature"])
    form = client.get(url)
    assert form.status_code == 200
    assert 'href="/offres/?commune=58194"' in form.content.decode()  # the board around Lina's commune
    response = client.post(url, {"offer": f"https://emploi-territoires.example.fr/offres/{offer.reference}/"})
    assert response.status_code == 302
    assert Proposal.objects.get().offer == offer


def test_the_propose_page_shows_the_refusal_in_french_and_writes_nothing(client, followup, pro_ml, offer):
    offer.status = OfferStatus.FILLED
    offer.save(update_fields=["status"])
    client.force_login(pro_ml)
    url = reverse("followup:propose", args=[followup.pk, "candidature"])
    response = client.post(url, {"offer": offer.reference})
    assert response.status_code == 200
    assert "n'est plus publiée" in page(response)
    response = client.post(url, {"offer": "ET-0000-99999"})
    assert "Aucune offre avec cette référence ou cette adresse." in page(response)
    assert not Proposal.objects.exists()


def test_the_group_sees_the_answers_and_the_person_her_waiting_proposals(
    client, followup, pro_ml, pro_apec, person, offer, event, django_assert_max_num_queries
):
    services.propose(followup, pro_ml, kind=K.APPLICATION, offer=offer)
    declined = services.propose(followup, pro_apec, kind=K.JOBDATING, event=event)
    services.answer(declined, person, accept=False, message="Je travaille ce jour-là.")
    client.force_login(pro_apec)
    with django_assert_max_num_queries(20):
        content = page(client.get(reverse("followup:proposals_of", args=[followup.pk])))
    assert "Refusée" in content and "« Je travaille ce jour-là. »" in content
    client.force_login(person)
    with django_assert_max_num_queries(20):
        content = page(client.get(reverse("followup:my_proposals")))
    assert "Menuisier·ère d'agencement (F/H)" in content
    assert "J'accepte" in content


def test_a_proposal_of_an_ended_followup_is_no_longer_offered(client, followup, pro_ml, person, offer):
    from emploi_territoires.followup import services as followup_services

    proposal = services.propose(followup, pro_ml, kind=K.OFFER, offer=offer)
    followup_services.end_followup(person, followup)
    context = services.person_block_context(person)
    assert context["waiting_proposals"] == [] and context["answered_proposals"] == [proposal]
    with pytest.raises(services.ProposalError, match=r"^Cet accompagnement est terminé"):
        services.answer(proposal, person, accept=True)
    client.force_login(person)
    assert "sans réponse, accompagnement terminé" in page(client.get(reverse("followup:my_proposals")))
