"""Employee pages: requesting a place, "my courses" with states in words, cancelling, calendar file."""
from __future__ import annotations

from datetime import date

from icalendar import Calendar
from sqlalchemy import select

from registration.models import Request, RequestState, SessionRecord
from registration.workflow import approve_request, decline_request, request_place


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_request_page_shows_course_dates_place_deadline_and_seats_left(client, cast, login_as):
    login_as(cast.employee)
    html = page(client.get("/sessions/mi-grund-2027-1/request"))
    assert "Kurs mi-grundkurs" in html
    assert "onsdag 3 februari 2027, 09:00–16:00" in html  # 08:00 UTC is 09:00 in Stockholm
    assert "Karlstad, Stadshuset, sal 3" in html
    assert "20 januari 2027" in html
    assert "3 platser kvar" in html
    assert "Maria Chef" in html  # who will be asked to approve


def test_anonymous_visitor_is_sent_to_sign_in_and_comes_back_afterwards(client, cast):
    response = client.get("/sessions/mi-grund-2027-1/request")
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in?next=/sessions/mi-grund-2027-1/request"
    form = page(client.get(response.headers["Location"]))
    assert 'name="next" type="hidden" value="/sessions/mi-grund-2027-1/request"' in form


def test_unknown_session_is_404(client, cast, login_as):
    login_as(cast.employee)
    assert client.get("/sessions/no-such-session/request").status_code == 404


def test_requesting_a_place_holds_a_seat_and_my_courses_says_awaiting_approval(client, cast, login_as, look):
    login_as(cast.employee)
    response = client.post("/sessions/mi-grund-2027-1/request", data={"message": "Behöver MI i mitt arbete"})
    assert response.status_code == 302 and response.headers["Location"] == "/me"
    html = page(client.get("/me"))
    assert "En plats hålls åt dig tills din chef har beslutat" in html  # the flash
    assert "Väntar på godkännande – en plats är preliminärt reserverad" in html
    with look() as db:
        made = db.scalar(select(Request).where(Request.person_id == cast.employee.id))
        assert made.state == RequestState.PROVISIONAL
        assert made.message == "Behöver MI i mitt arbete"
        assert db.get(SessionRecord, "mi-grund-2027-1").seats_taken == 1


def test_full_session_tells_the_waiting_list_position_before_and_after(client, cast, login_as, build, site_db, clock):
    for _ in range(3):
        request_place(site_db, build.employee(cast.other_manager), "mi-grund-2027-1", "", clock.now)
    request_place(site_db, cast.colleague, "mi-grund-2027-1", "", clock.now)
    login_as(cast.employee)
    assert "du skulle bli nummer 2 på väntelistan" in page(client.get("/sessions/mi-grund-2027-1/request"))
    client.post("/sessions/mi-grund-2027-1/request", data={"message": ""})
    html = page(client.get("/me"))
    assert "Du är nummer 2 på väntelistan" in html
    assert "Väntelista nr 2 – väntar på godkännande" in html


def test_request_page_explains_why_a_request_cannot_be_made(client, cast, login_as, build, site_db, clock):
    build.session(id="closed-org-1", course="bara-bou", organisations=["karlstad-bou"])
    build.session(id="needs-prereq-1", course="mi-fordjupning", prerequisites=["mi-grundkurs"])
    login_as(cast.employee)
    html = page(client.get("/sessions/closed-org-1/request"))
    assert "Utbildningen är inte öppen för personal i din förvaltning." in html
    assert "Skicka anmälan" not in html
    html = page(client.get("/sessions/needs-prereq-1/request"))
    assert "Du behöver först ha gått Kurs mi-grundkurs." in html
    request_place(site_db, cast.employee, "mi-grund-2027-1", "", clock.now)
    assert "Du har redan en anmälan till den här utbildningen." in page(
        client.get("/sessions/mi-grund-2027-1/request"))


def test_after_the_deadline_the_page_says_so_and_a_post_is_refused(client, cast, login_as, clock, look):
    clock.advance(days=16)  # 2027-01-21, the day after the deadline
    login_as(cast.employee)
    assert "Sista anmälningsdag var 20 januari 2027." in page(client.get("/sessions/mi-grund-2027-1/request"))
    response = client.post("/sessions/mi-grund-2027-1/request", data={"message": ""})
    assert response.status_code == 302
    assert "Sista anmälningsdag var 20 januari 2027." in page(client.get(response.headers["Location"]))
    with look() as db:
        assert db.scalar(select(Request)) is None


