"""Who may request a place on which session: the checks before any seat is touched."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from ..models import CourseRecord, Person, SessionRecord
from .calendar import local_day
from .completion import completed_course
from .errors import N_, NotEligible, SessionClosed


def prerequisite_met(db: Session, person: Person, course_slug: str, before: datetime,
                     min_meetings: int | None = None) -> bool:
    """Whether `person` has completed `course_slug` on a session that ended by `before`.

    The workflow's one question about completion; the answer (a confirmed seat,
    and enough meetings attended when a register was kept) is
    workflow.completion.completed_course. `min_meetings`: COMPLETION_MIN_MEETINGS (None: all).
    """
    return completed_course(db, person.id, course_slug, before, min_meetings)


def check_session_open(record: SessionRecord, now: datetime, zone: ZoneInfo) -> None:
    """Refuse unless the session is offered, its deadline has not passed and it has not started."""
    if not record.is_open:
        raise SessionClosed(N_("This session has been withdrawn or cancelled."))
    if local_day(now, zone) > record.deadline:
        raise SessionClosed(N_("The last day to request a place was %(deadline)s."),
                            deadline=record.deadline.isoformat())
    if now >= record.starts_at:
        raise SessionClosed(N_("This session has already started."))


def check_eligible(db: Session, person: Person, record: SessionRecord,
                   min_meetings: int | None = None) -> None:
    """Refuse unless `person` is active, from an organisation the course is open to, with prerequisites.

    `min_meetings` is the COMPLETION_MIN_MEETINGS setting (None: every meeting counts).
    """
    if not person.active:
        raise NotEligible(N_("Your account is no longer active in the staff directory."))
    if not person.is_employee:
        raise NotEligible(N_("Only employees can request a place."))
    course: CourseRecord = record.course
    if not course.open_to(person.organisation_id):
        raise NotEligible(N_("This course is not open to staff of your organisation."))
    missing = [slug for slug in course.prerequisites or ()
               if not prerequisite_met(db, person, slug, record.starts_at, min_meetings)]
    if missing:
        titles = [db.get(CourseRecord, slug) for slug in missing]
        raise NotEligible(N_("You need to complete %(courses)s first."),
                          courses=", ".join(c.title if c else s for c, s in zip(titles, missing)))
