"""The attendance register over HTTP: only what the user changed is saved (issue 9 item 13, issue 10),
"everyone else present" is its own form, and partial attendance in minutes (issue 11 item 4)."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from registration.models.attendance import AttendanceMark
from registration.workflow import request_place
from registration.workflow.attendance import record_attendance

URL = "/admin/sessions/mi-grund-2027-1/register"


@pytest.fixture
def booked(cast, site_db, clock):
    """The three seat holders of the cast's one-meeting (7 h = 420 min) session."""
    people = [cast.employee, cast.colleague, cast.other_employee]
    return [request_place(site_db, p, cast.session.id, "", clock.now) for p in people]


def soup(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def form_post(form, changes=None, button=None):
    """What a browser posts for `form` (checked radios, hidden and text fields), with `changes`.

    `button`: the submit button whose name/value goes along (the one Enter or a click used).
    """
    data = {}
    for element in form.find_all("input"):
        name = element.get("name")
        if not name:
            continue
        kind = element.get("type", "text")
        if kind == "radio":
            if element.has_attr("checked"):
                data[name] = element["value"]
        else:
            data[name] = element.get("value", "")
    data.update(changes or {})
    if button is not None and button.get("name"):
        data[button["name"]] = button.get("value", "")
    return data


def saved(look):
    with look() as db:
        return {m.request_id: (m.status, m.minutes) for m in db.scalars(select(AttendanceMark))}


def marks_form(page):
    return page.find("form", class_="register")


def test_enter_in_a_radio_group_saves_that_mark_and_nothing_else(client, login_as, cast, booked,
                                                                 look):
    """The finding: Enter posted the first button, "everyone else present", with the marks."""
    login_as(cast.admin)
    page = soup(client.get(URL))
    form = marks_form(page)
    first_button = form.find("button", attrs={"type": "submit"})
    assert first_button.get_text(strip=True) == "Spara närvaro"  # Enter's default button
    assert not form.find("button", attrs={"name": "all_present"})
    # What Chromium posted for Enter on Eva's "Frånvarande" before the fix.
    old_enter = {**form_post(form, {f"mark-{booked[0].id}-0": "absent"}), "all_present": "0"}
    response = client.post(URL, data=old_enter)
    assert response.status_code == 302
    assert saved(look) == {booked[0].id: ("absent", None)}
    assert "1 markering sparad." in client.get(URL).get_data(as_text=True)


def test_untouched_groups_do_not_overwrite_a_mark_made_meanwhile(client, login_as, cast, booked,
                                                                site_db, look, clock):
    record_attendance(site_db, cast.admin, cast.session.id, {(booked[0].id, 0): "absent"},
                      clock.now)
    login_as(cast.admin)
    form = marks_form(soup(client.get(URL)))  # drawn with Eva absent
    # Another administrator corrects Eva to excused while this page is open.
    record_attendance(site_db, cast.admin, cast.session.id, {(booked[0].id, 0): "excused"},
                      clock.now)
    client.post(URL, data=form_post(form, {f"mark-{booked[1].id}-0": "present"}))
    assert saved(look) == {booked[0].id: ("excused", None), booked[1].id: ("present", None)}


def test_everyone_else_present_is_its_own_form_and_keeps_marks_made(client, login_as, cast,
                                                                    booked, site_db, look, clock):
    record_attendance(site_db, cast.admin, cast.session.id, {(booked[0].id, 0): "absent"},
                      clock.now)
    login_as(cast.admin)
    page = soup(client.get(URL))
    forms = page.select("section.everyone-present form")
    assert len(forms) == 1  # one per meeting
    assert forms[0]["action"].endswith("/register/everyone-present")
    assert forms[0].find("button").get_text(" ", strip=True).startswith("Alla övriga närvarande")
    response = client.post(forms[0]["action"], data=form_post(forms[0]))
    assert response.status_code == 302
    assert saved(look) == {booked[0].id: ("absent", None), booked[1].id: ("present", None),
                           booked[2].id: ("present", None)}
    assert "2 deltagare markerade närvarande." in client.get(URL).get_data(as_text=True)
    # A meeting the session does not have is refused, nothing written.
    client.post(forms[0]["action"], data={"meeting": "5"})
    assert len(saved(look)) == 3


def test_partial_attendance_in_minutes(client, login_as, cast, booked, look):
    login_as(cast.admin)
    form = marks_form(soup(client.get(URL)))
    a, b, c = (f"{r.id}-0" for r in booked)
    client.post(URL, data=form_post(form, {
        f"mark-{a}": "present", f"minutes-{a}": "90",
        f"mark-{b}": "present", f"minutes-{b}": "420",   # the whole meeting
        f"mark-{c}": "absent", f"minutes-{c}": "30"}))   # minutes count for present only
    assert saved(look) == {booked[0].id: ("present", 90), booked[1].id: ("present", None),
                           booked[2].id: ("absent", None)}
    again = soup(client.get(URL))
    assert again.find("input", id=f"minutes-{a}")["value"] == "90"
    assert again.find("input", id=f"minutes-{a}")["max"] == "420"
    # Back to the whole meeting by emptying the field.
    client.post(URL, data=form_post(marks_form(again), {f"minutes-{a}": ""}))
    assert saved(look)[booked[0].id] == ("present", None)


@pytest.mark.parametrize("minutes, message", [
    ("421", "Ange minuter från 0 till 420 (hela träffen)."),
    ("-5", "Ange minuterna som ett heltal."),
    ("1,5", "Ange minuterna som ett heltal."),
])
def test_minutes_out_of_range_are_refused_beside_the_field(client, login_as, cast, booked, look,
                                                           minutes, message):
    login_as(cast.admin)
    form = marks_form(soup(client.get(URL)))
    a, b = (f"{r.id}-0" for r in booked[:2])
    response = client.post(URL, data=form_post(form, {
        f"mark-{a}": "present", f"minutes-{a}": minutes, f"mark-{b}": "absent"}))
    assert response.status_code == 400
    assert saved(look) == {}  # nothing saved, not even the valid mark
    page = soup(response)
    error = page.find(id=f"minutes-{a}-error")
    assert error.get_text(strip=True) == message
    field = page.find("input", id=f"minutes-{a}")
    assert field["value"] == minutes and field["aria-invalid"] == "true"
    assert f"minutes-{a}-error" in field["aria-describedby"]
    assert page.select_one(".error-summary a")["href"] == f"#minutes-{a}"
    # What the user chose is shown again, so correcting the one field is enough.
    assert page.find("input", id=f"mark-{b}-absent").has_attr("checked")


def test_only_administrators_use_everyone_else_present(client, login_as, cast, booked, look):
    login_as(cast.manager)
    response = client.post(URL + "/everyone-present", data={"meeting": "0"})
    assert response.status_code == 403
    assert saved(look) == {}
