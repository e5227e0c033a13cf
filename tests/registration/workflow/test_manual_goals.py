"""Judging a manual goal by hand: set, changed, audited; refused for anyone but administrators."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from registration.models import AuditEvent
from registration.models.manual_goals import ManualGoalJudgement
from registration.workflow.errors import NotAllowed, NotFound
from registration.workflow.manual_goals import JudgementRefused, judge_manual_goal
from tests.registration import report_fixture as fx

NOW = fx.REPORT_NOW
PROGRAMME = fx.programme()


@pytest.fixture
def admin(make):
    return make.person("Anna Admin", is_admin=True, is_employee=False)


def judge(db, actor, **kwargs):
    values = dict(status="on-the-way", evidence="Resan bokad", judged_on=NOW.date(), now=NOW)
    values.update(kwargs)
    return judge_manual_goal(db, PROGRAMME, "exchange", actor, **values)


def test_a_judgement_is_set_then_changed_in_one_row_and_every_change_is_audited(db, admin, make):
    other_admin = make.person("Bo Admin", is_admin=True, is_employee=False)
    judge(db, admin, period_from=date(2026, 9, 1), period_to=date(2027, 6, 30))
    later = NOW + timedelta(days=30)
    judge(db, other_admin, status="met", evidence="Utbytet genomfört i Tammerfors",
          judged_on=later.date(), now=later, period_from=date(2026, 9, 1), period_to=date(2027, 6, 30))
    rows = db.scalars(select(ManualGoalJudgement)).all()
    assert [(r.goal_id, r.period, r.status, r.judged_by_id, r.judged_on, r.updated_at) for r in rows] == [
        ("exchange", "2026-09-01/2027-06-30", "met", other_admin.id, later.date(), later)]
    events = db.scalars(select(AuditEvent).where(AuditEvent.action == "manual_goal_judged")
                        .order_by(AuditEvent.at)).all()
    assert [(e.actor_id, e.at, e.from_state, e.to_state) for e in events] == [
        (admin.id, NOW, None, "on-the-way"), (other_admin.id, later, "on-the-way", "met")]
    assert "exchange" in events[1].detail and "Tammerfors" in events[1].detail


def test_another_period_is_its_own_judgement(db, admin):
    judge(db, admin, period_from=date(2026, 9, 1), period_to=date(2026, 12, 31))
    judge(db, admin, status="met")
    assert sorted(r.period for r in db.scalars(select(ManualGoalJudgement))) == ["/", "2026-09-01/2026-12-31"]


def test_only_an_administrator_may_judge(db, make):
    employee = make.person("Eva Medarbetare")
    with pytest.raises(NotAllowed):
        judge(db, employee)
    assert db.scalars(select(ManualGoalJudgement)).all() == []


@pytest.mark.parametrize("goal_id", ["useful-80", "no-such-goal"])
def test_a_goal_the_service_measures_or_that_does_not_exist_cannot_be_judged(db, admin, goal_id):
    with pytest.raises(NotFound):
        judge_manual_goal(db, PROGRAMME, goal_id, admin, status="met", evidence="x",
                          judged_on=NOW.date(), now=NOW)


@pytest.mark.parametrize("change", [dict(status="too-few-answers"), dict(status=""), dict(evidence="  "),
                                    dict(evidence="x" * 4001),
                                    dict(judged_on=NOW.date() + timedelta(days=1))])
def test_an_incomplete_judgement_is_refused_and_nothing_is_written(db, admin, change):
    with pytest.raises(JudgementRefused):
        judge(db, admin, **change)
    assert db.scalars(select(ManualGoalJudgement)).all() == []
    assert db.scalars(select(AuditEvent)).all() == []
