"""Rebuild docs/screenshots/{figures-charts,report-goals,report-answers}-{sv,en}.png: the charts.

    .venv/bin/python scripts/figure_screenshots.py [--out docs/screenshots]

A throw-away service on a temporary SQLite file gets the demo content and staff,
then a made-up spring of 2027 through the workflow functions (no shortcuts into
the tables): employees ask for sessions starting in February and early March, their managers
approve, a few cancel (some after the deadline), attendance is taken, and most of those
invited answer the course evaluation and the follow-ups. Headless Chromium (Debian's
/usr/bin/chromium) then photographs the charts of /admin/figures and /admin/report for
that period in Swedish and English. The same seed gives the same pictures.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import threading
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from registration import create_app  # noqa: E402
from registration.cli.demo import load_demo  # noqa: E402
from registration.content import loaded_catalogue  # noqa: E402
from registration.db import get_engine, make_session_factory  # noqa: E402
from registration.models import Person, SessionRecord  # noqa: E402
from registration.models.evaluations import EvaluationInvitation  # noqa: E402
from registration.workflow import approve_request, cancel_request, request_place  # noqa: E402
from registration.workflow.attendance import record_attendance  # noqa: E402
from registration.workflow.evaluations import invite_due, questions_for, record_response  # noqa: E402

NOW = datetime(2027, 6, 15, 9, 0, tzinfo=timezone.utc)
PERIOD = ("2027-02-01", "2027-03-15")
ADMIN = "kursadmin@karlstad.example"


def make_spring(app) -> None:
    """Requests, decisions, cancellations and attendance for sessions in PERIOD."""
    rng = random.Random(15)
    db = make_session_factory(get_engine(app))()
    with app.app_context():
        load_demo(db, ROOT / "demo" / "staff.csv")
    admin = db.scalar(select(Person).where(Person.email == ADMIN))
    staff = db.scalars(select(Person).where(Person.is_employee.is_(True),
                                            Person.manager_id.is_not(None))
                       .order_by(Person.id)).all()
    first, last = (date.fromisoformat(d) for d in PERIOD)
    sessions = [s for s in db.scalars(select(SessionRecord).order_by(SessionRecord.starts_at))
                if first <= s.starts_at.date() <= last]
    for session in sessions:
        asked = datetime.combine(session.deadline - timedelta(days=20), time(8), timezone.utc)
        chosen = rng.sample(staff, min(len(staff), rng.randint(session.capacity // 3,
                                                               session.capacity)))
        requests = []
        for number, person in enumerate(chosen):
            try:
                request = request_place(db, person, session.id, "", asked
                                        + timedelta(minutes=number))
            except Exception:  # not open to the person's organisation, or already booked
                db.rollback()
                continue
            approve_request(db, request.id, person.manager, asked + timedelta(days=1))
            requests.append(request)
        for request in requests[:: 7]:
            late = rng.random() < 0.5
            when = (datetime.combine(session.deadline + timedelta(days=2), time(8), timezone.utc)
                    if late else asked + timedelta(days=2))
            cancel_request(db, request.id, admin, when)
        meetings = len(session.meetings)
        marks = {}
        for request in requests:
            db.refresh(request)
            if not request.holds_seat:
                continue
            present = rng.random() > 0.12
            for meeting in range(meetings):
                marks[(request.id, meeting)] = "present" if present else "absent"
        if marks:
            record_attendance(db, admin, session.id, marks, NOW)
    answer_surveys(db, loaded_catalogue(app).programme, sessions, rng)
    db.close()


SCALE_WEIGHTS = {"yes-absolutely": 5, "yes-somewhat": 4, "no-hardly": 1, "no-not-at-all": 0.5,
                 "dont-know": 0.7}


def answer_surveys(db, programme, sessions, rng) -> None:
    """Send the surveys when each is due, and let about four in five invitees answer."""
    moments = sorted({moment for s in sessions for moment in
                      (s.ends_at + timedelta(hours=1), s.ends_at + timedelta(weeks=12, hours=1))
                      if moment <= NOW})
    for moment in moments:
        invite_due(db, moment, programme)
    kinds = {s.id: s.course.kind for s in sessions}
    # The demo's own finished sessions (cli/demo_evaluations.py) come answered already.
    for invitation in db.scalars(select(EvaluationInvitation)
                                 .where(EvaluationInvitation.answered.is_(False))
                                 .order_by(EvaluationInvitation.id)).all():
        if invitation.session_id not in kinds or rng.random() > 0.8:
            continue
        answers = {}
        for question in questions_for(programme, invitation, kinds[invitation.session_id]):
            ids = question.answer_ids
            if question.kind == "scale":
                answers[question.id] = rng.choices(ids, [SCALE_WEIGHTS.get(i, 1) for i in ids])[0]
            elif question.kind == "choice":
                picked = rng.sample(ids, rng.randint(1, len(ids))) if question.multiple else [rng.choice(ids)]
                answers[question.id] = picked if question.multiple else picked[0]
        record_response(db, invitation, answers, invitation.invited_at + timedelta(days=2),
                        programme=programme)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        app = create_app({
            "SECRET_KEY": "screenshots", "DATABASE_URL": f"sqlite:///{folder}/demo.sqlite3",
            "AUTH": "header", "NOW": lambda: NOW, "CONTENT": str(ROOT / "content"),
        })
        make_spring(app)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
                for lang in ("sv", "en"):
                    page = browser.new_page(viewport={"width": 1100, "height": 900},
                                            extra_http_headers={"X-Remote-User": ADMIN})
                    page.goto(f"{base}/admin/figures?starts_from={PERIOD[0]}"
                              f"&starts_to={PERIOD[1]}&lang={lang}")
                    charts = page.locator("h2").first
                    top = charts.bounding_box()["y"] - 16
                    end = page.locator("#by-course").bounding_box()["y"]
                    path = args.out / f"figures-charts-{lang}.png"
                    page.screenshot(path=str(path), full_page=True,
                                    clip={"x": 0, "y": top, "width": 1100, "height": end - top})
                    print(path)
                    page.goto(f"{base}/admin/report?starts_from={PERIOD[0]}"
                              f"&starts_to={PERIOD[1]}&lang={lang}")
                    for name in ("goals", "answers"):
                        path = args.out / f"report-{name}-{lang}.png"
                        page.locator(f"#chart-report-{name}-figure").screenshot(path=str(path))
                        print(path)
                browser.close()
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
