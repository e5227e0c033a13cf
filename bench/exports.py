"""Benchmark the exports against bare-library baselines writing the same rows, in the same run.

    .venv/bin/python bench/exports.py [--rows 100000] [--repeat 3] [--pdf-rows 500]

1. Enrolments to CSV: ours (SQLAlchemy query -> tables.enrolments -> csv_writer)
   against the csv module writing the rows of the same SQL read with sqlite3.
   Target: within 2x, the database query included on both sides.
2. Enrolments to XLSX: ours against bare xlsxwriter (constant_memory,
   write_row) writing the same rows. Target: within 1.5x.
3. A 500-participant PDF sign-in sheet: ours (query + pdf_sheet) against a
   bare reportlab table of the same rows. Target: within 3x.
4. Memory: peak RSS and tracemalloc peak of our CSV and XLSX exports at 10k
   and 100k rows, each in a fresh process. Target: flat (not 10x).

Times are medians of --repeat runs; ratios are what matter, the machine is shared.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from bench.support.machine import machine  # noqa: E402

from registration.db import make_engine, make_session_factory, upgrade  # noqa: E402
from registration.exports import csv_writer, xlsx_writer  # noqa: E402
from registration.exports.reading import make_reading_engine  # noqa: E402
from registration.exports.pdf_sheet import write_sign_in_sheet  # noqa: E402
from registration.exports.tables import EnrolmentFilter, enrolments, sign_in_sheet  # noqa: E402
from registration.models import (  # noqa: E402
    CourseRecord, Organisation, Person, Request, SessionRecord,
)

ZONE = ZoneInfo("Europe/Stockholm")
COURSES = 100
REQUESTS_PER_PERSON = 5
FIRST = ["Åsa", "Örjan", "Märta", "Élise", "Björn", "Karin", "Jöns", "Lena", "Anders", "Sofie"]
LAST = ["Åberg", "Öhman", "Lindqvist", "Sjöström", "Bäckström", "Ek", "Nyström", "Häll"]
STATES = ["confirmed"] * 6 + ["provisional", "waiting", "declined", "cancelled"]
ORGS = ["karlstad-afs", "karlstad-bou", "kristinehamn-ifo", "kristinehamn-amv"]


def populate(url: str, rows: int, pdf_rows: int) -> None:
    """Fill a migrated database with `rows` requests over 100 courses (one session each).

    One extra session, `pdf-session`, holds `pdf_rows` confirmed participants.
    """
    upgrade(url)
    engine = make_engine(url)
    rng = random.Random(42)
    now = datetime(2027, 1, 5, 9, tzinfo=timezone.utc)
    people = rows // REQUESTS_PER_PERSON
    with engine.begin() as conn:
        conn.execute(insert(Organisation), [
            {"id": o, "name": f"Förvaltning {o}", "short_name": o.upper()} for o in ORGS])
        conn.execute(insert(Person), [
            {"id": i, "email": f"p{i}@kommun.example", "name": f"{rng.choice(FIRST)} "
             f"{rng.choice(LAST)} {i}", "organisation_id": ORGS[i % 4], "unit": f"Enhet {i % 17}",
             "manager_id": None, "is_employee": True, "is_manager": False, "is_admin": False,
             "language": None, "active": True, "updated_at": now}
            for i in range(1, max(people, pdf_rows) + 1)])
        conn.execute(insert(CourseRecord), [
            {"slug": f"kurs-{c}", "title": f"Kurs nummer {c} – fördjupning", "kind": "seminar",
             "prerequisites": [], "organisations": None, "updated_at": now}
            for c in range(COURSES + 1)])
        sessions = []
        for c in range(COURSES + 1):
            start = datetime(2027, 2, 1, 8, tzinfo=timezone.utc) + timedelta(days=c)
            sessions.append({
                "id": f"kurs-{c}-1" if c < COURSES else "pdf-session", "course_slug": f"kurs-{c}",
                "capacity": 10_000, "deadline": date(2027, 1, 20), "reserved": {},
                "reserved_until": None, "starts_at": start, "ends_at": start + timedelta(hours=7),
                "meetings": [{"start": start.isoformat(),
                              "end": (start + timedelta(hours=7)).isoformat(),
                              "place": "Karlstad, Stadshuset, sal 3"}],
                "status": "open", "seats_taken": 0, "sequence": 0, "updated_at": now})
        conn.execute(insert(SessionRecord), sessions)
        batch = []
        for n in range(rows):
            person = n // REQUESTS_PER_PERSON + 1
            course = (person * 7 + n % REQUESTS_PER_PERSON * 13) % COURSES
            state = rng.choice(STATES)
            batch.append({
                "person_id": person, "session_id": f"kurs-{course}-1", "course_slug": f"kurs-{course}",
                "organisation_id": ORGS[person % 4], "state": state, "message": "",
                "decline_reason": "Verksamheten tillåter inte" if state == "declined" else None,
                "requested_at": now - timedelta(minutes=n), "decided_at": now if state in (
                    "confirmed", "declined") else None, "decided_by_id": None, "ended_at": None})
            if len(batch) == 20_000:
                conn.execute(insert(Request), batch)
                batch = []
        batch += [{"person_id": p, "session_id": "pdf-session", "course_slug": f"kurs-{COURSES}",
                   "organisation_id": ORGS[p % 4], "state": "confirmed", "message": "",
                   "decline_reason": None, "requested_at": now + timedelta(seconds=p),
                   "decided_at": now, "decided_by_id": None, "ended_at": None}
                  for p in range(1, pdf_rows + 1)]
        conn.execute(insert(Request), batch)
    engine.dispose()


# The same rows as tables.enrolments, as one hand-written SQL statement.
BASELINE_SQL = """
SELECT c.slug, c.title, s.id, s.starts_at, p.name, p.email, o.short_name, p.unit, m.name,
       r.state, r.requested_at, r.decided_at, r.decline_reason
