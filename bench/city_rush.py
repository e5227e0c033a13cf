"""Registration opens for a large city (issue #14 item 4): 10,000 employees request places on
100 sessions at once, over HTTP, on PostgreSQL, under gunicorn with 4 sync workers.

Before the clock starts every employee opens a request page (header sign-on): that gives
each one a session cookie and a CSRF token, as a browser that had the page open would
have. Then `--clients` threads POST one request per employee, each for a session drawn
at random (fixed seed), as fast as the service answers. Afterwards, straight from the
database: every employee has exactly one request; no session holds more seats than it
has, and its seat counter equals its seat holders; in every session the seat holders
asked before every waiter, and the queue (requested_at, taken under the session lock)
is in the same order as the rows were written.

    .venv/bin/python bench/city_rush.py                    # 10,000 employees, 100 sessions of 20 seats
    .venv/bin/python bench/city_rush.py --people 1000      # a quick look on a shared machine
"""
from __future__ import annotations

import argparse
import http.client
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.registration_http import CSRF, VENV_BIN, gunicorn  # noqa: E402
from bench.support.machine import machine  # noqa: E402
from bench.support.session_content import write_session_courses  # noqa: E402
from tests.pgserver import start_postgres  # noqa: E402


def make_content(folder: Path, sessions: int, capacity: int) -> list[str]:
    """Write two organisations and `sessions` one-session courses; return the session ids."""
    return write_session_courses(folder, [(f"city-{n}-1", capacity) for n in range(sessions)], "Stadskurs")


def make_staff(path: Path, people: int) -> list[str]:
    """A directory CSV of `people` employees under 50 managers in two organisations; returns their e-mails."""
    rows = ["email,name,organisation,unit,manager_email,roles"]
    for m in range(50):
        rows.append(f"chef{m}@city.example,Chef {m},{'north' if m % 2 else 'south'},Enhet {m},,manager")
    emails = []
    for n in range(people):
        m = n % 50
        emails.append(f"person{n}@city.example")
        rows.append(f"person{n}@city.example,Person {n},{'north' if m % 2 else 'south'},Enhet {m},"
                    f"chef{m}@city.example,employee")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return emails


class Connections(threading.local):
    """One keep-alive connection per client thread."""

    def get(self, port: int) -> http.client.HTTPConnection:
        if getattr(self, "conn", None) is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        return self.conn

    def drop(self) -> None:
        self.conn = None


def open_pages(port: int, emails: list[str], sessions: dict[str, str], clients: int) -> dict:
    """Each employee opens their session's request page; returns email -> (cookie, token)."""
    local = Connections()

    def one(email):
        for attempt in range(3):
            try:
                conn = local.get(port)
                conn.request("GET", f"/sessions/{sessions[email]}/request", headers={"X-Remote-User": email})
                response = conn.getresponse()
                html = response.read().decode()
                match = CSRF.search(html)
                cookie = response.getheader("Set-Cookie", "").split(";")[0]
                if response.status == 200 and match and cookie:
                    return email, (cookie, match.group(1) or match.group(2))
            except (OSError, http.client.HTTPException):
                local.drop()
        raise RuntimeError(f"could not open the request page as {email}")
    with ThreadPoolExecutor(clients) as pool:
        return dict(pool.map(one, emails))


