"""Demo: two finished method-course sessions, so evaluations and the funder report have something to show.

The demo content (content/) only has sessions ahead of the demo day, so
`flask demo load` adds, relative to today:

- a session whose last meeting was a week ago: its participants marked
  present (one absent, one excused once) are invited to evaluate it; some have
  answered, others (Sara Nilsson among them) can answer from "My courses" or
  the mailed link in the demo outbox;
- a session that ended twelve weeks and a few days ago (the programme file's
  follow-up weeks): evaluated back then, and now in its follow-up, with the
  work groups' managers asked (Annika Berg has not answered yet).

The sessions are not in content/, so the catalogue sync later marks them
withdrawn; invitations still go out for a withdrawn session whose people were
marked present (it took place). Everything goes through the workflow, as a
real administrator's actions would. Idempotent: a second load adds nothing.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select

from ..models import CourseRecord, Person, SessionRecord
from ..models.evaluations import EvaluationInvitation
from ..workflow.admin import add_person
from ..workflow.attendance import record_attendance
from ..workflow.evaluations import invite_due, record_response

RECENT_PEOPLE = ("sara.nilsson", "johan.bergstrom", "fatima.hassan", "peter.karlsson",
                 "linnea.axelsson", "mehmet.yilmaz", "oskar.lund", "amanda.ek", "sofia.lindberg",
                 "emma.bjork")
FOLLOWED_UP_PEOPLE = ("jonas.persson", "ida.forsberg", "ahmed.ali", "klara.hedlund",
                      "tobias.wikstrom", "leila.rahimi")
# Who has not answered yet, so a visitor can (sign in as them in the demo picker).
LEFT_OPEN = ("sara.nilsson", "johan.bergstrom", "emma.bjork", "annika.berg", "leila.rahimi")

# Answers that make a plausible spread (scale ids of catalogue.vocabulary.SCALE).
EVALUATIONS = [
    {"knowledge": "yes-absolutely", "useful": "yes-absolutely", "confident-with-method": "yes-somewhat",
     "themes-covered": ["values", "evidence"], "well-organised": "yes-absolutely",
     "comments": "Mycket bra övningar med skådespelare."},
    {"knowledge": "yes-somewhat", "useful": "yes-absolutely", "confident-with-method": "no-hardly",
     "themes-covered": ["evidence"], "well-organised": "yes-somewhat", "comments": ""},
    {"knowledge": "yes-absolutely", "useful": "yes-somewhat", "confident-with-method": "yes-somewhat",
     "themes-covered": ["values", "quality", "evidence"], "well-organised": "no-hardly",
     "comments": "Lokalen var för liten för gruppövningarna."},
    {"knowledge": "no-hardly", "useful": "yes-somewhat", "confident-with-method": "dont-know",
     "themes-covered": ["quality"], "well-organised": "yes-absolutely", "comments": ""},
    {"knowledge": "yes-somewhat", "useful": "dont-know", "confident-with-method": "yes-somewhat",
     "themes-covered": ["values"], "well-organised": "yes-somewhat",
     "comments": "Mer tid till att öva på egna ärenden."},
    {"knowledge": "yes-absolutely", "useful": "yes-absolutely", "confident-with-method": "yes-absolutely",
     "themes-covered": ["values", "evidence"], "well-organised": "yes-absolutely", "comments": ""},
]
PARTICIPANT_FOLLOW_UPS = [
    {"used-in-work": "yes-absolutely", "work-easier": "yes-somewhat",
     "followup-comments": "Jag använder reflektioner i nästan varje samtal."},
    {"used-in-work": "yes-somewhat", "work-easier": "yes-somewhat", "followup-comments": ""},
    {"used-in-work": "no-hardly", "work-easier": "dont-know", "followup-comments": ""},
    {"used-in-work": "yes-absolutely", "work-easier": "yes-absolutely", "followup-comments": ""},
]
MANAGER_FOLLOW_UPS = [
    {"group-plans": "yes-absolutely", "plan-areas": ["casework", "peer-learning"],
     "work-easier": "yes-somewhat", "followup-comments": "Metoden finns nu i vår rutin för nybesök."},
    {"group-plans": "yes-somewhat", "plan-areas": ["interventions"], "work-easier": "dont-know",
     "followup-comments": ""},
]


def _local(day, hour: int, zone) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=zone)


def _add_session(db, course: CourseRecord, session_id: str, last_day, zone, now: datetime) -> SessionRecord:
    """A two-meeting session a week apart, its last meeting on `last_day` (local 09-16)."""
    days = (last_day - timedelta(days=7), last_day)
    meetings = [{"start": _local(d, 9, zone).isoformat(), "end": _local(d, 16, zone).isoformat(),
                 "place": "Karlstad, Socialkontoret Drottninggatan, stora konferensrummet"}
                for d in days]
    record = SessionRecord(
        id=session_id, course_slug=course.slug, capacity=16, deadline=days[0] - timedelta(days=21),
        reserved={}, reserved_until=None, starts_at=_local(days[0], 9, zone),
        ends_at=_local(last_day, 16, zone), meetings=meetings, status="open", seats_taken=0,
        sequence=0, updated_at=now)
    db.add(record)
    db.commit()
    return record


def _people(db, names) -> list[Person]:
    found = []
    for name in names:
        person = db.scalar(select(Person).where(Person.email.like(f"{name}@%")))
        if person is not None and person.active:
            found.append(person)
    return found


def _attend(db, admin: Person, session: SessionRecord, people: list[Person], absent=(), excused=()):
    booked = session.starts_at - timedelta(days=30)
    marks = {}
    for person in people:
        request = add_person(db, admin, person.id, session.id, "Demo: anmäld av kursadministratören",
                             booked)
        name = person.email.split("@")[0]
        first = "absent" if name in absent else "excused" if name in excused else "present"
        second = "absent" if name in absent else "present"
        marks[(request.id, 0)], marks[(request.id, 1)] = first, second
    record_attendance(db, admin, session.id, marks, session.ends_at)


def _answer(db, form: str, session_id: str, answers: list[dict], at: datetime, programme,
            open_days: int) -> int:
    invitations = db.scalars(select(EvaluationInvitation).where(
        EvaluationInvitation.form == form, EvaluationInvitation.session_id == session_id,
        EvaluationInvitation.answered.is_(False)).order_by(EvaluationInvitation.id)).all()
    waiting = [(i.id, db.get(Person, i.person_id)) for i in invitations]
    answered = 0
    for invitation_id, person in waiting:
        if answered == len(answers):
            break
        if person is None or person.email.split("@")[0] in LEFT_OPEN:
            continue
        record_response(db, db.get(EvaluationInvitation, invitation_id), answers[answered], at,
                        programme=programme, open_days=open_days)
        answered += 1
    return answered


def load_finished_sessions(db, now: datetime, zone, programme, *, open_days: int = 30,
                           reminder_days: int = 7) -> str:
    """Add the two finished demo sessions with attendance, invitations and some answers; say what."""
    if programme is None:
        return "no programme file: no demo evaluations"
    admin = db.scalar(select(Person).where(Person.is_admin.is_(True), Person.active.is_(True))
                      .order_by(Person.id))
    courses = db.scalars(select(CourseRecord).where(CourseRecord.kind == "method-course")
                         .order_by(CourseRecord.slug)).all()
    if admin is None or len(courses) < 2:
        return "no demo evaluations (needs an administrator and two method courses)"
    recent_id, followed_id = f"demo-{courses[0].slug}-avslutat", f"demo-{courses[1].slug}-uppfoljt"
    if db.get(SessionRecord, recent_id) is not None:
        return "demo evaluations already loaded"
    today = now.astimezone(zone).date()
    survey = programme.survey("followup_manager")
    weeks = survey.weeks_after if survey is not None and survey.weeks_after else 12
    followed = _add_session(db, courses[1], followed_id, today - timedelta(weeks=weeks, days=3),
                            zone, now)
    recent = _add_session(db, courses[0], recent_id, today - timedelta(days=7), zone, now)
    _attend(db, admin, followed, _people(db, FOLLOWED_UP_PEOPLE))
    _attend(db, admin, recent, _people(db, RECENT_PEOPLE), absent=("mehmet.yilmaz",),
            excused=("amanda.ek",))
    # The older session's evaluation, as it went then: invited the evening it ended, most answered.
    then = followed.ends_at + timedelta(hours=3)
    invite_due(db, then, programme, reminder_days=reminder_days, open_days=open_days)
    old = _answer(db, "evaluation", followed_id, EVALUATIONS[:5], then + timedelta(days=1),
                  programme, open_days)
    # Now: the recent session's evaluation and the older one's follow-ups.
    report = invite_due(db, now, programme, reminder_days=reminder_days, open_days=open_days)
    new = _answer(db, "evaluation", recent_id, EVALUATIONS, now, programme, open_days)
    new += _answer(db, "followup_participant", followed_id, PARTICIPANT_FOLLOW_UPS, now, programme,
                   open_days)
    new += _answer(db, "followup_manager", followed_id, MANAGER_FOLLOW_UPS, now, programme, open_days)
    return (f"demo evaluations: sessions {followed_id} and {recent_id} finished; {report}; "
            f"{old + new} answers stored")
