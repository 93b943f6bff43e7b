"""Login by email, logout by POST, and the throttle after repeated failures."""

import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD

LOGIN = reverse("accounts:login")


def _login(client, email, password, ip="203.0.113.7"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_login_page_renders(client, db):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert "Adresse e-mail" in response.content.decode()


def test_login_with_email_any_case_goes_to_my_space(client, recruiter_a):
    response = _login(client, "Claire.Roux@Exemple.fr ", TEST_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:space")
    assert client.session["_auth_user_id"] == str(recruiter_a.pk)


def test_wrong_password_is_refused_in_french(client, recruiter_a):
    response = _login(client, "claire.roux@exemple.fr", "mauvais-mot-de-passe")
    assert response.status_code == 200
    assert "Adresse e-mail ou mot de passe incorrect" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_ignores_unsafe_next(client, recruiter_a):
    response = client.post(
        f"{LOGIN}?next=https://pirate.example.com/", {"username": recruiter_a.email, "password": TEST_PASSWORD}
    )
    assert response["Location"] == reverse("accounts:space")


def test_logout_needs_post(client, recruiter_a):
    client.force_login(recruiter_a)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_throttle_per_email_blocks_even_the_right_password(client, recruiter_a, settings):
    settings.LOGIN_THROTTLE_ATTEMPTS = 3
    for i in range(3):
        # From three different addresses: the per-email counter still reaches the limit.
        _login(client, recruiter_a.email, "mauvais-mot-de-passe", ip=f"198.51.100.{i}")
    response = _login(client, recruiter_a.email, TEST_PASSWORD, ip="198.51.100.50")
    assert response.status_code == 200
    assert "Trop de tentatives de connexion" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_throttle_per_ip_blocks_other_accounts(client, recruiter_a, recruiter_b, settings):
    settings.LOGIN_THROTTLE_ATTEMPTS = 2
    settings.LOGIN_THROTTLE_IP_ATTEMPTS = 3
    for i in range(3):
        _login(client, f"inconnu{i}@exemple.fr", "nimporte-quoi", ip="192.0.2.10")
    blocked = _login(client, recruiter_b.email, TEST_PASSWORD, ip="192.0.2.10")
    assert "Trop de tentatives de connexion" in blocked.content.decode()
    # Another address is not affected.
    allowed = _login(client, recruiter_b.email, TEST_PASSWORD, ip="192.0.2.11")
    assert allowed.status_code == 302


def test_success_clears_the_email_counter(client, recruiter_a, settings):
    settings.LOGIN_THROTTLE_ATTEMPTS = 2
    _login(client, recruiter_a.email, "faux-1", ip="203.0.113.1")
    assert _login(client, recruiter_a.email, TEST_PASSWORD, ip="203.0.113.2").status_code == 302
    client.logout()
    # One failure before and one after a success never add up to the limit of 2.
    _login(client, recruiter_a.email, "faux-2", ip="203.0.113.3")
    assert _login(client, recruiter_a.email, TEST_PASSWORD, ip="203.0.113.4").status_code == 302


def test_lock_ends_with_the_window(client, recruiter_a, settings, monkeypatch):
    from django.core.cache.backends import base, locmem

    settings.LOGIN_THROTTLE_ATTEMPTS = 2
    settings.LOGIN_THROTTLE_WINDOW = 900
    now = [1_800_000_000.0]
    # The local-memory cache reads the clock through the `time` module of these two modules.
    clock = type("Clock", (), {"time": staticmethod(lambda: now[0])})
    monkeypatch.setattr(locmem, "time", clock)
    monkeypatch.setattr(base, "time", clock)
    for _ in range(2):
        _login(client, recruiter_a.email, "mauvais-mot-de-passe")
    now[0] += 899
    assert "Trop de tentatives" in _login(client, recruiter_a.email, TEST_PASSWORD).content.decode()
    now[0] += 2
    assert _login(client, recruiter_a.email, TEST_PASSWORD).status_code == 302


def test_below_the_limit_login_works(client, recruiter_a, settings):
    settings.LOGIN_THROTTLE_ATTEMPTS = 3
    for _ in range(2):
        _login(client, recruiter_a.email, "mauvais-mot-de-passe")
    assert _login(client, recruiter_a.email, TEST_PASSWORD).status_code == 302


@pytest.mark.parametrize("data", [{}, {"username": "pas-un-email", "password": "x"}, {"username": "a@b.fr"}])
def test_bad_input_never_500(client, db, data):
    assert client.post(LOGIN, data).status_code == 200


def test_ip_limit_is_higher_than_the_email_limit_for_shared_offices(client, recruiter_a, recruiter_b, settings):
    """Colleagues behind one town-hall address: a few typos each must not lock the others out."""
    settings.LOGIN_THROTTLE_ATTEMPTS = 3
    settings.LOGIN_THROTTLE_IP_ATTEMPTS = 10
    for i in range(4):
        _login(client, f"agent{i}@mairie-clamecy.fr", "faute-de-frappe", ip="192.0.2.20")
    assert _login(client, recruiter_b.email, TEST_PASSWORD, ip="192.0.2.20").status_code == 302


def test_trusted_proxy_header_gives_the_client_address(client, recruiter_b, settings):
    settings.LOGIN_THROTTLE_IP_ATTEMPTS = 2
    settings.LOGIN_THROTTLE_IP_HEADER = "HTTP_X_REAL_IP"
    for i in range(2):
        client.post(
            LOGIN,
            {"username": f"x{i}@exemple.fr", "password": "non"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_REAL_IP="192.0.2.30",
        )
    # Same proxy address, another client: not blocked.
    other = client.post(
        LOGIN,
        {"username": recruiter_b.email, "password": TEST_PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_REAL_IP="192.0.2.31",
    )
    assert other.status_code == 302
