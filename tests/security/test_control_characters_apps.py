"""Every app cleans the text it stores (issue 20, item 2): a vertical tab (Word's Shift+Enter), a NUL
or an escape typed through the page or sent to the service is stored as a line break or a space (names
and titles on one line), and the pages showing that text answer 200.

Offers and plans are covered by test_control_characters.py. The web forms already refuse a NUL
(Django's ProhibitNullCharactersValidator), so the pages send \\v and \\x1b and the services get all three.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from emploi_territoires.accounts.models import Organisation, User
from emploi_territoires.applications import services_pipeline
from emploi_territoires.applications.models import ApplicationNote, ApplicationStatus, CandidateProfile, SavedSearch
from emploi_territoires.evaluation.models import ImpactStudy
from emploi_territoires.jobdating import services_day, services_events
from emploi_territoires.jobdating.models import EventStatus
from emploi_territoires.jobdating.services_outcomes import rate_event
from emploi_territoires.mentoring import services_followup
from emploi_territoires.mentoring.models import HelpRequest, Outcome
from emploi_territoires.needs import services as needs_services
from emploi_territoires.offers.models import OfferStatus
from tests.applications.test_profile import communes, form_data, occupations  # noqa: F401 - fixtures
from tests.evaluation.conftest import mpdta_table  # noqa: F401 - fixture
from tests.evaluation.test_impact_views import _post as post_impact_study
from tests.evaluation.test_impact_views import mpdta_upload  # noqa: F401 - fixture
from tests.factories import DepartementFactory, saint_etienne
from tests.jobdating.day_setup import BUILT_AT, fast_solver, hold, published_world
from tests.jobdating.test_events import _values as event_values
from tests.mentoring.conftest import firminy, manager, pool, programme, published  # noqa: F401 - fixtures
from tests.needs.conftest import espaces_verts, need_line  # noqa: F401 - fixtures
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db

# What Word and a pasted PDF bring: a vertical tab, a NUL, an escape.
VT, NUL, ESC = "\v", "\x00", "\x1b"


def test_accounts_sign_up_cleans_the_names_and_the_organisation(client, db):
    saint_etienne()
    response = client.post(
        reverse("accounts:signup"),
        {
            "kind": "professional",
            "first_name": f"Jean{VT}Pierre",
            "last_name": f"Mo{ESC}rel",
            "email": "jean-pierre.morel@exemple.fr",
            "password1": "Vallee-du-Gier-2026",
            "password2": "Vallee-du-Gier-2026",
            "organisation_choice": "create",
            "org-name": f"Saint-Étienne{VT}Métropole",
            "org-kind": "collectivite",
            "org-commune": "Saint-Étienne (42218)",
            "org-siren": "244 200 770",
            "org-siret": "",
            "org-description": f"Métropole de 53 communes{VT}de la Loire.{ESC}",
            "org-website": "",
            "org-requester_mandate": f"Directeur{VT}général des services",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="jean-pierre.morel@exemple.fr")
    assert (user.first_name, user.last_name) == ("Jean Pierre", "Mo rel")
    org = Organisation.objects.get()
    assert (org.name, org.description) == ("Saint-Étienne Métropole", "Métropole de 53 communes\nde la Loire.")
    assert org.requester_mandate == "Directeur général des services"
    assert client.get(reverse("accounts:space")).status_code == 200
    assert client.get(reverse("accounts:organisation", args=[org.pk])).status_code == 200


def test_applications_clean_profile_messages_notes_and_saved_searches(
    client,
    candidate,
    recruiter_a,
    organisation_a,
    occupations,  # noqa: F811
    communes,  # noqa: F811
):
    client.force_login(candidate)
    response = client.post(
        reverse("applications:profile_edit"),
        form_data(
            first_name=f"Inès{ESC}",
            headline=f"Chargée de mission{VT}développement économique",
            summary=f"Trois ans auprès{VT}des entreprises{ESC}du Forez.",
        ),
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    profile = CandidateProfile.objects.get(user=candidate)
    assert candidate.first_name == "Inès"
    assert profile.headline == "Chargée de mission développement économique"
    assert profile.summary == "Trois ans auprès\ndes entreprises du Forez."
    assert client.get(reverse("applications:profile")).status_code == 200

    response = client.post(
        reverse("applications:alert_create"), {"q": "urbanisme", "name": f"VTA{VT}en urbanisme", "frequency": "weekly"}
    )
    assert response.status_code == 302
    assert SavedSearch.objects.get(user=candidate).name == "VTA en urbanisme"
    assert client.get(reverse("applications:alerts")).status_code == 200

    offer = OfferFactory(organisation=organisation_a, status=OfferStatus.PUBLISHED)
    application = services_pipeline.apply(offer, candidate, f"Bonjour,{VT}je connais le Pilat.{NUL}{ESC}Merci")
    assert application.message == "Bonjour,\nje connais le Pilat.  Merci"
    note = services_pipeline.add_note(application, author=recruiter_a, text=f"À rappeler{VT}jeudi{NUL}matin")
    assert ApplicationNote.objects.get(pk=note.pk).text == "À rappeler\njeudi matin"
    services_pipeline.transition_application(
        application,
        ApplicationStatus.REFUSED,
        actor=recruiter_a,
        reason="profile_mismatch",
        message=f"Merci pour votre candidature.{VT}Bonne continuation{ESC}!",
    )
    application.refresh_from_db()
    assert application.refusal_message == "Merci pour votre candidature.\nBonne continuation !"
    assert client.get(reverse("applications:mine")).status_code == 200
    client.force_login(recruiter_a)
    assert client.get(reverse("applications:detail", args=[application.pk])).status_code == 200


def test_needs_clean_the_campaign_title_and_the_declared_comment(
    client,
    advisor,
    organisation_a,
    recruiter_a,
    espaces_verts,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    campaign = needs_services.create_campaign(
        advisor,
        title=f"Besoins 2027{VT}Loire{NUL}",
        territory=needs_services.Territory(kind="departement", departement=DepartementFactory()),
        deadline=timezone.localdate() + datetime.timedelta(days=21),
    )
    assert campaign.title == "Besoins 2027 Loire"
    with django_capture_on_commit_callbacks(execute=True):
        needs_services.open_campaign(campaign, advisor)
    (need,) = needs_services.declare_needs(
        organisation_a,
        [need_line(espaces_verts, comment=f"Deux postes{VT}au printemps{NUL}{ESC}")],
        actor=recruiter_a,
        campaign=campaign,
    )
    need.refresh_from_db()
    assert need.comment == "Deux postes\nau printemps"
    client.force_login(advisor)
    assert client.get(reverse("needs:campaign", args=[campaign.pk])).status_code == 200
    client.force_login(recruiter_a)
    assert client.get(reverse("needs:declaration", args=[need.pk])).status_code == 200


def test_jobdating_cleans_events_comments_walk_ins_and_ratings(
    client, settings, time_machine, advisor, organisation_a, organisation_b, candidate
):
    event = services_events.create_event(
        actor=advisor,
        values=event_values(
            title=f"Job dating{VT}de l'industrie{NUL}",
            description=f"Entretiens de 15 minutes{VT}avec les industriels.{ESC}",
            address=f"Cité du design{VT}42000 Saint-Étienne",
        ),
    )
    event.refresh_from_db()
    assert (event.title, event.description, event.address) == (
        "Job dating de l'industrie",
        "Entretiens de 15 minutes\navec les industriels.",
        "Cité du design 42000 Saint-Étienne",
    )
    services_events.update_event(event, actor=advisor, values={"title": f"Job dating{ESC}Ondaine"})
    services_events.transition_event(
        event, EventStatus.REGISTRATION_OPEN, actor=advisor, comment=f"Deux recruteurs{VT}de plus{NUL}"
    )
    event.refresh_from_db()
    assert event.title == "Job dating Ondaine"
    assert event.transitions.get().comment == "Deux recruteurs\nde plus"
    client.force_login(advisor)
    assert client.get(reverse("jobdating:event_detail", args=[event.pk])).status_code == 200

    fast_solver(settings)
    time_machine.move_to(BUILT_AT)
    world = published_world(advisor, organisation_a, organisation_b, candidate)
    walk_in = services_day.add_walk_in(
        world.event,
        actor=advisor,
        email="lea.dumas@exemple.fr",
        first_name=f"Léa{VT}",
        last_name=f"Du{NUL}mas",
        recruiter_ids=[world.rec_c.pk],
        now_slot=3,
    )
    assert (walk_in.user.first_name, walk_in.user.last_name) == ("Léa", "Du mas")
    assert client.get(reverse("jobdating:day_console", args=[world.event.pk])).status_code == 200
    hold(world, time_machine, advisor)
    rating = rate_event(world.ines, "4", f"Des échanges utiles,{VT}un peu d'attente.{NUL}", actor=candidate)
    rating.refresh_from_db()
    assert rating.comment == "Des échanges utiles,\nun peu d'attente."
    assert client.get(reverse("jobdating:event_detail", args=[world.event.pk])).status_code == 200
    client.force_login(candidate)  # the rating is shown on the candidate's agenda
    assert client.get(reverse("jobdating:my_agenda", args=[world.event.pk]), follow=True).status_code == 200


def test_mentoring_cleans_meeting_notes_help_requests_and_surveys(client, published, pool):  # noqa: F811
    pair = published[("Karim", "Inès")]
    today = datetime.date(2026, 10, 20)
    meeting = services_followup.log_meeting(
        pair, pool["ines"], date=today, duration_minutes=60, note=f"CV relu{VT}lettre à reprendre{NUL}", today=today
    )
    meeting.refresh_from_db()
    assert meeting.note == "CV relu\nlettre à reprendre"
    help_request = services_followup.request_help(pair, pool["ines"], f"Plus de nouvelles{VT}depuis juin{ESC}")
    assert HelpRequest.objects.get(pk=help_request.pk).message == "Plus de nouvelles\ndepuis juin"
    answer = services_followup.answer_survey(
        pair,
        pool["ines"],
        milestone=1,
        satisfaction=4,
        situation=Outcome.STILL_SEARCHING,
        comment=f"Très utile{VT}merci{NUL}{ESC}Karim",
    )
    answer.refresh_from_db()
    assert answer.comment == "Très utile\nmerci  Karim"
    client.force_login(pool["ines"])
    assert client.get(reverse("mentoring:pair", args=[pair.pk])).status_code == 200


def test_evaluation_cleans_the_study_title(client, advisor, mpdta_upload):  # noqa: F811
    client.force_login(advisor)
    response = post_impact_study(client, mpdta_upload(), title=f"Salaire minimum{VT}et emploi{ESC}des comtés")
    assert response.status_code == 302
    study = ImpactStudy.objects.get()
    assert study.title == "Salaire minimum et emploi des comtés"
    assert client.get(study.get_absolute_url()).status_code == 200
    assert client.get(reverse("evaluation:impact_list")).status_code == 200
