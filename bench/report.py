"""Benchmark the funder's report against a bare SQL aggregation of the same answers, in the same run.

    .venv/bin/python bench/report.py [--participants 5000] [--responses 20000] [--repeat 3]

Data (fixed seed, one SQLite file): the demo programme (content/programme.yaml
and the demo courses), `--participants` staff who each attend 1-4 of 400
finished sessions (1-3 meetings of 3 h, some partial attendance, some sessions
cancelled), and `--responses` filled-in forms (course evaluations with every
question of the programme, about 6 answer rows each, plus manager and
participant follow-ups of method courses). Then, alternating, `--repeat` times:

- bare: one GROUP BY over the same answers (survey, question, answer: counts),
  sqlite3 on the same file: the least any report of these answers must do;
- page: GET /admin/report as an administrator (the whole report: goals,
  participants, hours, distributions, comments, rendered to HTML);
- xlsx: GET /admin/report?format=xlsx (the report and every sheet).

Prints medians of wall-clock and CPU time and the ratios page/bare and xlsx/bare
(CPU time: the machine is shared, and everything runs in this process). Target: the page
within 3x of the bare aggregation and under 2 s.
"""
from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from bench.support.machine import machine  # noqa: E402
from catalogue import load_catalogue  # noqa: E402
from registration import create_app  # noqa: E402
from registration.db import make_engine, upgrade  # noqa: E402
from registration.models import CourseRecord, Organisation, Person, Request, SessionRecord  # noqa: E402
from registration.models.attendance import AttendanceMark  # noqa: E402
from registration.models.evaluations import EvaluationAnswer, EvaluationInvitation, EvaluationResponse  # noqa: E402

NOW = datetime(2027, 6, 1, 9, 0, tzinfo=timezone.utc)
SESSIONS = 400
ADMIN = "kursadmin@kommun.example"
FIRST = ["Åsa", "Örjan", "Märta", "Élise", "Björn", "Karin", "Jöns", "Lena", "Anders", "Sofie"]
LAST = ["Åberg", "Öhman", "Lindqvist", "Sjöström", "Bäckström", "Ek", "Nyström", "Häll"]
SCALE_WEIGHTS = (["yes-absolutely"] * 5 + ["yes-somewhat"] * 3 + ["no-hardly", "no-not-at-all", "dont-know"])
BARE_SQL = """SELECT r.form, a.question_id, a.value, COUNT(*)
FROM evaluation_answers a JOIN evaluation_responses r ON r.id = a.response_id
GROUP BY r.form, a.question_id, a.value"""


def populate(url: str, participants: int, responses: int) -> int:
    """Fill a migrated database; return the number of answer rows."""
    upgrade(url)
    catalogue = load_catalogue(ROOT / "content")
    programme = catalogue.programme
    rng = random.Random(11)
    engine = make_engine(url)
    orgs = list(programme.hourly_costs)
    courses = list(catalogue.courses)
    gender = hasattr(Person, "gender")
    with engine.begin() as conn:
        conn.execute(insert(Organisation), [{"id": o, "name": o, "short_name": o.upper()} for o in orgs])
        people = []
        for i in range(1, participants + 2):
            row = {"id": i, "email": f"p{i}@kommun.example" if i > 1 else ADMIN,
                   "name": f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}", "organisation_id": orgs[i % len(orgs)],
                   "unit": f"Enhet {i % 23}", "manager_id": None, "is_employee": i > 1, "is_manager": False,
                   "is_admin": i == 1, "language": None, "active": rng.random() > 0.05, "updated_at": NOW}
            if gender:
                row["gender"] = rng.choice(["woman", "woman", "man", "non-binary", None])
                row["employee_number"] = f"{100000 + i}"
            people.append(row)
        conn.execute(insert(Person), people)
        conn.execute(insert(CourseRecord), [
            {"slug": c.slug, "title": c.title, "kind": c.kind, "prerequisites": [], "organisations": None,
             "updated_at": NOW} for c in courses])
        sessions = []
        for s in range(SESSIONS):
            course = courses[s % len(courses)]
            start = datetime(2026, 9, 7, 7, 0, tzinfo=timezone.utc) + timedelta(hours=7 * s)
            count = rng.randint(1, 3)
            meetings = [{"start": (start + timedelta(days=7 * m)).isoformat(),
                         "end": (start + timedelta(days=7 * m, hours=3)).isoformat(), "place": "Sal"}
                        for m in range(count)]
            sessions.append({"id": f"{course.slug}-{s}", "course_slug": course.slug, "kind": course.kind,
                             "capacity": 40, "deadline": start.date(), "reserved": {}, "reserved_until": None,
                             "starts_at": start, "ends_at": start + timedelta(days=7 * (count - 1), hours=3),
                             "meetings": meetings, "status": "cancelled" if s % 37 == 0 else "open",
                             "seats_taken": 0, "sequence": 0, "updated_at": NOW})
        conn.execute(insert(SessionRecord), [{k: v for k, v in s.items() if k != "kind"} for s in sessions])
        held = [s for s in sessions if s["status"] == "open"]
        requests, marks, attended = [], [], []
        request_id = 0
        for person in people[1:]:
            chosen = {}
            for session in rng.sample(held, 6):
                chosen.setdefault(session["course_slug"], session)  # one live request per course
            for session in list(chosen.values())[:rng.randint(1, 4)]:
                request_id += 1
                requests.append({"id": request_id, "person_id": person["id"], "session_id": session["id"],
                                 "course_slug": session["course_slug"], "organisation_id": person["organisation_id"],
                                 "state": "confirmed", "message": "", "requested_at": session["starts_at"] - timedelta(days=30),
                                 "decided_at": session["starts_at"] - timedelta(days=29)})
                for m in range(len(session["meetings"])):
                    status = "present" if rng.random() > 0.1 else "absent"
                    marks.append({"request_id": request_id, "person_id": person["id"], "session_id": session["id"],
                                  "meeting": m, "status": status, "marked_at": NOW,
                                  "minutes": 120 if status == "present" and rng.random() < 0.1 else None})
                attended.append((person, session))
        conn.execute(insert(Request), requests)
        conn.execute(insert(AttendanceMark), marks)
        conn.execute(insert(EvaluationInvitation), [
            {"form": "evaluation", "session_id": s["id"], "person_id": p["id"], "unit": "",
             "organisation_id": p["organisation_id"], "invited_at": NOW, "reminders_sent": 0, "answered": True,
             "nonce": uuid.uuid4().hex} for p, s in attended[:responses]])
        answer_rows = 0
        batch_r, batch_a = [], []
        for n in range(responses):
            person, session = attended[n % len(attended)]
            kind = session["kind"]
            form = "evaluation"
            if kind == "method-course" and n % 5 == 0:
                form = rng.choice(["followup_manager", "followup_participant"])
            if programme.survey(form) is None or not programme.survey(form).sent_for(kind):
                form = "evaluation"
            rid = uuid.uuid4().hex
            batch_r.append({"id": rid, "form": form, "session_id": session["id"], "course": session["course_slug"],
                            "course_kind": kind, "organisation_id": person["organisation_id"], "unit": person["unit"],
                            "gender": None, "phase": None})
            for question in programme.questions_for(form, kind):
                if question.kind == "text":
                    if rng.random() < 0.2:
                        batch_a.append({"response_id": rid, "question_id": question.id, "value": None,
                                        "text": f"Kommentar {n} om kursen"})
                elif question.kind == "scale":
                    batch_a.append({"response_id": rid, "question_id": question.id,
                                    "value": rng.choice(SCALE_WEIGHTS), "text": None})
                else:
                    for choice in rng.sample(question.answer_ids, rng.randint(1, 2) if question.multiple else 1):
                        batch_a.append({"response_id": rid, "question_id": question.id, "value": choice,
                                        "text": None})
            if len(batch_a) > 20000:
                conn.execute(insert(EvaluationResponse), batch_r)
                conn.execute(insert(EvaluationAnswer), batch_a)
                answer_rows += len(batch_a)
                batch_r, batch_a = [], []
        if batch_r:
            conn.execute(insert(EvaluationResponse), batch_r)
            conn.execute(insert(EvaluationAnswer), batch_a)
            answer_rows += len(batch_a)
    engine.dispose()
    return answer_rows


