"""`flask db backup FILE` (issue #13 item 5): a consistent copy while the service writes,
restorable, with every request acknowledged before the backup began."""
from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from datetime import timedelta
from pathlib import Path

from registration.maintenance.backup import postgres_commands
from registration.db import get_engine, make_session_factory
from registration.models import Person
from registration.workflow import request_place
from tests.builders import make_app

WRITERS = 4
PEOPLE = 160


def test_a_backup_taken_during_a_rush_restores_whole_with_every_acknowledged_request(
        app, build, clock, tmp_path):
    manager = build.manager()
    people = [build.employee(manager).id for _ in range(PEOPLE)]
    session = build.session(capacity=PEOPLE // 2)  # half get seats, half the waiting list
    factory = make_session_factory(get_engine(app))
    acknowledged: list[int] = []
    lock = threading.Lock()
    errors: list[BaseException] = []

    def rush(ids):
        with factory() as db:
            for person_id in ids:
                try:
                    made = request_place(db, db.get(Person, person_id), session.id, "", clock.now)
                except BaseException as error:  # noqa: BLE001 - reported by the test
                    errors.append(error)
                    return
                with lock:
                    acknowledged.append(made.id)  # committed: the requester got an answer

    threads = [threading.Thread(target=rush, args=(people[i::WRITERS],)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    while len(acknowledged) < PEOPLE // 4 and any(t.is_alive() for t in threads):
        time.sleep(0.005)
    with lock:
        before = list(acknowledged)
    target = tmp_path / "backups" / "kursportal.sqlite3"
    result = app.test_cli_runner().invoke(args=["db", "backup", str(target)])
    during = len(acknowledged) - len(before)
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert result.exit_code == 0, result.output
    assert "integrity_check: ok" in result.output
    assert len(acknowledged) == PEOPLE
    assert len(before) < PEOPLE, "the backup began before the rush was over"
    print(f"{len(before)} acknowledged before the backup, {during} while it ran")

    # Restore: the copy becomes another service's database file.
    restored = tmp_path / "restored" / "kursportal.sqlite3"
    restored.parent.mkdir()
    shutil.copyfile(target, restored)
    with sqlite3.connect(restored) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ids = {row[0] for row in copy.execute("SELECT id FROM requests")}
        seats_taken = copy.execute("SELECT seats_taken FROM sessions WHERE id = ?",
                                   (session.id,)).fetchone()[0]
        holding = copy.execute("SELECT count(*) FROM requests WHERE state IN "
                               "('provisional', 'confirmed')").fetchone()[0]
    assert set(before) <= ids
    assert seats_taken == holding  # one snapshot: the seat counter agrees with the rows
    service = make_app(f"sqlite:///{restored}", clock, tmp_path / "restored")
    health = service.test_client().get("/healthz")
    assert health.status_code == 200, health.get_json()


def test_a_folder_as_target_gets_a_dated_file(app, tmp_path, clock):
    folder = tmp_path / "backups"
    folder.mkdir()
    result = app.test_cli_runner().invoke(args=["db", "backup", str(folder)])
    assert result.exit_code == 0, result.output
    made = folder / f"kursportal-{clock.now:%Y-%m-%dT%H%MZ}.sqlite3"
    assert [p.name for p in folder.iterdir()] == [made.name]
    with sqlite3.connect(made) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_backup_never_overwrites_the_database_itself(app, sqlite_url):
    result = app.test_cli_runner().invoke(args=["db", "backup", sqlite_url.removeprefix("sqlite:///")])
    assert result.exit_code != 0 and "cannot overwrite the database" in result.output


def test_postgresql_gets_the_pg_dump_and_restore_commands_without_the_password():
    dump, restore = postgres_commands("postgresql+psycopg://kp:hemligt@db.kommun.example:5432/kursportal",
                                      Path("/var/backups/kp.dump"))
    assert dump == ("pg_dump --format=custom --no-owner --file=/var/backups/kp.dump "
                    "postgresql://kp@db.kommun.example:5432/kursportal")
    assert restore.startswith("pg_restore --clean --if-exists --no-owner --single-transaction "
                              "--dbname=postgresql://kp@db.kommun.example:5432/kursportal")
    assert "hemligt" not in dump + restore


def test_a_timer_keeps_only_the_newest_backups_in_its_folder(app, tmp_path, clock):
    folder = tmp_path / "backups"  # not there yet: the trailing slash says it is a folder
    unrelated = []
    for day in range(3):
        result = app.test_cli_runner().invoke(args=["db", "backup", f"{folder}/", "--keep", "2"])
        assert result.exit_code == 0, result.output
        if day == 0:
            unrelated = [folder / "README", folder / "kursportal-handmade.dump"]
            for path in unrelated:
                path.write_text("kept", encoding="utf-8")
        clock.advance(days=1)
    dated = sorted(p.name for p in folder.glob("kursportal-*.sqlite3"))
    assert dated == [f"kursportal-{clock.now - timedelta(days=d):%Y-%m-%dT%H%MZ}.sqlite3" for d in (2, 1)]
    assert "Deleted the older backup" in result.output
    assert all(path.read_text(encoding="utf-8") == "kept" for path in unrelated)


def test_keep_needs_a_folder(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["db", "backup", str(tmp_path / "one.sqlite3"), "--keep", "3"])
    assert result.exit_code == 2 and "--keep needs a folder" in result.output
    assert not (tmp_path / "one.sqlite3").exists()