FROM requests r JOIN sessions s ON s.id = r.session_id JOIN courses c ON c.slug = s.course_slug
JOIN people p ON p.id = r.person_id JOIN organisations o ON o.id = p.organisation_id
LEFT JOIN people m ON m.id = p.manager_id
ORDER BY s.starts_at, s.id, r.requested_at, r.id
"""


def ours_csv(url: str, out: Path) -> None:
    engine = make_reading_engine(url)  # what the admin pages and CLI use
    with make_session_factory(engine)() as db:
        table = enrolments(db, EnrolmentFilter(), ZONE)
        with out.open("wb") as handle:
            csv_writer.write_csv(table.headers, table.rows, handle, ";")
    engine.dispose()


def baseline_csv(path: str, out: Path) -> None:
    conn = sqlite3.connect(path)
    with out.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["h"] * 13)
        writer.writerows(conn.execute(BASELINE_SQL))
    conn.close()


def ours_xlsx(url: str, out: Path) -> None:
    engine = make_reading_engine(url)  # what the admin pages and CLI use
    with make_session_factory(engine)() as db:
        table = enrolments(db, EnrolmentFilter(), ZONE)
        xlsx_writer.write_xlsx(table.headers, table.rows, out)
    engine.dispose()


def baseline_xlsx(path: str, out: Path) -> None:
    import xlsxwriter

    conn = sqlite3.connect(path)
    workbook = xlsxwriter.Workbook(str(out), {"constant_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["h"] * 13)
    for number, row in enumerate(conn.execute(BASELINE_SQL), start=1):
        sheet.write_row(number, 0, row)
    workbook.close()
    conn.close()


def ours_pdf(url: str, out: Path) -> None:
    engine = make_reading_engine(url)  # what the admin pages and CLI use
    with make_session_factory(engine)() as db:
        sheet = sign_in_sheet(db, "pdf-session", "Kompetensutveckling i socialtjänsten", ZONE)
        write_sign_in_sheet(sheet, str(out))
    engine.dispose()


def baseline_pdf(path: str, out: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate, Table

    conn = sqlite3.connect(path)
    rows = [[str(n), name, org, unit, ""] for n, (name, org, unit) in enumerate(conn.execute(
        "SELECT p.name, o.short_name, p.unit FROM requests r JOIN people p ON p.id = r.person_id "
        "JOIN organisations o ON o.id = p.organisation_id WHERE r.session_id = 'pdf-session' "
        "ORDER BY r.requested_at, r.id"), start=1)]
    conn.close()
    doc = SimpleDocTemplate(str(out), pagesize=A4)
    doc.build([Table([["#", "Name", "Organisation", "Unit", "Signature"]] + rows, repeatRows=1)])


def timed_pair(ours, base, ours_args, base_args, repeat: int) -> dict[str, float]:
    """Median wall and CPU times of ours and the baseline, alternating the two runs.

    CPU time (process_time) is what the ratios use: on a machine shared with
    other work, wall time swings by 2x between identical runs, CPU time far less.
    """
    samples: dict[str, list[float]] = {"ours_wall": [], "ours_cpu": [], "base_wall": [],
                                       "base_cpu": []}
    for _ in range(repeat):
        for name, function, args in (("base", base, base_args), ("ours", ours, ours_args)):
            wall, cpu = time.perf_counter(), time.process_time()
            function(*args)
            samples[f"{name}_wall"].append(time.perf_counter() - wall)
            samples[f"{name}_cpu"].append(time.process_time() - cpu)
    return {key: statistics.median(values) for key, values in samples.items()}


def load() -> str:
    """The 1-minute load average (other work on the machine skews absolute times)."""
    return f"{os.getloadavg()[0]:.1f}"


def _status_mib(field: str) -> float:
    """A VmRSS/VmHWM figure of this process from /proc, in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def child_memory(kind: str, url: str, out: str) -> None:
    """Run one export in this (fresh) process and print its memory figures as JSON.

    Everything is imported before measuring, so the RSS growth is the export's own.
    """
    import openpyxl  # noqa: F401  (imported by nothing here, but keep the baseline honest)

    before = _status_mib("VmRSS")
    tracemalloc.start()
    (ours_csv if kind == "csv" else ours_xlsx)(url, Path(out))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(json.dumps({"tracemalloc_peak_mib": peak / 2**20,
                      "peak_rss_mib": _status_mib("VmHWM"),
                      "rss_growth_mib": _status_mib("VmHWM") - before}))


