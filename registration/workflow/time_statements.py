"""Monthly time statements: send each participant their attended minutes to confirm, record the confirmation.

The minutes come from queries.participant_time (the edge, `flask
time-statements send`, asks it and passes them in: the workflow does not read
the read models). One statement per person and month:

- sending again is harmless: a statement already sent with the same minutes
  is left alone; one whose minutes changed and that is not yet confirmed is
  updated and sent again (the older link then refuses, it names the old
  minutes); a confirmed one is never changed, and reported;
- the participant confirms through a signed, single-use link
  (auth.tokens, purpose "time_statement", subject {"statement", "person",
  "minutes"}); the time of confirmation is recorded once.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Person
from ..models.time_statements import TimeStatement
from .audit import record_event
from .errors import N_, NotAllowed, NotFound, WorkflowError
from .outbox import enqueue
from .transactions import one_change


# The confirmation link's token purpose and lifetime (long enough for a month's holiday).
LINK_PURPOSE = "time_statement"
LINK_MAX_AGE = 45 * 24 * 3600


class StatementChanged(WorkflowError):
    """The link names other minutes than the statement now has: a newer statement was sent."""

    code = "statement_changed"
    default_message = N_("This time statement has been replaced by a newer one. "
                         "Use the link in the latest e-mail.")


@dataclass
class SendReport:
    """What one `send_time_statements` run did, person ids per outcome."""

    sent: list[int] = field(default_factory=list)
    resent: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    confirmed_differ: list[int] = field(default_factory=list)  # confirmed, minutes changed since
    skipped_inactive: list[int] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{len(self.sent)} sent, {len(self.resent)} sent again (minutes changed), "
                f"{len(self.unchanged)} already sent, {len(self.confirmed_differ)} confirmed "
                f"earlier with other minutes (not changed), {len(self.skipped_inactive)} "
                "inactive people skipped")


def send_time_statements(db: Session, month: str, minutes_by_person: Mapping[int, int],
                         now: datetime) -> SendReport:
    """Create or update each person's statement for `month` and queue the e-mail with its link.

    `minutes_by_person`: {person id: minutes attended in the month}, people
    with no minutes left out (queries.participant_time.minutes_by(rows,
    "person_id")). One transaction; idempotent as the module says.
    """
    report = SendReport()
    with one_change(db):
        existing = {s.person_id: s for s in db.scalars(
            select(TimeStatement).where(TimeStatement.month == month))}
        for person_id, minutes in sorted(minutes_by_person.items()):
            if minutes <= 0:
                continue
            person = db.get(Person, person_id)
            if person is None or not person.active or not person.email:
                report.skipped_inactive.append(person_id)
                continue
            statement = existing.get(person_id)
            if statement is not None and statement.minutes == minutes:
                report.unchanged.append(person_id)
                continue
            if statement is not None and statement.confirmed_at is not None:
                report.confirmed_differ.append(person_id)
                continue
            if statement is None:
                statement = TimeStatement(person_id=person_id, month=month, minutes=minutes,
                                          sent_at=now)
                db.add(statement)
                report.sent.append(person_id)
            else:
                statement.minutes, statement.sent_at = minutes, now
                report.resent.append(person_id)
            db.flush()
            enqueue(db, "time_statement", person.email, person.language,
                    {"statement_id": statement.id, "month": month, "minutes": minutes}, now)
            record_event(db, now, "time_statement_sent", actor=None,
                         detail=f"person {person_id} {month}: {minutes} min")
    return report


def link_subject(statement: TimeStatement) -> dict:
    """What a statement's link names: the statement, its person and the minutes it was sent with."""
    return {"statement": statement.id, "person": statement.person_id, "minutes": statement.minutes}


def confirm_time_statement(db: Session, subject: Mapping, now: datetime) -> TimeStatement:
    """Record that the person confirmed the statement the link `subject` names; return it.

    Confirming twice keeps the first time. Raises NotFound, NotAllowed (the
    link names another person) or StatementChanged (other minutes).
    """
    with one_change(db):
        statement = db.get(TimeStatement, subject.get("statement"))
        if statement is None:
            raise NotFound(N_("There is no such time statement."))
        if statement.person_id != subject.get("person"):
            raise NotAllowed()
        if statement.minutes != subject.get("minutes"):
            raise StatementChanged()
        if statement.confirmed_at is None:
            statement.confirmed_at = now
            record_event(db, now, "time_statement_confirmed", actor=statement.person,
                         detail=f"{statement.month}: {statement.minutes} min")
    return statement
