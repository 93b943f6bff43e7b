"""The database is unreachable: clean 503 pages in French (never a 500 with a traceback), then recovery.

The outage is real: the test connection is pointed at a closed port (PostgreSQL) or at a file that
cannot be opened (SQLite), so every query of the request — in a middleware (session, current
organisation) or in the view — fails in the driver as it would when the server stops.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import OperationalError, connection
from django.test import Client

from emploi_territoires.applications.models import Application
from emploi_territoires.core.outage import is_database_outage
from emploi_territoires.offers.models import OfferStatus
from tests.applications.factories import CandidateProfileFactory
from tests.offers.factories import OfferFactory


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens there once the socket is closed


@contextmanager
def database_down(tmp_path: Path) -> Iterator[None]:
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        connection.close()
        saved_port = settings_dict["PORT"]
        settings_dict["PORT"] = closed_port()
        try:
            yield
        finally:
            connection.close()
            settings_dict["PORT"] = saved_port
    else:
        # The in-memory test database lives as long as its connection: keep it aside meanwhile.
        saved_connection, saved_name = connection.connection, settings_dict["NAME"]
        connection.connection = None
        settings_dict["NAME"] = str(tmp_path / "dossier-absent" / "base.sqlite3")
        try:
            yield
        finally:
            connection.close()
            settings_dict["NAME"] = saved_name
            connection.connection = saved_connection


@pytest.fixture
def server_client() -> Client:
    """A client that answers like the server does: exceptions become responses, not test errors."""
    return Client(raise_request_exception=False)


def assert_clean_503(response) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "script-src 'none'" in response["Content-Security-Policy"]
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert "<h1>Service momentanément indisponible</h1>" in html
    assert "Traceback" not in html and "OperationalError" not in html


@pytest.mark.django_db(transaction=True)
def test_board_answers_503_during_the_outage_then_recovers(server_client, tmp_path):
    offer = OfferFactory(status=OfferStatus.PUBLISHED, title="Agent d'accueil polyvalent (F/H)")
    assert server_client.get(offer.get_absolute_url()).status_code == 200

    with database_down(tmp_path):
        assert_clean_503(server_client.get("/offres/"))
        assert_clean_503(server_client.get(offer.get_absolute_url()))
        assert_clean_503(server_client.get("/"))
        api = server_client.get("/api/v1/offers", headers={"accept": "application/json"})
        assert api.status_code == 503
        assert api.json() == {"detail": "Le service est momentanément indisponible. Réessayez dans quelques instants."}

    assert server_client.get("/offres/").status_code == 200  # the next request reconnects by itself
    response = server_client.get(offer.get_absolute_url())
    assert response.status_code == 200
    assert "Agent d'accueil polyvalent" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_an_application_sent_during_the_outage_is_not_half_written(server_client, tmp_path):
    profile = CandidateProfileFactory()
    offer = OfferFactory(status=OfferStatus.PUBLISHED)
    server_client.force_login(profile.user)
    page = server_client.get(offer.get_absolute_url())
    assert page.status_code == 200

    with database_down(tmp_path):
        # The session is read from the database by a middleware, before the view.
        response = server_client.post(f"/candidats/postuler/{offer.reference}/", {"message": "Bonjour"})
        assert_clean_503(response)

    assert not Application.objects.exists()
    response = server_client.post(f"/candidats/postuler/{offer.reference}/", {"message": "Bonjour"})
    assert response.status_code == 302
    application = Application.objects.get()
    assert list(application.transitions.values_list("from_status", "to_status")) == [("", "new")]


def test_only_database_errors_count_as_an_outage():
    assert is_database_outage(OperationalError("connection refused"))
    try:
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except OperationalError as error:
            raise RuntimeError("lecture du panier impossible") from error
    except RuntimeError as chained:
        assert is_database_outage(chained)
    assert not is_database_outage(ValueError("bogue ordinaire : une vraie erreur 500"))
    assert not is_database_outage(None)
