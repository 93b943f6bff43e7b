from pathlib import Path

import moderndid
import pandas as pd
import pytest


@pytest.fixture(scope="session")
def mpdta_table() -> pd.DataFrame:
    """The minimum-wage panel of Callaway & Sant'Anna (2021), as shipped by moderndid 0.2.0 (test-only).

    500 US counties x 2003-2007; columns year, countyreal, lpop, lemp, first.treat, treat. Read as
    strings, like an uploaded file.
    """
    path = Path(moderndid.__file__).parent / "core" / "datasets" / "mpdta_long.pkl.gz"
    # A file inside an installed, pinned test dependency - not untrusted input.
    return pd.read_pickle(path).astype(str)  # noqa: S301


@pytest.fixture
def queued_tasks(settings):
    """Tasks stay queued (no worker), as in production until a worker picks them up."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
