"""Course evaluations and the work-group follow-up: inviting, reminding and storing answers.

What is asked comes from the programme file (content/programme.yaml, loaded by
the catalogue package) and is passed in as `programme`:

- "evaluation": after a session's last meeting, everyone marked present at
  least once is invited.
- "followup_participant" / "followup_manager": `Survey.weeks_after` weeks
  after the last meeting of a session of a kind the survey is sent for, the
  participants are asked again, and each work group (organisation + unit of
  the participants) gets one invitation, to the nearest manager most of its
  participants report to.

An invitation is open for `open_days` days from when it was sent: its signed
link works until then, once. Up to two reminders follow, `reminder_days` apart.
`invite_due` is what `flask evaluations send` runs from cron: idempotent (a
unique key per invitation, a guarded counter per reminder), each invitation or
reminder committed with its outbox message.

`record_response` stores the answers WITHOUT the person (see
models/evaluations.py for the anonymity rule) and marks the invitation
answered, in one transaction; a second answer is refused.
"""
from __future__ import annotations

import secrets
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..models import Person, SessionRecord, SessionStatus
from ..models.attendance import AttendanceMark
from ..models.evaluations import (
    EVALUATION_FORMS, MAX_REMINDERS, EvaluationAnswer, EvaluationInvitation, EvaluationResponse,
)
from ..db import begin_write
from .errors import N_, WorkflowError
from .outbox import enqueue
from .transactions import one_change

INVITATION_KIND = "evaluation_invitation"
# Reminders written per transaction.
REMINDER_CHUNK = 200
REMINDER_KIND = "evaluation_reminder"


class EvaluationClosed(WorkflowError):
    """The invitation can no longer be answered (answered already, or its time is up)."""

    code = "evaluation_closed"
    default_message = N_("This evaluation has already been answered or is closed.")


class AnswersInvalid(WorkflowError):
    """Some answers are missing or not among the question's choices; `problems` says which."""

    code = "answers_invalid"
    default_message = N_("Some answers are missing or not valid.")

    def __init__(self, problems: dict[str, str]):
        super().__init__()
        # question id -> an English message marked with N_ (translate at the edge).
        self.problems = problems


# The messages beside a question, marked for translation.
MISSING_ANSWER = N_("Choose an answer.")
MISSING_CHOICE = N_("Choose at least one answer.")
ONE_CHOICE_ONLY = N_("Choose only one answer.")
UNKNOWN_ANSWER = N_("Choose one of the answers given.")
TEXT_TOO_LONG = N_("Write at most %(count)s characters.")
TEXT_MAX = 4000


@dataclass
class SendReport:
    """What one `invite_due` run queued: invitations per form and reminders."""

    invited: Counter = field(default_factory=Counter)
    reminded: int = 0

    @property
    def invitations(self) -> int:
        """Invitations queued, every form together."""
        return sum(self.invited.values())

    def __str__(self) -> str:
        forms = ", ".join(f"{self.invited[form]} {form}" for form in EVALUATION_FORMS
                          if self.invited[form])
        text = f"{self.invitations} invitations sent"
        if forms:
            text += f" ({forms})"
        return f"{text}, {self.reminded} reminders sent"


def closes_at(invitation: EvaluationInvitation, open_days: int) -> datetime:
    """When the invitation stops being answerable (its link expires)."""
    return invitation.invited_at + timedelta(days=open_days)


def is_open(invitation: EvaluationInvitation, now: datetime, open_days: int) -> bool:
    """Whether the invitation can be answered now: not answered and its time not up."""
    return not invitation.answered and now < closes_at(invitation, open_days)


def due_at(session: SessionRecord, survey) -> datetime:
    """When `survey` is due for `session`: its last meeting's end, plus the follow-up weeks."""
    return session.ends_at + timedelta(weeks=survey.weeks_after or 0)


def invite_due(db: Session, now: datetime, programme, *, reminder_days: int = 7,
               open_days: int = 30) -> SendReport:
    """Queue every invitation and reminder due at `now`; safe to run any number of times.

    A survey is sent for a session (unless cancelled) from the moment
    it is due until `open_days` after, so a late first run does not mail people
    about courses long past. `programme` is the loaded `catalogue.Programme`
    (None: no programme file, nothing is sent).
    """
    report = SendReport()
    if programme is None:
        return report
    surveys = [s for s in (programme.survey(form) for form in EVALUATION_FORMS) if s is not None]
    if surveys:
        longest = max(s.weeks_after or 0 for s in surveys)
        sessions = db.scalars(
            select(SessionRecord)
            # A withdrawn session (gone from content/ after it ran) still took place;
            # only a cancelled one did not. Nobody marked present means nobody is asked.
            .where(SessionRecord.status != SessionStatus.CANCELLED, SessionRecord.ends_at <= now,
                   SessionRecord.ends_at > now - timedelta(weeks=longest, days=open_days))
            .order_by(SessionRecord.ends_at, SessionRecord.id)).all()
        for session in sessions:
            for survey in surveys:
                due = due_at(session, survey)
                if survey.sent_for(session.course.kind) and due <= now < due + timedelta(days=open_days):
                    _invite_for(db, session, survey.audience, now, open_days, report)
    db.rollback()  # end the read transaction before the reminders' writes
    _remind(db, now, reminder_days, open_days, report)
    return report


