"""Conversation pages per persona (issue 19): the candidate's application page, the recruiter's
conversation, the interview's forms, the .ics, attachments, the agenda, « Mes candidatures » and
the withdrawal's confirmation. Bad input gets a French message and writes nothing."""

from __future__ import annotations

import html as html_module

import pytest
from django.urls import reverse

from emploi_territoires.applications import services_conversation as conversation
from emploi_territoires.applications import services_pipeline
from emploi_territoires.applications.models import ApplicationStatus, Interview, InterviewStatus, Message, Side
from emploi_territoires.offers.models import OfferStatus
from tests.applications import cv_files
from tests.applications.factories import ApplicationFactory, CandidateProfileFactory
from tests.clock import paris
from tests.factories import TEST_PASSWORD
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db
NOW = (2026, 12, 7, 9)


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(paris(*NOW), tick=False)


@pytest.fixture
def application(organisation_a, candidate):
    CandidateProfileFactory(user=candidate)
    offer = OfferFactory(
        organisation=organisation_a, status=OfferStatus.PUBLISHED, title="Chargé·e de mission mobilités (F/H)"
    )
    return services_pipeline.apply(offer, candidate, "Je connais le plan de mobilité de la Métropole.")


def login(client, user):
    assert client.login(email=user.email, password=TEST_PASSWORD)
    return client


def text(response) -> str:
    return html_module.unescape(response.content.decode())


def slot(day: int, hour: int, place: str = "Hôtel de Métropole, Saint-Étienne") -> conversation.SlotInput:
    return conversation.SlotInput(paris(2026, 12, day, hour), paris(2026, 12, day, hour + 1), place)


def confirmed_interview(application, recruiter, candidate) -> Interview:
    interview = conversation.propose_interview(application, actor=recruiter, slots=[slot(9, 10), slot(10, 14)])
    second = interview.slots.order_by("start").last()
    return conversation.choose_slot(interview, candidate=candidate, slot_id=second.pk)


SLOT_FORM = {
    "slot1_date": "2026-12-09",
    "slot1_start": "10:00",
    "slot1_end": "11:00",
    "slot1_place": "Hôtel de Métropole, 2 avenue Grüner",
    "slot2_date": "10/12/2026",
    "slot2_start": "14:00",
    "slot2_end": "15:00",
    "slot2_video_url": "https://visio.exemple.fr/mobilites",
}


# --- Who sees the pages -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "page", "status"),
    [
        ("candidate", "candidate_application", 200),
        ("recruiter_a", "candidate_application", 404),
        ("recruiter_a", "thread", 200),
        ("member_a", "thread", 200),
        ("candidate", "thread", 404),
        ("recruiter_b", "thread", 404),
        ("advisor", "thread", 404),  # sees the offer's applications, not the conversation
        ("staff", "thread", 404),
        ("recruiter_b", "candidate_application", 404),
    ],
)
def test_only_the_two_sides_open_the_conversation(client, request, application, persona, page, status):
    response = login(client, request.getfixturevalue(persona)).get(
        reverse(f"applications:{page}", args=[application.pk])
    )
    assert response.status_code == status


def test_anonymous_visitors_are_sent_to_log_in(client, application):
    for name in ("candidate_application", "thread", "interview_propose"):
        response = client.get(reverse(f"applications:{name}", args=[application.pk]))
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_the_apec_advisor_an_application_is_shared_with_does_not_read_the_messages(
    client, application, recruiter_a, advisor
):
    from emploi_territoires.applications.models import ApplicationShare

    ApplicationShare.objects.create(application=application, advisor=advisor, shared_by=recruiter_a)
    conversation.post_message(application, author=recruiter_a, side=Side.ORGANISATION, body="Message interne ?")
    assert conversation.side_of(advisor, application) is None
    assert login(client, advisor).get(reverse("applications:thread", args=[application.pk])).status_code == 404


# --- Messages through the pages -------------------------------------------------------------------------


