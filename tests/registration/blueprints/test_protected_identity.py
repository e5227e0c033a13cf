"""Protected identity [skyddad identitet] (issue #13 item 1): the name is shown to administrators
only - not on managers' pages, in e-mail to managers and deputies, or on the printed sign-in sheet."""
from __future__ import annotations

import io

from pypdf import PdfReader
from sqlalchemy import select

from registration.mail.render import render_message
from registration.models import OutboxMessage, Person
from registration.workflow import request_place
from tests.registration.mail.mailtools import html_of, text_of

HIDDEN = "Eva Medarbetare"


def protect(site_db, person):
    row = site_db.get(Person, person.id)
    row.protected_identity = True
    site_db.commit()


def test_managers_pages_show_the_placeholder_and_administrators_the_name(client, login_as, cast,
                                                                         site_db, clock):
    protect(site_db, cast.employee)
    request_place(site_db, cast.employee, cast.session.id, "", clock.now)
    for page in ("/manager", "/manager/staff"):
        login_as(cast.manager)
        html = client.get(page).get_data(as_text=True)
        assert HIDDEN not in html, page
    assert "Skyddad identitet" in client.get("/manager").get_data(as_text=True)
    login_as(cast.admin)
    assert HIDDEN in client.get(f"/admin/sessions/{cast.session.id}").get_data(as_text=True)
    login_as(cast.employee)
    assert HIDDEN in client.get("/me").get_data(as_text=True)  # their own name, to themselves


def test_mail_to_the_manager_and_deputy_does_not_name_a_protected_person(app, cast, site_db, clock):
    protect(site_db, cast.employee)
    request_place(site_db, cast.employee, cast.session.id, "", clock.now)
    rows = site_db.scalars(select(OutboxMessage).where(OutboxMessage.kind == "request_submitted")).all()
    assert {r.recipient_email for r in rows} >= {cast.manager.email, cast.deputy.email}
    with app.app_context():
        for row in rows:
            message = render_message(site_db, row, clock.now)
            for part in (text_of(message), html_of(message)):
                assert HIDDEN not in part and cast.employee.email not in part
                assert "Skyddad identitet" in part


def test_the_printed_sign_in_sheet_does_not_name_a_protected_person(client, login_as, cast, site_db,
                                                                    clock):
    protect(site_db, cast.employee)
    request_place(site_db, cast.employee, cast.session.id, "", clock.now)
    request_place(site_db, cast.colleague, cast.session.id, "", clock.now)
    login_as(cast.admin)
    response = client.get(f"/admin/sessions/{cast.session.id}/attendance.pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "Carl Kollega" in text and HIDDEN not in text and "Skyddad identitet" in text