def rush(port: int, credentials: dict, sessions: dict[str, str], clients: int) -> dict:
    """Every employee POSTs their request, `clients` at a time; returns timings and outcomes."""
    local = Connections()

    def one(email):
        cookie, token = credentials[email]
        body = f"csrf_token={urllib.parse.quote(token)}&message="
        started = time.perf_counter()
        try:
            conn = local.get(port)
            conn.request("POST", f"/sessions/{sessions[email]}/request", body=body, headers={
                "X-Remote-User": email, "Cookie": cookie,
                "Content-Type": "application/x-www-form-urlencoded"})
            response = conn.getresponse()
            response.read()
            location = response.getheader("Location", "")
            # Success redirects to "my courses"; a refusal back to the request page.
            ok = response.status in (302, 303) and location.rstrip("/").endswith("/me")
            status = response.status
        except (OSError, http.client.HTTPException) as error:
            local.drop()
            ok, status = False, type(error).__name__
        return time.perf_counter() - started, ok, status

    order = list(credentials)
    random.Random(2).shuffle(order)
    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(one, order))
    wall = time.perf_counter() - start
    latencies = sorted(t for t, _, _ in results)
    failed = [s for _, ok, s in results if not ok]
    return {"wall": wall, "answered": sum(1 for _, _, s in results if isinstance(s, int)),
            "errors": len(failed), "error_kinds": sorted(set(map(str, failed)))[:5],
            "p50": latencies[len(latencies) // 2] * 1000,
            "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000}


def check(database_url: str, people: int) -> dict:
    """Requests stored, overbooking and order, straight from the database."""
    from sqlalchemy import create_engine, text
    engine = create_engine(database_url)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT count(*), count(DISTINCT person_id) FROM requests")).one()
        over = conn.execute(text("""
            SELECT s.id FROM sessions s LEFT JOIN requests r
              ON r.session_id = s.id AND r.state IN ('provisional', 'confirmed')
            GROUP BY s.id, s.capacity, s.seats_taken
            HAVING count(r.id) > s.capacity OR count(r.id) <> s.seats_taken""")).scalars().all()
        # A waiter who asked before a seat holder of the same session: order broken.
        jumped = conn.execute(text("""
            SELECT count(*) FROM requests w JOIN requests h ON h.session_id = w.session_id
            WHERE w.state IN ('waiting', 'waiting_approved') AND h.state IN ('provisional', 'confirmed')
              AND w.requested_at < h.requested_at""")).scalar()
        # The queue order (requested_at, taken under the lock) against the order rows were written.
        disordered = conn.execute(text("""
            SELECT count(*) FROM requests a JOIN requests b ON b.session_id = a.session_id
            WHERE a.id < b.id AND a.requested_at > b.requested_at""")).scalar()
        seats = conn.execute(text("SELECT coalesce(sum(seats_taken), 0) FROM sessions")).scalar()
    engine.dispose()
    return {"stored": stored[0], "people_with_a_request": stored[1], "missing": people - stored[1],
            "overbooked_or_miscounted": over, "waiters_before_holders": jumped,
            "out_of_order_pairs": disordered, "seats_taken": seats}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument("--capacity", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=64)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kursportal-city-"))
    session_ids = make_content(work / "content", args.sessions, args.capacity)
    emails = make_staff(work / "staff.csv", args.people)
    chooser = random.Random(1)
    sessions = {email: chooser.choice(session_ids) for email in emails}
    server = start_postgres(durable=True)
    try:
        server.admin("CREATE DATABASE city")
        url = server.url("city")
        env = {"KURSPORTAL_DATABASE_URL": url, "KURSPORTAL_CONTENT": str(work / "content"),
               "KURSPORTAL_AUTH": "header", "KURSPORTAL_SECRET_KEY": "bench-secret-key-" + "x" * 32,
               "KURSPORTAL_MAIL_DIR": str(work / "mail")}
        subprocess.run([str(VENV_BIN / "flask"), "--app", "registration", "directory", "import",
                        str(work / "staff.csv")], env={**os.environ, **env}, check=True,
                       capture_output=True, cwd=ROOT)
        with gunicorn("registration:create_app()", env, workers=args.workers) as port:
            started = time.perf_counter()
            credentials = open_pages(port, emails, sessions, args.clients)
            opened = time.perf_counter() - started
            result = rush(port, credentials, sessions, args.clients)
        facts = check(url, args.people)
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    ok = (result["errors"] == 0 and result["answered"] == args.people and facts["missing"] == 0
          and not facts["overbooked_or_miscounted"] and facts["waiters_before_holders"] == 0
          and facts["out_of_order_pairs"] == 0)
    print(f"city rush: {args.people} employees, {args.sessions} sessions x {args.capacity} seats, "
          f"PostgreSQL (durable), gunicorn {args.workers} sync workers, {args.clients} client threads; "
          f"{machine()}, load average {os.getloadavg()[0]:.1f}")
    print(f"  request pages opened beforehand in {opened:.1f} s")
    print(f"  rush: {result['wall']:.1f} s ({args.people / result['wall']:.0f} req/s), within a minute: "
          f"{'yes' if result['wall'] <= 60 else 'NO'}; p50 {result['p50']:.0f} ms, p99 {result['p99']:.0f} ms")
    print(f"  answered {result['answered']} of {args.people}, errors {result['errors']} "
          f"{result['error_kinds'] or ''}; stored {facts['stored']} requests "
          f"({facts['missing']} employees without one); seats taken {facts['seats_taken']}")
    print(f"  overbooked or miscounted sessions: {facts['overbooked_or_miscounted'] or 'none'}; "
          f"waiters who asked before a seat holder: {facts['waiters_before_holders']}; "
          f"queue pairs out of write order: {facts['out_of_order_pairs']}")
    if not ok:
        raise SystemExit("city rush: FAILED (see above)")


if __name__ == "__main__":
    main()
