"""Migration 0006 (status 'expired') keeps existing outbox rows and the reminders that point at them."""
from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from registration.db import make_engine, upgrade


def test_the_expired_status_arrives_without_losing_rows_or_references(empty_database_url):
    upgrade(empty_database_url, "0003_mail")  # the outbox and sent_reminders, before 0006
    engine = make_engine(empty_database_url)
    try:
        with engine.begin() as db:
            db.execute(text("INSERT INTO outbox (id, created_at, kind, recipient_email, language, "
                            "data, status, attempts) VALUES (7, '2027-01-05 09:00:00', "
                            "'manager_reminder', 'a@kommun.example', 'sv', '{}', 'sent', 1)"))
            db.execute(text("INSERT INTO sent_reminders (key, kind, queued_at, outbox_id) VALUES "
                            "('r1', 'manager_reminder', '2027-01-05 09:00:00', 7), "
                            "('r2', 'manager_reminder', '2027-01-05 09:00:00', NULL)"))
        upgrade(empty_database_url)
        with engine.begin() as db:
            assert db.execute(text("SELECT key, outbox_id FROM sent_reminders ORDER BY key")).all() \
                == [("r1", 7), ("r2", None)]
            db.execute(text("UPDATE outbox SET status = 'expired' WHERE id = 7"))
        with pytest.raises(IntegrityError), engine.begin() as db:
            db.execute(text("UPDATE outbox SET status = 'lost' WHERE id = 7"))
        with pytest.raises(IntegrityError), engine.begin() as db:  # the reference is still checked
            db.execute(text("INSERT INTO sent_reminders (key, kind, queued_at, outbox_id) VALUES "
                            "('r3', 'manager_reminder', '2027-01-05 09:00:00', 99)"))
    finally:
        engine.dispose()