def timed(fn) -> tuple[float, float]:
    """Wall-clock and CPU seconds of `fn()` (everything runs in this process, SQLite included,
    so CPU time is what the work costs even when the shared machine is busy)."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, default=5000)
    parser.add_argument("--responses", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "report.sqlite3"
        url = f"sqlite:///{path}"
        started = time.perf_counter()
        rows = populate(url, args.participants, args.responses)
        print(f"populated in {time.perf_counter() - started:.1f} s: {args.participants} participants, "
              f"{args.responses} responses, {rows} answer rows")
        app = create_app({"SECRET_KEY": "bench-secret", "DATABASE_URL": url, "AUTH": "header",
                          "NOW": lambda: NOW, "CATALOGUE_SYNC_ON_START": False, "CONTENT": str(ROOT / "content"),
                          "DATABASE_AUTO_UPGRADE": False})
        client = app.test_client()
        headers = {"X-Remote-User": ADMIN}
        bare = sqlite3.connect(path)

        def page():
            response = client.get("/admin/report", headers=headers)
            assert response.status_code == 200, response.status_code
            assert "Måluppfyllelse" in response.get_data(as_text=True)

        def xlsx():
            response = client.get("/admin/report?format=xlsx", headers=headers)
            assert response.status_code == 200 and response.data[:2] == b"PK"

        def aggregate():
            assert bare.execute(BARE_SQL).fetchall()

        page()  # warm: the programme file loaded once, templates compiled
        times = {"bare": [], "page": [], "xlsx": []}
        for _ in range(args.repeat):
            times["bare"].append(timed(aggregate))
            times["page"].append(timed(page))
            times["xlsx"].append(timed(xlsx))
        wall = {k: statistics.median(w for w, _ in v) for k, v in times.items()}
        cpu = {k: statistics.median(c for _, c in v) for k, v in times.items()}
        print(machine(), f"load average {os.getloadavg()[0]:.1f}")
        print(f"{'':38s} {'wall':>8s} {'CPU':>8s}  ratio to bare (wall, CPU)")
        for key, label in (("bare", "bare SQL aggregation of the answers"), ("page", "report page (GET /admin/report)"),
                           ("xlsx", "report XLSX (?format=xlsx)")):
            print(f"{label:38s} {wall[key] * 1000:6.0f} ms {cpu[key] * 1000:6.0f} ms  "
                  f"{wall[key] / wall['bare']:.2f}x, {cpu[key] / cpu['bare']:.2f}x")
        print("target: the page within 3x of the bare aggregation and under 2 s")

if __name__ == "__main__":
    main()
