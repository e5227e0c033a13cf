"""The database layer: migrations to every head, SQLite settings, and time stored as UTC."""
import multiprocessing
from datetime import datetime, timezone

import pytest
from sqlalchemy import inspect, text

from registration.db import make_engine, make_session_factory, upgrade
from registration.models import Base, Organisation, Person


def test_upgrade_creates_every_table_of_every_branch_and_is_repeatable(empty_database_url):
    upgrade(empty_database_url)
    upgrade(empty_database_url)
    engine = make_engine(empty_database_url)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert set(Base.metadata.tables) <= tables


def _upgrade(url):
    upgrade(url)


def test_several_processes_starting_at_once_migrate_once(empty_database_url):
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_upgrade, args=(empty_database_url,)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0]
    engine = make_engine(empty_database_url)
    with engine.connect() as connection:
        heads = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    engine.dispose()
    assert "0001_initial" not in heads and len(heads) == len(set(heads)) >= 1


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(sqlite_url):
    engine = make_engine(sqlite_url)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 30000
    engine.dispose()


def test_sqlite_transactions_take_the_write_lock_at_begin(sqlite_url):
    import sqlite3

    engine = make_engine(sqlite_url)
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))  # a read alone already holds the write lock
        other = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), timeout=0)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()
    engine.dispose()


def test_times_come_back_aware_in_utc_and_naive_times_are_refused(db):
    db.add(Organisation(id="org", name="Org", short_name="O"))
    stockholm = datetime.fromisoformat("2027-02-03T09:00:00+01:00")
    person = Person(email="A@Org.Example", name="A", organisation_id="org", updated_at=stockholm)
    db.add(person)
    db.commit()
    db.expire_all()
    assert person.updated_at == stockholm and person.updated_at.tzinfo == timezone.utc
    assert person.email == "a@org.example"
    person.updated_at = datetime(2027, 2, 3, 9, 0)
    with pytest.raises(Exception, match="naive datetime"):
        db.commit()
    db.rollback()


def test_the_database_refuses_a_negative_seat_count(db, make):
    from sqlalchemy.exc import IntegrityError

    session = make.session()
    session.seats_taken = -1
    with pytest.raises(IntegrityError):
        db.commit()
    db.rollback()


def test_the_migrations_create_exactly_what_the_models_describe(engine):
    # A model changed without a migration (or the reverse) shows up here.
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_a_read_only_session_neither_waits_for_nor_blocks_a_writer(sqlite_url):
    from registration.db import make_read_session_factory

    engine = make_engine(sqlite_url)
    writer = make_session_factory(engine)()
    reader = make_read_session_factory(engine)()
    writer.add(Organisation(id="org", name="Före", short_name="F"))
    writer.commit()
    assert reader.get(Organisation, "org").name == "Före"  # reader's transaction is open now
    writer.get(Organisation, "org").name = "Efter"
    writer.commit()  # not blocked by the open read
    assert reader.get(Organisation, "org", populate_existing=True).name == "Före"  # its snapshot
    reader.rollback()
    reader.expire_all()
    assert reader.get(Organisation, "org").name == "Efter"
    reader.close()
    writer.close()
    engine.dispose()


def test_a_fresh_sqlite_file_switches_to_wal_even_while_another_process_writes(tmp_path):
    # SQLite refuses the switch to WAL at once while another connection writes;
    # several service processes starting together on a new file hit exactly that.
    import sqlite3
    import threading

    path = tmp_path / "fresh.sqlite3"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("CREATE TABLE t (x)")
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO t VALUES (1)")
    threading.Timer(0.3, lambda: other.execute("COMMIT")).start()
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    engine.dispose()
    other.close()