def test_the_recruiter_writes_and_the_candidate_reads(client, application, recruiter_a, candidate):
    url = reverse("applications:thread", args=[application.pk])
    response = login(client, recruiter_a).post(
        url, {"body": "Bonjour Inès, êtes-vous disponible la semaine prochaine ?"}
    )
    assert response.status_code == 302 and response["Location"].endswith("#conversation")
    client.logout()
    page = text(login(client, candidate).get(reverse("applications:candidate_application", args=[application.pk])))
    assert "êtes-vous disponible la semaine prochaine ?" in page
    assert "Claire Roux (Saint-Étienne Métropole)" in page
    assert Message.objects.get().read_by_candidate_at == paris(*NOW)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"body": ""}, "Écrivez votre message avant de l'envoyer."),
        ({"body": "x" * 5_001}, "Le message dépasse 5\u202f000 caractères : raccourcissez-le."),
    ],
)
def test_a_bad_message_is_refused_in_french(client, application, candidate, data, message):
    response = login(client, candidate).post(reverse("applications:candidate_application", args=[application.pk]), data)
    assert response.status_code == 400
    assert message in text(response)
    assert not Message.objects.exists()


def test_a_disguised_attachment_is_refused_in_french(client, application, candidate):
    program = cv_files.upload("attestation.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    response = login(client, candidate).post(
        reverse("applications:candidate_application", args=[application.pk]),
        {"body": "Voici mon attestation", "attachment": program},
    )
    assert response.status_code == 400
    assert "Ce fichier est un programme Windows (exécutable), pas un document." in text(response)
    assert "Joignez un document PDF de 5 Mo au plus." in text(response)
    assert not Message.objects.exists()


def test_attachments_are_served_to_the_two_sides_only(client, application, candidate, recruiter_a, recruiter_b):
    message = conversation.post_message(
        application, author=candidate, side=Side.CANDIDATE, body="Mon attestation", attachment=cv_files.pdf()
    )
    url = reverse("applications:message_attachment", args=[message.pk])
    for user, status in ((candidate, 200), (recruiter_a, 200), (recruiter_b, 404)):
        client.logout()
        response = login(client, user).get(url)
        assert response.status_code == status
    # After a withdrawal the organisation no longer reads what the person sent (as for the CV).
    services_pipeline.withdraw(application, actor=candidate)
    client.logout()
    assert login(client, recruiter_a).get(url).status_code == 404


def test_sharing_with_the_followup_group(client, application, candidate):
    url = reverse("applications:followup_sharing", args=[application.pk])
    response = login(client, candidate).post(url, {"shared": "1"}, follow=True)
    assert "peuvent lire cette conversation et y écrire" in text(response)
    assert conversation.is_shared_with_followup(application)
    login(client, candidate).post(url, {"shared": "0"})
    assert not conversation.is_shared_with_followup(application)


# --- Interviews through the pages -------------------------------------------------------------------------


def test_the_recruiter_proposes_two_slots_and_the_candidate_chooses(client, application, recruiter_a, candidate):
    response = login(client, recruiter_a).post(
        reverse("applications:interview_propose", args=[application.pk]), SLOT_FORM
    )
    assert response.status_code == 302
    interview = Interview.objects.get()
    assert [(s.start, s.place, s.video_url) for s in interview.slots.order_by("start")] == [
        (paris(2026, 12, 9, 10), "Hôtel de Métropole, 2 avenue Grüner", ""),
        (paris(2026, 12, 10, 14), "", "https://visio.exemple.fr/mobilites"),
    ]
    client.logout()
    login(client, candidate)
    page = text(client.get(reverse("applications:candidate_application", args=[application.pk])))
    assert "Choisissez votre créneau" in page and "jeudi 10 décembre 2026, de 14h00 à 15h00" in page
    chosen = interview.slots.order_by("start").last()
    response = client.post(reverse("applications:interview_choose", args=[interview.pk]), {"slot": chosen.pk})
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.CONFIRMED and interview.chosen_slot == chosen
    ics = client.get(reverse("applications:interview_ics", args=[interview.pk]))
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
    assert b"DTSTART;TZID=Europe/Paris:20261210T140000" in ics.content


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"slot1_date": ""}, "Indiquez la date du créneau 1."),
        ({"slot1_date": "32/12/2026"}, "Créneau 1 : date invalide (jj/mm/aaaa)."),
        ({"slot1_date": "2026-12-01"}, "Créneau 1 : la date est passée ; proposez un créneau à venir."),
        ({"slot1_end": "09:00"}, "Créneau 1 : l'heure de fin doit suivre l'heure de début."),
        ({"slot1_place": ""}, "Créneau 1 : indiquez le lieu ou le lien de la visioconférence."),
        ({"slot2_video_url": "ftp://visio"}, "Créneau 2 : le lien de la visioconférence doit être une adresse web"),
        ({"slot3_date": "2026-12-11"}, "Créneau 3 : indiquez la date, l'heure de début et l'heure de fin."),
    ],
)
def test_bad_slots_are_refused_in_french_and_nothing_is_written(client, application, recruiter_a, change, message):
    response = login(client, recruiter_a).post(
        reverse("applications:interview_propose", args=[application.pk]), SLOT_FORM | change
    )
    assert response.status_code == 400
    assert message in text(response)
    assert not Interview.objects.exists()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.NEW


