"""The state machine of an application: transitions, the log, e-mails, notes, bulk refusal, hiring."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from emploi_territoires.applications import services_pipeline as services
from emploi_territoires.applications.models import Application, ApplicationNote, ApplicationStatus
from emploi_territoires.offers.models import OfferStatus
from tests.applications.factories import ApplicationFactory, CandidateProfileFactory
from tests.factories import UserFactory
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db
S = ApplicationStatus


@pytest.fixture
def offer_a(organisation_a):
    return OfferFactory(
        organisation=organisation_a, status=OfferStatus.PUBLISHED, title="Chef·fe de projet Petites villes de demain"
    )


@pytest.fixture
def application(offer_a, candidate, recruiter_a):
    CandidateProfileFactory(user=candidate)
    return services.apply(offer_a, candidate, "Je connais bien les centres-bourgs du Pilat.")


def statuses_logged(application):
    return [(t.from_status, t.to_status, t.actor_id) for t in application.transitions.order_by("created_at", "pk")]


def test_recruiter_moves_the_application_to_hired_with_log_and_emails(
    application, recruiter_a, member_a, candidate, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        services.transition_application(application, S.UNDER_REVIEW, actor=member_a)
    application.refresh_from_db()
    assert application.first_answer_at is not None and application.first_answer_at >= before
    first_answer = application.first_answer_at
    assert application.closed_at is None
    assert mail.outbox == []  # "under review" is not worth an e-mail

    with django_capture_on_commit_callbacks(execute=True):
        services.transition_application(
            application, S.INTERVIEW, actor=recruiter_a, message="Seriez-vous disponible le mardi 14 avril à 10 h ?"
        )
    assert [m.to for m in mail.outbox] == [["ines.haddad@exemple.fr"]]
    assert "entretien" in mail.outbox[0].subject.lower()
    assert "mardi 14 avril à 10 h" in mail.outbox[0].body
    assert "mardi 14 avril à 10 h" in mail.outbox[0].alternatives[0][0]

    with django_capture_on_commit_callbacks(execute=True):
        result = services.transition_application(application, S.HIRED, actor=recruiter_a)
    application.refresh_from_db()
    assert application.status == S.HIRED
    assert application.first_answer_at == first_answer  # the first answer stays the first
    assert application.closed_at is not None
    assert mail.outbox[-1].to == ["ines.haddad@exemple.fr"]
    assert mail.outbox[-1].subject.startswith("Félicitations")
    assert statuses_logged(application) == [
        ("", "new", candidate.pk),
        ("new", "under_review", member_a.pk),
        ("under_review", "interview", recruiter_a.pk),
        ("interview", "hired", recruiter_a.pk),
    ]
    # One position, now filled: proposed to the recruiter, not done behind their back.
    assert result.offer_can_be_filled and result.hires == 1
    application.offer.refresh_from_db()
    assert application.offer.status == OfferStatus.PUBLISHED


def test_hiring_one_of_two_positions_does_not_propose_filling(offer_a, recruiter_a):
    offer_a.positions = 2
    offer_a.save()
    first = ApplicationFactory(offer=offer_a, status=S.INTERVIEW)
    second = ApplicationFactory(offer=offer_a, status=S.INTERVIEW)
    assert not services.transition_application(first, S.HIRED, actor=recruiter_a).offer_can_be_filled
    result = services.transition_application(second, S.HIRED, actor=recruiter_a)
    assert result.offer_can_be_filled and result.hires == 2


def test_refusal_needs_a_reason_and_sends_the_message(application, recruiter_a, django_capture_on_commit_callbacks):
    with pytest.raises(services.TransitionRefused, match="Choisissez le motif du refus"):
        services.transition_application(application, S.REFUSED, actor=recruiter_a)
    application.refresh_from_db()
    assert application.status == S.NEW
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.transition_application(
            application,
            S.REFUSED,
            actor=recruiter_a,
            reason="other_candidate",
            message="Nous garderons votre profil en tête pour le poste de manager de commerce prévu à l'automne.",
        )
    application.refresh_from_db()
    assert (application.status, application.refusal_reason) == (S.REFUSED, "other_candidate")
    assert application.closed_at is not None and application.first_answer_at is not None
    (email,) = mail.outbox
    assert email.to == ["ines.haddad@exemple.fr"]
    assert "Une autre candidature a été retenue" in email.body
    assert "manager de commerce prévu à l'automne" in email.body
    assert "Merci de l'intérêt" in email.body
    assert "manager de commerce prévu à l&#x27;automne" in email.alternatives[0][0]  # escaped in HTML


@pytest.mark.parametrize(
    ("path", "to_status", "message"),
    [
        ([], S.HIRED, "Impossible de passer une candidature de l'état « Nouvelle » à l'état « Recrutée »"),
        ([S.UNDER_REVIEW], S.NEW, "Impossible de passer une candidature de l'état « En cours d'examen »"),
        ([S.UNDER_REVIEW, S.INTERVIEW, S.HIRED], S.REFUSED, "Cette candidature est close (« Recrutée »)"),
        ([], "promoted", "État inconnu : « promoted »"),
    ],
)
def test_impossible_transitions_are_refused(application, recruiter_a, path, to_status, message):
    for step in path:
        services.transition_application(application, step, actor=recruiter_a)
    count = application.transitions.count()
    with pytest.raises(services.TransitionRefused, match=message.replace("(", r"\(").replace(")", r"\)")):
        services.transition_application(application, to_status, actor=recruiter_a, reason="other")
    assert application.transitions.count() == count


def test_roles_are_checked(application, candidate, recruiter_b, advisor, staff):
    with pytest.raises(services.TransitionRefused, match="Seuls les membres de l'organisation qui recrute"):
        services.transition_application(application, S.UNDER_REVIEW, actor=candidate)
    for outsider in (recruiter_b, advisor):
        with pytest.raises(services.TransitionRefused, match="Seuls les membres"):
            services.transition_application(application, S.UNDER_REVIEW, actor=outsider)
    with pytest.raises(services.TransitionRefused, match="Seule la personne qui a candidaté"):
        services.transition_application(application, S.WITHDRAWN, actor=staff)
    # Staff act for the organisation (support).
    services.transition_application(application, S.UNDER_REVIEW, actor=staff)
    application.refresh_from_db()
    assert application.status == S.UNDER_REVIEW


def test_candidate_withdraws_from_interview_and_recruiters_are_told(
    application, candidate, recruiter_a, member_a, django_capture_on_commit_callbacks
):
    services.transition_application(application, S.INTERVIEW, actor=recruiter_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw(application, actor=candidate)
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN and application.closed_at is not None
    (email,) = mail.outbox
    assert email.to == ["claire.roux@exemple.fr", "hugo.faure@exemple.fr"]
    assert email.subject == f"Candidature retirée : {application.offer.title} ({application.offer.reference})"
    assert "Inès Haddad a retiré sa candidature" in email.body
    with pytest.raises(services.TransitionRefused, match="close"):
        services.withdraw(application, actor=candidate)


def test_withdrawal_before_any_answer_leaves_first_answer_empty(application, candidate):
    services.withdraw(application, actor=candidate)
    application.refresh_from_db()
    assert application.first_answer_at is None


def test_available_transitions_follow_the_roles(application, candidate, recruiter_a, advisor):
    assert [s for s, _ in services.available_transitions(application, recruiter_a)] == [
        S.UNDER_REVIEW,
        S.INTERVIEW,
        S.REFUSED,
    ]
    assert [s for s, _ in services.available_transitions(application, candidate)] == [S.WITHDRAWN]
    assert services.available_transitions(application, advisor) == []


# --- bulk refusal ------------------------------------------------------------------------------------


def test_bulk_refusal_refuses_all_with_one_message(offer_a, recruiter_a, django_capture_on_commit_callbacks):
    applications = [ApplicationFactory(offer=offer_a) for _ in range(3)]
    applications[1].status = S.INTERVIEW
    applications[1].save()
    with django_capture_on_commit_callbacks(execute=True):
        refused = services.bulk_refuse(
            offer_a,
            [a.pk for a in applications],
            actor=recruiter_a,
            reason="position_filled",
            message="Le poste a été pourvu en interne.",
        )
    assert len(refused) == 3
    assert set(Application.objects.values_list("status", "refusal_reason")) == {(S.REFUSED, "position_filled")}
    assert len(mail.outbox) == 3
    assert all("Le poste a été pourvu en interne." in m.body for m in mail.outbox)


def test_bulk_refusal_is_all_or_nothing(offer_a, recruiter_a, django_capture_on_commit_callbacks):
    open_ones = [ApplicationFactory(offer=offer_a) for _ in range(2)]
    withdrawn = ApplicationFactory(offer=offer_a, status=S.WITHDRAWN)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(services.TransitionRefused, match="déjà close : rien n'a été fait"),
    ):
        services.bulk_refuse(
            offer_a, [a.pk for a in [*open_ones, withdrawn]], actor=recruiter_a, reason="profile_mismatch"
        )
    assert set(Application.objects.filter(pk__in=[a.pk for a in open_ones]).values_list("status", flat=True)) == {S.NEW}
    assert mail.outbox == []
    # An application of another offer slipped into the list: nothing either.
    other = ApplicationFactory(offer=OfferFactory(organisation=offer_a.organisation, status=OfferStatus.PUBLISHED))
    with pytest.raises(services.TransitionRefused, match="ne concernent pas cette offre"):
        services.bulk_refuse(offer_a, [open_ones[0].pk, other.pk], actor=recruiter_a, reason="profile_mismatch")
    assert not Application.objects.filter(status=S.REFUSED).exists()


def test_bulk_refusal_by_an_outsider_refuses_nothing(offer_a, recruiter_b):
    applications = [ApplicationFactory(offer=offer_a) for _ in range(2)]
    with pytest.raises(services.TransitionRefused, match="Seuls les membres"):
        services.bulk_refuse(offer_a, [a.pk for a in applications], actor=recruiter_b, reason="other")
    assert not Application.objects.filter(status=S.REFUSED).exists()


# --- notes -------------------------------------------------------------------------------------------


def test_notes_are_written_by_the_organisation_only(application, member_a, advisor, candidate):
    note = services.add_note(application, author=member_a, text="  Très bon dossier, à rappeler jeudi.  ")
    assert note.text == "Très bon dossier, à rappeler jeudi."
    for outsider in (advisor, candidate):
        with pytest.raises(services.PipelineError, match="Seuls les membres"):
            services.add_note(application, author=outsider, text="Je peux écrire ?")
    with pytest.raises(services.PipelineError, match="La note est vide"):
        services.add_note(application, author=member_a, text="   ")
    assert ApplicationNote.objects.count() == 1


def test_two_candidates_on_one_offer_do_not_interfere(offer_a, recruiter_a):
    first = ApplicationFactory(offer=offer_a)
    second = ApplicationFactory(offer=offer_a, candidate=UserFactory(kind="candidate"))
    services.transition_application(first, S.UNDER_REVIEW, actor=recruiter_a)
    second.refresh_from_db()
    assert second.status == S.NEW and second.first_answer_at is None
