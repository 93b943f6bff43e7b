"""Fixtures of the territories tests: the full COG loaded once, and the shared real data files.

The `cog` fixture loads the committed COG copy (34,875 communes) once per session, outside any
test transaction, so it persists for every test that asks for it; each test's own writes are
still rolled back. Other tests build small geographies with real codes (région 84, commune
42218…) and would collide with it, so the tests that use `cog` are moved to the end of the run
and the data is removed when the session ends (the next `--reuse-db` run starts empty too).
"""

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

REPO_ROOT = Path(__file__).resolve().parents[2]
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
