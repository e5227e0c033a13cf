"""CSV exports open correctly in a spreadsheet and hold exactly what the database holds."""
import csv
import io
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from registration.exports import ExportError
from registration.exports.csv_writer import iter_csv, write_csv
from registration.exports.tables import EnrolmentFilter, attendance_list, enrolments
from registration.models import Person, Request, RequestState
from registration.workflow import approve_request, decline_request, request_place

ZONE = ZoneInfo("Europe/Stockholm")


def read_back(data: bytes, delimiter=","):
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 byte-order mark"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))


def as_csv(table, delimiter=","):
    return read_back(b"".join(iter_csv(table.headers, table.rows, delimiter)), delimiter)


@pytest.mark.parametrize("dangerous", ["=HYPERLINK(\"http://x\")", "+46701234567", "-1+2",
                                       "@SUM(A1)", "\t=1", "\r=1"])
def test_cells_a_spreadsheet_would_run_as_formulas_are_neutralised(dangerous):
    out = io.BytesIO()
    write_csv(["Namn"], [(dangerous,), ("Åsa Öberg",)], out)
    rows = read_back(out.getvalue())
    assert rows[1] == ["'" + dangerous]
    assert rows[2] == ["Åsa Öberg"]


def test_semicolon_delimiter_for_swedish_excel_and_numbers_and_dates_as_text():
    rows = read_back(b"".join(iter_csv(["a", "b", "c"], [(1, 2.5, date(2027, 2, 3)),
                                                         (None, True, "x;y")], ";")), ";")
    assert rows == [["a", "b", "c"], ["1", "2.5", "2027-02-03"], ["", "1", "x;y"]]
    with pytest.raises(ValueError):
        list(iter_csv(["a"], [], "\t"))


def test_a_long_export_streams_in_several_chunks():
    chunks = list(iter_csv(["n", "namn"], ((i, f"Märta {i}") for i in range(20_000))))
    assert len(chunks) > 3
    assert len(read_back(b"".join(chunks))) == 20_001


@pytest.fixture
def filled_session(db, make, now):
    """Session of 3 seats: three seat holders (one confirmed, one named like a formula) and a waiter."""
    session = make.session(capacity=3)
    manager = make.manager()
    names = ["Åsa Ek", "=cmd|' /C calc'!A0", "Élise Öhrn", "Jöns Väst"]
    requests = [request_place(db, make.employee(manager, name=name), session.id, "",
                              now + timedelta(minutes=i)) for i, name in enumerate(names)]
    approve_request(db, requests[0].id, manager, now)
    return session, requests


def test_the_attendance_list_holds_the_seat_holders_in_seat_order(db, filled_session):
    session, requests = filled_session
    rows = as_csv(attendance_list(db, session.id, ZONE, "sv"))
    assert rows[0] == ["Plats", "Namn", "E-post", "Organisation", "Enhet", "Chef", "Status",
                       "Anmäld"]
    seated = db.scalars(select(Request).where(Request.session_id == session.id,
                                              Request.state.in_(["provisional", "confirmed"]))
                        .order_by(Request.requested_at, Request.id)).all()
    assert [r[2] for r in rows[1:]] == [r.person.email for r in seated]
    assert [r[0] for r in rows[1:]] == ["1", "2", "3"]
    assert rows[1][1] == "Åsa Ek" and rows[1][6] == "Bekräftad plats"
    assert rows[2][1] == "'=cmd|' /C calc'!A0"
    # Local time (Stockholm, UTC+1 in January): requested 09:00 UTC -> 10:00.
    assert rows[1][7] == "2027-01-05 10:00"


def test_the_attendance_list_can_add_the_waiting_list_in_english(db, filled_session):
    session, requests = filled_session
    rows = as_csv(attendance_list(db, session.id, ZONE, "en", include_waiting=True))
    assert rows[0][0] == "Seat"
    assert [(r[0], r[1], r[6]) for r in rows[4:]] == [("4", "Jöns Väst", "Waiting list")]


def test_an_unknown_session_is_a_readable_error(db):
    with pytest.raises(ExportError, match="nope"):
        attendance_list(db, "nope", ZONE)


def test_enrolment_filters_select_the_same_requests_as_the_database(db, make, now, filled_session):
    session, requests = filled_session
    other = make.session(id="mi-2", capacity=5, starts_at=session.starts_at + timedelta(days=40),
                         deadline=date(2027, 3, 1))
    boss = make.manager("kristinehamn-ifo")
    outsider = make.employee(boss, name="Kim Kristinehamn")
    outsider.unit = "Ekonomiskt bistånd"
    db.commit()
    late = request_place(db, outsider, other.id, "", now)
    decline_request(db, late.id, boss, "Inte nu", now)

    everything = as_csv(enrolments(db, EnrolmentFilter(), ZONE))
    assert len(everything) - 1 == db.query(Request).count() == 5
    assert everything[0][:4] == ["Utbildning", "Utbildningens namn", "Kurstillfälle", "Startar"]

    cases = {
        EnrolmentFilter(session="mi-2"): ["Kim Kristinehamn"],
        EnrolmentFilter(organisation="kristinehamn-ifo"): ["Kim Kristinehamn"],
        EnrolmentFilter(unit="Ekonomiskt bistånd"): ["Kim Kristinehamn"],
        EnrolmentFilter(states=("waiting",)): ["Jöns Väst"],
        EnrolmentFilter(states=("declined",), course="mi-grundkurs"): ["Kim Kristinehamn"],
        EnrolmentFilter(starts_to=date(2027, 2, 3)): ["Åsa Ek", "'=cmd|' /C calc'!A0",
                                                     "Élise Öhrn", "Jöns Väst"],
        EnrolmentFilter(starts_from=date(2027, 2, 4)): ["Kim Kristinehamn"],
    }
    for filters, names in cases.items():
        rows = as_csv(enrolments(db, filters, ZONE))
        assert [r[4] for r in rows[1:]] == names, filters
    declined = as_csv(enrolments(db, EnrolmentFilter(states=("declined",)), ZONE))[1]
    assert (declined[9], declined[12]) == ("Avslagen", "Inte nu")
    with pytest.raises(ExportError):
        enrolments(db, EnrolmentFilter(states=("lost",)), ZONE)
