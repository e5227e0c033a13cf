"""What is left on disk after a purge: on SQLite, deleted rows stay in free pages and in the
write-ahead log until the file is rebuilt.

    report = reclaim_space(engine)   # None on PostgreSQL (autovacuum; see docs/service.md)

`reclaim_space` checkpoints the WAL into the database file, rebuilds the file
(VACUUM: only live rows are written to the new file) and truncates the WAL to
nothing, so a purged name is gone from `kursportal.sqlite3` and its `-wal`.
It waits for the write lock like any writer (busy timeout) and holds it for the
rebuild, a second or two for a typical programme.
"""
from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass

from sqlalchemy.engine import Engine


@dataclass(frozen=True)
class Reclaimed:
    """The database file's size (with its -wal) before and after."""

    before: int
    after: int

    def __str__(self) -> str:
        return (f"Database file rebuilt (VACUUM) so deleted data is gone from disk: "
                f"{self.before:,} -> {self.after:,} bytes.")


def _size(path: str) -> int:
    return sum(os.path.getsize(p) for p in (path, f"{path}-wal") if os.path.exists(p))


def reclaim_space(engine: Engine) -> Reclaimed | None:
    """VACUUM a SQLite database and empty its WAL; None (nothing done) for other databases."""
    if engine.dialect.name != "sqlite" or not engine.url.database:
        return None
    path = engine.url.database
    before = _size(path)
    engine.dispose()  # pooled connections would hold the WAL open at the checkpoint
    # VACUUM cannot run inside a transaction, and the engine's connections always begin
    # one (BEGIN IMMEDIATE): a plain autocommit connection of the sqlite3 module.
    connection = sqlite3.connect(path, isolation_level=None, timeout=30)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("VACUUM")
        # VACUUM writes the new pages through the WAL; move them in and cut the log to 0 bytes.
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
    return Reclaimed(before, _size(path))
