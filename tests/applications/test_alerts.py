"""Saved searches and alerts: saving a board search, the alert e-mails (only new matching offers,
nothing when nothing is new), the one-click unsubscribe without login, the command."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from emploi_territoires.applications import alerts
from emploi_territoires.applications.models import Consent, SavedSearch
from emploi_territoires.offers.models import ContractType, OfferStatus
from emploi_territoires.search.indexing import index_offer
from tests.applications.factories import CandidateUserFactory
from tests.clock import paris
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db

NOW = paris(2026, 3, 10, 10, 30)


@pytest.fixture(autouse=True)
def _pinned_clock(time_machine):
    time_machine.move_to(NOW)


def published(hours_ago: float, **fields):
    offer = OfferFactory(status=OfferStatus.PUBLISHED, published_at=NOW - datetime.timedelta(hours=hours_ago), **fields)
    index_offer(offer.pk)
    return offer


def saved_search(user, query, frequency="daily", last_sent_hours_ago=24.0, **fields):
    return SavedSearch.objects.create(
        user=user,
        name=fields.pop("name", "Urbanisme dans la Loire"),
        query=query,
        frequency=frequency,
        last_sent_at=NOW - datetime.timedelta(hours=last_sent_hours_ago),
        **fields,
    )


# --- the task -----------------------------------------------------------------------------------


def test_only_new_matching_offers_are_sent_with_unsubscribe_headers(candidate, settings):
    settings.SITE_URL = "https://emploi-territoires.exemple.fr"
    new = published(2, title="Chargé·e d'urbanisme réglementaire (F/H)")
    published(30, title="Instructeur·rice droit des sols et urbanisme (F/H)")  # before the last alert
    published(3, title="Comptable (F/H)", missions="Vous tenez la comptabilité.", profile="Rigueur.")
    saved = saved_search(candidate, {"q": ["urbanisme"]})

    run = alerts.send_alerts("daily", NOW)

    assert (run.checked, run.emails, run.offers) == (1, 1, 1)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ines.haddad@exemple.fr"]
    assert message.subject == "1 nouvelle offre — Urbanisme dans la Loire"
    assert new.title in message.body
    assert "Instructeur" not in message.body
    assert "Comptable" not in message.body
    assert new.get_absolute_url() in message.body
    url = "https://emploi-territoires.exemple.fr" + reverse(
        "applications:alert_unsubscribe", args=[saved.unsubscribe_token]
    )
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.body
    html = message.alternatives[0][0]
    assert "Chargé·e d&#x27;urbanisme réglementaire (F/H)" in html  # escaped in HTML
    saved.refresh_from_db()
    assert saved.last_sent_at == NOW

    # The next run, nothing new since: no e-mail.
    mail.outbox.clear()
    assert alerts.send_alerts("daily", NOW + datetime.timedelta(hours=1)).emails == 0
    assert mail.outbox == []


def test_nothing_new_sends_nothing_but_moves_the_window(candidate):
    published(40, title="Chargé·e d'urbanisme (F/H)")
    saved = saved_search(candidate, {"q": ["urbanisme"]})
    run = alerts.send_alerts("daily", NOW)
    assert (run.checked, run.emails) == (1, 0)
    assert mail.outbox == []
    saved.refresh_from_db()
    assert saved.last_sent_at == NOW


def test_filters_of_the_saved_query_apply_as_on_the_board(candidate):
    published(1, title="Chargé·e d'urbanisme (F/H)", contract_type=ContractType.CONTRACTUAL)
    vta = published(1, title="VTA urbanisme et revitalisation (F/H)", contract_type=ContractType.VTA)
    saved_search(candidate, {"q": ["urbanisme"], "contract": ["vta"]})
    alerts.send_alerts("daily", NOW)
    assert len(mail.outbox) == 1
    assert vta.title in mail.outbox[0].body
    assert "Chargé·e d'urbanisme" not in mail.outbox[0].body


def test_a_never_sent_alert_starts_at_its_creation(candidate):
    saved = saved_search(candidate, {"q": ["urbanisme"]}, last_sent_hours_ago=0)
    SavedSearch.objects.filter(pk=saved.pk).update(last_sent_at=None, created_at=NOW - datetime.timedelta(hours=5))
    published(10, title="Urbanisme : chargé·e d'études (F/H)")
    recent = published(1, title="Urbanisme : instructeur·rice (F/H)")
    alerts.send_alerts("daily", NOW)
    assert len(mail.outbox) == 1
    assert recent.title in mail.outbox[0].body
    assert "chargé·e d'études" not in mail.outbox[0].body


def test_paused_weekly_and_inactive_users_are_left_out(candidate):
    published(1, title="Chargé·e d'urbanisme (F/H)")
    saved_search(candidate, {"q": ["urbanisme"]}, is_active=False)
    saved_search(candidate, {"q": ["urbanisme"]}, frequency="weekly", name="Hebdomadaire")
    gone = CandidateUserFactory(email="parti@exemple.fr", is_active=False)
    saved_search(gone, {"q": ["urbanisme"]})
    run = alerts.send_alerts("daily", NOW)
    assert (run.checked, run.emails) == (0, 0)
    weekly = alerts.send_alerts("weekly", NOW)
    assert (weekly.checked, weekly.emails) == (1, 1)
    assert mail.outbox[0].subject.endswith("Hebdomadaire")


def test_a_filter_that_became_invalid_is_dropped_not_raised(candidate):
    published(1, title="Chargé·e d'urbanisme (F/H)")
    saved_search(candidate, {"q": ["urbanisme"], "departement": ["99"], "radius": ["mille"]})
    assert alerts.send_alerts("daily", NOW).emails == 1


def test_the_task_runs_the_same_code(candidate):
    from emploi_territoires.applications.tasks_alerts import send_alerts_task

    published(1, title="Chargé·e d'urbanisme (F/H)")
    saved_search(candidate, {"q": ["urbanisme"]})
    result = send_alerts_task.enqueue("daily")
    assert result.return_value == {"checked": 1, "emails": 1, "offers": 1}
    assert len(mail.outbox) == 1


def test_command_is_a_dry_run_by_default(candidate):
    from io import StringIO

    published(1, title="Chargé·e d'urbanisme (F/H)")
    saved = saved_search(candidate, {"q": ["urbanisme"]})
    before = saved.last_sent_at
    out = StringIO()
    call_command("send_alerts", "--frequency", "daily", stdout=out)
    assert "1 e-mail(s) à envoyer (simulation" in out.getvalue()
    assert mail.outbox == []
    saved.refresh_from_db()
    assert saved.last_sent_at == before
    call_command("send_alerts", "--frequency", "daily", "--apply", stdout=StringIO())
    assert len(mail.outbox) == 1


# --- saving a search ----------------------------------------------------------------------------


def test_board_offers_to_create_an_alert_with_its_query(client):
    response = client.get(reverse("offers:board"), {"q": "urbanisme", "contract": "vta"})
    page = response.content.decode()
    assert reverse("applications:alert_create") + "?q=urbanisme&amp;contract=vta" in page
    assert "Créer une alerte" in page


def test_candidate_saves_the_board_search(client, candidate):
    client.force_login(candidate)
    url = reverse("applications:alert_create")
    response = client.get(url, {"q": "urbanisme", "contract": "vta", "page": "3", "sort": "date"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "« urbanisme »" in page
    response = client.post(
        url, {"q": "urbanisme", "contract": "vta", "name": "VTA en urbanisme", "frequency": "weekly"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:alerts")
    saved = SavedSearch.objects.get(user=candidate)
    assert (saved.name, saved.frequency, saved.is_active) == ("VTA en urbanisme", "weekly", True)
    assert saved.query == {"q": ["urbanisme"], "contract": ["vta"]}
    assert Consent.objects.filter(user=candidate, purpose=Consent.Purpose.ALERTS).count() == 1


def test_bad_input_gets_a_french_message_and_saves_nothing(client, candidate):
    client.force_login(candidate)
    url = reverse("applications:alert_create")
    response = client.post(url, {"q": "urbanisme", "name": "", "frequency": "weekly"})
    assert response.status_code == 400
    assert "Donnez un nom à votre alerte" in response.content.decode()
    response = client.post(url, {"q": "urbanisme", "name": "Urbanisme", "frequency": "hourly"})
    assert response.status_code == 400
    assert "chaque jour ou chaque semaine" in response.content.decode()
    response = client.post(url, {"q": "urbanisme", "name": "x" * 101, "frequency": "daily"})
    assert response.status_code == 400
    assert not SavedSearch.objects.exists()


def test_bad_filters_are_named_and_not_stored(client, candidate):
    client.force_login(candidate)
    url = reverse("applications:alert_create")
    response = client.get(url, {"q": "urbanisme", "radius": "mille"})
    assert "Certains filtres ne sont pas valables" in response.content.decode()
    client.post(url, {"q": "urbanisme", "radius": "mille", "name": "Urbanisme", "frequency": "daily"})
    assert SavedSearch.objects.get().query == {"q": ["urbanisme"]}


def test_at_most_twenty_alerts(client, candidate):
    for i in range(alerts.MAX_SAVED_SEARCHES):
        saved_search(candidate, {"q": [f"mot{i}"]}, name=f"Alerte {i}")
    client.force_login(candidate)
    response = client.post(
        reverse("applications:alert_create"), {"q": "urbanisme", "name": "Une de plus", "frequency": "daily"}
    )
    assert response.status_code == 400
    assert "Vous avez déjà 20 alertes" in response.content.decode()


@pytest.mark.parametrize("persona", ["recruiter_a", "advisor", "staff"])
def test_alerts_are_for_candidates(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("applications:alerts")).status_code == 403
    assert client.get(reverse("applications:alert_create")).status_code == 403


def test_anonymous_is_sent_to_login(anonymous_client):
    for name in ("applications:alerts", "applications:alert_create"):
        response = anonymous_client.get(reverse(name))
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]


# --- "Mes alertes" ------------------------------------------------------------------------------


def test_my_alerts_list_pause_resume_delete(client, candidate, django_assert_max_num_queries):
    saved = saved_search(candidate, {"q": ["urbanisme"], "commune": ["Saint-Étienne (42)"]})
    for i in range(5):
        saved_search(candidate, {"q": [f"mot{i}"]}, name=f"Alerte {i}")
    client.force_login(candidate)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("applications:alerts")).content.decode()
    assert "Urbanisme dans la Loire" in page
    assert "chaque jour" in page

    client.post(reverse("applications:alert_toggle", args=[saved.pk]))
    saved.refresh_from_db()
    assert not saved.is_active
    client.post(reverse("applications:alert_toggle", args=[saved.pk]))
    saved.refresh_from_db()
    assert saved.is_active
    response = client.post(reverse("applications:alert_delete", args=[saved.pk]))
    assert response.status_code == 302
    assert not SavedSearch.objects.filter(pk=saved.pk).exists()


def test_someone_elses_alert_is_404(client, candidate):
    other = saved_search(CandidateUserFactory(email="autre@exemple.fr"), {"q": ["urbanisme"]})
    client.force_login(candidate)
    assert client.post(reverse("applications:alert_toggle", args=[other.pk])).status_code == 404
    assert client.post(reverse("applications:alert_delete", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.is_active


def test_toggle_and_delete_need_post(client, candidate):
    saved = saved_search(candidate, {"q": ["urbanisme"]})
    client.force_login(candidate)
    assert client.get(reverse("applications:alert_delete", args=[saved.pk])).status_code == 405


# --- unsubscribe without login ------------------------------------------------------------------


def test_unsubscribe_link_confirms_then_pauses_without_login(anonymous_client, candidate):
    saved = saved_search(candidate, {"q": ["urbanisme"]})
    url = reverse("applications:alert_unsubscribe", args=[saved.unsubscribe_token])
    response = anonymous_client.get(url)
    assert response.status_code == 200
    assert "Me désabonner" in response.content.decode()
    saved.refresh_from_db()
    assert saved.is_active  # a GET (link previews, virus scanners) changes nothing
    response = anonymous_client.post(url)
    assert response.status_code == 200
    assert "C'est fait" in response.content.decode()
    saved.refresh_from_db()
    assert not saved.is_active
    assert "déjà arrêtée" in anonymous_client.get(url).content.decode()


def test_one_click_post_from_a_mail_client_needs_no_csrf_token(candidate):
    saved = saved_search(candidate, {"q": ["urbanisme"]})
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        reverse("applications:alert_unsubscribe", args=[saved.unsubscribe_token]),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    saved.refresh_from_db()
    assert not saved.is_active
    published(1, title="Chargé·e d'urbanisme (F/H)")
    assert alerts.send_alerts("daily", NOW).emails == 0


@pytest.mark.parametrize("token", ["inconnu", "x" * 80])
def test_unknown_token_is_a_clear_message_never_500(anonymous_client, token):
    url = reverse("applications:alert_unsubscribe", args=[token])
    for response in (anonymous_client.get(url), anonymous_client.post(url)):
        assert response.status_code == 404
        assert "Ce lien de désabonnement n'est pas (ou plus) valable" in response.content.decode()


def test_an_alert_keeps_and_describes_the_civil_service_filters(candidate):
    """Issue 18: catégorie, versant and « ouvert aux contractuels » are stored with the alert and named."""
    query, errors = alerts.clean_query(
        {"q": "secrétaire de mairie", "categorie": "C", "versant": "territoriale", "contractuels": "1"}
    )
    assert errors == {}
    assert query == {
        "q": ["secrétaire de mairie"],
        "categorie": ["C"],
        "versant": ["territoriale"],
        "contractuels": ["1"],
    }
    saved = SavedSearch.objects.create(user=candidate, name="Secrétaire de mairie", query=query)
    assert alerts.describe(saved) == (
        "« secrétaire de mairie » — catégorie C — fonction publique territoriale — ouvert aux contractuels"
    )
