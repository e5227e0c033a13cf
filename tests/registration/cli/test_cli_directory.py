"""`flask directory import` on real HR exports: the mapping file, --dry-run, and the refusal of a
truncated export (issue #9 item 3, issue #13 item 1)."""
from pathlib import Path

from sqlalchemy import func, select

from registration.db import get_engine, make_session_factory
from registration.models import Person

ROOT = Path(__file__).resolve().parents[3]
MAPPING = """\
columns:
  employee_number: AnstNr
  name: [Förnamn, Efternamn]
  email: E-post
  organisation: Förvaltning
  unit: Org.enhet
  manager_employee_number: Chef AnstNr
values:
  organisation: {AFS: karlstad-afs}
"""
EXPORT = ("AnstNr;Förnamn;Efternamn;E-post;Förvaltning;Org.enhet;Chef AnstNr\r\n"
          "1;Maria;Lindqvist;chef@karlstad.example;AFS;Ledning;\r\n"
          "2;Åsa;Öberg;asa@karlstad.example;AFS;Vuxen;1\r\n")


def active_people(app) -> int:
    with make_session_factory(get_engine(app))() as db:
        return db.scalar(select(func.count()).select_from(Person).where(Person.active))


def test_a_windows_export_with_a_mapping_dry_runs_then_imports(app, tmp_path):
    runner = app.test_cli_runner()
    runner.invoke(args=["catalogue", "sync", "--content", str(ROOT / "content")])
    (tmp_path / "map.yaml").write_text(MAPPING, encoding="utf-8")
    (tmp_path / "hr.csv").write_bytes(EXPORT.encode("cp1252"))
    args = ["directory", "import", str(tmp_path / "hr.csv"), "--mapping", str(tmp_path / "map.yaml")]
    dry = runner.invoke(args=[*args, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "read as windows-1252, delimiter ';'" in dry.output and "New people (2):" in dry.output
    assert active_people(app) == 0
    done = runner.invoke(args=args)
    assert done.exit_code == 0 and done.output.startswith("2 created"), done.output
    empty = tmp_path / "empty.csv"
    empty.write_bytes(EXPORT.splitlines()[0].encode("cp1252") + b"\r\n")
    refused = runner.invoke(args=["directory", "import", str(empty), "--mapping", str(tmp_path / "map.yaml")])
    assert refused.exit_code != 0 and "no data lines" in refused.output
    assert active_people(app) == 2


def test_a_broken_mapping_file_fails_the_command_with_its_problems(app, tmp_path):
    (tmp_path / "map.yaml").write_text("columns:\n  email: E-post\n", encoding="utf-8")
    (tmp_path / "hr.csv").write_text("E-post\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["directory", "import", str(tmp_path / "hr.csv"),
                                               "--mapping", str(tmp_path / "map.yaml")])
    assert result.exit_code != 0 and "columns.name: required" in result.output