def memory(kind: str, url: str, out: Path) -> dict:
    result = subprocess.run([sys.executable, __file__, "--child", kind, url, str(out)],
                            check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--small-rows", type=int, default=10_000)
    parser.add_argument("--pdf-rows", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=3, metavar=("KIND", "URL", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_memory(*args.child)
        return

    work = Path(tempfile.mkdtemp(prefix="bench-exports-"))
    big, small = work / "big.sqlite3", work / "small.sqlite3"
    print(f"# exports benchmark {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {machine()}, "
          f"load {load()}")
    start = time.perf_counter()
    populate(f"sqlite:///{big}", args.rows, args.pdf_rows)
    populate(f"sqlite:///{small}", args.small_rows, args.pdf_rows)
    print(f"populated {args.rows:,} + {args.small_rows:,} requests in "
          f"{time.perf_counter() - start:.1f} s")

    url = f"sqlite:///{big}"
    for label, ours, base, target, repeat in (
        ("CSV, %d rows" % args.rows, ours_csv, baseline_csv, 2.0, args.repeat + 2),
        ("XLSX, %d rows" % args.rows, ours_xlsx, baseline_xlsx, 1.5, args.repeat),
        ("PDF, %d participants" % args.pdf_rows, ours_pdf, baseline_pdf, 3.0, args.repeat + 2),
    ):
        t = timed_pair(ours, base, (url, work / "ours.out"), (str(big), work / "base.out"), repeat)
        ratio = t["ours_cpu"] / t["base_cpu"]
        print(f"{label:24} CPU ours {t['ours_cpu']:6.3f} s, baseline {t['base_cpu']:6.3f} s: "
              f"ratio {ratio:4.2f} (target <= {target}) {'OK' if ratio <= target else 'MISSED'}"
              f" | wall {t['ours_wall']:6.3f} s / {t['base_wall']:6.3f} s = "
              f"{t['ours_wall'] / t['base_wall']:4.2f}")

    for kind in ("csv", "xlsx"):
        low = memory(kind, f"sqlite:///{small}", work / f"mem-small.{kind}")
        high = memory(kind, url, work / f"mem-big.{kind}")
        print(f"memory {kind:4} {args.small_rows:>7,} rows: peak RSS {low['peak_rss_mib']:6.1f} MiB "
              f"(+{low['rss_growth_mib']:.1f} during export), traced peak "
              f"{low['tracemalloc_peak_mib']:.1f} MiB")
        print(f"memory {kind:4} {args.rows:>7,} rows: peak RSS {high['peak_rss_mib']:6.1f} MiB "
              f"(+{high['rss_growth_mib']:.1f} during export), traced peak "
              f"{high['tracemalloc_peak_mib']:.1f} MiB")
    print(f"load at the end {load()}")
    for path in work.iterdir():
        path.unlink()
    work.rmdir()


if __name__ == "__main__":
    main()