def present_people(db: Session, session_id: str) -> list[Person]:
    """Active people marked present at at least one meeting of the session, by id."""
    ids = select(AttendanceMark.person_id).where(AttendanceMark.session_id == session_id,
                                                 AttendanceMark.status == "present").distinct()
    return db.scalars(select(Person).where(Person.id.in_(ids), Person.active.is_(True))
                      .order_by(Person.id)).all()


def work_group_managers(people: list[Person]) -> list[tuple[Person, str, str]]:
    """(manager, organisation id, unit) for each work group among `people`.

    A work group is an organisation + unit; its nearest manager is the active
    manager most of its participants report to (the lowest id on a tie).
    Participants without an active manager do not form a group.
    """
    groups: dict[tuple[str, str], Counter] = defaultdict(Counter)
    managers: dict[int, Person] = {}
    for person in people:
        manager = person.manager
        if manager is None or not manager.active:
            continue
        groups[(person.organisation_id, person.unit or "")][manager.id] += 1
        managers[manager.id] = manager
    result = []
    for (organisation_id, unit), counts in sorted(groups.items()):
        manager_id = min(counts, key=lambda mid: (-counts[mid], mid))
        result.append((managers[manager_id], organisation_id, unit))
    return result


def _invite_for(db: Session, session: SessionRecord, form: str, now: datetime, open_days: int,
                report: SendReport) -> None:
    people = present_people(db, session.id)
    if form == "followup_manager":
        targets = work_group_managers(people)
    else:
        targets = [(person, person.organisation_id, "") for person in people]
    existing = set(db.execute(
        select(EvaluationInvitation.person_id, EvaluationInvitation.unit)
        .where(EvaluationInvitation.form == form, EvaluationInvitation.session_id == session.id)).all())
    todo = [(person, organisation_id, unit) for person, organisation_id, unit in targets
            if (person.id, unit) not in existing]
    if not todo:
        return
    # One transaction for the session's invitations (a commit each would make a big
    # first run slow); if another run invited some of them meanwhile, one by one.
    begin_write(db)
    try:
        for person, organisation_id, unit in todo:
            _add_invitation(db, session.id, form, person, organisation_id, unit, now, open_days)
        db.commit()
    except IntegrityError:
        db.rollback()
        for person, organisation_id, unit in todo:
            if _invite_one(db, session.id, form, person, organisation_id, unit, now, open_days):
                report.invited[form] += 1
        return
    report.invited[form] += len(todo)


def _add_invitation(db: Session, session_id: str, form: str, person: Person, organisation_id: str,
                    unit: str, now: datetime, open_days: int) -> None:
    invitation = EvaluationInvitation(
        form=form, session_id=session_id, person_id=person.id, unit=unit,
        organisation_id=organisation_id, invited_at=now, reminders_sent=0, answered=False,
        nonce=secrets.token_urlsafe(24))
    db.add(invitation)
    db.flush()
    enqueue(db, INVITATION_KIND, person.email, person.language, _mail_data(invitation, open_days), now)


def _invite_one(db: Session, session_id: str, form: str, person: Person, organisation_id: str,
                unit: str, now: datetime, open_days: int) -> bool:
    begin_write(db)
    try:
        _add_invitation(db, session_id, form, person, organisation_id, unit, now, open_days)
        db.commit()
    except IntegrityError:
        # Another run invited the same person at the same moment: theirs counts.
        db.rollback()
        return False
    return True


def _mail_data(invitation: EvaluationInvitation, open_days: int, reminder: int = 0) -> dict:
    # The link is signed when the message is rendered (mail/render.py) from the
    # invitation's id and nonce; the message is dropped unsent once the
    # invitation has closed.
    return {"invitation_id": invitation.id, "session_id": invitation.session_id,
            "form": invitation.form, "unit": invitation.unit, "reminder": reminder,
            "expires_at": closes_at(invitation, open_days).isoformat()}


def _remind(db: Session, now: datetime, reminder_days: int, open_days: int,
            report: SendReport) -> None:
    gap = timedelta(days=reminder_days)
    candidates = db.scalars(
        select(EvaluationInvitation)
        .where(EvaluationInvitation.answered.is_(False),
               EvaluationInvitation.reminders_sent < MAX_REMINDERS,
               EvaluationInvitation.person_id.is_not(None),
               EvaluationInvitation.invited_at > now - timedelta(days=open_days))
        .order_by(EvaluationInvitation.id)).all()
    due = [(i.id, i.reminders_sent) for i in candidates
           if (i.last_reminded_at or i.invited_at) + gap <= now]
    db.rollback()
    # Chunks of one transaction each: every reminder's guarded update and outbox row
    # commit together, without a commit (an fsync) per reminder.
    for chunk in range(0, len(due), REMINDER_CHUNK):
        with one_change(db):
            for invitation_id, sent in due[chunk:chunk + REMINDER_CHUNK]:
                report.reminded += _remind_one(db, invitation_id, sent, now, open_days)


