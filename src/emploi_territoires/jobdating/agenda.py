"""Agendas of a job dating: slot times, personal agendas, .ics files and PDF documents.

Plain data in (the dataclasses below), bytes out. The views turn the models into `EventInfo` and
`Meeting` rows (`services_day.meetings_of`), so everything here is testable without a database:

- `slot_times` gives each slot its start and end (start + slot × length; break slots marked);
- `candidate_agenda` / `table_agendas` pick and order one person's meetings;
- `to_ics` writes one VEVENT per interview, times in Europe/Paris with its VTIMEZONE;
- `render_pdf` turns an HTML template into a PDF with WeasyPrint (A4 agendas, A3 landscape poster).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from emploi_territoires.core.text import clean_text

PARIS = ZoneInfo("Europe/Paris")
UID_DOMAIN = "jobdating.emploi-territoires.fr"
SHORT_NAME_LENGTH = 28


# --- Slot times ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SlotTime:
    index: int
    start: datetime
    end: datetime
    is_break: bool = False

    @property
    def label(self) -> str:
        return f"{self.start:%H:%M}"


def slot_times(
    day: date,
    first_start: time,
    slot_minutes: int,
    slots: int,
    break_slots: Iterable[int] = (),
    tz: ZoneInfo = PARIS,
) -> list[SlotTime]:
    """Start and end of each slot: slot n starts at first_start + n × length.

    Breaks are whole slots kept free (the event stores their numbers, like the solver): they keep
    their place in time, so the slot after a lunch break starts when the break ends, and agendas
    and the poster skip them."""
    if slot_minutes <= 0:
        raise ValueError("La durée d'un créneau doit être positive.")
    length = timedelta(minutes=slot_minutes)
    pauses = set(break_slots)
    first = datetime.combine(day, first_start, tzinfo=tz)
    # Wall-clock arithmetic in the event's zone: a job dating never spans a DST change at night.
    return [SlotTime(n, first + n * length, first + (n + 1) * length, n in pauses) for n in range(slots)]


def current_slot(times: Sequence[SlotTime], moment: datetime) -> int:
    """The slot running at `moment` (before the day: 0; after it: the last)."""
    for slot in times:
        if moment < slot.end:
            return slot.index
    return len(times) - 1 if times else 0


# --- Meetings and agendas ------------------------------------------------------------------------


@dataclass(frozen=True)
class EventInfo:
    id: int
    title: str
    address: str = ""  # postal address, empty when online
    meeting_link: str = ""  # empty when on site
    organiser: str = ""

    @property
    def location(self) -> str:
        return self.address or self.meeting_link


@dataclass(frozen=True)
class Meeting:
    """One interview as the agendas show it."""

    candidate_id: int
    candidate_name: str
    recruiter_id: int
    recruiter_name: str
    slot: int
    table: int  # numbered from 1 for people
    start: datetime
    end: datetime
    offers: tuple[str, ...] = ()
    status: str = "scheduled"

    @property
    def candidate_short(self) -> str:
        return short_person(self.candidate_name)

    @property
    def recruiter_short(self) -> str:
        return short_text(self.recruiter_name)


@dataclass
class Agenda:
    """One person's (or one table's) meetings, in time order."""

    event: EventInfo
    owner: str  # "Inès Haddad" or "Saint-Étienne Métropole — table 2"
    kind: str  # "candidate" or "recruiter"
    meetings: list[Meeting] = field(default_factory=list)


def short_person(full_name: str) -> str:
    """ "Inès Haddad" → "Inès H.": readable on a poster, less personal data on a wall."""
    parts = full_name.split()
    if len(parts) < 2:
        return full_name
    return f"{parts[0]} {parts[-1][0]}."


def short_text(text: str, length: int = SHORT_NAME_LENGTH) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def candidate_agenda(event: EventInfo, meetings: Iterable[Meeting], candidate_id: int, owner: str) -> Agenda:
    mine = sorted((m for m in meetings if m.candidate_id == candidate_id), key=lambda m: m.slot)
    return Agenda(event, owner, "candidate", mine)


def table_agendas(event: EventInfo, meetings: Iterable[Meeting], recruiter_id: int, recruiter_name: str, tables: int):
    """One agenda per table of the recruiter (tables without interviews included: the sheet is still printed)."""
    by_table: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in meetings:
        if meeting.recruiter_id == recruiter_id:
            by_table[meeting.table].append(meeting)
    count = max([tables, *by_table.keys()]) if by_table else tables
    return [
        Agenda(event, f"{recruiter_name} — table {n}", "recruiter", sorted(by_table[n], key=lambda m: m.slot))
        for n in range(1, count + 1)
    ]


@dataclass
class PosterRow:
    label: str  # "Saint-Étienne Métro… · T2"
    cells: list[str]  # one short candidate name (or "") per slot


def poster_columns(times: Sequence[SlotTime]) -> list[SlotTime]:
    """The poster's columns: every slot but the breaks (nobody meets then; the times show the jump)."""
    return [t for t in times if not t.is_break]


