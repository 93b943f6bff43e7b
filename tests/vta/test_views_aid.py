"""The VTA aid's pages for the six people the issue names: the collectivité, the préfecture of the
département, the préfecture of another département, another collectivité, the candidate (here the
volunteer herself) and an anonymous visitor — and the journey through them, by HTTP."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from emploi_territoires.accounts.models import Organisation
from emploi_territoires.vta import services_aid
from emploi_territoires.vta.models import AidRequest, AidStatus, Mission
from tests.clock import paris
from tests.factories import TEST_PASSWORD, nevers
from tests.vta.factories_aid import build_world, charter_pdf, vta_offer

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 7)
LOGIN = "login"


@pytest.fixture
def world(time_machine):
    time_machine.move_to(paris(2026, 12, 7))
    return build_world()


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _outcome(response) -> int | str:
    if response.status_code == 302 and "/connexion" in response["Location"]:
        return LOGIN
    return response.status_code


def _people(world) -> dict:
    return {
        "collectivite": world.secretary,
        "prefecture": world.delegate,
        "prefecture_autre": world.delegate_other,
        "autre_collectivite": world.other_collectivite_member,
        "candidat": world.volunteer,
        "anonyme": None,
    }


def test_every_page_for_the_six_people(world):
    mission = world.filed(TODAY)
    AidRequest.objects.filter(mission=mission).update(status=AidStatus.FILED)
    pk = mission.pk
    expected = {
        # url: collectivité, préfecture, préfecture d'un autre département, autre collectivité, candidat, anonyme
        reverse("vta:aid_list"): (200, 200, 200, 200, 200, LOGIN),
        reverse("vta:aid_notify"): (200, 403, 403, 200, 403, LOGIN),
        reverse("vta:aid_detail", args=[pk]): (200, 200, 404, 404, 404, LOGIN),
        reverse("vta:aid_charter", args=[pk]): (200, 200, 404, 404, 404, LOGIN),
        reverse("vta:aid_file", args=[pk]): (302, 403, 404, 404, 404, LOGIN),  # already filed: back to the file
        reverse("vta:my_missions"): (200, 200, 200, 200, 200, LOGIN),
        reverse("vta:envelopes"): (403, 200, 200, 403, 403, LOGIN),
        reverse("vta:envelope_export", args=["58", 2026, "csv"]): (404, 200, 404, 404, 404, LOGIN),
        reverse("vta:envelope_export", args=["58", 2026, "xlsx"]): (404, 200, 404, 404, 404, LOGIN),
        reverse("vta:volunteers", args=["58"]): (200, 200, 200, 200, 200, 200),
    }
    people = list(_people(world).values())
    actual = {url: tuple(_outcome(_client(person).get(url)) for person in people) for url in expected}
    assert actual == expected


def test_posts_for_the_six_people_change_nothing_unless_allowed(world):
    mission = world.filed(TODAY)
    pk = mission.pk
    posts = {
        # The préfecture's moves: only the Nièvre's préfecture (here with an incomplete form: refused, a message).
        reverse("vta:aid_confirm", args=[pk]): {},
        reverse("vta:aid_decide", args=[pk]): {"decision": "granted"},
        reverse("vta:aid_unavailable", args=[pk]): {"text": ""},
        reverse("vta:aid_withdraw", args=[pk]): {"text": "Abandon"},
        reverse("vta:mission_outcome", args=[pk]): {"moment": "end", "situation": "seeking"},
        reverse("vta:mission_listing", args=[pk]): {"listed": "1"},
    }
    expected = {
        reverse("vta:aid_confirm", args=[pk]): (403, 302, 404, 404, 404, LOGIN),
        reverse("vta:aid_decide", args=[pk]): (403, 302, 404, 404, 404, LOGIN),
        reverse("vta:aid_unavailable", args=[pk]): (403, 302, 404, 404, 404, LOGIN),
        reverse("vta:aid_withdraw", args=[pk]): (302, 403, 404, 404, 404, LOGIN),
        reverse("vta:mission_outcome", args=[pk]): (302, 403, 404, 404, 302, LOGIN),
        reverse("vta:mission_listing", args=[pk]): (404, 404, 404, 404, 302, LOGIN),
    }
    people = list(_people(world).values())

    def state():
        return list(AidRequest.objects.values_list("status", "granted_eur")), Mission.objects.get().listing_consent_at

    before = state()
    actual = {url: tuple(_outcome(_client(person).post(url, data)) for person in people) for url, data in posts.items()}
    assert actual == expected
    # Every allowed POST above was refused by the rules (filed: no confirmation, no withdrawal, no outcome
    # before the aid is granted, no listing either): nothing changed.
    assert (
        list(AidRequest.objects.values_list("status", "granted_eur")),
        Mission.objects.get().listing_consent_at,
    ) == before


def test_the_journey_by_http(world, django_capture_on_commit_callbacks):
    secretary, delegate = _client(world.secretary), _client(world.delegate)
    with django_capture_on_commit_callbacks(execute=True):
        response = secretary.post(
            reverse("vta:aid_notify"), {"offer": world.offer.pk, "application": world.application.pk}
        )
    mission = Mission.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("vta:aid_detail", args=[mission.pk])
    assert mail.outbox[-1].to == ["delegue.anct@nievre.gouv.fr"]

    page = delegate.get(reverse("vta:aid_detail", args=[mission.pk])).content.decode()
    assert "Confirmer et réserver 15 000 € sur l'enveloppe" in page
    with django_capture_on_commit_callbacks(execute=True):
        delegate.post(reverse("vta:aid_confirm", args=[mission.pk]), {"comment": "Bienvenue à Léna !"})
    assert AidRequest.objects.get().status == AidStatus.AVAILABLE
    assert "Message de la préfecture : Bienvenue à Léna !" in mail.outbox[-1].body

    # Without contract dates: the form comes back with the rule, nothing is written.
    response = secretary.post(
        reverse("vta:aid_file", args=[mission.pk]), {"summary": "Projet de territoire", "charter": charter_pdf()}
    )
    assert response.status_code == 200
    assert "sans contrat, pas de demande d&#x27;aide" in response.content.decode()
    assert AidRequest.objects.get().status == AidStatus.AVAILABLE

    response = secretary.post(
        reverse("vta:aid_file", args=[mission.pk]),
        {
            "starts_on": "2027-01-04",
            "ends_on": "2028-06-30",
            "summary": "Projet de territoire et dossiers de subvention",
            "charter": charter_pdf(),
        },
    )
    assert response.status_code == 302
    assert AidRequest.objects.get().status == AidStatus.FILED
    charter = secretary.get(reverse("vta:aid_charter", args=[mission.pk]))
    assert charter["Content-Type"] == "application/pdf"
    assert b"".join(charter.streaming_content).startswith(b"%PDF-")

    response = delegate.post(
        reverse("vta:aid_decide", args=[mission.pk]),
        {"decision": "granted", "amount": "15000", "decided_on": "2026-12-07"},
        follow=True,
    )
    assert "L&#x27;aide est accordée" in response.content.decode()
    aid = AidRequest.objects.get()
    assert (aid.status, aid.granted_eur) == (AidStatus.GRANTED, 15_000)

    # The volunteer agrees to be listed; the public page shows her; she withdraws.
    volunteer = _client(world.volunteer)
    volunteer.post(reverse("vta:mission_listing", args=[mission.pk]), {"listed": "1"})
    public = Client().get(reverse("vta:volunteers", args=["58"])).content.decode()
    assert "Léna Moreau" in public and "Mairie de Clamecy" in public
    volunteer.post(reverse("vta:mission_listing", args=[mission.pk]), {"listed": "0"})
    assert "Léna Moreau" not in Client().get(reverse("vta:volunteers", args=["58"])).content.decode()


def test_an_urban_mairie_is_told_why_and_nothing_is_written(world):
    mairie = Organisation.objects.create(
        kind=Organisation.Kind.COLLECTIVITE, legal_nature="commune", name="Mairie de Nevers", commune=nevers()
    )
    user = world.other_collectivite_member
    user.memberships.all().delete()
    mairie.memberships.create(user=user, role="admin")
    offer = vta_offer(mairie, title="Chargé·e de mission Action cœur de ville (VTA)")
    response = _client(user).post(reverse("vta:aid_notify"), {"offer": offer.pk, "volunteer_name": "Yanis Girard"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "« Mairie de Nevers » ne peut pas recevoir l&#x27;aide au volontariat territorial" in page
    assert Mission.objects.count() == 0


def test_exports_carry_the_envelope_files(world):
    granted = world.granted(TODAY)
    delegate = _client(world.delegate)
    response = delegate.get(reverse("vta:envelope_export", args=["58", 2026, "csv"]))
    assert response["Content-Disposition"] == 'attachment; filename="vta-aides-58-2026.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["Collectivité", "Commune", "Offre", "Mission", "Volontaire"]
    assert len(rows) == 2
    assert rows[1][0] == "Mairie de Clamecy" and rows[1][4] == "Léna Moreau"
    assert rows[1][8:12] == ["Aide accordée", "", "15000", "07/12/2026"]
    sheet = load_workbook(
        io.BytesIO(delegate.get(reverse("vta:envelope_export", args=["58", 2026, "xlsx"])).content)
    ).active
    assert sheet.cell(row=2, column=5).value == "Léna Moreau"
    assert sheet.cell(row=2, column=7).value.date() == granted.starts_on


def test_the_list_reads_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    world.granted(TODAY)
    for title in ("Chargé·e de mission transition écologique (VTA)", "Chargé·e de mission habitat (VTA)"):
        offer = vta_offer(world.mairie, title=title)
        services_aid.notify_candidate_chosen(world.secretary, world.mairie, offer, volunteer_name="Yanis Girard")
    client = _client(world.delegate)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("vta:aid_list"))
    assert response.content.decode().count("/vta/aides/") >= 3


def test_the_prefecture_posts_need_the_csrf_token(world):
    mission = world.notify()
    client = Client(enforce_csrf_checks=True)
    client.login(email=world.delegate.email, password=TEST_PASSWORD)
    assert client.post(reverse("vta:aid_confirm", args=[mission.pk])).status_code == 403
    assert AidRequest.objects.get().status == AidStatus.NOTIFIED
