"""A hand-computed funder-report fixture: a small programme, its sessions, attendance and answers.

Every figure the tests expect is worked out in the comments beside the rows,
so a test failure can be checked by hand. Rows are written through the models
(the evaluations workflow writes the same tables in the service).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from catalogue import (
    AnswerMeasure, Catalogue, Choice, DataMeasure, Goal, ManualMeasure, Programme, Question, Survey,
    SurveyQuestion, Threshold, Wording,
)
from catalogue.vocabulary import SCALE

from registration.models import Request, SessionRecord
from registration.models.attendance import AttendanceMark
from registration.models.evaluations import EvaluationAnswer, EvaluationInvitation, EvaluationResponse

UTC = timezone.utc
# The report's moment: programme running (period ends 2027-06-30).
REPORT_NOW = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)
AFTER_PERIOD = datetime(2027, 7, 1, 9, 0, tzinfo=UTC)


def _w(text: str) -> Wording:
    return Wording(text, text + " (en)")


SCALE_CHOICES = tuple(Choice(k, Wording(v["sv"], v["en"])) for k, v in SCALE.items())
YES = ("yes-absolutely", "yes-somewhat")


def programme() -> Programme:
    """The fixture's programme: one goal per case the tests check, in this order."""
    questions = (
        Question("useful", "scale", _w("Användbar"), SCALE_CHOICES),
        Question("themes", "choice", _w("Teman"), tuple(Choice(c, _w(c)) for c in
                                                       ("values", "quality", "evidence", "none")),
                 multiple=True),
        Question("comments", "text", _w("Kommentarer")),
        Question("group-plans", "scale", _w("Planer"), SCALE_CHOICES),
        Question("work-easier", "scale", _w("Lättare"), SCALE_CHOICES),
    )
    surveys = (
        Survey("evaluation", (SurveyQuestion("useful"), SurveyQuestion("themes"),
                              SurveyQuestion("comments")), ("method-course", "seminar")),
        Survey("followup_manager", (SurveyQuestion("group-plans"), SurveyQuestion("work-easier")),
               ("method-course",), 12),
        Survey("followup_participant", (SurveyQuestion("work-easier"),), ("method-course",), 12),
    )
    pct = lambda v: Threshold("percent", v)  # noqa: E731
    count = lambda v: Threshold("count", v)  # noqa: E731
    goals = (
        Goal("useful-80", _w("80 % användbar"), AnswerMeasure("useful", YES, ("evaluation",)), pct(80)),
        Goal("useful-edge-met", _w("88,8 %"), AnswerMeasure("useful", YES, ("evaluation",)), pct(88.8)),
        Goal("useful-edge-below", _w("88,9 %"), AnswerMeasure("useful", YES, ("evaluation",)), pct(88.9)),
        Goal("themes-100", _w("100 % teman"),
             AnswerMeasure("themes", ("values", "quality", "evidence"), ("evaluation",), exclude=()), pct(100)),
        Goal("group-plans", _w("Arbetsgrupper"),
             AnswerMeasure("group-plans", YES, ("followup_manager",), kinds=("method-course",)), pct(80)),
        Goal("easier-work", _w("Lättare arbete"),
             AnswerMeasure("work-easier", YES, ("followup_participant", "followup_manager"), per="course",
                           course_share=50, kinds=("method-course",)), count(1)),
        Goal("held", _w("Genomförda"), DataMeasure("sessions_held_share"), pct(100)),
        Goal("seminars", _w("Seminarier"), DataMeasure("held_sessions_count", kinds=("seminar",)), count(1)),
        Goal("reach", _w("Räckvidd"), DataMeasure("reach_share"), pct(100)),
        Goal("reach-afs", _w("Räckvidd AFS"), DataMeasure("reach_share", organisations=("afs",)), pct(60)),
        Goal("completions", _w("Fullföljt"), DataMeasure("completions_count", courses=("kurs-a",)), count(2)),
        Goal("guests", _w("Gäster"), DataMeasure("guests_count"), count(150)),
        Goal("hours", _w("Timmar"), DataMeasure("hours_total"), count(20)),
        Goal("exchange", _w("Utbyte"), ManualMeasure(), None),
    )
    return Programme("Testprogrammet", "ESF+", date(2026, 9, 1), date(2027, 6, 30),
                     {"afs": 400.0, "bou": 300.0}, questions, surveys, goals)


def catalogue() -> Catalogue:
    return Catalogue((), (), programme=programme())


