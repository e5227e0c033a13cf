"""The administration pages: who may reach them, what they show, and what their forms do."""
import csv
import io
import re

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from registration.models import AuditEvent, OutboxMessage, Request, RequestState, SessionRecord
from registration.models.attendance import AttendanceMark
from registration.workflow import request_place

ADMIN_GETS = [
    "/admin/", "/admin/?course=mi-grundkurs&month=2027-02", "/admin/sessions/mi-grund-2027-1",
    "/admin/sessions/mi-grund-2027-1/add", "/admin/sessions/mi-grund-2027-1/cancel",
    "/admin/requests/{rid}/remove", "/admin/requests/{rid}/promote", "/admin/requests/{rid}/move",
    "/admin/sessions/mi-grund-2027-1/register",
    "/admin/sessions/mi-grund-2027-1/attendance.csv",
    "/admin/sessions/mi-grund-2027-1/attendance.xlsx",
    "/admin/sessions/mi-grund-2027-1/attendance.pdf",
    "/admin/enrolments", "/admin/enrolments?format=csv", "/admin/figures",
    "/admin/figures?format=xlsx",
]
ADMIN_POSTS = [
    "/admin/sessions/mi-grund-2027-1/add", "/admin/sessions/mi-grund-2027-1/cancel",
    "/admin/requests/{rid}/remove", "/admin/requests/{rid}/promote", "/admin/requests/{rid}/move",
    "/admin/sessions/mi-grund-2027-1/register",
    "/admin/sessions/mi-grund-2027-1/register/everyone-present",
]


@pytest.fixture
def booked(cast, site_db, clock):
    """Three requests on the 3-seat session and one on its waiting list."""
    people = [cast.employee, cast.colleague, cast.other_employee, cast.deputy]
    return [request_place(site_db, p, cast.session.id, "", clock.now) for p in people]


