"""`flask demo load` gives the demo finished sessions whose participants can evaluate them, and answers."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from registration.models import Person, SessionRecord
from registration.models.evaluations import EvaluationInvitation, EvaluationResponse
from tests.builders import make_app

ROOT = Path(__file__).resolve().parents[3]


def test_demo_load_adds_finished_sessions_with_invitations_and_answers(sqlite_url, clock, tmp_path):
    app = make_app(sqlite_url, clock, tmp_path, CONTENT=str(ROOT / "content"),
                   CATALOGUE_SYNC_ON_START=True)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "17 answers stored" in first.output
    assert "already loaded" in runner.invoke(args=["demo", "load"]).output
    from registration.db import get_engine, make_session_factory

    db = make_session_factory(get_engine(app))()
    try:
        finished = db.scalars(select(SessionRecord).where(SessionRecord.id.like("demo-%"))).all()
        assert len(finished) == 2 and all(s.ends_at < clock() for s in finished)
        assert db.scalar(select(func.count()).select_from(EvaluationResponse)) == 17
        sara = db.scalar(select(Person).where(Person.email.like("sara.nilsson@%")))
        open_ones = db.scalars(select(EvaluationInvitation).where(
            EvaluationInvitation.person_id == sara.id, EvaluationInvitation.answered.is_(False))).all()
        assert [i.form for i in open_ones] == ["evaluation"]
        sara_id, invitation_id = sara.id, open_ones[0].id
    finally:
        db.close()
    # Sara sees the evaluation on "My courses" and can answer it.
    client = app.test_client()
    from registration.auth.identity import session_values

    with app.app_context():
        db = make_session_factory(get_engine(app))()
        with client.session_transaction() as cookie:
            cookie.update(session_values(db.get(Person, sara_id), int(clock().timestamp())))
        db.close()
    page = client.get("/me").get_data(as_text=True)
    assert f'/me/evaluations/{invitation_id}">Utvärdera kursen:' in page
    assert client.get(f"/me/evaluations/{invitation_id}").status_code == 200
    # Nothing new is due for cron right after the load.
    assert "0 invitations sent, 0 reminders sent" in runner.invoke(args=["evaluations", "send"]).output