@dataclass
class Fixture:
    people: dict
    sessions: dict
    requests: dict


def _meetings(start: datetime, count: int, hours: int) -> list[dict]:
    return [{"start": (start + timedelta(days=7 * i)).isoformat(),
             "end": (start + timedelta(days=7 * i, hours=hours)).isoformat(), "place": "Sal 1"}
            for i in range(count)]


def _session(make, db, id, course, kind, start, *, meetings=1, hours=3, status="open"):
    record = make.session(id=id, course=course, starts_at=start, status=status, kind=kind, capacity=20)
    record.meetings = _meetings(start, meetings, hours)
    record.ends_at = start + timedelta(days=7 * (meetings - 1), hours=hours)
    db.commit()
    return record


def confirmed(db, person, session: SessionRecord, organisation=None) -> Request:
    request = Request(person_id=person.id, session_id=session.id, course_slug=session.course_slug,
                      organisation_id=organisation or person.organisation_id, state="confirmed",
                      requested_at=session.starts_at - timedelta(days=30),
                      decided_at=session.starts_at - timedelta(days=29))
    db.add(request)
    db.commit()
    return request


def present(db, request: Request, meeting: int, minutes=None, status="present") -> None:
    db.add(AttendanceMark(request_id=request.id, person_id=request.person_id, session_id=request.session_id,
                          meeting=meeting, status=status, marked_at=REPORT_NOW, minutes=minutes))
    db.commit()


def respond(db, form: str, session: SessionRecord, kind: str, organisation: str, answers: dict) -> None:
    """One response: `answers` maps a question id to a value, a list of values, or ('text', str)."""
    response = EvaluationResponse(id=uuid.uuid4().hex, form=form, session_id=session.id,
                                  course=session.course_slug, course_kind=kind, organisation_id=organisation,
                                  unit="Enhet 1")
    db.add(response)
    db.flush()
    for question, value in answers.items():
        if isinstance(value, tuple):
            db.add(EvaluationAnswer(response_id=response.id, question_id=question, text=value[1]))
        else:
            for v in (value if isinstance(value, list) else [value]):
                db.add(EvaluationAnswer(response_id=response.id, question_id=question, value=v))
    db.commit()


