"""Startup guard (issue 21): the URLconf imports no heavy library; the libraries load where they are used.

Every command, worker start and test run imports the URLconf; scipy, ortools, matplotlib, pandas,
openpyxl and the OIDC client cost seconds together, so the views import them inside the functions
that use them. The time itself is measured by bench/startup.py, never asserted here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE as OPENPYXL_ILLEGAL_CHARACTERS

from emploi_territoires.offers.exports import ILLEGAL_CHARACTERS_RE

SRC = Path(__file__).resolve().parents[2] / "src"
# numpy is not listed: the mentoring models still take their vocabulary from the numpy matching core.
LAZY = (
    "authlib",
    "diff_diff",
    "joserfc",
    "matplotlib",
    "openpyxl",
    "ortools",
    "pandas",
    "requests",
    "scipy",
    "weasyprint",
)
URLCONF = f"""
import sys
sys.path.insert(0, {str(SRC)!r})
import django
django.setup()
from importlib import import_module
from django.conf import settings
import_module(settings.ROOT_URLCONF)
print(" ".join(name for name in {LAZY!r} if name in sys.modules))
"""


def test_the_urlconf_loads_no_heavy_library():
    # A fresh interpreter: the test process has imported many of them already.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "emploi_territoires.settings"}
    result = subprocess.run([sys.executable, "-c", URLCONF], env=env, capture_output=True, text=True, check=False)  # noqa: S603

    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == [], "imported when the URLconf loads (python -X importtime shows by whom)"


def test_the_xlsx_illegal_characters_are_openpyxl_s():
    # offers/exports writes openpyxl's pattern itself so that the CSV exports do not import openpyxl.
    assert ILLEGAL_CHARACTERS_RE.pattern == OPENPYXL_ILLEGAL_CHARACTERS.pattern
