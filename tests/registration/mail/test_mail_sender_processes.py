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
from registration.outbox import enqueue

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
    catcher = MailCatcher(delay=0.02)
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
    # Both really worked: each reports some of the messages as sent.
    sent_counts = [int(out.split(" sent")[0].split()[-1]) for out, _ in outputs]
    assert sum(sent_counts) == len(ids)


def test_a_sender_killed_mid_batch_loses_nothing_and_resends_only_the_one_in_flight(
        database_url, db):
    smtp = MailCatcher(delay=0.3)
    smtp.start()
    try:
        ids = _queue(db, 8)
        sender = _sender(database_url, smtp, lease=2)
        smtp.wait_for(3, timeout=30)
        time.sleep(0.15)  # into the next message's slow reply
        sender.send_signal(signal.SIGKILL)
        sender.wait()
        statuses = _statuses(db)
        assert statuses["sent"] >= 2 and statuses["pending"] >= 1 and not statuses["failed"]
        time.sleep(2.1)  # the killed sender's lease runs out
        again = _sender(database_url, smtp)
        out, err = again.communicate(timeout=60)
        assert again.returncode == 0, err
    finally:
        smtp.stop()
    delivered = Counter(smtp.message_ids())
    assert len(delivered) == len(ids)          # nothing lost
    assert _statuses(db) == Counter({"sent": len(ids)})
    duplicated = [mid for mid, count in delivered.items() if count > 1]
    # SMTP is at-least-once: only the message whose reply the killed sender never
    # saw may arrive again, and then with the same Message-ID so it is recognisable.
    assert len(duplicated) <= 1
    assert all(count <= 2 for count in delivered.values())
