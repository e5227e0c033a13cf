"""Benchmark the registration service over HTTP against a bare baseline, in one run.

Measures, under gunicorn with 2 sync workers on loopback, with wrk as the load:
- POST /sessions/<id>/request (the real endpoint: header sign-in, CSRF, ORM,
  eligibility, seat allocation, audit and outbox rows) on SQLite and PostgreSQL,
  against bench/support/baseline_app.py (bare Flask + sqlite3, BEGIN IMMEDIATE, count,
  insert);
- GET /api/sessions against the baseline's bare JSON view over the same rows;
- the "registration opens" rush: 2,000 employees request one 30-seat session
  at once; seats are checked afterwards.
Prints a table; record it in bench/RESULTS.md. Needs Debian's wrk (installed
when missing) and PostgreSQL (scripts/system-packages.sh).

    .venv/bin/python bench/registration_http.py [--seconds 8] [--clients 32] [--no-postgres]
"""
from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.support.baseline_app import create_schema  # noqa: E402
from bench.support.session_content import write_session_courses  # noqa: E402
from tests.pgserver import free_port, start_postgres  # noqa: E402

VENV_BIN = Path(sys.executable).parent
COURSES, CAPACITY, EMPLOYEES, RUSH_CAPACITY = 50, 20, 2000, 30
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')

POST_LUA = r"""
local lines = {}
for line in io.lines(os.getenv("BENCH_LINES")) do lines[#lines + 1] = line end
local threads = tonumber(os.getenv("BENCH_THREADS"))
local made = 0
function setup(thread) thread:set("offset", made); made = made + 1 end
function init(args) i = offset end
function request()
  local line = lines[(i % #lines) + 1]
  i = i + threads
  local user, cookie, body, path = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)$")
  local headers = {["Content-Type"] = "application/x-www-form-urlencoded"}
  if user ~= "" then headers["X-Remote-User"] = user end
  if cookie ~= "" then headers["Cookie"] = cookie end
  return wrk.format("POST", path, headers, body)
end
"""


def make_content(folder: Path) -> list[str]:
    """Write organisations and COURSES one-session courses plus the rush course; return session ids."""
    sessions = [(f"bench-{n}-1", CAPACITY) for n in range(COURSES)] + [("rush-1", RUSH_CAPACITY)]
    return write_session_courses(folder, sessions, "Benchmarkkurs")


def make_staff(path: Path) -> list[str]:
    """Write a directory CSV of EMPLOYEES employees under two managers and an admin; return employee e-mails."""
    rows = ["email,name,organisation,unit,manager_email,roles",
            "chef.norr@bench.example,Chef Norr,north,Enhet A,,manager",
            "chef.soder@bench.example,Chef Söder,south,Enhet B,,manager",
            "admin@bench.example,Admin,north,Stab,,admin;employee"]
    emails = []
    for n in range(EMPLOYEES):
        email = f"person{n}@bench.example"
        emails.append(email)
        org, manager = ("north", "chef.norr") if n % 2 else ("south", "chef.soder")
        rows.append(f"{email},Person {n},{org},Enhet,{manager}@bench.example,employee")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return emails


@contextlib.contextmanager
def gunicorn(app: str, env: dict[str, str], workers: int = 2, on_start=None):
    """Run `app` under gunicorn with `workers` sync workers; yield its port.

    `on_start(pid)`, when given, is called with the master's pid once it answers.
    """
    port = free_port()
    proc = subprocess.Popen([str(VENV_BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}",
                             "--chdir", str(ROOT), "--log-level", "warning", app],
                            env={**os.environ, **env})
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            with contextlib.suppress(OSError):
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/api/sessions")
                if conn.getresponse().status < 500:
                    break
            time.sleep(0.3)
        else:
            raise RuntimeError(f"{app} did not start")
        if on_start is not None:
            on_start(proc.pid)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def wrk(port: int, path: str, seconds: int, clients: int, lines: Path | None = None) -> dict:
    """Run wrk against 127.0.0.1:port; return requests/s, p50/p99 in ms and error counts."""
    cmd = ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    env = dict(os.environ)
    if lines is not None:
        script = lines.with_suffix(".lua")
        script.write_text(POST_LUA)
        cmd += ["-s", str(script)]
        env.update(BENCH_LINES=str(lines), BENCH_THREADS="2")
    out = subprocess.run([*cmd, f"http://127.0.0.1:{port}{path}"], env=env, check=True,
                         capture_output=True, text=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)

    def percentile(p: str) -> float:
        value, unit = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    return {"rps": rate, "p50": percentile("50"), "p99": percentile("99"), "total": total,
            "bad": int(bad.group(1)) if bad else 0, "socket_errors": errors.group(1) if errors else ""}


