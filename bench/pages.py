"""Benchmark the pages that grow with the programme against the bare query behind each, same run.

    .venv/bin/python bench/pages.py [--requests 10000] [--repeat 7] [--postgres]

Data (fixed seed, one fresh database migrated with the real migrations): the
demo programme's organisations and courses, `--requests` requests by about
`--requests`/3 staff under managers of 200 each, on 300 sessions (two thirds
finished, with attendance marks and some partial minutes, one in 37 cancelled;
the rest upcoming, with waiting lists), in every state (confirmed, provisional,
waiting, declined with a reason, cancelled before and after the deadline), and
a course evaluation from every fifth participant of a finished session.

Pages, each as its user through the Flask test client (the whole request:
sign-in, queries, rendering), `--repeat` times after one warm-up, alternating
with its bare query (SQL text on the app's own engine: the least the page must
read):

- staff: GET /manager/staff as a manager of 200 (page 1, 50 rows)
  - bare: that manager's staff's requests with person and session, 50 rows, and their count;
- sessions: GET /admin/ (every session with its counts, first page)
  - bare: sessions joined with courses and the count of requests per session and state;
- enrolments: GET /admin/enrolments (the filter form and its choices)
  - bare: the choices (courses, sessions, organisations, units);
- figures: GET /admin/figures (every figure, the charts, the no-show rates)
  - bare: requests per session, organisation and state, and marks per request and status;
- report: GET /admin/report (the funder's report)
  - bare: the answers per survey, question and answer, and present marks per organisation.

Prints per page the median and p95 of wall time, the median CPU time, the
bare query's median, the ratio page/bare (CPU) and SQL statements per page
view; target: every page's median at most 100 ms (wall) at 10,000 requests.
Everything runs in one process (SQLite in-process too), so on a shared machine
CPU time is the fairer figure; PostgreSQL (`--postgres`) runs in its own server.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, insert, text  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402

from bench.support.machine import machine  # noqa: E402
from catalogue import load_catalogue  # noqa: E402
from registration import create_app  # noqa: E402
from registration.db import make_engine, upgrade  # noqa: E402
from registration.models import CourseRecord, Organisation, Person, Request, SessionRecord  # noqa: E402
from registration.models.attendance import AttendanceMark  # noqa: E402
from registration.models.evaluations import EvaluationAnswer, EvaluationInvitation, EvaluationResponse  # noqa: E402

NOW = datetime(2027, 6, 1, 9, 0, tzinfo=timezone.utc)
SESSIONS = 300
STAFF_PER_MANAGER = 200
ADMIN = "kursadmin@kommun.example"
MANAGER = "chef1@kommun.example"
TARGET_MS = 100
FIRST = ["Åsa", "Örjan", "Märta", "Élise", "Björn", "Karin", "Jöns", "Lena", "Anders", "Sofie"]
LAST = ["Åberg", "Öhman", "Lindqvist", "Sjöström", "Bäckström", "Ek", "Nyström", "Häll"]
SCALE = ["yes-absolutely"] * 5 + ["yes-somewhat"] * 3 + ["no-hardly", "no-not-at-all", "dont-know"]

# The least each page must read, in plain SQL (both backends).
BARE = {
    "staff": ["""SELECT r.id, r.state, r.requested_at, p.id, p.name, s.id, s.meetings, c.title
FROM requests r JOIN people p ON p.id = r.person_id JOIN sessions s ON s.id = r.session_id
JOIN courses c ON c.slug = s.course_slug
WHERE p.manager_id = :manager AND r.person_id != :manager
ORDER BY p.name, r.requested_at DESC, r.id LIMIT 50""",
              """SELECT count(*) FROM requests r JOIN people p ON p.id = r.person_id
WHERE p.manager_id = :manager AND r.person_id != :manager"""],
    "sessions": ["""SELECT s.id, s.starts_at, s.capacity, s.status, c.title, c.organisations
FROM sessions s JOIN courses c ON c.slug = s.course_slug ORDER BY s.starts_at, s.id""",
                 """SELECT session_id, state, count(*) FROM requests
