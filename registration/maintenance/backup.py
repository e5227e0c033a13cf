"""Backups of the database: `flask --app registration db backup FILE`.

    report = backup_sqlite(engine, Path("kursportal-2027-01-05.sqlite3"))

SQLite: SQLite's online backup API copies the database page by page into a
temporary file beside FILE, in one step, so the copy is one consistent
snapshot even while the service writes (in WAL mode writers go on meanwhile;
what they commit after the snapshot began is not in it). The copy is then
checked (`PRAGMA integrity_check`) and renamed to FILE, so FILE is never half
written. Restore: stop the service, copy FILE over the database file (delete
any old -wal and -shm beside it), start the service.

PostgreSQL: `pg_dump` is the tool; `postgres_commands(url, file)` gives the
dump and restore commands, which the command prints (see docs/service.md).
"""
from __future__ import annotations

import os
import shlex
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, Engine, make_url


class BackupError(RuntimeError):
    """The backup could not be made; nothing was written at the target."""


@dataclass(frozen=True)
class BackupReport:
    """Where the copy is, how big, and that SQLite found it whole."""

    path: Path
    size: int
    integrity: str

    def __str__(self) -> str:
        return f"Backed up to {self.path} ({self.size:,} bytes, integrity_check: {self.integrity})."


def backup_sqlite(engine: Engine, target: Path) -> BackupReport:
    """Copy the SQLite database of `engine` to `target` as one consistent snapshot."""
    source_path = engine.url.database
    if engine.dialect.name != "sqlite" or not source_path or source_path == ":memory:":
        raise BackupError("backup_sqlite needs a SQLite database file")
    target = Path(target).resolve()
    if target == Path(source_path).resolve():
        raise BackupError("the backup cannot overwrite the database itself")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(source_path, timeout=30)  # only read: the backup writes nothing here
    try:
        copy = sqlite3.connect(partial)
        try:
            # pages=-1: the whole database in one step, i.e. from one read snapshot.
            source.backup(copy, pages=-1)
            copy.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
            integrity = copy.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            copy.close()
    except sqlite3.Error as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"the backup failed: {error}") from error
    finally:
        source.close()
    if integrity != "ok":
        partial.unlink(missing_ok=True)
        raise BackupError(f"the copy failed its integrity check: {integrity}")
    os.replace(partial, target)
    return BackupReport(target, target.stat().st_size, integrity)


DATED_NAME = "kursportal-*.sqlite3"


def prune_backups(folder: Path, keep: int) -> list[Path]:
    """Delete the oldest dated backups in `folder` so that `keep` remain; return what was deleted.

    Only files named like the folder form of `db backup` (kursportal-YYYY-MM-DDTHHMMZ.sqlite3)
    are counted; their names sort by time, so nothing else in the folder is touched.
    """
    if keep < 1:
        raise BackupError("keep at least one backup")
    dated = sorted(path for path in Path(folder).glob(DATED_NAME) if path.is_file())
    old = dated[:-keep]
    for path in old:
        path.unlink()
    return old


def postgres_commands(url: str, target: Path) -> tuple[str, str]:
    """The pg_dump command that writes `target`, and the pg_restore command that restores it.

    The password is left out of both (pg_dump reads it from ~/.pgpass or PGPASSWORD).
    """
    given = make_url(url)
    plain = URL.create("postgresql", username=given.username, host=given.host, port=given.port,
                       database=given.database, query=given.query).render_as_string()
    dump = f"pg_dump --format=custom --no-owner --file={shlex.quote(str(target))} {shlex.quote(plain)}"
    restore = (f"pg_restore --clean --if-exists --no-owner --single-transaction "
               f"--dbname={shlex.quote(plain)} {shlex.quote(str(target))}")
    return dump, restore
