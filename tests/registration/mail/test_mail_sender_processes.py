"""Real sender processes: two at once never send a message twice; a killed one loses nothing."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import select

from registration.models import OutboxMessage
from registration.workflow.outbox import enqueue

from smtp_catcher import MailCatcher

ROOT = Path(__file__).resolve().parents[3]


def _sender(database_url: str, smtp: MailCatcher, *args: str, lease: int = 300) -> subprocess.Popen:
    env = {**os.environ, "KURSPORTAL_DATABASE_URL": database_url, "KURSPORTAL_SMTP_URL": smtp.url,
           "KURSPORTAL_SECRET_KEY": "test-secret", "KURSPORTAL_CATALOGUE_SYNC_ON_START": "0",
           "KURSPORTAL_MAIL_FROM": "Kursportal <kursportal@kommun.example>",
           "KURSPORTAL_OUTBOX_LEASE_SECONDS": str(lease)}
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "registration", "outbox",
                             "send", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _queue(db, count: int) -> list[int]:
    # Real time: the sender processes run on the real clock.
    now = datetime.now(timezone.utc)
    rows = [enqueue(db, "sign_in_link", f"person{n}@kommun.example", "sv",
                    {"url": f"https://kurser.kommun.example/anmalan/auth/confirm/{n}"}, now)
            for n in range(count)]
    db.commit()
    ids = [row.id for row in rows]
    db.rollback()
    return ids


def _statuses(db) -> Counter:
    db.expire_all()
    counts = Counter(db.scalars(select(OutboxMessage.status)).all())
    db.rollback()
    return counts


@pytest.fixture
def slow_smtp():
    catcher = MailCatcher(delay=0.1)
    catcher.start()
    yield catcher
    catcher.stop()


@pytest.mark.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)
def test_two_senders_at_once_never_deliver_a_message_twice(database_url, db, slow_smtp):
    ids = _queue(db, 40)
    senders = [_sender(database_url, slow_smtp) for _ in range(2)]
    outputs = [sender.communicate(timeout=60) for sender in senders]
    assert [sender.returncode for sender in senders] == [0, 0], outputs
    delivered = Counter(slow_smtp.message_ids())
    assert len(delivered) == len(ids)
    assert max(delivered.values()) == 1
    assert _statuses(db) == Counter({"sent": len(ids)})
    # Both really worked side by side (40 slow replies outlast a process start).
    sent_counts = [int(out.split(" sent")[0].split()[-1]) for out, _ in outputs]
    assert sum(sent_counts) == len(ids) and min(sent_counts) > 0


def test_a_sender_killed_mid_batch_loses_nothing_and_duplicates_nothing(database_url, db):
    smtp = MailCatcher(delay=0.25)
    smtp.start()
    try:
        ids = _queue(db, 8)
        sender = _sender(database_url, smtp, lease=2)
        # Kill while the server holds its reply to the 4th message: the sender has
        # marked three sent, claimed the 4th, and will never learn its outcome.
        smtp.wait_for(4, timeout=30, started=True)
        sender.send_signal(signal.SIGKILL)
        sender.wait()
        statuses = _statuses(db)
        assert statuses == Counter({"sent": 3, "pending": 5})
        time.sleep(2.1)  # the killed sender's lease on the 4th runs out
        again = _sender(database_url, smtp)
        out, err = again.communicate(timeout=60)
        assert again.returncode == 0, err
        assert "5 sent" in out
    finally:
        smtp.stop()
    delivered = Counter(smtp.message_ids())
    assert len(delivered) == len(ids)          # nothing lost
    assert set(delivered.values()) == {1}      # nothing twice
    assert _statuses(db) == Counter({"sent": len(ids)})


def test_a_long_running_sender_picks_up_new_mail_and_stops_cleanly_on_sigterm(
        database_url, db, smtp_server):
    worker = _sender(database_url, smtp_server, "--loop", "--interval", "0.2")
    try:
        time.sleep(0.5)
        ids = _queue(db, 3)
        smtp_server.wait_for(len(ids), timeout=30)
        worker.send_signal(signal.SIGTERM)
        out, err = worker.communicate(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, err
    assert _statuses(db) == Counter({"sent": len(ids)})
    assert len(smtp_server.message_ids()) == len(ids)
