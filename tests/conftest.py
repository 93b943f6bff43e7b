"""Shared fixtures. The test settings live in tests/settings.py-style overrides below."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Tasks run synchronously in tests; hashing is fast; templates fail loudly on typos.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _clear_cache():
    # The login throttle counts failures in the cache: a test must not inherit another's count.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# --- Personas (see tests/factories.py for the real territories behind them) ---------------------


@pytest.fixture
def organisation_a(db):
    """Organisation A: a collectivité, Saint-Étienne Métropole (SIREN 244200770), Loire."""
    from tests.factories import OrganisationFactory, saint_etienne

    return OrganisationFactory(collectivite=True, commune=saint_etienne())


@pytest.fixture
def organisation_b(db):
    """Organisation B: a (fictitious) entreprise in Clamecy, Nièvre."""
    from tests.factories import OrganisationFactory, clamecy

    return OrganisationFactory(name="Menuiserie du Haut Nivernais", commune=clamecy())


@pytest.fixture
def advisor_organisation(db):
    from tests.factories import OrganisationFactory, saint_etienne

    return OrganisationFactory(apec=True, commune=saint_etienne())


def _member(org, role, **user_fields):
    from tests.factories import MembershipFactory, UserFactory

    user = UserFactory(**user_fields)
    MembershipFactory(user=user, organisation=org, role=role)
    return user


@pytest.fixture
def candidate(db):
    from emploi_territoires.accounts.models import User
    from tests.factories import UserFactory

    return UserFactory(email="ines.haddad@exemple.fr", first_name="Inès", last_name="Haddad", kind=User.Kind.CANDIDATE)


@pytest.fixture
def recruiter_a(organisation_a):
    """Admin of organisation A."""
    return _member(organisation_a, "admin", email="claire.roux@exemple.fr", first_name="Claire", last_name="Roux")


@pytest.fixture
def member_a(organisation_a):
    """Plain member (not admin) of organisation A."""
    return _member(organisation_a, "member", email="hugo.faure@exemple.fr", first_name="Hugo", last_name="Faure")


@pytest.fixture
def recruiter_b(organisation_b):
    """Admin of organisation B."""
    return _member(organisation_b, "admin", email="sophie.bernard@exemple.fr", first_name="Sophie", last_name="Bernard")


@pytest.fixture
def advisor(advisor_organisation):
    """Apec advisor following the Loire (42)."""
    from tests.factories import AdvisorScopeFactory, DepartementFactory

    user = _member(
        advisor_organisation, "member", email="karim.benali@exemple.fr", first_name="Karim", last_name="Benali"
    )
    AdvisorScopeFactory(user=user, departements=[DepartementFactory()])
    return user


@pytest.fixture
def advisor_other(advisor_organisation):
    """Apec advisor following another département: the Nièvre (58)."""
    from tests.factories import AdvisorScopeFactory, nievre

    user = _member(
        advisor_organisation, "member", email="marie.girard@exemple.fr", first_name="Marie", last_name="Girard"
    )
    AdvisorScopeFactory(user=user, departements=[nievre()])
    return user


@pytest.fixture
def staff(db):
    from tests.factories import UserFactory

    return UserFactory(email="equipe@exemple.fr", first_name="Équipe", last_name="Plateforme", is_staff=True)


@pytest.fixture
def anonymous_client(client):
    """The test client, never logged in."""
    return client