def _remind_one(db: Session, invitation_id: int, sent: int, now: datetime, open_days: int) -> int:
    # Guarded: two runs at once remind once; an answer in between stops it.
    changed = db.execute(
        update(EvaluationInvitation)
        .where(EvaluationInvitation.id == invitation_id, EvaluationInvitation.reminders_sent == sent,
               EvaluationInvitation.answered.is_(False))
        .values(reminders_sent=sent + 1, last_reminded_at=now)).rowcount
    if not changed:
        return 0
    invitation = db.get(EvaluationInvitation, invitation_id)
    person = db.get(Person, invitation.person_id)
    if person is None or not person.active:
        return 0  # left since the invitation: the reminder counts as spent, nothing is sent
    enqueue(db, REMINDER_KIND, person.email, person.language,
            _mail_data(invitation, open_days, reminder=sent + 1), now)
    return 1


def questions_for(programme, invitation: EvaluationInvitation, course_kind: str):
    """The questions of the invitation's form for a course of `course_kind`, in order."""
    return programme.questions_for(invitation.form, course_kind) if programme else ()


def check_answers(questions, answers: dict) -> tuple[dict[str, list[str]], dict[str, str], dict[str, str]]:
    """Validate raw answers against `questions`; return (choices, texts, problems).

    `answers` maps question id to a string (scale, single choice, free text) or a
    list of strings (several-choice). Scale and choice questions must be
    answered (a scale has "Vet ej"); free text may be left empty. Unknown
    question ids are ignored (a form never sends them; a tampered one gains
    nothing). `problems` maps question id to a message (English, N_-marked).
    """
    choices: dict[str, list[str]] = {}
    texts: dict[str, str] = {}
    problems: dict[str, str] = {}
    for question in questions:
        raw = answers.get(question.id)
        if question.kind == "text":
            text = (raw if isinstance(raw, str) else "").strip()
            if len(text) > TEXT_MAX:
                problems[question.id] = TEXT_TOO_LONG
            elif text:
                texts[question.id] = text
            continue
        values = [raw] if isinstance(raw, str) else list(raw or [])
        values = [v for v in dict.fromkeys(values) if v]
        several = question.kind == "choice" and question.multiple
        if not values:
            problems[question.id] = MISSING_CHOICE if several else MISSING_ANSWER
        elif len(values) > 1 and not several:
            problems[question.id] = ONE_CHOICE_ONLY
        elif any(v not in question.answer_ids for v in values):
            problems[question.id] = UNKNOWN_ANSWER
        else:
            choices[question.id] = values
    return choices, texts, problems


def record_response(db: Session, invitation: EvaluationInvitation, answers: dict, now: datetime,
                    *, programme, open_days: int = 30) -> EvaluationResponse:
    """Store the invitee's answers without the person and mark the invitation answered.

    One transaction. Raises AnswersInvalid (nothing written) when the answers do
    not fit the questions, EvaluationClosed when the invitation was answered
    already (also by a second tab at the same moment) or its time is up. The
    response copies only coarse facts: course, session, organisation and unit
    (for the manager follow-up: the work group's), and, for participants, the
    gender and phase the directory records, if it does.
    """
    invitation_id = invitation.id
    if not is_open(invitation, now, open_days):
        raise EvaluationClosed()
    session = db.get(SessionRecord, invitation.session_id)
    course_slug, course_kind = session.course_slug, session.course.kind
    questions = questions_for(programme, invitation, course_kind)
    choices, texts, problems = check_answers(questions, answers)
    if problems:
        raise AnswersInvalid(problems)
    person = db.get(Person, invitation.person_id) if invitation.person_id is not None else None
    if person is None:
        raise EvaluationClosed()
    if invitation.form == "followup_manager":
        organisation_id, unit, gender, phase = invitation.organisation_id, invitation.unit, None, None
    else:
        organisation_id, unit = person.organisation_id, person.unit or ""
        gender, phase = getattr(person, "gender", None) or None, getattr(person, "phase", None) or None
    form, session_id = invitation.form, invitation.session_id
    with one_change(db):
        taken = db.execute(
            update(EvaluationInvitation)
            .where(EvaluationInvitation.id == invitation_id, EvaluationInvitation.answered.is_(False))
            .values(answered=True)).rowcount
        if not taken:
            raise EvaluationClosed()
        response = EvaluationResponse(form=form, session_id=session_id, course=course_slug,
                                      course_kind=course_kind, organisation_id=organisation_id,
                                      unit=unit, gender=gender, phase=phase)
        db.add(response)
        db.flush()
        for question in questions:
            for value in choices.get(question.id, ()):
                db.add(EvaluationAnswer(response_id=response.id, question_id=question.id,
                                        value=value))
            if question.id in texts:
                db.add(EvaluationAnswer(response_id=response.id, question_id=question.id,
                                        text=texts[question.id]))
    return response

