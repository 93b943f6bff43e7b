"""Passwords are stored with Argon2id (accounts/hashers.py); older PBKDF2 hashes still log in and
are upgraded at that login."""

import pytest
from django.conf import settings as project_settings
from django.contrib.auth.hashers import identify_hasher, make_password
from django.urls import reverse

from emploi_territoires.accounts.hashers import Argon2idHasher
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROJECT_HASHERS = list(project_settings.PASSWORD_HASHERS)  # the tests' autouse fixture swaps them for MD5


@pytest.fixture
def real_hashers(settings):
    settings.PASSWORD_HASHERS = PROJECT_HASHERS


def test_new_passwords_are_argon2id_at_owasp_parameters(real_hashers):
    encoded = make_password("Nevers-bord-de-Loire-2026")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert isinstance(identify_hasher(encoded), Argon2idHasher)


def test_an_old_pbkdf2_password_logs_in_and_is_rehashed(client, real_hashers):
    user = UserFactory(email="sophie.lambert@mairie-clamecy.fr")
    user.password = make_password("Clamecy-sur-Yonne-58", hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])

    response = client.post(
        reverse("accounts:login"), {"username": "sophie.lambert@mairie-clamecy.fr", "password": "Clamecy-sur-Yonne-58"}
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password("Clamecy-sur-Yonne-58")


def test_a_wrong_password_is_refused_and_the_hash_untouched(client, real_hashers):
    user = UserFactory(email="nadia.benali@ville-nevers.fr")
    user.set_password("Nevers-bord-de-Loire-2026")
    user.save(update_fields=["password"])
    before = user.password

    response = client.post(
        reverse("accounts:login"), {"username": "nadia.benali@ville-nevers.fr", "password": "mauvais-mot-de-passe"}
    )

    assert response.status_code == 200
    assert "Adresse e-mail ou mot de passe incorrect" in response.content.decode()
    user.refresh_from_db()
    assert user.password == before
