"""`flask export attendance|enrolments` writes the same files as the admin pages."""
import csv
import io

from openpyxl import load_workbook
from pypdf import PdfReader

from registration.workflow import request_place


def run(app, *args):
    return app.test_cli_runner().invoke(args=["export", *args])


def test_attendance_list_in_every_format(app, cast, site_db, clock, tmp_path):
    for person in (cast.employee, cast.colleague):
        request_place(site_db, person, cast.session.id, "", clock.now)
    out = tmp_path / "lista.csv"
    result = run(app, "attendance", cast.session.id, "--format", "csv", "-o", str(out),
                 "--delimiter", ";")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig")), delimiter=";"))
    assert [r[1] for r in rows] == ["Namn", "Eva Medarbetare", "Carl Kollega"]
    result = run(app, "attendance", cast.session.id, "--format", "xlsx", "-o",
                 str(tmp_path / "l.xlsx"))
    assert result.exit_code == 0 and "(2 rows)" in result.output
    assert load_workbook(tmp_path / "l.xlsx").active.max_row == 3
    result = run(app, "attendance", cast.session.id, "--format", "pdf", "-o",
                 str(tmp_path / "l.pdf"), "--lang", "en")
    assert result.exit_code == 0
    assert "Carl Kollega" in PdfReader(tmp_path / "l.pdf").pages[0].extract_text()


def test_unknown_session_and_bad_delimiter_are_clear_errors(app, cast, tmp_path):
    result = run(app, "attendance", "finns-inte", "--format", "csv", "-o", str(tmp_path / "x"))
    assert result.exit_code != 0 and "finns-inte" in result.output
    result = run(app, "attendance", cast.session.id, "--format", "csv", "-o",
                 str(tmp_path / "x"), "--delimiter", "|")
    assert result.exit_code != 0 and "--delimiter" in result.output


def test_enrolments_with_filters(app, cast, site_db, clock, tmp_path):
    for person in (cast.employee, cast.colleague, cast.other_employee, cast.deputy):
        request_place(site_db, person, cast.session.id, "", clock.now)
    out = tmp_path / "e.csv"
    result = run(app, "enrolments", "--state", "waiting", "--state", "waiting_approved",
                 "--from", "2027-02-01", "--to", "2027-02-28", "--format", "csv", "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"))))
    assert [r[4] for r in rows[1:]] == ["Dana Ersättare"]
    result = run(app, "enrolments", "--from", "2027-03-01", "--format", "xlsx", "-o",
                 str(tmp_path / "e.xlsx"))
    assert result.exit_code == 0 and "(0 rows)" in result.output
    result = run(app, "enrolments", "--course", cast.session.course_slug, "--format", "csv",
                 "-o", "-")
    assert result.exit_code == 0 and result.output.count("\n") == 5


def test_a_period_ending_before_it_starts_is_refused_by_every_export_and_writes_nothing(app, cast, tmp_path):
    for command, fmt in (("enrolments", "csv"), ("decisions", "csv"), ("costs", "csv"),
                         ("funder-report", "xlsx")):
        for period in (["--from", "2027-03-01", "--to", "2027-02-01"],
                       ["--to", "2027-02-01", "--from", "2027-03-01"]):
            out = tmp_path / f"{command}.{fmt}"
            result = run(app, command, *period, "--format", fmt, "-o", str(out))
            assert result.exit_code == 2, (command, result.output)
            assert "the last day is before the first" in result.output, command
            assert not out.exists(), command