def build(db, make) -> Fixture:
    """The fixture's rows; the expected figures are in the comments."""
    make.organisation("afs", "Arbetsmarknad")
    make.organisation("bou", "Barn och unga")
    # Staff (active employees) of afs: boss_a, e1, e2, e3 = 4; e4 left (inactive).
    # Staff of bou: boss_b, b1, moved = 3; "moved" asked from afs, works in bou now.
    # An administrator who is not an employee is no staff.
    boss_a = make.person("Chef A", organisation="afs", is_manager=True)
    boss_b = make.person("Chef B", organisation="bou", is_manager=True)
    e1 = make.person("Ella Ett", organisation="afs", manager=boss_a)
    e2 = make.person("Emil Två", organisation="afs", manager=boss_a)
    e3 = make.person("Eva Tre", organisation="afs", manager=boss_a)
    e4 = make.person("Erik Fyra", organisation="afs", manager=boss_a, active=False)
    b1 = make.person("Bo Ett", organisation="bou", manager=boss_b)
    moved = make.person("Mona Flytt", organisation="bou", manager=boss_b)
    admin = make.person("Anna Admin", organisation="afs", is_admin=True, is_employee=False)

    start = datetime(2026, 10, 6, 7, 0, tzinfo=UTC)  # 09:00 Stockholm (CEST)
    # kurs-a (method course): s1 held (2 meetings of 3 h), s2 cancelled, s4 in the future.
    s1 = _session(make, db, "kurs-a-1", "kurs-a", "method-course", start, meetings=2)
    s2 = _session(make, db, "kurs-a-2", "kurs-a", "method-course", start + timedelta(days=1),
                  status="cancelled")
    s3 = _session(make, db, "seminarium-1", "seminarium", "seminar", datetime(2026, 11, 3, 8, 0, tzinfo=UTC),
                  hours=2)
    s4 = _session(make, db, "kurs-a-3", "kurs-a", "method-course", datetime(2027, 3, 2, 8, 0, tzinfo=UTC))
    s5 = _session(make, db, "kurs-b-1", "kurs-b", "method-course", start, status="withdrawn")
    # Planned (last meeting passed, not withdrawn): s1, s2, s3 -> held s1, s3: 2 / 3 = 66.6 %.

    r = {
        "e1": confirmed(db, e1, s1), "e2": confirmed(db, e2, s1), "e4": confirmed(db, e4, s1),
        "moved": confirmed(db, moved, s1, organisation="afs"), "e3": confirmed(db, e3, s3),
    }
    # Hours: s1 meetings are 180 min, s3's 120 min.
    present(db, r["e1"], 0); present(db, r["e1"], 1)              # 360 min, completed (2 of 2)
    present(db, r["e2"], 0, minutes=90); present(db, r["e2"], 1, status="absent")  # 90 min, 1 of 2
    present(db, r["e4"], 0)                                        # 180 min (a leaver)
    present(db, r["moved"], 0); present(db, r["moved"], 1)        # 360 min, completed
    present(db, r["e3"], 0)                                        # 120 min
    # Total 360 + 90 + 180 + 360 + 120 = 1110 min = 18.5 h (goal 20: on the way).
    # afs (request org) hours: all of it but e3? No: e3 asked from afs too -> all 18.5 h are afs's,
    # 1110 min: October 360+90+180+360 = 990 min = 16.5 h, November 120 min = 2 h.
    # Reach: staff 7 (boss_a, e1, e2, e3, boss_b, b1, moved); came e1, e2, e3, moved = 4 -> 57.1 %.
    # Reach afs: staff 4, came e1, e2, e3 = 3 -> 75.0 % (goal 60: met).
    # Completions of kurs-a, every meeting required: e1, moved = 2 (goal 2: met);
    # with COMPLETION_MIN_MEETINGS 1 also e2 and e4 -> 4.

    # Evaluation of s1, "useful": 6 yes-absolutely, 2 yes-somewhat, 1 no-hardly, 1 dont-know
    # -> answered 10, counted 8, denominator 9: 88.88 % shown 88.8 % (met at 80 and 88.8, not at 88.9).
    # "themes" (5 answered): 4 ticked values/quality/evidence (one of them two ticks), 1 only "none":
    # 4 / 5 = 80.0 % (goal 100: on the way). Comments: 4 texts (too few to show).
    useful = ["yes-absolutely"] * 6 + ["yes-somewhat"] * 2 + ["no-hardly", "dont-know"]
    themes = [["values", "quality"], ["values"], ["evidence"], ["quality"], ["none"]]
    texts = ["Bra kurs", "Mer pauser", "Bra lärare", "För lång"]
    for i, value in enumerate(useful):
        answers = {"useful": value}
        if i < len(themes):
            answers["themes"] = themes[i]
        if i < len(texts):
            answers["comments"] = ("text", texts[i])
        respond(db, "evaluation", s1, "method-course", "afs" if i < 7 else "bou", answers)
    # Follow-up of kurs-a: participants 5 answered work-easier, 3 yes (60 % >= 50);
    # managers 5 answered, 3 yes (60 %) -> kurs-a counts: result 1 (goal 1: met).
    # Three managers answered group-plans: too few answers (under 5).
    for value in ["yes-absolutely", "yes-somewhat", "yes-absolutely", "no-hardly", "no-not-at-all"]:
        respond(db, "followup_participant", s1, "method-course", "afs", {"work-easier": value})
    for i, value in enumerate(["yes-absolutely", "yes-absolutely", "yes-somewhat", "no-hardly", "dont-know"]):
        answers = {"work-easier": value}
        if i < 3:
            answers["group-plans"] = "yes-absolutely"
        respond(db, "followup_manager", s1, "method-course", "afs", answers)
    # Invitations: 12 evaluation invitations for s1, 10 answered -> 83.3 %.
    people = [e1, e2, e4, moved, e3, b1, boss_a, boss_b, admin, e1, e2, e4]
    for i, person in enumerate(people):
        db.add(EvaluationInvitation(form="evaluation", session_id=s1.id if i < 9 else s3.id,
                                    person_id=person.id, unit="", organisation_id=person.organisation_id,
                                    invited_at=REPORT_NOW, answered=i < 10, nonce=uuid.uuid4().hex))
    db.commit()
    return Fixture(
        people=dict(boss_a=boss_a, boss_b=boss_b, e1=e1, e2=e2, e3=e3, e4=e4, b1=b1, moved=moved, admin=admin),
        sessions=dict(s1=s1, s2=s2, s3=s3, s4=s4, s5=s5), requests=r)
