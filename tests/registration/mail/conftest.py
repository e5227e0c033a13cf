"""Fixtures for mail tests: a real SMTP server on loopback, an app wired to it, a movable clock."""
from __future__ import annotations

import itertools
import os

import pytest

from registration import create_app
from smtp_catcher import MailCatcher
from tests.fixed_clock import Clock



@pytest.fixture
def smtp_server():
    """A running SMTP server on 127.0.0.1 collecting every message it accepts."""
    catcher = MailCatcher()
    catcher.start()
    yield catcher
    catcher.stop()


@pytest.fixture
def clock() -> Clock:
    return Clock()


def make_mail_app(database_url: str, smtp_url: str, clock: Clock, tmp_path, **overrides):
    """The real service app on `database_url`, sending to `smtp_url`, on the test clock."""
    config = {
        "TESTING": True, "SECRET_KEY": "test-secret", "DATABASE_URL": database_url,
        "SMTP_URL": smtp_url, "SERVICE_URL": "https://kurser.kommun.example/anmalan",
        "MAIL_FROM": "Kursportal <kursportal@kommun.example>", "NOW": clock,
        "CATALOGUE_SYNC_ON_START": False, "DATABASE_AUTO_UPGRADE": False,
        "OUTBOX_RETRY_SECONDS": 60,
        "OUTBOX_LEASE_SECONDS": 120,
    }
    config.update(overrides)
    app = create_app(config)
    app.instance_path = str(tmp_path / "instance")
    return app


@pytest.fixture(name="make_mail_app")
def make_mail_app_fixture():
    """`make_mail_app` for tests that need an app with their own settings.

    A fixture rather than an import: test modules importing `conftest` get
    whichever conftest pytest loaded under that name first.
    """
    return make_mail_app


_names = itertools.count()


@pytest.fixture
def database_url(request, sqlite_url):
    """SQLite unless a test asks for PostgreSQL too:
    ``@pytest.mark.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)``.

    Overrides the suite-wide fixture (which runs everything on both) to keep mail tests fast;
    the root `db` and `make` fixtures then work on this same database.
    """
    if getattr(request, "param", "sqlite") == "sqlite":
        yield sqlite_url
        return
    server = request.getfixturevalue("postgres_server")
    template = request.getfixturevalue("_postgres_template")
    name = f"mail_{os.getpid()}_{next(_names)}"
    server.admin(f"CREATE DATABASE {name} TEMPLATE {template}")
    yield server.url(name)
    server.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def mail_app(database_url, smtp_server, clock, tmp_path):
    """The service on the test's database, mailing the loopback SMTP server."""
    return make_mail_app(database_url, smtp_server.url, clock, tmp_path)