def poster_rows(
    meetings: Iterable[Meeting], tables: Sequence[tuple[int, str, int]], times: Sequence[SlotTime]
) -> list[PosterRow]:
    """The whole schedule by table: one row per (recruiter, table), one cell per column of `poster_columns`.

    `tables` lists (recruiter_id, recruiter name, number of tables) in the order to print."""
    position = {t.index: n for n, t in enumerate(poster_columns(times))}
    grid: dict[tuple[int, int], list[str]] = {}
    for recruiter_id, _name, count in tables:
        for table in range(1, count + 1):
            grid[(recruiter_id, table)] = [""] * len(position)
    for meeting in meetings:
        row = grid.get((meeting.recruiter_id, meeting.table))
        if row is not None and meeting.slot in position:
            row[position[meeting.slot]] = meeting.candidate_short
    return [
        PosterRow(f"{short_text(name)} · T{table}", grid[(recruiter_id, table)])
        for recruiter_id, name, count in tables
        for table in range(1, count + 1)
    ]


# --- .ics ----------------------------------------------------------------------------------------


def meeting_uid(event: EventInfo, meeting: Meeting) -> str:
    """Stable across re-optimisations: a pair meets at most once per event, so (event, candidate,
    recruiter) names the interview even when it moves; re-importing the file updates the entry."""
    raw = f"{event.id}:{meeting.candidate_id}:{meeting.recruiter_id}"
    return f"{hashlib.sha256(raw.encode()).hexdigest()[:24]}@{UID_DOMAIN}"


_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def ics_line(value: str) -> str:
    """`value` on one line, without control characters: names and titles typed by people.

    A line break in a name would otherwise end the calendar line and let the rest be read as a
    property of its own (calendar-line injection); icalendar only stops it with an `assert`, which
    `python -O` removes, and some properties (X-WR-CALNAME) it does not escape at all."""
    return _LINE_BREAKS.sub(" ", clean_text(value or "")).strip()


def _summary(agenda: Agenda, meeting: Meeting) -> str:
    if agenda.kind == "candidate":
        return f"Entretien avec {ics_line(meeting.recruiter_name)} (table {meeting.table})"
    return f"Entretien avec {ics_line(meeting.candidate_name)} (table {meeting.table})"


def _description(agenda: Agenda, meeting: Meeting) -> str:
    # Several lines, each cleaned: icalendar escapes the "\n" between them in a TEXT value.
    lines = [ics_line(agenda.event.title), f"Recruteur : {ics_line(meeting.recruiter_name)}, table {meeting.table}"]
    lines.append(f"Candidat·e : {ics_line(meeting.candidate_name)}")
    if meeting.offers:
        lines.append("Offres : " + " ; ".join(ics_line(offer) for offer in meeting.offers))
    if agenda.event.meeting_link:
        lines.append(f"Lien de la visioconférence : {ics_line(agenda.event.meeting_link)}")
    return "\n".join(lines)


# Once folded, a calendar line holds no control character but the CRLF that ends it (and the fold's).
_STRAY_CONTROL = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")


def _check_lines(ics: bytes) -> bytes:
    # A real check (not an assert: `python -O` keeps it) that nothing above let a control through.
    for line in ics.split(b"\r\n"):
        if _STRAY_CONTROL.search(line):
            raise ValueError("Calendar line with a control character: refused.")
    return ics


def to_ics(agenda: Agenda, stamp: datetime) -> bytes:
    """The agenda as an iCalendar file: one VEVENT per interview, local Paris times with a VTIMEZONE.

    `stamp` (DTSTAMP) is passed in so the output is repeatable."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//Emploi Territoires//Job dating//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", ics_line(f"{agenda.event.title} — {agenda.owner}"))
    for meeting in agenda.meetings:
        entry = Event()
        entry.add("uid", meeting_uid(agenda.event, meeting))
        entry.add("dtstamp", stamp)
        entry.add("dtstart", meeting.start.astimezone(PARIS))
        entry.add("dtend", meeting.end.astimezone(PARIS))
        entry.add("summary", _summary(agenda, meeting))
        entry.add("description", _description(agenda, meeting))
        if agenda.event.location:
            entry.add("location", ics_line(agenda.event.location))
        if agenda.event.meeting_link:
            entry.add("url", ics_line(agenda.event.meeting_link))
        calendar.add_component(entry)
    # Calendars that do not know "Europe/Paris" by name read its rules from the VTIMEZONE.
    calendar.add_missing_timezones()
    return _check_lines(calendar.to_ical())


# --- PDF -----------------------------------------------------------------------------------------


def html_to_pdf(html: str, base_url: str | None = None, uncompressed: bool = False) -> bytes:
    """`uncompressed` keeps page objects readable (tests read the MediaBox); files served are compressed."""
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf(uncompressed_pdf=uncompressed)


def render_pdf(template_name: str, context: dict) -> bytes:
    """A PDF from one of the `jobdating/agenda/pdf_*.html` templates (page size set by their @page rule)."""
    from django.template.loader import render_to_string

    return html_to_pdf(render_to_string(template_name, context))
