"""Names and titles with control characters never break or inject lines into the job-dating .ics
(a line break in a name used to answer 500, and only an `assert` in icalendar stopped injection)."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from emploi_territoires.jobdating.agenda import Agenda, EventInfo, Meeting, ics_line, to_ics

REPO = Path(__file__).resolve().parents[2]
STAMP = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
START, END = datetime(2026, 3, 12, 8, 0, tzinfo=UTC), datetime(2026, 3, 12, 8, 15, tzinfo=UTC)
INJECTED = "Inès{sep}ATTENDEE:mailto:pirate@exemple.com{sep}Haddad"
SEPARATORS = ["\n", "\r", "\r\n", "\v", "\f", "\x1c", "\x85", "\u2028", "\x00"]


def _agenda(name: str, recruiter: str = "Saint-Étienne Métropole", title: str = "Job dating de l'industrie") -> Agenda:
    event = EventInfo(id=7, title=title, address="Cité du design\n42000 Saint-Étienne")
    meeting = Meeting(1, name, 10, recruiter, 0, 1, START, END, (f"Chef de projet{chr(11)}PVD",))
    return Agenda(event, name, "candidate", [meeting])


def _assert_clean(ics: bytes) -> Calendar:
    lines = ics.split(b"\r\n")
    assert len(lines) > 10
    for line in lines:
        assert not any(byte < 0x20 and byte != 0x09 for byte in line), line
        # Nothing became a property of its own.
        assert not line.startswith(b"ATTENDEE"), line
    parsed = Calendar.from_ical(ics)
    assert len(parsed.walk("VEVENT")) == 1
    return parsed


@pytest.mark.parametrize("sep", SEPARATORS, ids=repr)
def test_control_characters_in_a_candidate_name_are_cleaned(sep):
    ics = to_ics(_agenda(INJECTED.format(sep=sep), recruiter=f"Mairie{sep}de Clamecy"), STAMP)
    event = _assert_clean(ics).walk("VEVENT")[0]
    assert "ATTENDEE" not in event
    assert "Inès ATTENDEE:mailto:pirate@exemple.com Haddad" in str(event["DESCRIPTION"])
    assert str(event["SUMMARY"]) == "Entretien avec Mairie de Clamecy (table 1)"


@pytest.mark.parametrize("sep", SEPARATORS, ids=repr)
def test_control_characters_in_the_event_title_and_owner_are_cleaned(sep):
    ics = to_ics(_agenda(f"Inès{sep}Haddad", title=f"Job dating{sep}X-INJECTED:1"), STAMP)
    calendar = _assert_clean(ics)
    assert "X-INJECTED" not in calendar
    assert "\n" not in str(calendar["X-WR-CALNAME"])


def test_ics_line_keeps_ordinary_text():
    assert ics_line("Aïcha Benkacem — Saint-Étienne Métropole") == "Aïcha Benkacem — Saint-Étienne Métropole"
    assert ics_line("Inès\r\n\vHaddad ") == "Inès Haddad"


def test_the_check_holds_under_python_dash_O():
    # `python -O` strips asserts (icalendar's own guard is one): our cleaning and check are not.
    script = (
        "from datetime import UTC, datetime\n"
        "from emploi_territoires.jobdating.agenda import Agenda, EventInfo, Meeting, to_ics\n"
        "t = datetime(2026, 3, 12, 8, tzinfo=UTC)\n"
        "m = Meeting(1, 'Inès\\nATTENDEE:mailto:pirate@exemple.com', 10, 'Mairie', 0, 1, t, t)\n"
        "ics = to_ics(Agenda(EventInfo(7, 'Job\\ndating'), 'Inès\\nX', 'candidate', [m]), t)\n"
        "print(any(b'\\n' in line or b'\\r' in line for line in ics.split(b'\\r\\n')))\n"
        "print(b'\\r\\nATTENDEE' in ics)\n"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-O", "-c", script],
        cwd=REPO,
        env={"PYTHONPATH": str(REPO / "src"), "PATH": ""},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]