def soup(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


@pytest.mark.parametrize("who, expected", [
    (None, 302), ("employee", 403), ("manager", 403), ("deputy", 403), ("admin", 200)])
def test_only_administrators_reach_admin_pages(client, login_as, cast, booked, who, expected):
    login_as(getattr(cast, who) if who else None)
    for url in ADMIN_GETS:
        response = client.get(url.format(rid=booked[0].id))
        assert response.status_code == expected, url
        if who is None:
            assert response.headers["Location"].startswith("/sign-in?next=/admin/"), url
    if who != "admin":
        for url in ADMIN_POSTS:
            response = client.post(url.format(rid=booked[0].id), data={"reason": "x"})
            assert response.status_code == expected, url


def test_the_session_list_counts_seats_provisional_waiting_and_free(client, login_as, cast,
                                                                     booked, build):
    build.organisation("kristinehamn-ifo")
    build.session(id="bou-2027-1", course="bou-kurs", capacity=10, organisations=["karlstad-bou"])
    login_as(cast.admin)
    page = soup(client.get("/admin/"))
    row = page.find("a", string="Kurs mi-grundkurs").find_parent("tr")
    assert [td.get_text(strip=True) for td in row.find_all("td")][1:] == ["3", "3", "3", "1", "0"]
    assert page.find("a", string="Kurs bou-kurs")
    filtered = soup(client.get("/admin/?organisation=kristinehamn-ifo"))
    assert filtered.find("a", string="Kurs mi-grundkurs")
    assert not filtered.find("a", string="Kurs bou-kurs")
    assert not soup(client.get("/admin/?month=2027-03")).find("a", string="Kurs mi-grundkurs")


def test_the_session_page_lists_participants_in_seat_order_and_the_waiting_list(
        client, login_as, cast, booked):
    login_as(cast.admin)
    page = soup(client.get(f"/admin/sessions/{cast.session.id}"))
    tables = page.find_all("table")
    seated = [th.get_text(" ", strip=True) for th in tables[0].select("tbody th")]
    assert [s.split(" ")[0] for s in seated] == ["Eva", "Carl", "Omar"]
    assert "Dana Ersättare" in tables[1].get_text()
    links = {a["href"] for a in page.find_all("a")}
    assert f"/admin/sessions/{cast.session.id}/attendance.pdf" in links


def test_removing_without_a_reason_shows_the_error_beside_the_field(client, login_as, cast,
                                                                      booked, look):
    login_as(cast.admin)
    response = client.post(f"/admin/requests/{booked[0].id}/remove", data={"reason": "  "})
    assert response.status_code == 200
    page = soup(response)
    assert page.select_one("#reason-error")
    assert page.select_one("#reason")["aria-describedby"] == "reason-hint reason-error"
    with look() as db:
        assert db.get(Request, booked[0].id).state == RequestState.PROVISIONAL


def test_removing_with_a_reason_promotes_the_waiter_audits_and_notifies(client, login_as, cast,
                                                                         booked, look):
    login_as(cast.admin)
    response = client.post(f"/admin/requests/{booked[0].id}/remove",
                           data={"reason": "Dubbelbokad"})
    assert response.status_code == 302
    with look() as db:
        assert db.get(Request, booked[0].id).state == RequestState.REMOVED
        assert db.get(Request, booked[3].id).state == RequestState.PROVISIONAL
        event = db.scalar(select(AuditEvent).where(AuditEvent.action == "admin_removed"))
        assert (event.actor_id, event.detail) == (cast.admin.id, "Dubbelbokad")
        kinds = {m.kind for m in db.scalars(select(OutboxMessage))}
        assert {"request_cancelled", "promoted"} <= kinds


def test_adding_by_e_mail_and_moving_to_another_session(client, login_as, cast, booked, build,
                                                        look):
    build.session(id="mi-grund-2027-2", capacity=2,
                  starts_at=cast.session.starts_at.replace(month=3))
    login_as(cast.admin)
    unknown = client.post(f"/admin/sessions/{cast.session.id}/add",
                          data={"email": "ingen@kommun.example", "reason": "Test"})
    assert soup(unknown).select_one("#email-error").get_text(strip=True) == (
        "Ingen i personalkatalogen har den här e-postadressen.")
    moved = client.post(f"/admin/requests/{booked[1].id}/move",
                        data={"to_session": "mi-grund-2027-2", "reason": "Krockar med semester"})
    assert moved.status_code == 302
    added = client.post("/admin/sessions/mi-grund-2027-2/add",
                        data={"email": cast.boss.email, "reason": "Chefen vill gå"})
    assert added.status_code == 302
    with look() as db:
        assert db.get(SessionRecord, "mi-grund-2027-2").seats_taken == 2
        states = {r.person_id: r.state for r in db.scalars(
            select(Request).where(Request.session_id == "mi-grund-2027-2"))}
        assert states == {cast.colleague.id: RequestState.PROVISIONAL,
                          cast.boss.id: RequestState.CONFIRMED}


def test_attendance_downloads_in_three_formats(client, login_as, cast, booked):
    login_as(cast.admin)
    base = f"/admin/sessions/{cast.session.id}/attendance"
    response = client.get(base + ".csv?delimiter=semicolon")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig")), delimiter=";"))
    assert [r[1] for r in rows[1:]] == ["Eva Medarbetare", "Carl Kollega", "Omar Annan"]
    book = load_workbook(io.BytesIO(client.get(base + ".xlsx").get_data()))
    assert book.active.max_row == 4
    pdf = PdfReader(io.BytesIO(client.get(base + ".pdf").get_data()))
    text = pdf.pages[0].extract_text()
    assert "Omar Annan" in text and "Sida 1 av 1" in text
    english = PdfReader(io.BytesIO(client.get(base + ".pdf?lang=en").get_data()))
    assert "Page 1 of 1" in english.pages[0].extract_text()
    assert client.get("/admin/sessions/nope/attendance.csv").status_code == 404


def test_the_enrolment_export_streams_with_filters(client, login_as, cast, booked):
    login_as(cast.admin)
    page = soup(client.get("/admin/enrolments"))
    assert page.find("fieldset").find("legend")
    response = client.get("/admin/enrolments?format=csv&delimiter=comma&state=waiting")
    assert response.is_streamed
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert [r[4] for r in rows[1:]] == ["Dana Ersättare"]
    response = client.get("/admin/enrolments?format=xlsx&organisation=karlstad-afs")
    book = load_workbook(io.BytesIO(response.get_data()))
    assert book.active.max_row == 5
    bad = client.get("/admin/enrolments?format=csv&starts_from=2027-03-01&starts_to=2027-02-01")
    assert bad.status_code == 200 and soup(bad).select_one("#starts_to-error")


def test_figures_page_and_workbook(client, login_as, cast, booked):
    login_as(cast.admin)
    page = soup(client.get("/admin/figures"))
    row = page.select_one("#by-course tbody tr")
    assert [td.get_text(strip=True) for td in row.find_all("td")][:1] == ["4"]
    book = load_workbook(io.BytesIO(client.get("/admin/figures?format=xlsx").get_data()))
    assert len(book.sheetnames) == 5 and book.sheetnames[-1] == "Diagram"  # the charts' sheet


def test_the_attendance_register_is_a_form_of_labelled_radio_groups(client, login_as, cast,
                                                                    booked, look):
    # What the register saves (only changed marks, "everyone else present" as its
    # own form) is tests/registration/blueprints/admin/test_attendance_register.py.
    login_as(cast.admin)
    url = f"/admin/sessions/{cast.session.id}/register"
    page = soup(client.get(url))
    # sign out + one "everyone else present" form per meeting + the marks
    assert len(page.find_all("form", method="post")) == 3
    groups = page.select("fieldset.marks")
    assert len(groups) == 3
    assert groups[0].legend.get_text(strip=True).startswith("Eva Medarbetare")
    for radio in groups[0].select("input[type=radio]"):
        assert page.find("label", attrs={"for": radio["id"]})
    marks = {f"mark-{booked[0].id}-0": "absent", f"mark-{booked[1].id}-0": "excused"}
    response = client.post(url, data=marks)
    assert response.status_code == 302
    with look() as db:
        saved = {(m.request_id, m.status) for m in db.scalars(select(AttendanceMark))}
    assert saved == {(booked[0].id, "absent"), (booked[1].id, "excused")}
    again = soup(client.get(url))
    assert again.find("input", id=f"mark-{booked[0].id}-0-absent").has_attr("checked")


def test_people_see_their_own_record_and_managers_their_staffs(client, login_as, cast, booked,
                                                               clock):
    clock.advance(days=60)
    login_as(cast.employee)
    assert client.get("/me/record").status_code == 200
    assert client.get(f"/manager/staff/{cast.employee.id}/record").status_code == 403
    login_as(cast.manager)
    assert client.get(f"/manager/staff/{cast.employee.id}/record").status_code == 200
    assert client.get(f"/manager/staff/{cast.other_employee.id}/record").status_code == 403
    login_as(cast.admin)
    assert client.get(f"/manager/staff/{cast.other_employee.id}/record").status_code == 200
    login_as(None)
    assert client.get("/me/record").status_code == 302


def test_the_person_removed_by_hand_reads_the_administrators_reason_in_the_mail(
        app, cast, booked, site_db, clock):
    from registration.mail.render import render_message
    from registration.workflow.admin import remove_request

    remove_request(site_db, cast.admin, booked[0].id, "Kursen passar inte din tjänst", clock.now)
    with app.app_context():
        from registration.db import get_db
        db = get_db()
        row = db.scalar(select(OutboxMessage).where(
            OutboxMessage.kind == "request_cancelled",
            OutboxMessage.recipient_email == cast.employee.email))
        message = render_message(db, row, clock.now)
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Från kursadministratören: Kursen passar inte din tjänst" in text
    assert "Kursen passar inte din tjänst" in html