def workers_cpu_seconds(master_pid: int) -> float:
    """User + system CPU seconds used so far by the gunicorn master's worker processes."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for task in Path(f"/proc/{master_pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / tick
    return total


def statements_per_post(env: dict[str, str], emails: list[str], session_ids: list[str], count: int = 40) -> dict:
    """POST request-a-place `count` times in this process (Flask test client, the same settings
    as the server, CSRF on); return SQL statements per request (BEGIN/COMMIT left out) and CPU ms."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        from registration import create_app
        app = create_app()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    seen = []
    listener = lambda *a: seen.append(a[2])  # noqa: E731
    cpu = 0.0
    for n, email in enumerate(emails[-count:]):
        client = app.test_client()
        sid = session_ids[n % (len(session_ids) - 1)]
        page = client.get(f"/sessions/{sid}/request", headers={"X-Remote-User": email}).get_data(as_text=True)
        match = CSRF.search(page)
        event.listen(Engine, "before_cursor_execute", listener)
        started = time.process_time()
        response = client.post(f"/sessions/{sid}/request", headers={"X-Remote-User": email},
                               data={"csrf_token": match.group(1) or match.group(2), "message": ""})
        cpu += time.process_time() - started
        event.remove(Engine, "before_cursor_execute", listener)
        if response.status_code not in (302, 303):
            raise RuntimeError(f"in-process POST answered {response.status_code}")
    sql = [s for s in seen if not re.match(r"\s*(BEGIN|COMMIT|ROLLBACK)", s, re.I)]
    return {"statements": len(sql) / count, "round_trips": len(seen) / count, "cpu_ms": cpu * 1000 / count}


def sign_in_all(port: int, emails: list[str], session_id: str) -> dict[str, tuple[str, str]]:
    """GET the request page as each person (header sign-on); return their cookie and CSRF token."""
    def one(email):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", f"/sessions/{session_id}/request", headers={"X-Remote-User": email})
        response = conn.getresponse()
        html = response.read().decode()
        cookie = response.getheader("Set-Cookie", "").split(";")[0]
        match = CSRF.search(html)
        if response.status != 200 or not match or not cookie:
            raise RuntimeError(f"could not open the request page as {email}: {response.status}")
        return email, (cookie, match.group(1) or match.group(2))
    with ThreadPoolExecutor(16) as pool:
        return dict(pool.map(one, emails))


def post_lines(path: Path, credentials: dict, session_ids: list[str]) -> Path:
    """Write one wrk line per (person, session), shuffled, for the real endpoint."""
    lines = [f"{email}\t{cookie}\tcsrf_token={urllib.parse.quote(token)}&message=\t/sessions/{sid}/request"
             for email, (cookie, token) in credentials.items() for sid in session_ids]
    random.Random(1).shuffle(lines)
    path.write_text("\n".join(lines) + "\n")
    return path


