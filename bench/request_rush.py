"""The "registration opens" rush against the workflow function itself, no HTTP.

2,000 employees request one session at the same moment, from several
processes, on SQLite and on PostgreSQL; afterwards the seats are checked
(exactly `capacity` seat holders, everyone else waiting, seats_taken equal to
the holders). The same rush runs against the bare yardstick in
bench/support/registration_baseline.py (lock, count, insert; no ORM, audit or
outbox) in the same run, alternating, so the workflow's cost is a ratio.

    .venv/bin/python bench/request_rush.py [--employees 2000] [--capacity 30]
        [--processes 8] [--runs 3] [--no-postgres]
"""
from __future__ import annotations

import argparse
import multiprocessing
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select  # noqa: E402

from bench.support import registration_baseline as baseline  # noqa: E402
from registration.db import make_engine, make_session_factory, upgrade  # noqa: E402
from registration.models import (  # noqa: E402
    CourseRecord, Organisation, Person, Request, RequestState, SessionRecord,
)

SESSION = "rush-2027-1"
NOW = datetime(2027, 1, 5, 8, 0, tzinfo=timezone.utc)


def seed(url: str, employees: int, capacity: int) -> list[int]:
    """One organisation, a manager, `employees` employees and one open session; returns employee ids."""
    engine = make_engine(url)
    with make_session_factory(engine)() as db:
        db.add(Organisation(id="karlstad-afs", name="Arbetsmarknads- och socialförvaltningen",
                            short_name="ASF"))
        db.add(CourseRecord(slug="mi-grundkurs", title="MI grundkurs", kind="method-course",
                            prerequisites=[], organisations=None))
        db.add(SessionRecord(id=SESSION, course_slug="mi-grundkurs", capacity=capacity,
                             deadline=NOW.date() + timedelta(days=14), reserved={},
                             starts_at=NOW + timedelta(days=30), ends_at=NOW + timedelta(days=30, hours=7),
                             meetings=[], status="open", seats_taken=0, sequence=0))
        db.add(Person(id=1, email="chef@karlstad.example", name="Chef", organisation_id="karlstad-afs",
                      is_manager=True, is_employee=False, active=True))
        db.flush()
        db.execute(insert(Person), [
            {"id": n, "email": f"medarbetare{n}@karlstad.example", "name": f"Medarbetare {n}",
             "organisation_id": "karlstad-afs", "unit": "Enhet", "manager_id": 1,
             "is_employee": True, "is_manager": False, "is_admin": False, "active": True}
            for n in range(2, employees + 2)])
        db.commit()
    engine.dispose()
    return list(range(2, employees + 2))


def _workflow_worker(url, ids, barrier, out):
    from registration.workflow import request_place

    engine = make_engine(url)
    db = make_session_factory(engine)()
    barrier.wait()
    times = []
    for person_id in ids:
        started = time.perf_counter()
        request_place(db, db.get(Person, person_id), SESSION, "", NOW)
        times.append(time.perf_counter() - started)
    end = time.time()
    db.close()
    engine.dispose()
    out.put((end, times))


def _baseline_worker(url, ids, barrier, out):
    conn = baseline.connect(url)
    barrier.wait()
    times = []
    for person_id in ids:
        started = time.perf_counter()
        baseline.request_seat(conn, person_id, SESSION)
        times.append(time.perf_counter() - started)
    end = time.time()
    conn.close()
    out.put((end, times))


