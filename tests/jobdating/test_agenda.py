"""Agendas as plain data: slot times around breaks, .ics read back, PDFs (A4 agendas, A3 poster)."""

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from icalendar import Calendar
from weasyprint import HTML

from emploi_territoires.jobdating.agenda import (
    PARIS,
    EventInfo,
    Meeting,
    candidate_agenda,
    current_slot,
    html_to_pdf,
    meeting_uid,
    poster_columns,
    poster_rows,
    render_pdf,
    short_person,
    short_text,
    slot_times,
    table_agendas,
    to_ics,
)

DAY = date(2026, 3, 12)
EVENT = EventInfo(
    id=7,
    title="Job dating de l'industrie — Saint-Étienne",
    address="Cité du design, 3 rue Javelin-Pagnon, 42000 Saint-Étienne",
)
ONLINE = EventInfo(id=8, title="Job dating VTA en ligne", meeting_link="https://visio.exemple.fr/jd-vta")
STAMP = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def times():
    # 9:00, 15-minute slots, slot 8 (11:00–11:15) is a coffee break.
    return slot_times(DAY, time(9, 0), 15, 16, [8])


def meetings():
    t = times()
    rows = [
        # (candidate id, name, recruiter id, name, slot, table, offers)
        (1, "Inès Haddad", 10, "Saint-Étienne Métropole", 0, 1, ("Chef de projet Petites villes de demain",)),
        (1, "Inès Haddad", 20, "Menuiserie du Haut Nivernais", 12, 1, ("Menuisier poseur (H/F)",)),
        (2, "Lucas Martin", 10, "Saint-Étienne Métropole", 0, 2, ()),
        (2, "Lucas Martin", 10, "Saint-Étienne Métropole", 3, 1, ()),
        (3, "Aïcha Benkacem", 20, "Menuiserie du Haut Nivernais", 2, 1, ()),
    ]
    return [
        Meeting(c, cn, r, rn, slot, table, t[slot].start, t[slot].end, offers)
        for c, cn, r, rn, slot, table, offers in rows
    ]


def test_slot_times_follow_each_other_and_mark_the_break():
    t = times()
    assert [s.label for s in t[:3]] == ["09:00", "09:15", "09:30"]
    assert t[7].end == datetime(2026, 3, 12, 11, 0, tzinfo=PARIS)
    assert t[8].is_break and not t[7].is_break and not t[9].is_break
    assert t[9].start == datetime(2026, 3, 12, 11, 15, tzinfo=PARIS)  # after the break, not at 11:00
    assert t[15].end == datetime(2026, 3, 12, 13, 0, tzinfo=PARIS)


def test_slot_times_carry_the_paris_offset_in_summer_and_winter():
    assert slot_times(date(2026, 7, 2), time(9, 0), 15, 1)[0].start.utcoffset() == timedelta(hours=2)
    assert slot_times(DAY, time(9, 0), 15, 1)[0].start.utcoffset() == timedelta(hours=1)


def test_current_slot():
    t = times()
    assert current_slot(t, datetime(2026, 3, 12, 8, 0, tzinfo=PARIS)) == 0
    assert current_slot(t, datetime(2026, 3, 12, 9, 20, tzinfo=PARIS)) == 1
    assert current_slot(t, datetime(2026, 3, 12, 11, 10, tzinfo=PARIS)) == 8
    assert current_slot(t, datetime(2026, 3, 12, 11, 15, tzinfo=UTC)) == 13  # 12:15 in Paris
    assert current_slot(t, datetime(2026, 3, 12, 18, 0, tzinfo=PARIS)) == 15


def test_slot_length_must_be_positive():
    with pytest.raises(ValueError, match="durée"):
        slot_times(DAY, time(9, 0), 0, 4)


def test_short_names_for_the_poster():
    assert short_person("Inès Haddad") == "Inès H."
    assert short_person("Jean-Pierre de La Fontaine") == "Jean-Pierre F."
    assert short_person("Samia") == "Samia"


def test_candidate_agenda_holds_only_their_interviews_in_time_order():
    agenda = candidate_agenda(EVENT, reversed(meetings()), 1, "Inès Haddad")
    assert [(m.recruiter_name, m.slot) for m in agenda.meetings] == [
        ("Saint-Étienne Métropole", 0),
        ("Menuiserie du Haut Nivernais", 12),
    ]


def test_table_agendas_one_per_table_even_empty():
    agendas = table_agendas(EVENT, meetings(), 10, "Saint-Étienne Métropole", tables=3)
    assert [a.owner for a in agendas] == [
        "Saint-Étienne Métropole — table 1",
        "Saint-Étienne Métropole — table 2",
        "Saint-Étienne Métropole — table 3",
    ]
    assert [(m.candidate_name, m.slot) for m in agendas[0].meetings] == [("Inès Haddad", 0), ("Lucas Martin", 3)]
    assert [m.candidate_name for m in agendas[1].meetings] == ["Lucas Martin"]
    assert agendas[2].meetings == []


def test_ics_read_back_has_one_event_per_interview_in_paris_time_with_the_address():
    agenda = candidate_agenda(EVENT, meetings(), 1, "Inès Haddad")
    calendar = Calendar.from_ical(to_ics(agenda, STAMP))
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    first, second = events
    assert first.decoded("dtstart") == datetime(2026, 3, 12, 9, 0, tzinfo=PARIS)
    assert str(first.decoded("dtstart").tzinfo) == "Europe/Paris"
    assert first["DTSTART"].params["TZID"] == "Europe/Paris"
    assert first.decoded("dtend") == datetime(2026, 3, 12, 9, 15, tzinfo=PARIS)
    assert second.decoded("dtstart") == datetime(2026, 3, 12, 12, 0, tzinfo=PARIS)
    assert str(first["location"]) == EVENT.address
    assert str(first["summary"]) == "Entretien avec Saint-Étienne Métropole (table 1)"
    assert "Chef de projet Petites villes de demain" in str(first["description"])
    assert "Inès Haddad" in str(first["description"])
    # The time zone travels with the file, for calendars that do not know it by name.
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]


