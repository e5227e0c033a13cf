"""The core commands an administrator runs: db upgrade, catalogue sync, directory import, deadlines."""
from pathlib import Path

from sqlalchemy import func, select

from registration.db import get_engine, make_session_factory
from registration.models import Person, SessionRecord

ROOT = Path(__file__).resolve().parents[3]


def count(app, model, *where):
    with make_session_factory(get_engine(app))() as db:
        return db.scalar(select(func.count()).select_from(model).where(*where))


def test_a_fresh_service_is_set_up_from_the_command_line(app):
    runner = app.test_cli_runner()
    assert "up to date" in runner.invoke(args=["db", "upgrade"]).output
    synced = runner.invoke(args=["catalogue", "sync", "--content", str(ROOT / "content")])
    assert synced.exit_code == 0 and "sessions added" in synced.output
    assert count(app, SessionRecord) > 0
    imported = runner.invoke(args=["directory", "import", str(ROOT / "demo" / "staff.csv")])
    assert imported.exit_code == 0, imported.output
    assert imported.output.startswith("39 created")
    assert count(app, Person, Person.active.is_(True)) == count(app, Person) == 39
    deadlines = app.test_cli_runner().invoke(args=["deadlines"])
    assert deadlines.exit_code == 0 and "0 expired" in deadlines.output


def test_a_directory_file_with_problems_fails_the_command_and_lists_them(app, tmp_path):
    runner = app.test_cli_runner()
    runner.invoke(args=["catalogue", "sync", "--content", str(ROOT / "content")])
    bad = tmp_path / "staff.csv"
    bad.write_text("email,name,organisation,unit,manager_email,roles\n"
                   "nope,Anna,karlstad-afs,U,,employee\n", encoding="utf-8")
    result = runner.invoke(args=["directory", "import", str(bad)])
    assert result.exit_code != 0 and "line 2: bad e-mail address" in result.output
    assert count(app, Person) == 0


def test_importing_before_any_sync_explains_what_to_do(app):
    result = app.test_cli_runner().invoke(args=["directory", "import", str(ROOT / "demo" / "staff.csv")])
    assert result.exit_code != 0 and "catalogue sync" in result.output