def test_my_courses_shows_a_decline_with_the_managers_reason(client, cast, login_as, site_db, clock):
    made = request_place(site_db, cast.employee, "mi-grund-2027-1", "", clock.now)
    decline_request(site_db, made.id, cast.manager, "Verksamheten kan inte avvara dig i februari", clock.now)
    login_as(cast.employee)
    html = page(client.get("/me"))
    assert "Avslagen" in html
    assert "Verksamheten kan inte avvara dig i februari" in html
    assert "Avboka" not in html


def test_employee_cancels_before_the_first_meeting_and_the_seat_is_freed(client, cast, login_as, site_db, look, clock):
    made = request_place(site_db, cast.employee, "mi-grund-2027-1", "", clock.now)
    login_as(cast.employee)
    assert "Avboka" in page(client.get("/me"))
    response = client.post(f"/me/requests/{made.id}/cancel")
    assert response.status_code == 302
    html = page(client.get("/me"))
    assert "Din anmälan till Kurs mi-grundkurs är avbokad." in html and "Avbokad" in html
    with look() as db:
        assert db.get(Request, made.id).state == RequestState.CANCELLED
        assert db.get(SessionRecord, "mi-grund-2027-1").seats_taken == 0


def test_no_cancel_button_once_the_course_has_started(client, cast, login_as, site_db, clock):
    made = request_place(site_db, cast.employee, "mi-grund-2027-1", "", clock.now)
    approve_request(site_db, made.id, cast.manager, clock.now)
    clock.now = cast.session.starts_at
    login_as(cast.employee)
    html = page(client.get("/me"))
    assert "Plats bekräftad" in html
    assert "Avboka" not in html


def test_nobody_cancels_someone_elses_request(client, cast, login_as, site_db, look, clock):
    made = request_place(site_db, cast.employee, "mi-grund-2027-1", "", clock.now)
    login_as(cast.colleague)
    assert client.post(f"/me/requests/{made.id}/cancel").status_code == 403
    with look() as db:
        assert db.get(Request, made.id).state == RequestState.PROVISIONAL


def test_calendar_file_for_a_confirmed_place_lists_each_meeting_in_local_time(client, cast, login_as, site_db, clock):
    made = request_place(site_db, cast.employee, "mi-grund-2027-1", "", clock.now)
    login_as(cast.employee)
    assert client.get("/sessions/mi-grund-2027-1.ics").status_code == 403  # not approved yet
    approve_request(site_db, made.id, cast.manager, clock.now)
    assert 'href="/sessions/mi-grund-2027-1.ics"' in page(client.get("/me"))
    response = client.get("/sessions/mi-grund-2027-1.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    events = Calendar.from_ical(response.data).walk("VEVENT")
    assert len(events) == 1
    start = events[0].decoded("dtstart")
    assert (start.date(), start.hour, str(start.tzinfo)) == (date(2027, 2, 3), 9, "Europe/Stockholm")
    assert str(events[0]["location"]) == "Karlstad, Stadshuset, sal 3"


def test_my_courses_is_empty_for_someone_without_requests(client, cast, login_as):
    login_as(cast.colleague)
    assert "Du har inte anmält dig till någon utbildning än." in page(client.get("/me"))


def test_after_the_course_my_courses_says_completed_or_how_many_meetings_were_attended(client, cast, login_as, site_db, clock):
    from registration.workflow.attendance import record_attendance

    mine = request_place(site_db, cast.employee, "mi-grund-2027-1", "", clock.now)
    theirs = request_place(site_db, cast.colleague, "mi-grund-2027-1", "", clock.now)
    for made in (mine, theirs):
        approve_request(site_db, made.id, cast.manager, clock.now)
    clock.now = cast.session.ends_at
    record_attendance(site_db, cast.admin, "mi-grund-2027-1",
                      {(mine.id, 0): "present", (theirs.id, 0): "absent"}, clock.now)
    login_as(cast.employee)
    assert "Genomförd" in page(client.get("/me"))
    login_as(cast.colleague)
    assert "Deltog 0 av 1 träffar" in page(client.get("/me"))


def test_the_front_door_leads_to_my_courses_or_to_sign_in(client, cast, login_as, app_with):
    assert client.get("/").headers["Location"] == "/me"
    assert client.get("/me").headers["Location"] == "/sign-in?next=/me"
    assert app_with(DEMO=True).test_client().get("/").headers["Location"] == "/demo/people"