WHERE state IN ('provisional', 'confirmed', 'waiting', 'waiting_approved') GROUP BY session_id, state"""],
    "enrolments": ["SELECT slug, title FROM courses ORDER BY title",
                   "SELECT id FROM sessions ORDER BY starts_at, id",
                   "SELECT id, name FROM organisations ORDER BY name",
                   "SELECT DISTINCT unit FROM people WHERE unit != '' ORDER BY unit"],
    "figures": ["""SELECT r.session_id, r.organisation_id, r.state, count(*) FROM requests r
GROUP BY r.session_id, r.organisation_id, r.state""",
                """SELECT request_id, status, count(*) FROM attendance GROUP BY request_id, status"""],
    "report": ["""SELECT r.form, a.question_id, a.value, count(*)
FROM evaluation_answers a JOIN evaluation_responses r ON r.id = a.response_id
GROUP BY r.form, a.question_id, a.value""",
               """SELECT q.organisation_id, count(*), sum(m.minutes) FROM attendance m
JOIN requests q ON q.id = m.request_id WHERE m.status = 'present' GROUP BY q.organisation_id"""],
}
PAGES = {"staff": ("/manager/staff", MANAGER, "Medarbetarnas anmälningar"),
         "sessions": ("/admin/", ADMIN, "Kurstillfällen"),
         "enrolments": ("/admin/enrolments", ADMIN, "Export av anmälningar"),
         "figures": ("/admin/figures", ADMIN, "Nyckeltal"),
         "report": ("/admin/report", ADMIN, "Rapport till finansiären")}


def populate(url: str, requests_wanted: int) -> dict[str, int]:
    """Fill a migrated database (fixed seed); return the row counts."""
    upgrade(url)
    catalogue = load_catalogue(ROOT / "content")
    programme = catalogue.programme
    rng = random.Random(14)
    orgs = list(programme.hourly_costs)
    courses = list(catalogue.courses)
    staff_count = max(requests_wanted // 3, STAFF_PER_MANAGER)
    managers = -(-staff_count // STAFF_PER_MANAGER)
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(insert(Organisation), [{"id": o, "name": o, "short_name": o.upper()} for o in orgs])
        people = [{"id": 1, "email": ADMIN, "name": "Kurs Admin", "organisation_id": orgs[0], "unit": "Kansli",
                   "manager_id": None, "is_employee": True, "is_manager": False, "is_admin": True,
                   "language": None, "active": True, "updated_at": NOW}]
        for m in range(managers):
            people.append({"id": 2 + m, "email": f"chef{m + 1}@kommun.example", "name": f"Chef {m + 1}",
                           "organisation_id": orgs[m % len(orgs)], "unit": f"Enhet {m}", "manager_id": None,
                           "is_employee": True, "is_manager": True, "is_admin": False, "language": None,
                           "active": True, "updated_at": NOW})
        first_staff = 2 + managers
        for i in range(staff_count):
            m = i % managers
            people.append({"id": first_staff + i, "email": f"p{i}@kommun.example",
                           "name": f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}",
                           "organisation_id": orgs[m % len(orgs)], "unit": f"Enhet {m}", "manager_id": 2 + m,
                           "is_employee": True, "is_manager": False, "is_admin": False, "language": None,
                           "active": rng.random() > 0.03, "updated_at": NOW,
                           "gender": rng.choice(["woman", "woman", "man", "non-binary", None]),
                           "employee_number": f"{100000 + i}"})
        conn.execute(insert(Person), people)
        conn.execute(insert(CourseRecord), [
            {"slug": c.slug, "title": c.title, "kind": c.kind, "prerequisites": [], "organisations": None,
             "updated_at": NOW} for c in courses])
        sessions = []
        for s in range(SESSIONS):
            course = courses[s % len(courses)]
            # Two thirds finished before NOW, the rest to come.
            start = NOW - timedelta(days=240) + timedelta(hours=23 * s)
            count = rng.randint(1, 3)
            meetings = [{"start": (start + timedelta(days=7 * k)).isoformat(),
                         "end": (start + timedelta(days=7 * k, hours=3)).isoformat(), "place": "Sal"}
                        for k in range(count)]
            sessions.append({"id": f"{course.slug}-{s}", "course_slug": course.slug, "kind": course.kind,
                             "capacity": 30, "deadline": (start - timedelta(days=14)).date(),
                             "reserved": {orgs[s % len(orgs)]: 5} if s % 5 == 0 else {},
                             "reserved_until": None, "starts_at": start,
                             "ends_at": start + timedelta(days=7 * (count - 1), hours=3), "meetings": meetings,
                             "status": "cancelled" if s % 37 == 0 else "open", "seats_taken": 0, "sequence": 0,
                             "updated_at": NOW})
        requests, marks, answered = [], [], []
        taken: dict[str, int] = {}
        live: set[tuple[int, str]] = set()
        while len(requests) < requests_wanted:
            person = people[first_staff - 1 + rng.randrange(staff_count)]  # ids start at 1
            session = sessions[rng.randrange(SESSIONS)]
            key = (person["id"], session["course_slug"])
            if key in live:
                continue
            finished = session["ends_at"] <= NOW
            roll = rng.random()
            seated = taken.get(session["id"], 0)
            if roll < 0.08:
                state = "declined"
            elif roll < 0.18:
                state = "cancelled"
            elif seated >= session["capacity"]:
                state = "waiting_approved" if finished or roll < 0.5 else "waiting"
            else:
                state = "provisional" if not finished and roll < 0.25 else "confirmed"
            if state in ("confirmed", "provisional", "waiting", "waiting_approved"):
                live.add(key)
            if state in ("confirmed", "provisional"):
                taken[session["id"]] = seated + 1
            asked = session["starts_at"] - timedelta(days=rng.randint(15, 60))
            rid = len(requests) + 1
            cancelled_at = (session["starts_at"] - timedelta(days=rng.choice([2, 20])) if state == "cancelled"
                            else None)
            requests.append({"id": rid, "person_id": person["id"], "session_id": session["id"],
                             "course_slug": session["course_slug"], "organisation_id": person["organisation_id"],
                             "state": state, "message": "", "requested_at": asked,
                             "decided_at": asked + timedelta(days=1) if state != "provisional" else None,
                             "decline_reason": "Verksamheten medger inte" if state == "declined" else None,
                             "ended_at": cancelled_at})
            if state == "confirmed" and finished and session["status"] == "open":
                present_any = False
                for k in range(len(session["meetings"])):
                    status = rng.choices(["present", "absent", "excused"], [88, 8, 4])[0]
                    present_any |= status == "present"
                    marks.append({"request_id": rid, "person_id": person["id"], "session_id": session["id"],
                                  "meeting": k, "status": status, "marked_at": NOW,
                                  "minutes": 120 if status == "present" and rng.random() < 0.1 else None})
                if present_any and rng.random() < 0.2:
                    answered.append((person, session))
        for session in sessions:
            session["seats_taken"] = taken.get(session["id"], 0)
        conn.execute(insert(SessionRecord), [{k: v for k, v in s.items() if k != "kind"} for s in sessions])
        conn.execute(insert(Request), requests)
        conn.execute(insert(AttendanceMark), marks)
        invitations, responses, answers = [], [], []
        for n, (person, session) in enumerate(answered):
            invitations.append({"form": "evaluation", "session_id": session["id"], "person_id": person["id"],
                                "unit": person["unit"], "organisation_id": person["organisation_id"],
                                "invited_at": NOW, "reminders_sent": 0, "answered": True,
                                "nonce": f"{rng.getrandbits(64):016x}"})
            rid = f"{rng.getrandbits(128):032x}"
            responses.append({"id": rid, "form": "evaluation", "session_id": session["id"],
                              "course": session["course_slug"], "course_kind": session["kind"],
                              "organisation_id": person["organisation_id"], "unit": person["unit"],
                              "gender": None, "phase": None})
            for question in programme.questions_for("evaluation", session["kind"]):
                if question.kind == "text":
                    if rng.random() < 0.2:
                        answers.append({"response_id": rid, "question_id": question.id, "value": None,
                                        "text": f"Kommentar {n} om kursen"})
                elif question.kind == "scale":
                    answers.append({"response_id": rid, "question_id": question.id, "value": rng.choice(SCALE),
                                    "text": None})
                else:
                    for choice in rng.sample(question.answer_ids,
                                             rng.randint(1, 2) if question.multiple else 1):
                        answers.append({"response_id": rid, "question_id": question.id, "value": choice,
                                        "text": None})
        if invitations:
            conn.execute(insert(EvaluationInvitation), invitations)
            conn.execute(insert(EvaluationResponse), responses)
            conn.execute(insert(EvaluationAnswer), answers)
    engine.dispose()
    return {"people": len(people), "sessions": SESSIONS, "requests": len(requests), "marks": len(marks),
            "responses": len(responses), "answers": len(answers)}


def timed(fn) -> tuple[float, float]:
    """Wall-clock and CPU seconds of `fn()`."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


