"""The health check: is the database reachable, is its schema current, is mail leaving?

    health = check_health(engine, now)
    health.ok, health.as_json()

Cheap: one connection, a `SELECT 1`, the Alembic version rows, and two outbox
counts on indexed columns. Unhealthy (503) when the database cannot be reached,
its migrations are behind the code (or ahead: an older release on a newer
database), or mail has waited longer than `mail.delivery_status.STUCK_AFTER`;
failed deliveries are reported but keep the service up (it still takes
requests; the administrators' page shows them).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from ..db import MIGRATIONS, make_read_session_factory
from ..mail.delivery_status import STUCK_AFTER, outbox_health


@lru_cache(maxsize=1)
def expected_heads() -> frozenset[str]:
    """The Alembic head revisions this code's migrations end in (read once per process)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return frozenset(ScriptDirectory.from_config(config).get_heads())


@dataclass
class Health:
    """The answer of /healthz: `checks` say what was found, `ok` whether all is well."""

    ok: bool = True
    checks: dict = field(default_factory=dict)

    def fail(self, name: str, **facts) -> None:
        self.ok = False
        self.checks[name] = {"ok": False, **facts}

    def as_json(self) -> dict:
        return {"status": "ok" if self.ok else "unhealthy", "checks": self.checks}


def check_health(engine: Engine, now: datetime) -> Health:
    """Check the database, its migrations and the outbox through `engine`."""
    health = Health()
    try:
        # A reading session: on SQLite it never waits for, or holds up, a writer.
        with make_read_session_factory(engine)() as db:
            db.execute(text("SELECT 1"))
            health.checks["database"] = {"ok": True}
            applied = frozenset(db.scalars(text("SELECT version_num FROM alembic_version")))
            expected = expected_heads()
            if applied == expected:
                health.checks["migrations"] = {"ok": True}
            else:
                health.fail("migrations", missing=sorted(expected - applied),
                            unknown=sorted(applied - expected),
                            hint="run: flask --app registration db upgrade")
            outbox = outbox_health(db, now)
            age = outbox.oldest_pending_age
            facts = {"oldest_undelivered_seconds": None if age is None else int(age.total_seconds()),
                     "failed": outbox.failed, "stuck_after_seconds": int(STUCK_AFTER.total_seconds())}
            if outbox.stuck:
                health.fail("mail", **facts)
            else:
                health.checks["mail"] = {"ok": True, **facts}
    except SQLAlchemyError as error:
        health.fail("database", error=type(error).__name__)
    return health
