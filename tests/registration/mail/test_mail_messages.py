"""Every message reaches the right person, in their language, with what they need to act."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from registration.workflow import approve_request, decline_request, request_place

from mailtools import calendars_of, deliver, html_of, links_in, text_of

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def test_manager_gets_the_request_in_swedish_with_approve_and_decline_links(
        mail_app, smtp_server, db, make, clock):
    session = make.session(capacity=2)
    manager = make.manager(name="Maria Chef")
    employee = make.employee(manager, name="Erik Anställd")
    request_place(db, employee, session.id, "Jag vill lära mig MI.", clock())
    report = deliver(mail_app)
    assert report.sent and not report.failed
    [message] = smtp_server.to(manager.email)
    assert message["Content-Language"] == "sv"
    assert "Erik Anställd" in message["Subject"]
    body = text_of(message)
    assert "Hej Maria Chef" in body or "Hello" not in body
    assert "Jag vill lära mig MI." in body
    assert "Karlstad, Stadshuset, sal 3" in body
    assert set(links_in(message)) == {"approve", "decline"}
    assert "Jag vill lära mig MI." in html_of(message)