class StatementCounter:
    """Counts the SQL statements every engine runs (the app's, and the exports' reading engine)."""

    def __init__(self):
        self.count = 0
        event.listen(Engine, "before_cursor_execute", self._one)

    def _one(self, *args):
        self.count += 1


def run(url: str, requests_wanted: int, repeat: int, only: list[str]) -> None:
    started = time.perf_counter()
    counts = populate(url, requests_wanted)
    print(f"populated in {time.perf_counter() - started:.1f} s: "
          + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
    app = create_app({"SECRET_KEY": "bench-secret", "DATABASE_URL": url, "AUTH": "header",
                      "NOW": lambda: NOW, "CATALOGUE_SYNC_ON_START": False, "CONTENT": str(ROOT / "content"),
                      "DATABASE_AUTO_UPGRADE": False})
    client = app.test_client()
    engine = make_engine(url)
    bare_conn = engine.connect()
    counter = StatementCounter()

    def page(name):
        path, user, words = PAGES[name]

        def get():
            response = client.get(path, headers={"X-Remote-User": user})
            assert response.status_code == 200, (path, response.status_code)
            assert words in response.get_data(as_text=True), (path, words)
        return get

    def bare(name):
        def query():
            for sql in BARE[name]:
                bare_conn.execute(text(sql), {"manager": 2}).fetchall()
        return query

    print(machine(), f"load average {os.getloadavg()[0]:.1f}", url.split(":")[0])
    print(f"{'page':11s} {'median':>8s} {'p95':>8s} {'CPU':>8s} {'bare':>8s} {'bare CPU':>8s} "
          f"{'ratio':>6s} {'SQL':>4s}  target <= {TARGET_MS} ms")
    for name in only:
        page(name)()  # warm: templates compiled, the programme file loaded
        bare(name)()
        before = counter.count
        page(name)()
        statements = counter.count - before
        times = {"page": [], "bare": []}
        for _ in range(repeat):
            times["bare"].append(timed(bare(name)))
            times["page"].append(timed(page(name)))
        wall = [w for w, _ in times["page"]]
        med = statistics.median(wall)
        cpu = statistics.median(c for _, c in times["page"])
        bare_wall = statistics.median(w for w, _ in times["bare"])
        bare_cpu = statistics.median(c for _, c in times["bare"])
        ratio = cpu / bare_cpu if bare_cpu else float("inf")
        print(f"{name:11s} {med * 1000:6.1f}ms {p95(wall) * 1000:6.1f}ms {cpu * 1000:6.1f}ms "
              f"{bare_wall * 1000:6.1f}ms {bare_cpu * 1000:6.1f}ms {ratio:5.1f}x {statements:4d}  "
              f"{'met' if med * 1000 <= TARGET_MS else 'MISSED'}")
    bare_conn.close()
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL (a server of its own) instead of SQLite")
    parser.add_argument("--only", nargs="+", choices=list(PAGES), default=list(PAGES))
    args = parser.parse_args()
    if args.postgres:
        from tests.pgserver import start_postgres

        server = start_postgres()
        try:
            server.admin("CREATE DATABASE pages")
            run(server.url("pages"), args.requests, args.repeat, args.only)
        finally:
            server.stop()
        return
    with tempfile.TemporaryDirectory() as work:
        run(f"sqlite:///{Path(work) / 'pages.sqlite3'}", args.requests, args.repeat, args.only)


if __name__ == "__main__":
    main()
