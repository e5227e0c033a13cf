"""A mail outage longer than the retry budget (issue 9.9), against a real SMTP server (aiosmtpd).

While the server cannot be reached nothing is used up and nothing is given up;
once it is back everything goes out, except sign-in links that expired in the
queue, which are marked expired instead of sent. Failed and waiting mail shows
on the administrators' page and in the health-check figures.
"""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from registration.auth.identity import session_values
from registration.mail.delivery_status import failed_count, oldest_undelivered_age, outbox_health
from registration.models import OutboxMessage
from registration.workflow import request_place

from mailtools import deliver, text_of

EVA = "eva@karlstad-afs.example"


def _rows(db):
    db.expire_all()
    rows = db.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    db.rollback()
    return rows


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _web(mail_app):
    mail_app.config["WTF_CSRF_ENABLED"] = False
    return mail_app.test_client()


def _cron(mail_app, db, clock, rounds, every=timedelta(minutes=10)):
    """`outbox send` from cron every ten minutes, `rounds` times."""
    for _ in range(rounds):
        deliver(mail_app, db)
        clock.advance(seconds=every.total_seconds())


@pytest.mark.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)
def test_an_outage_longer_than_the_retry_budget_loses_nothing(mail_app, smtp_server, db, make, clock):
    manager = make.manager()
    employee = make.employee(manager)
    session = make.session()
    smtp_server.stop()
    request_place(db, employee, session.id, "", clock())
    db.commit()
    # Three times OUTBOX_MAX_ATTEMPTS (8) rounds, over four hours (the old budget was ~2 h).
    _cron(mail_app, db, clock, rounds=24)
    [row] = _rows(db)
    assert (row.status, row.attempts) == ("pending", 0)
    assert "Connection refused" in row.last_error or "Errno" in row.last_error
    # The wait never grew with the outage: at most the first back-off step.
    assert row.next_attempt_at - clock() <= timedelta(seconds=60)
    assert failed_count(db) == 0 and oldest_undelivered_age(db, clock()) == timedelta(hours=4)
    db.rollback()
    smtp_server.start()
    assert len(deliver(mail_app, db).sent) == 1
    assert len(smtp_server.to(manager.email)) == 1
    assert oldest_undelivered_age(db, clock()) is None
    db.rollback()


def test_a_sign_in_link_that_expired_in_the_queue_is_not_sent(
        mail_app, smtp_server, db, make, clock):
    make.person(email=EVA)
    db.rollback()  # SQLite: the test's session must not hold the write lock while the app works
    web = _web(mail_app)
    smtp_server.stop()
    assert web.post("/sign-in", data={"email": EVA}).status_code == 200
    report = deliver(mail_app, db)
    assert report.retrying and not report.sent
    clock.advance(minutes=10)  # server back while the link still works: it goes out
    smtp_server.start()
    assert len(deliver(mail_app, db).sent) == 1
    assert "/sign-in/" in text_of(smtp_server.to(EVA)[0])
    # Next time the outage outlasts the link (LOGIN_LINK_MAX_AGE, 15 minutes).
    smtp_server.stop()
    assert web.post("/sign-in", data={"email": EVA}).status_code == 200
    deliver(mail_app, db)
    clock.advance(minutes=16)
    smtp_server.start()
    report = deliver(mail_app, db)
    assert report.sent == [] and len(report.expired) == 1
    assert "1 expired unsent" in str(report)
    assert len(smtp_server.to(EVA)) == 1  # only the first link ever arrived
    rows = _rows(db)
    assert [row.status for row in rows] == ["sent", "expired"]
    assert "expired" in rows[1].last_error and rows[1].attempts == 0
    # An expired link is not "failed": `outbox retry --all` does not bring it back.
    db.rollback()
    runner = mail_app.test_cli_runner()
    assert "0 message(s) queued again" in runner.invoke(args=["outbox", "retry", "--all"]).output
    assert "1 expired" in runner.invoke(args=["outbox", "status"]).output


def test_refusals_still_count_and_failed_mail_shows_on_the_admin_page(
        mail_app, smtp_server, db, make, clock):
    admin = make.person(name="Anna Admin", is_admin=True, is_employee=False)
    web = _web(mail_app)
    with web.session_transaction() as cookie:
        cookie.update(session_values(admin, int(clock().timestamp())))
    db.rollback()
    assert "E-posten kommer inte fram" not in page(web.get("/admin/"))
    for n in range(2):
        db.add(OutboxMessage(created_at=clock(), kind="sign_in_link", recipient_email=EVA,
                             language="sv", data={"url": f"https://x.example/{n}"},
                             status="pending", attempts=0, next_attempt_at=clock()))
    db.commit()
    smtp_server.reply = "550 No such user here"
    deliver(mail_app, db, batch=1)
    smtp_server.stop()  # the second one waits: the server is unreachable now
    deliver(mail_app, db)
    clock.advance(minutes=20)
    health = outbox_health(db, clock())
    db.rollback()
    assert health.failed == 1 and health.stuck and health.waiting_minutes == 20
    html = page(web.get("/admin/"))
    assert "E-posten kommer inte fram" in html
    assert "1 meddelande kunde inte levereras" in html
    assert "har väntat i 20 minuter" in html
    assert "flask outbox retry --all" in html