def test_the_candidate_asks_another_date_then_the_recruiter_cancels(client, application, recruiter_a, candidate):
    interview = confirmed_interview(application, recruiter_a, candidate)
    url = reverse("applications:interview_reschedule", args=[interview.pk])
    login(client, candidate)
    assert "Demander un autre créneau" in text(client.get(url))
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400 and "Indiquez le motif : l'autre partie le lira." in text(response)
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.CONFIRMED
    response = client.post(url, {"reason": "J'ai un oral de concours ce jour-là."})
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.RESCHEDULED and interview.reason_side == Side.CANDIDATE
    client.logout()
    login(client, recruiter_a)
    page = text(client.get(reverse("applications:thread", args=[application.pk])))
    assert "« J'ai un oral de concours ce jour-là. »" in page
    response = client.post(
        reverse("applications:interview_cancel", args=[interview.pk]), {"reason": "Le poste est pourvu en interne."}
    )
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.CANCELLED


def test_the_ics_needs_a_chosen_slot_and_a_side(client, application, recruiter_a, recruiter_b, candidate):
    interview = conversation.propose_interview(application, actor=recruiter_a, slots=[slot(9, 10)])
    url = reverse("applications:interview_ics", args=[interview.pk])
    assert login(client, candidate).get(url).status_code == 404  # nothing chosen yet
    conversation.choose_slot(interview, candidate=candidate, slot_id=interview.slots.get().pk)
    assert client.get(url).status_code == 200
    client.logout()
    assert login(client, recruiter_b).get(url).status_code == 404


# --- The agenda and « Mes candidatures » --------------------------------------------------------------------


def test_the_agenda_lists_the_organisations_interviews_by_day(
    client, application, recruiter_a, recruiter_b, candidate, organisation_a, django_assert_max_num_queries
):
    confirmed_interview(application, recruiter_a, candidate)
    for number in range(4):
        other = ApplicationFactory(offer=application.offer)
        conversation.propose_interview(other, actor=recruiter_a, slots=[slot(11 + number, 9)])
    login(client, recruiter_a)
    with django_assert_max_num_queries(12):
        page = text(client.get(reverse("applications:agenda")))
    assert "jeudi 10 décembre 2026" in page and "Inès Haddad" in page and "14h00 – 15h00" in page
    assert page.count("1 créneau proposé") == 4
    client.logout()
    assert "Inès Haddad" not in text(login(client, recruiter_b).get(reverse("applications:agenda")))


def test_my_applications_shows_the_next_step_and_the_last_message(
    client, application, recruiter_a, candidate, django_assert_max_num_queries
):
    interview = confirmed_interview(application, recruiter_a, candidate)
    conversation.post_message(application, author=recruiter_a, side=Side.ORGANISATION, body="À jeudi !\nClaire")
    for _ in range(5):
        ApplicationFactory(candidate=candidate)
    login(client, candidate)
    with django_assert_max_num_queries(9):
        page = text(client.get(reverse("applications:mine")))
    title_at = page.index("Chargé·e de mission mobilités (F/H)")
    assert title_at < page.index("Entretien le jeudi 10 décembre 2026 à 14h00") < page.index("« À jeudi !")
    assert "1 message non lu" in page
    assert interview.status == InterviewStatus.CONFIRMED


