"""The admin login (/admin/login/) shares the main login's throttle: same counters, same lock."""

from django.urls import reverse

from tests.factories import TEST_PASSWORD

ADMIN_LOGIN = reverse("admin:login")
LOGIN = reverse("accounts:login")


def _admin_login(client, email, password, ip="203.0.113.7"):
    return client.post(
        ADMIN_LOGIN, {"username": email, "password": password, "next": reverse("admin:index")}, REMOTE_ADDR=ip
    )


def test_admin_login_works_for_staff(client, staff):
    response = _admin_login(client, staff.email, TEST_PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_admin_login_is_throttled_per_email(client, staff, settings):
    settings.LOGIN_THROTTLE_ATTEMPTS = 3
    for i in range(3):
        _admin_login(client, staff.email, "mauvais-mot-de-passe", ip=f"198.51.100.{i}")
    response = _admin_login(client, staff.email, TEST_PASSWORD, ip="198.51.100.50")
    assert response.status_code == 200
    assert "Trop de tentatives de connexion" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_admin_login_is_throttled_per_ip(client, staff, settings):
    settings.LOGIN_THROTTLE_IP_ATTEMPTS = 3
    for i in range(3):
        _admin_login(client, f"inconnu{i}@exemple.fr", "nimporte-quoi", ip="192.0.2.10")
    blocked = _admin_login(client, staff.email, TEST_PASSWORD, ip="192.0.2.10")
    assert "Trop de tentatives de connexion" in blocked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_lock_on_the_main_login_applies_to_the_admin_login(client, staff, settings):
    settings.LOGIN_THROTTLE_ATTEMPTS = 3
    for i in range(3):
        client.post(LOGIN, {"username": staff.email, "password": "faux"}, REMOTE_ADDR=f"198.51.100.{i}")
    response = _admin_login(client, staff.email, TEST_PASSWORD, ip="198.51.100.60")
    assert "Trop de tentatives de connexion" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_lock_on_the_admin_login_applies_to_the_main_login(client, staff, settings):
    settings.LOGIN_THROTTLE_ATTEMPTS = 3
    for i in range(3):
        _admin_login(client, staff.email, "faux", ip=f"198.51.100.{i}")
    response = client.post(LOGIN, {"username": staff.email, "password": TEST_PASSWORD}, REMOTE_ADDR="198.51.100.61")
    assert "Trop de tentatives de connexion" in response.content.decode()
    assert "_auth_user_id" not in client.session
