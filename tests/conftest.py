"""Shared fixtures: test settings, personas (see tests/factories.py), and the full reference data."""

from __future__ import annotations

from pathlib import Path

import pytest

from emploi_territoires.territories.models import (
    EPCI,
    Commune,
    Departement,
    PostalCode,
    ProgrammeImport,
    ProgrammeMembership,
    ReferenceDataset,
    Region,
)
from emploi_territoires.territories.reference import DATASET_NAME, load_copy
from tests import clock

_CLOCK_START = None


def pytest_configure(config):
    # Before the test modules are imported: module-level dates see the moved clock too.
    global _CLOCK_START
    _CLOCK_START = clock.start_from_environment()


def pytest_unconfigure(config):
    clock.stop()


def pytest_report_header(config):
    if _CLOCK_START is None:
        return "horloge : réelle"
    return f"horloge déplacée ({clock.ENV_VAR}) : {_CLOCK_START.isoformat()}"


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Tasks run synchronously in tests; hashing is fast; templates fail loudly on typos.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        # Uploaded personal files go to a temporary folder per test.
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }


@pytest.fixture(autouse=True)
def _quick_search_vocabulary(monkeypatch):
    # The tests' vocabularies are small: they are re-read after every indexing, whatever reading them
    # cost. Measured in seconds, the rule of search/vocabulary.py (kept an hour once a read took over
    # 50 ms) would make the typo tests depend on the machine's load.
    from emploi_territoires.search import vocabulary

    monkeypatch.setattr(vocabulary, "QUICK_LOAD_SECONDS", float("inf"))


@pytest.fixture(autouse=True)
def _clear_cache():
    # The login throttle counts failures in the cache: a test must not inherit another's count.
    # The radius search's commune positions (search.geo) are re-read at most every few seconds:
    # a test must not search with the communes of the one before (rolled back, no signal).
    from django.core.cache import cache

    from emploi_territoires.search import geo

    cache.clear()
    geo.invalidate()
    yield
    cache.clear()
    geo.invalidate()


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


# --- The full reference data (COG), loaded once per session -------------------------------------
# The `cog` fixture loads the committed COG copy (34,875 communes) once per session, outside any
# test transaction, so it persists for every test that asks for it; each test's own writes are
# still rolled back. Other tests build small geographies with real codes (région 84, commune
# 42218…) and would collide with it, so the tests that use `cog` are moved to the end of the run
# and the data is removed when the session ends (the next `--reuse-db` run starts empty too).

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
PROGRAMMES_DIR = SHARED_DATA / "programmes"
CENTROIDS_FILE = SHARED_DATA / "territoires" / "communes_centroides.csv"


def pytest_collection_modifyitems(config, items):
    uses_cog = [item for item in items if "cog" in getattr(item, "fixturenames", ())]
    if uses_cog:
        others = [item for item in items if "cog" not in getattr(item, "fixturenames", ())]
        items[:] = others + uses_cog


def _clear_reference() -> None:
    for model in (ProgrammeMembership, ProgrammeImport, PostalCode, Commune, EPCI, Departement, Region):
        model.objects.all().delete()
    ReferenceDataset.objects.filter(name=DATASET_NAME).delete()


@pytest.fixture(scope="session")
def cog(django_db_setup, django_db_blocker):
    """The committed COG copy, loaded once for the session (skipped when already there)."""
    with django_db_blocker.unblock():
        report = load_copy()
    yield report
    with django_db_blocker.unblock():
        _clear_reference()


@pytest.fixture
def programmes_dir() -> Path:
    if not PROGRAMMES_DIR.is_dir():
        pytest.skip(f"Listes officielles absentes ({PROGRAMMES_DIR}) : le projet n'en committe pas de copie.")
    return PROGRAMMES_DIR


@pytest.fixture
def centroids_file() -> Path:
    if not CENTROIDS_FILE.is_file():
        pytest.skip(f"Fichier de centroïdes absent ({CENTROIDS_FILE}).")
    return CENTROIDS_FILE