def rush(url: str, ids: list[int], processes: int, worker) -> dict:
    """Run one rush; return wall time, req/s and latency percentiles."""
    context = multiprocessing.get_context("fork")
    barrier, out = context.Barrier(processes + 1), context.Queue()
    children = [context.Process(target=worker, args=(url, ids[i::processes], barrier, out))
                for i in range(processes)]
    for child in children:
        child.start()
    barrier.wait()
    start = time.time()
    results = [out.get(timeout=600) for _ in children]
    for child in children:
        child.join()
        if child.exitcode != 0:
            raise SystemExit(f"a worker failed with exit code {child.exitcode}")
    wall = max(end for end, _ in results) - start
    latencies = sorted(t for _, times in results for t in times)
    return {"wall": wall, "rps": len(ids) / wall,
            "p50": latencies[len(latencies) // 2] * 1000,
            "p95": latencies[int(len(latencies) * 0.95)] * 1000}


def check_workflow(url: str, employees: int, capacity: int) -> str:
    """Seats after the rush: exactly `capacity` holders, the rest waiting, counter equal to holders."""
    engine = make_engine(url)
    with make_session_factory(engine)() as db:
        counts = dict(db.execute(select(Request.state, func.count()).group_by(Request.state)).all())
        taken = db.get(SessionRecord, SESSION).seats_taken
    engine.dispose()
    ok = (counts == {RequestState.PROVISIONAL: capacity, RequestState.WAITING: employees - capacity}
          and taken == capacity)
    return "ok" if ok else f"WRONG: {counts}, seats_taken={taken}"


def check_baseline(url: str, employees: int, capacity: int) -> str:
    counts = baseline.count_states(url, SESSION)
    return "ok" if counts == {"seat": capacity, "waiting": employees - capacity} else f"WRONG: {counts}"


class Databases:
    """Fresh databases per run: SQLite files in a temporary folder, PostgreSQL databases on one server."""

    def __init__(self, postgres: bool):
        self.folder = Path(tempfile.mkdtemp(prefix="kursportal-rush-"))
        self.server = None
        self.count = 0
        if postgres:
            from tests.pgserver import start_postgres

            # Durable (fsync on): what a deployment would see.
            self.server = start_postgres(durable=True)

    def fresh(self, backend: str) -> str:
        self.count += 1
        if backend == "sqlite":
            return f"sqlite:///{self.folder / f'rush{self.count}.sqlite3'}"
        name = f"rush{self.count}"
        self.server.admin(f"CREATE DATABASE {name}")
        return self.server.url(name)

    def close(self):
        if self.server:
            self.server.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=2000)
    parser.add_argument("--capacity", type=int, default=30)
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args(argv)
    backends = ["sqlite"] + ([] if args.no_postgres else ["postgresql"])
    databases = Databases(postgres=not args.no_postgres)
    figures: dict[tuple[str, str], list[dict]] = {}
    checks: dict[tuple[str, str], set] = {}
    try:
        for run in range(args.runs):
            for backend in backends:
                # Alternate the variants so machine noise hits both alike.
                for variant in (("workflow", "baseline") if run % 2 == 0 else ("baseline", "workflow")):
                    url = databases.fresh(backend)
                    if variant == "workflow":
                        upgrade(url)
                        ids = seed(url, args.employees, args.capacity)
                        result = rush(url, ids, args.processes, _workflow_worker)
                        check = check_workflow(url, args.employees, args.capacity)
                    else:
                        baseline.create_schema(url, SESSION, args.capacity)
                        ids = list(range(2, args.employees + 2))
                        result = rush(url, ids, args.processes, _baseline_worker)
                        check = check_baseline(url, args.employees, args.capacity)
                    figures.setdefault((backend, variant), []).append(result)
                    checks.setdefault((backend, variant), set()).add(check)
                    print(f"run {run + 1} {backend:10} {variant:8} {result['rps']:8.0f} req/s "
                          f"wall {result['wall']:.2f} s  seats {check}", flush=True)
    finally:
        databases.close()
    print(f"\n{args.employees} employees, one {args.capacity}-seat session, {args.processes} processes, "
          f"median of {args.runs} runs")
    print(f"| backend | variant | req/s | wall s | p50 ms | p95 ms | within a minute | seats |")
    print("|---|---|---|---|---|---|---|---|")
    for (backend, variant), results in figures.items():
        med = {k: statistics.median(r[k] for r in results) for k in results[0]}
        print(f"| {backend} | {variant} | {med['rps']:.0f} | {med['wall']:.2f} | {med['p50']:.1f} | "
              f"{med['p95']:.1f} | {'yes' if med['wall'] < 60 else 'NO'} | "
              f"{', '.join(sorted(checks[(backend, variant)]))} |")
    for backend in backends:
        w = statistics.median(r["rps"] for r in figures[(backend, "workflow")])
        b = statistics.median(r["rps"] for r in figures[(backend, "baseline")])
        print(f"{backend}: workflow at {w / b:.2f}x the bare baseline's throughput")
    if any(c != {"ok"} for c in checks.values()):
        raise SystemExit("seat check failed")


if __name__ == "__main__":
    main()
