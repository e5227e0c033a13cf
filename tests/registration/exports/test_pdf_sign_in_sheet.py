"""The printed sign-in sheet: Swedish letters, header on every page, 'Sida x av N'."""
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from pypdf import PdfReader

from registration.exports.pdf_sheet import (
    SheetMeeting, SheetParticipant, SignInSheet, register_fonts, write_sign_in_sheet,
)
from registration.exports.tables import sign_in_sheet
from registration.workflow.admin import add_person

ZONE = ZoneInfo("Europe/Stockholm")
FIRST = ["Åsa", "Örjan", "Märta", "Élise", "Björn", "Jöns", "Ängla", "René"]


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_the_font_has_swedish_letters():
    path = register_fonts()
    assert path.endswith((".ttf", ".TTF"))


def test_three_hundred_participants_print_on_several_pages_with_header_and_page_numbers():
    names = [f"{FIRST[i % len(FIRST)]} Åkerström-Öhrn {i:03d}" for i in range(300)]
    sheet = SignInSheet(
        programme="Kompetensutveckling i socialtjänsten",
        course_title="Motiverande samtal (MI) – grundkurs", session_id="mi-grund-2027-1",
        meetings=[SheetMeeting(datetime(2027, 2, 3, 9, 0, tzinfo=ZONE),
                               datetime(2027, 2, 3, 16, 0, tzinfo=ZONE),
                               "Karlstad, Stadshuset, sal 3")],
        participants=[SheetParticipant(n, "ASF Karlstad", "Försörjningsstöd väst") for n in names])
    out = io.BytesIO()
    assert write_sign_in_sheet(sheet, out, "sv") == 300
    pages = pages_text(out.getvalue())
    assert len(pages) >= 5
    for number, text in enumerate(pages, start=1):
        assert "Namn" in text and "Namnteckning" in text and "Enhet" in text
        assert f"Sida {number} av {len(pages)}" in text
    whole = "\n".join(pages)
    assert "onsdag 3 februari 2027, 09:00–16:00, Karlstad, Stadshuset, sal 3" in pages[0]
    positions = [whole.index(name) for name in names]
    assert positions == sorted(positions), "participants in seat order"
    assert "Motiverande samtal (MI) – grundkurs" in pages[-1]


def test_a_seminar_series_gets_one_section_per_meeting_from_the_database(db, make, now):
    session = make.session(capacity=5)
    start = session.starts_at
    session.meetings = [{"start": (start + timedelta(days=7 * i)).isoformat(),
                         "end": (start + timedelta(days=7 * i, hours=3)).isoformat(),
                         "place": f"Kristinehamn, Rådhuset, rum {i + 1}"} for i in range(3)]
    db.commit()
    admin = make.person(is_admin=True, is_employee=False)
    for i, name in enumerate(["Åsa Ek", "Élise Öhrn"]):
        add_person(db, admin, make.employee(name=name).id, session.id, "Anmäld",
                   now + timedelta(seconds=i))
    sheet = sign_in_sheet(db, session.id, "Programmet", ZONE)
    out = io.BytesIO()
    write_sign_in_sheet(sheet, out, "en")
    pages = pages_text(out.getvalue())
    assert len(pages) == 3
    for number, text in enumerate(pages, start=1):
        assert f"Meeting {number}:" in text
        assert f"rum {number}" in text
        assert "Åsa Ek" in text and "Élise Öhrn" in text
        assert f"Page {number} of 3" in text
