"""The outbox sender loses nothing: mail server down, refusals, retries, files in development."""
from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes
from email.policy import default as default_policy

from sqlalchemy import select

from registration.models import OutboxMessage, RequestState
from registration.workflow.outbox import enqueue
from registration.workflow import request_place

from mailtools import deliver


def _rows(db):
    db.expire_all()
    rows = db.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    db.rollback()
    return rows


def _queue_sign_in_links(db, count, now):
    for n in range(count):
        enqueue(db, "sign_in_link", f"person{n}@kommun.example", "sv",
                {"url": f"https://kurser.kommun.example/anmalan/auth/confirm/{n}"}, now)
    db.commit()


def test_with_the_mail_server_down_requests_succeed_and_messages_wait_until_it_is_back(
        mail_app, smtp_server, db, make, clock):
    session = make.session()
    manager = make.manager()
    smtp_server.stop()
    request = request_place(db, make.employee(manager), session.id, "", clock())
    assert request.state == RequestState.PROVISIONAL
    report = deliver(mail_app, db)
    assert report.sent == [] and len(report.retrying) == 1
    [row] = _rows(db)
    assert (row.status, row.attempts) == ("pending", 0)  # unreachable: no attempt used up
    assert "Connection refused" in row.last_error or "Errno" in row.last_error
    assert row.next_attempt_at == clock() + timedelta(seconds=60)
    smtp_server.start()
    assert deliver(mail_app, db).sent == []  # not due yet: back-off
    clock.advance(seconds=61)
    assert deliver(mail_app, db).sent == [row.id]
    assert len(smtp_server.to(manager.email)) == 1
    [row] = _rows(db)
    assert (row.status, row.last_error, row.sent_at) == ("sent", None, clock())


def test_an_unreachable_server_stops_the_round_without_touching_the_rest(
        mail_app, smtp_server, db, clock):
    _queue_sign_in_links(db, 3, clock())
    smtp_server.stop()
    deliver(mail_app, db)
    assert [row.last_error is not None for row in _rows(db)] == [True, False, False]
    assert [row.attempts for row in _rows(db)] == [0, 0, 0]


def test_retries_back_off_then_give_up_and_an_admin_can_queue_again(
        mail_app, smtp_server, db, clock):
    mail_app.config["OUTBOX_MAX_ATTEMPTS"] = 3
    _queue_sign_in_links(db, 1, clock())
    smtp_server.reply = "451 Try again later"
    waits = []
    for _ in range(3):
        deliver(mail_app, db)
        [row] = _rows(db)
        if row.next_attempt_at:
            waits.append(row.next_attempt_at - clock())
            clock.now = row.next_attempt_at
    assert waits == [timedelta(seconds=60), timedelta(seconds=120)]
    assert (row.status, row.attempts) == ("failed", 3) and "451" in row.last_error
    assert deliver(mail_app, db).sent == []
    smtp_server.reply = None
    db.rollback()
    runner = mail_app.test_cli_runner()
    status = runner.invoke(args=["outbox", "status"])
    assert "1 failed" in status.output and "451" in status.output
    assert "1 message(s) queued again" in runner.invoke(args=["outbox", "retry", "--all"]).output
    assert "1 sent" in runner.invoke(args=["outbox", "send"]).output
    assert len(smtp_server.deliveries) == 1


def test_a_permanent_refusal_fails_at_once(mail_app, smtp_server, db, clock):
    _queue_sign_in_links(db, 1, clock())
    smtp_server.reply = "550 No such user here"
    assert len(deliver(mail_app, db).failed) == 1
    [row] = _rows(db)
    assert (row.status, row.attempts) == ("failed", 1) and "550" in row.last_error


def test_batch_limits_how_many_messages_one_run_sends(mail_app, smtp_server, db, clock):
    _queue_sign_in_links(db, 5, clock())
    db.rollback()
    result = mail_app.test_cli_runner().invoke(args=["outbox", "send", "--batch", "2"])
    assert "2 sent" in result.output
    assert [row.status for row in _rows(db)] == ["sent", "sent", "pending", "pending", "pending"]


def test_in_development_mail_is_written_to_a_folder_instead(
        sqlite_url, smtp_server, db, make, clock, tmp_path, make_mail_app):
    folder = tmp_path / "mail"
    app = make_mail_app(sqlite_url, "smtp://127.0.0.1:9", clock, tmp_path, MAIL_DIR=str(folder))
    _queue_sign_in_links(db, 2, clock())
    assert len(deliver(app, db).sent) == 2
    files = sorted(folder.glob("*.eml"))
    assert [f.name for f in files] == ["00000001.eml", "00000002.eml"]
    message = message_from_bytes(files[0].read_bytes(), policy=default_policy)
    assert message["To"] == "person0@kommun.example"
    assert "auth/confirm/0" in message.get_body(("plain",)).get_content()
    assert smtp_server.deliveries == []
