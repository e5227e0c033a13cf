"""Evaluations and follow-ups: who is invited when, reminders, and answers stored without the person."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select

from catalogue import load_catalogue
from registration.models import OutboxMessage, Person
from registration.models.evaluations import (
    EvaluationAnswer, EvaluationInvitation, EvaluationResponse,
)
from registration.workflow.admin import add_person
from registration.workflow.attendance import record_attendance
from registration.workflow.evaluations import (
    AnswersInvalid, EvaluationClosed, invite_due, record_response, work_group_managers,
)

ROOT = Path(__file__).resolve().parents[3]
BEFORE = datetime(2027, 1, 10, 9, 0, tzinfo=timezone.utc)
START = datetime(2027, 2, 3, 8, 0, tzinfo=timezone.utc)
# The last meeting (a week after the first) ends at 15:00 UTC on 10 February.
ENDED = START + timedelta(days=7, hours=7)


@pytest.fixture(scope="module")
def programme():
    """The demo programme file: evaluation for every kind, follow-ups for method courses after 12 weeks."""
    return load_catalogue(ROOT / "content").programme


@pytest.fixture
def admin(make):
    return make.person(name="Kursadmin", is_admin=True, is_employee=False)


def two_meetings(make, db, id="mi-grund-2027-1", course="mi-grundkurs", kind="method-course"):
    record = make.session(id=id, course=course, capacity=20, starts_at=START, kind=kind)
    record.meetings = [{"start": (START + timedelta(days=7 * i)).isoformat(),
                        "end": (START + timedelta(days=7 * i, hours=7)).isoformat(),
                        "place": "Sal 1"} for i in range(2)]
    record.ends_at = ENDED
    db.commit()
    return record


def attend(db, admin, session, people_marks):
    """Give each person a seat, then record their marks [(person, [status per meeting])]."""
    requests = {}
    for person, _ in people_marks:
        requests[person.id] = add_person(db, admin, person.id, session.id, "Anmäld av admin", BEFORE)
    marks = {(requests[person.id].id, meeting): status
             for person, statuses in people_marks for meeting, status in enumerate(statuses)}
    record_attendance(db, admin, session.id, marks, ENDED)
    return requests


def invitations(db, form=None):
    query = select(EvaluationInvitation).order_by(EvaluationInvitation.id)
    if form:
        query = query.where(EvaluationInvitation.form == form)
    return db.scalars(query).all()


def outbox(db, kind):
    return db.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)
                      .order_by(OutboxMessage.id)).all()


def test_only_people_present_at_least_once_are_invited_after_the_last_meeting(db, make, admin,
                                                                              programme):
    session = two_meetings(make, db)
    manager = make.manager()
    once = make.employee(manager, name="Närvarade en gång")
    always = make.employee(manager, name="Närvarade alltid")
    absent = make.employee(manager, name="Frånvarande")
    excused = make.employee(manager, name="Anmäld frånvaro")
    attend(db, admin, session, [(once, ["absent", "present"]), (always, ["present", "present"]),
                                (absent, ["absent", "absent"]), (excused, ["excused", "absent"])])
    # Between the meetings nothing is due; before the last meeting ends neither.
    assert invite_due(db, START + timedelta(days=1), programme).invitations == 0
    assert invite_due(db, ENDED - timedelta(minutes=1), programme).invitations == 0
    report = invite_due(db, ENDED + timedelta(hours=1), programme)
    assert report.invited["evaluation"] == 2 and report.invitations == 2
    invited = {i.person_id for i in invitations(db)}
    assert invited == {once.id, always.id}
    assert {m.recipient_email for m in outbox(db, "evaluation_invitation")} == {once.email,
                                                                                 always.email}
    message = outbox(db, "evaluation_invitation")[0]
    assert message.data["form"] == "evaluation" and message.data["session_id"] == session.id
    assert "answers" not in message.data  # the outbox names the invitation, nothing answered


def test_a_session_with_only_absent_or_excused_people_invites_nobody(db, make, admin, programme):
    session = two_meetings(make, db)
    manager = make.manager()
    attend(db, admin, session, [(make.employee(manager), ["absent", "excused"]),
                                (make.employee(manager), ["excused", "excused"])])
    for days in (0, 1, 7 * 12 + 1):
        assert invite_due(db, ENDED + timedelta(days=days, hours=1), programme).invitations == 0
    assert invitations(db) == [] and outbox(db, "evaluation_invitation") == []


def test_sending_is_idempotent_and_reminders_stop_after_two(db, make, admin, programme):
    session = two_meetings(make, db)
    person = make.employee()
    attend(db, admin, session, [(person, ["present", "present"])])
    first = ENDED + timedelta(hours=1)
    assert invite_due(db, first, programme, reminder_days=7).invitations == 1
    for later in (first, first + timedelta(hours=5), first + timedelta(days=6)):
        report = invite_due(db, later, programme, reminder_days=7)
        assert (report.invitations, report.reminded) == (0, 0)
    # Day 7: the first reminder, once however often cron runs that day.
    assert invite_due(db, first + timedelta(days=7), programme, reminder_days=7).reminded == 1
    assert invite_due(db, first + timedelta(days=7, hours=2), programme, reminder_days=7).reminded == 0
    assert invite_due(db, first + timedelta(days=13), programme, reminder_days=7).reminded == 0
    assert invite_due(db, first + timedelta(days=14), programme, reminder_days=7).reminded == 1
    for days in (21, 22, 28):
        assert invite_due(db, first + timedelta(days=days), programme, reminder_days=7).reminded == 0
    reminders = outbox(db, "evaluation_reminder")
    assert [m.data["reminder"] for m in reminders] == [1, 2]
    (invitation,) = invitations(db)
    assert invitation.reminders_sent == 2
    assert invitation.last_reminded_at == first + timedelta(days=14)
    assert len(outbox(db, "evaluation_invitation")) == 1


def test_no_reminder_once_answered(db, make, admin, programme):
    session = two_meetings(make, db)
    person = make.employee()
    attend(db, admin, session, [(person, ["present", "present"])])
    first = ENDED + timedelta(hours=1)
    invite_due(db, first, programme)
    (invitation,) = invitations(db)
    record_response(db, invitation, full_evaluation(), first + timedelta(days=2), programme=programme)
    assert invite_due(db, first + timedelta(days=8), programme, reminder_days=7).reminded == 0
    assert outbox(db, "evaluation_reminder") == []


def test_a_late_first_run_does_not_mail_about_courses_long_past(db, make, admin, programme):
    session = two_meetings(make, db, kind="seminar", course="seminarium")
    attend(db, admin, session, [(make.employee(), ["present", "present"])])
    assert invite_due(db, ENDED + timedelta(days=31), programme, open_days=30).invitations == 0
    assert invite_due(db, ENDED + timedelta(days=29), programme, open_days=30).invitations == 1


def test_a_cancelled_session_is_not_evaluated(db, make, admin, programme):
    session = two_meetings(make, db)
    attend(db, admin, session, [(make.employee(), ["present", "present"])])
    session.status = "cancelled"
    db.commit()
    assert invite_due(db, ENDED + timedelta(hours=1), programme).invitations == 0


def test_a_session_gone_from_the_content_after_it_ran_is_still_evaluated(db, make, admin, programme):
    session = two_meetings(make, db)
    attend(db, admin, session, [(make.employee(), ["present", "present"])])
    session.status = "withdrawn"
    db.commit()
    assert invite_due(db, ENDED + timedelta(hours=1), programme).invitations == 1


def test_no_programme_file_sends_nothing(db, make, admin):
    session = two_meetings(make, db)
    attend(db, admin, session, [(make.employee(), ["present", "present"])])
    assert invite_due(db, ENDED + timedelta(hours=1), None).invitations == 0


def test_the_follow_up_goes_to_participants_and_each_work_groups_nearest_manager(db, make, admin,
                                                                                 programme):
    session = two_meetings(make, db)
    boss = make.manager(name="Chef A")
    other = make.manager(name="Chef B")
    a1, a2 = make.employee(boss), make.employee(boss)
    # Same unit, another manager: the group's nearest manager is the one most report to.
    b1 = make.employee(other)
    c1 = make.employee(make.manager(name="Chef C"))
    c1.unit = "Enhet 2"
    absent = make.employee(make.manager(name="Chef D"))
    absent.unit = "Enhet 3"
    db.commit()
    attend(db, admin, session, [(a1, ["present", "absent"]), (a2, ["present", "present"]),
                                (b1, ["present", "present"]), (c1, ["absent", "present"]),
                                (absent, ["absent", "absent"])])
    invite_due(db, ENDED + timedelta(hours=1), programme)
    due = ENDED + timedelta(weeks=12)
    assert invite_due(db, due - timedelta(minutes=1), programme).invitations == 0
    report = invite_due(db, due + timedelta(hours=1), programme)
    assert report.invited == {"followup_participant": 4, "followup_manager": 2}
    managers = {(i.person_id, i.unit) for i in invitations(db, "followup_manager")}
    assert managers == {(boss.id, "Enhet 1"), (c1.manager_id, "Enhet 2")}
    assert {i.person_id for i in invitations(db, "followup_participant")} == {a1.id, a2.id, b1.id,
                                                                               c1.id}
    assert invite_due(db, due + timedelta(hours=2), programme).invitations == 0


def test_the_follow_up_is_only_for_method_courses(db, make, admin, programme):
    session = two_meetings(make, db, kind="seminar", course="seminarium")
    attend(db, admin, session, [(make.employee(), ["present", "present"])])
    invite_due(db, ENDED + timedelta(hours=1), programme)
    assert invite_due(db, ENDED + timedelta(weeks=12, hours=1), programme).invitations == 0
    assert [i.form for i in invitations(db)] == ["evaluation"]


def test_work_groups_without_an_active_manager_get_no_manager_follow_up(make):
    gone = make.manager(active=False)
    assert work_group_managers([make.employee(gone), make.person()]) == []


def full_evaluation(**changes):
    answers = {"knowledge": "yes-absolutely", "useful": "yes-somewhat",
               "confident-with-method": "dont-know", "themes-covered": ["values", "evidence"],
               "well-organised": "no-hardly", "comments": "  Bra lärare.  "}
    answers.update(changes)
    return answers


def invited(db, make, admin, programme, **person):
    session = two_meetings(make, db)
    employee = make.employee(**person)
    attend(db, admin, session, [(employee, ["present", "present"])])
    invite_due(db, ENDED + timedelta(hours=1), programme)
    (invitation,) = invitations(db)
    return invitation, employee


def test_answers_are_stored_with_coarse_facts_and_the_invitation_is_marked(db, make, admin, programme):
    invitation, employee = invited(db, make, admin, programme)
    response = record_response(db, invitation, full_evaluation(), ENDED + timedelta(days=1),
                               programme=programme)
    stored = db.get(EvaluationResponse, response.id)
    assert (stored.form, stored.session_id, stored.course, stored.course_kind) == (
        "evaluation", "mi-grund-2027-1", "mi-grundkurs", "method-course")
    assert (stored.organisation_id, stored.unit) == (employee.organisation_id, "Enhet 1")
    assert len(stored.id) == 32 and int(stored.id, 16) >= 0
    rows = db.execute(select(EvaluationAnswer.question_id, EvaluationAnswer.value,
                             EvaluationAnswer.text).where(EvaluationAnswer.response_id == response.id)
                      ).all()
    assert sorted(rows, key=lambda r: (r[0], r[1] or "")) == [
        ("comments", None, "Bra lärare."), ("confident-with-method", "dont-know", None),
        ("knowledge", "yes-absolutely", None), ("themes-covered", "evidence", None),
        ("themes-covered", "values", None), ("useful", "yes-somewhat", None),
        ("well-organised", "no-hardly", None)]
    assert db.get(EvaluationInvitation, invitation.id).answered is True


def test_gender_and_phase_are_copied_when_the_directory_records_them(db, make, admin, programme):
    invitation, employee = invited(db, make, admin, programme)
    if not hasattr(Person, "gender"):
        pytest.skip("people has no gender/phase columns yet")
    employee.gender, employee.phase = "woman", "settled"
    db.commit()
    response = record_response(db, invitation, full_evaluation(), ENDED + timedelta(days=1),
                               programme=programme)
    assert (response.gender, response.phase) == ("woman", "settled")


@pytest.mark.parametrize("changes, problem", [
    ({"knowledge": ""}, "knowledge"),                       # required
    ({"knowledge": "maybe"}, "knowledge"),                  # not a scale step
    ({"useful": ["yes-absolutely", "no-hardly"]}, "useful"),  # one step only
    ({"themes-covered": []}, "themes-covered"),             # at least one choice
    ({"themes-covered": ["values", "gossip"]}, "themes-covered"),
    ({"comments": "x" * 4001}, "comments"),
])
def test_answers_that_do_not_fit_the_questions_are_refused_and_nothing_is_written(
        db, make, admin, programme, changes, problem):
    invitation, _ = invited(db, make, admin, programme)
    with pytest.raises(AnswersInvalid) as refused:
        record_response(db, invitation, full_evaluation(**changes), ENDED + timedelta(days=1),
                        programme=programme)
    assert set(refused.value.problems) == {problem}
    assert db.scalar(select(func.count()).select_from(EvaluationResponse)) == 0
    assert db.get(EvaluationInvitation, invitation.id).answered is False


def test_free_text_may_be_left_empty_and_unknown_question_ids_are_ignored(db, make, admin, programme):
    invitation, _ = invited(db, make, admin, programme)
    response = record_response(db, invitation, full_evaluation(comments="", spy="x"),
                               ENDED + timedelta(days=1), programme=programme)
    questions = set(db.scalars(select(EvaluationAnswer.question_id)
                               .where(EvaluationAnswer.response_id == response.id)))
    assert "comments" not in questions and "spy" not in questions


def test_an_invitation_is_answered_once(db, make, admin, programme):
    invitation, _ = invited(db, make, admin, programme)
    record_response(db, invitation, full_evaluation(), ENDED + timedelta(days=1), programme=programme)
    with pytest.raises(EvaluationClosed):
        record_response(db, db.get(EvaluationInvitation, invitation.id), full_evaluation(),
                        ENDED + timedelta(days=1), programme=programme)
    assert db.scalar(select(func.count()).select_from(EvaluationResponse)) == 1


def test_a_stale_copy_of_the_invitation_cannot_answer_twice(db, make, admin, programme):
    # Two tabs loaded the invitation before either answered: the guarded update lets one through.
    invitation, _ = invited(db, make, admin, programme)
    record_response(db, invitation, full_evaluation(), ENDED + timedelta(days=1), programme=programme)
    stale = db.get(EvaluationInvitation, invitation.id)
    stale.__dict__["answered"] = False  # as loaded before the first answer committed
    with pytest.raises(EvaluationClosed):
        record_response(db, stale, full_evaluation(), ENDED + timedelta(days=1), programme=programme)
    db.rollback()
    assert db.scalar(select(func.count()).select_from(EvaluationResponse)) == 1


def test_an_invitation_closes_after_its_open_days(db, make, admin, programme):
    invitation, _ = invited(db, make, admin, programme)
    with pytest.raises(EvaluationClosed):
        record_response(db, invitation, full_evaluation(), invitation.invited_at + timedelta(days=30),
                        programme=programme, open_days=30)


def test_the_manager_answers_for_the_work_group_without_their_own_facts(db, make, admin, programme):
    session = two_meetings(make, db)
    boss = make.manager()
    attend(db, admin, session, [(make.employee(boss), ["present", "present"])])
    due = ENDED + timedelta(weeks=12, hours=1)
    invite_due(db, due, programme)
    (invitation,) = invitations(db, "followup_manager")
    response = record_response(db, invitation, {
        "group-plans": "yes-somewhat", "plan-areas": ["casework", "routines"],
        "work-easier": "yes-absolutely", "followup-comments": ""}, due, programme=programme)
    assert (response.form, response.unit, response.gender, response.phase) == (
        "followup_manager", "Enhet 1", None, None)


def test_the_schema_cannot_join_an_answer_back_to_its_person(engine):
    """Invitations (who) and responses/answers (what) share no key, no person and no time."""
    schema = inspect(engine)
    columns = {table: {c["name"]: c for c in schema.get_columns(table)}
               for table in ("evaluation_invitations", "evaluation_responses", "evaluation_answers")}
    answer_side = ("evaluation_responses", "evaluation_answers")
    # No column on the answer side names or points at a person or an invitation.
    for table in answer_side:
        for name in columns[table]:
            assert "person" not in name and "invitation" not in name and "email" not in name, name
        for key in schema.get_foreign_keys(table):
            assert key["referred_table"] in ("sessions", "evaluation_responses"), key
    # No time at all on the answer side (a time would line up with invited_at/last_reminded_at).
    for table in answer_side:
        for name, column in columns[table].items():
            assert not any(word in str(column["type"]).upper() for word in ("DATE", "TIME")), name
    # The columns both sides have are the coarse facts shared by a whole session, never a key.
    shared = set(columns["evaluation_invitations"]) & set(columns["evaluation_responses"])
    assert shared == {"id", "form", "session_id", "unit", "organisation_id"}
    invitation_keys = {tuple(u["column_names"]) for u in
                       schema.get_unique_constraints("evaluation_invitations")}
    assert all("person_id" in key for key in invitation_keys)  # unique only with the person
    # The ids on the answer side are not counters: random text and random big numbers.
    assert "CHAR" in str(columns["evaluation_responses"]["id"]["type"]).upper()
    assert "BIGINT" in str(columns["evaluation_answers"]["id"]["type"]).upper()
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            for table in answer_side:
                sql = connection.exec_driver_sql(
                    "SELECT sql FROM sqlite_master WHERE name = ?", (table,)).scalar()
                assert "WITHOUT ROWID" in sql.upper(), table  # no hidden insertion order


def test_the_order_of_answering_cannot_be_read_from_the_answers(db, make, admin, programme):
    """Answers written one after another come back in an order unrelated to when they were written."""
    session = two_meetings(make, db)
    manager = make.manager()
    people = [make.employee(manager) for _ in range(12)]
    attend(db, admin, session, [(person, ["present", "present"]) for person in people])
    invite_due(db, ENDED + timedelta(hours=1), programme)
    written = []
    for n, invitation in enumerate(invitations(db)):
        response = record_response(db, invitation, full_evaluation(comments=f"svar {n}"),
                                   ENDED + timedelta(days=1, minutes=n), programme=programme)
        written.append(response.id)
    # By primary key (and, on SQLite, in the table's own storage order) the order is shuffled.
    by_key = db.scalars(select(EvaluationResponse.id).order_by(EvaluationResponse.id)).all()
    assert sorted(written) == by_key and by_key != written
    texts_by_answer_id = db.scalars(select(EvaluationAnswer.text).where(EvaluationAnswer.text.is_not(None))
                                    .order_by(EvaluationAnswer.id)).all()
    assert texts_by_answer_id != [f"svar {n}" for n in range(12)]
    if db.get_bind().dialect.name == "sqlite":
        stored = db.scalars(select(EvaluationResponse.id)).all()  # no ORDER BY: storage order
        assert stored == by_key


def test_the_personal_data_export_shows_the_invitation_but_not_the_answers(db, make, admin, programme):
    from registration.workflow.personal_data import export_person

    invitation, employee = invited(db, make, admin, programme)
    response = record_response(db, invitation, full_evaluation(comments="Hemligt omdöme"),
                               ENDED + timedelta(days=1), programme=programme)
    exported = export_person(db, employee.id)
    assert exported["evaluation_invitations"] == [{
        "form": "evaluation", "session_id": "mi-grund-2027-1", "unit": None,
        "invited_at": (ENDED + timedelta(hours=1)).isoformat(), "reminders_sent": 0,
        "answered": True}]
    text = repr(exported)
    assert "Hemligt omdöme" not in text and response.id not in text