def rush(port: int, credentials: dict) -> tuple[float, int]:
    """Every employee requests rush-1 at once (32 threads); return seconds and failures."""
    def one(item):
        email, (cookie, token) = item
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        body = f"csrf_token={urllib.parse.quote(token)}&message="
        conn.request("POST", "/sessions/rush-1/request", body=body, headers={
            "X-Remote-User": email, "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
        return conn.getresponse().status in (302, 303)
    start = time.perf_counter()
    with ThreadPoolExecutor(32) as pool:
        results = list(pool.map(one, credentials.items()))
    return time.perf_counter() - start, results.count(False)


def seat_check(database_url: str) -> dict:
    """Count seat holders and waiting requests per session straight from the database."""
    from sqlalchemy import create_engine, text
    engine = create_engine(database_url)
    with engine.connect() as conn:
        rows = conn.execute(text("""
            SELECT s.id, s.capacity, s.seats_taken,
                   sum(CASE WHEN r.state IN ('provisional', 'confirmed') THEN 1 ELSE 0 END),
                   sum(CASE WHEN r.state IN ('waiting', 'waiting_approved') THEN 1 ELSE 0 END),
                   count(r.id)
            FROM sessions s LEFT JOIN requests r ON r.session_id = s.id GROUP BY s.id, s.capacity, s.seats_taken
        """)).all()
    engine.dispose()
    over = [r[0] for r in rows if (r[3] or 0) > r[1] or (r[3] or 0) != r[2]]
    rush_row = next(r for r in rows if r[0] == "rush-1")
    return {"overbooked_or_miscounted": over, "requests": sum(r[5] for r in rows),
            "rush_seats": rush_row[3] or 0, "rush_waiting": rush_row[4] or 0}


def run_service(backend: str, database_url: str, work: Path, emails, session_ids, args) -> dict:
    env = {"KURSPORTAL_DATABASE_URL": database_url, "KURSPORTAL_CONTENT": str(work / "content"),
           "KURSPORTAL_AUTH": "header", "KURSPORTAL_SECRET_KEY": "bench-secret-key-" + "x" * 32,
           "KURSPORTAL_MAIL_DIR": str(work / f"mail-{backend}")}
    # Migrate, sync and load the staff once, before the workers start.
    subprocess.run([str(VENV_BIN / "flask"), "--app", "registration", "directory", "import",
                    str(work / "staff.csv")], env={**os.environ, **env}, check=True, capture_output=True,
                   cwd=ROOT)
    result = {}
    master = []
    with gunicorn("registration:create_app()", env, on_start=master.append) as port:
        # The last 40 employees are kept for the in-process count (statements, CPU).
        credentials = sign_in_all(port, emails[:-40], session_ids[0])
        cpu_before = workers_cpu_seconds(master[0])
        result["post"] = wrk(port, "/", args.seconds, args.clients,
                             post_lines(work / f"lines-{backend}.txt", credentials, session_ids[:-1]))
        result["post"]["worker_cpu_ms"] = ((workers_cpu_seconds(master[0]) - cpu_before) * 1000
                                           / max(result["post"]["total"], 1))
        result["api"] = wrk(port, "/api/sessions", args.seconds, args.clients)
        result["rush_seconds"], result["rush_failures"] = rush(port, credentials)
        result["rush_count"] = len(credentials)
    result["cost"] = statements_per_post(env, emails, session_ids)
    result["check"] = seat_check(database_url)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
    work = Path(tempfile.mkdtemp(prefix="kursportal-bench-"))
    session_ids = make_content(work / "content")
    emails = make_staff(work / "staff.csv")
    results = {}

    baseline_db = work / "baseline.sqlite3"
    create_schema(str(baseline_db), [(sid, CAPACITY) for sid in session_ids])
    with gunicorn("bench.support.baseline_app:app", {"BASELINE_DB": str(baseline_db)}) as port:
        lines = [f"\t\tperson={e}&session={sid}\t/request" for e in emails[:1000] for sid in session_ids[:-1]]
        random.Random(1).shuffle(lines)
        (work / "lines-baseline.txt").write_text("\n".join(lines) + "\n")
        results["baseline"] = {"post": wrk(port, "/", args.seconds, args.clients, work / "lines-baseline.txt"),
                               "api": wrk(port, "/api/sessions", args.seconds, args.clients)}

    results["sqlite"] = run_service("sqlite", f"sqlite:///{work / 'kursportal.sqlite3'}", work, emails,
                                    session_ids, args)
    if not args.no_postgres:
        server = start_postgres(durable=True)
        try:
            server.admin("CREATE DATABASE bench")
            results["postgresql"] = run_service("postgresql", server.url("bench"), work, emails,
                                                session_ids, args)
        finally:
            server.stop()
    report(results, args)
    shutil.rmtree(work, ignore_errors=True)


def report(results: dict, args) -> None:
    base = results["baseline"]
    print(f"registration HTTP benchmark: gunicorn 2 sync workers, wrk {args.clients} connections, "
          f"{args.seconds} s per run, {os.cpu_count()} cores")
    print(f"{'what':44} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>7}")
    print(f"{'baseline POST (sqlite3, BEGIN IMMEDIATE)':44} {base['post']['rps']:8.0f} "
          f"{base['post']['p50']:8.1f} {base['post']['p99']:8.1f} {'1.00':>7}")
    print(f"{'baseline GET /api/sessions':44} {base['api']['rps']:8.0f} "
          f"{base['api']['p50']:8.1f} {base['api']['p99']:8.1f} {'1.00':>7}")
    for backend in ("sqlite", "postgresql"):
        if backend not in results:
            continue
        r = results[backend]
        for key, label, ref in (("post", "POST /sessions/<id>/request", base["post"]),
                                ("api", "GET /api/sessions", base["api"])):
            m = r[key]
            print(f"{label + ' (' + backend + ')':44} {m['rps']:8.0f} {m['p50']:8.1f} {m['p99']:8.1f} "
                  f"{m['rps'] / ref['rps']:7.2f}   non-2xx/3xx: {m['bad']}")
        cost = r["cost"]
        print(f"  {backend}: POST costs {cost['statements']:.1f} SQL statements per request "
              f"({cost['round_trips']:.1f} with BEGIN/COMMIT; target <= 8), {cost['cpu_ms']:.2f} ms CPU "
              f"in-process; {r['post']['worker_cpu_ms']:.2f} ms worker CPU per request under wrk")
        c = r["check"]
        print(f"  {backend}: rush of {r['rush_count']} requests for {RUSH_CAPACITY} seats in "
              f"{r['rush_seconds']:.1f} s ({r['rush_count'] / r['rush_seconds']:.0f}/s), failures {r['rush_failures']}; "
              f"seats {c['rush_seats']}, waiting {c['rush_waiting']}; "
              f"sessions overbooked or miscounted: {c['overbooked_or_miscounted'] or 'none'}")


if __name__ == "__main__":
    main()