def test_ics_uid_is_stable_when_the_interview_moves():
    before = meetings()[0]
    t = times()
    moved = Meeting(1, "Inès Haddad", 10, "Saint-Étienne Métropole", 5, 2, t[5].start, t[5].end)
    assert meeting_uid(EVENT, before) == meeting_uid(EVENT, moved)
    other_event = EventInfo(id=99, title="Autre")
    assert meeting_uid(other_event, before) != meeting_uid(EVENT, before)
    ics_a = to_ics(candidate_agenda(EVENT, meetings(), 1, "Inès Haddad"), STAMP)
    ics_b = to_ics(candidate_agenda(EVENT, meetings(), 1, "Inès Haddad"), STAMP)
    assert ics_a == ics_b


def test_online_event_ics_location_is_the_meeting_link():
    t = times()
    meeting = Meeting(4, "Samia Ould", 30, "Communauté de communes Haut Nivernais", 1, 1, t[1].start, t[1].end)
    calendar = Calendar.from_ical(to_ics(candidate_agenda(ONLINE, [meeting], 4, "Samia Ould"), STAMP))
    (event,) = calendar.walk("VEVENT")
    assert str(event["location"]) == "https://visio.exemple.fr/jd-vta"
    assert "https://visio.exemple.fr/jd-vta" in str(event["description"])


def test_recruiter_ics_names_the_candidate():
    (table1, _table2) = table_agendas(EVENT, meetings(), 10, "Saint-Étienne Métropole", tables=2)
    events = Calendar.from_ical(to_ics(table1, STAMP)).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [
        "Entretien avec Inès Haddad (table 1)",
        "Entretien avec Lucas Martin (table 1)",
    ]


def _pdf_text_and_pages(html):
    document = HTML(string=html).render()
    return document


def test_candidate_pdf_is_a4_and_names_the_recruiters(settings):
    from django.template.loader import render_to_string

    context = {"event": EVENT, "day": DAY, "agenda": candidate_agenda(EVENT, meetings(), 1, "Inès Haddad")}
    pdf = render_pdf("jobdating/agenda/pdf_candidate.html", context)
    assert pdf.startswith(b"%PDF")
    html = render_to_string("jobdating/agenda/pdf_candidate.html", context)
    assert "Menuiserie du Haut Nivernais" in html and "12:00 – 12:15" in html
    page = _pdf_text_and_pages(html).pages[0]
    assert (round(page.width * 0.75, 1), round(page.height * 0.75, 1)) == (595.3, 841.9)  # CSS px → pt


def test_tables_pdf_has_one_page_per_table():
    from django.template.loader import render_to_string

    agendas = table_agendas(EVENT, meetings(), 10, "Saint-Étienne Métropole", tables=2)
    context = {"event": EVENT, "day": DAY, "agendas": agendas, "recruiter_name": "Saint-Étienne Métropole"}
    assert render_pdf("jobdating/agenda/pdf_tables.html", context).startswith(b"%PDF")
    html = render_to_string("jobdating/agenda/pdf_tables.html", context)
    assert "Lucas Martin" in html and "Saint-Étienne Métropole — table 2" in html
    assert len(_pdf_text_and_pages(html).pages) == 2


def test_poster_is_a3_landscape_with_short_names_by_table():
    from django.template.loader import render_to_string

    tables = [(10, "Saint-Étienne Métropole", 2), (20, "Menuiserie du Haut Nivernais", 1)]
    rows = poster_rows(meetings(), tables, times())
    assert [r.label for r in rows] == [
        "Saint-Étienne Métropole · T1",
        "Saint-Étienne Métropole · T2",
        "Menuiserie du Haut Nivernais · T1",
    ]
    assert short_text("Communauté d'agglomération Roannais Agglomération") == "Communauté d'agglomération…"
    assert rows[0].cells[0] == "Inès H." and rows[0].cells[3] == "Lucas M." and rows[2].cells[2] == "Aïcha B."
    assert rows[0].cells[11] == "" and rows[1].cells[0] == "Lucas M." and len(rows[0].cells) == 15
    assert rows[0].cells.count("") == 13 and rows[2].cells[11] == "Inès H."  # slot 12 is column 11
    context = {"event": EVENT, "day": DAY, "columns": poster_columns(times()), "rows": rows}
    pdf = render_pdf("jobdating/agenda/pdf_poster.html", context)
    assert pdf.startswith(b"%PDF")
    html = render_to_string("jobdating/agenda/pdf_poster.html", context)
    # The MediaBox in points: A3 landscape is 1190.55 × 841.89 pt.
    boxes = re.findall(rb"/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]", html_to_pdf(html, uncompressed=True))
    assert boxes and {(round(float(w), 2), round(float(h), 2)) for w, h in boxes} == {(1190.55, 841.89)}
    assert "Aïcha B." in html and "Aïcha Benkacem" not in html and "12:45" in html
    assert "11:00" not in html  # the break column is skipped
    page = _pdf_text_and_pages(html).pages[0]
    assert page.width > page.height