def test_withdrawing_asks_for_confirmation(client, application, candidate):
    url = reverse("applications:withdraw", args=[application.pk])
    login(client, candidate)
    page = text(client.get(url))
    assert "Ce retrait est définitif" in page and "Je confirme retirer ma candidature" in page
    response = client.post(url, {})
    assert response.status_code == 400 and "Cochez la case pour confirmer" in text(response)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.NEW
    response = client.post(url, {"confirm": "1"}, follow=True)
    assert "Votre candidature est retirée." in text(response)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN


# --- Text written by people is escaped everywhere it is shown ---------------------------------------------

PAYLOAD = '</script><script>alert(1)</script>"><img src=x onerror=alert(1)>'


def test_what_people_write_is_escaped_on_every_page(client, application, recruiter_a, candidate):
    conversation.post_message(
        application,
        author=candidate,
        side=Side.CANDIDATE,
        body=f"Bonjour {PAYLOAD}",
        attachment=cv_files.pdf(f"{PAYLOAD}.pdf"),
    )
    interview = conversation.propose_interview(
        application, actor=recruiter_a, slots=[slot(9, 10, place=f"Salle {PAYLOAD}")], note=f"Note {PAYLOAD}"
    )
    conversation.reschedule_interview(interview, actor=candidate, reason=f"Motif {PAYLOAD}")
    conversation.reschedule_interview(
        interview, actor=recruiter_a, reason=f"Motif {PAYLOAD}", slots=[slot(10, 9, place=f"Salle {PAYLOAD}")]
    )
    conversation.choose_slot(interview, candidate=candidate, slot_id=interview.slots.get().pk)
    pages = {
        candidate: [
            reverse("applications:mine"),
            reverse("applications:candidate_application", args=[application.pk]),
            reverse("applications:interview_cancel", args=[interview.pk]),
        ],
        recruiter_a: [
            reverse("applications:thread", args=[application.pk]),
            reverse("applications:agenda"),
            reverse("applications:interview_reschedule", args=[interview.pk]),
        ],
    }
    assert sum(len(urls) for urls in pages.values()) == 6
    for user, urls in pages.items():
        client.logout()
        login(client, user)
        for url in urls:
            content = client.get(url).content.decode()
            assert "<script>alert(1)" not in content and "<img src=x onerror" not in content, url
    client.logout()
    thread = login(client, recruiter_a).get(reverse("applications:thread", args=[application.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in thread  # the payload is there, escaped


def test_the_conversation_pages_query_count_does_not_grow(
    client, application, recruiter_a, member_a, candidate, django_assert_max_num_queries
):
    for number in range(3):  # three interviews cancelled, then one confirmed: the history is shown
        interview = conversation.propose_interview(application, actor=recruiter_a, slots=[slot(8 + number, 9)])
        conversation.cancel_interview(interview, actor=candidate, reason=f"Empêchement n° {number + 1}")
    confirmed_interview(application, recruiter_a, candidate)
    for number in range(10):
        author, side = (recruiter_a, Side.ORGANISATION) if number % 3 else (candidate, Side.CANDIDATE)
        author = member_a if number % 3 == 2 else author
        conversation.post_message(application, author=author, side=side, body=f"Message {number + 1}")
    login(client, recruiter_a)
    with django_assert_max_num_queries(12):
        page = text(client.get(reverse("applications:thread", args=[application.pk])))
    assert page.count("Empêchement n°") == 3 and "Message 10" in page and "Hugo Faure (Saint-Étienne Métropole)" in page
    client.logout()
    login(client, candidate)
    with django_assert_max_num_queries(11):
        page = text(client.get(reverse("applications:candidate_application", args=[application.pk])))
    assert "Entretien confirmé" in page and "Message 10" in page
