"""Export commands: `flask --app registration export attendance|enrolments|funder-report|decisions|costs`.

    flask --app registration export attendance SESSION_ID --format pdf -o lista.pdf
    flask --app registration export attendance SESSION_ID --format pdf --filled -o narvaro.pdf
    flask --app registration export enrolments --organisation karlstad-afs \
        --from 2027-01-01 --to 2027-06-30 --state confirmed --format xlsx -o anmalningar.xlsx
    flask --app registration export funder-report --from 2026-09-01 --to 2027-06-30 \
        --format xlsx -o rapport.xlsx
    flask --app registration export decisions --from 2027-01-01 --to 2027-06-30 \
        --unit Vuxen --format csv -o beslut.csv
    flask --app registration export costs --from 2027-01-01 --to 2027-06-30 --format xlsx -o kostnader.xlsx

`-o -` writes to standard output (CSV only makes sense there). Rows stream
from the database to the file; the database is read without holding the
SQLite write lock, so exports may run while the service takes sign-ups.
"""
from __future__ import annotations

import sys
from contextlib import contextmanager

import click
from flask import current_app
from flask.cli import AppGroup

from .. import clock
from ..exports import ExportError
from ..exports.csv_writer import write_csv
from ..exports.pdf_sheet import write_sign_in_sheet
from ..exports.reading import reading_session
from ..exports.tables import STATES, EnrolmentFilter, attendance_list, enrolments, sign_in_sheet
from ..exports.xlsx_writer import write_xlsx

export = AppGroup("export", help="Export attendance lists, enrolments and the funder's report.")

DELIMITERS = {",": ",", ";": ";", "comma": ",", "semicolon": ";"}


@contextmanager
def _output(path: str):
    if path == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
    else:
        with open(path, "wb") as handle:
            yield handle


def _delimiter(value: str) -> str:
    try:
        return DELIMITERS[value]
    except KeyError:
        raise click.BadParameter("use ',' or ';'", param_hint="--delimiter") from None


def output_options(*formats: str, delimiter: bool = True, lang_help: str | None = None):
    """The options every export shares: --format (one of `formats`), -o, --delimiter, --lang."""
    def add(command):
        options = [
            click.option("--format", "fmt", type=click.Choice(list(formats)), required=True),
            click.option("-o", "--output", required=True, help="File to write, or - for standard output."),
        ]
        if delimiter:
            options.append(click.option("--delimiter", default=",", show_default=True,
                                        callback=lambda ctx, param, value: _delimiter(value),
                                        help="CSV separator: ',' or ';'."))
        options.append(click.option("--lang", type=click.Choice(["sv", "en"]), default="sv",
                                    show_default=True, help=lang_help))
        for option in reversed(options):
            command = option(command)
        return command
    return add


def period_options(what: str, required: bool = False):
    """--from/--to as dates (`starts_from`, `starts_to`: date or None); a --to before --from is refused."""
    def check_order(ctx, param, value):
        day = value.date() if value else None
        first = ctx.params.get("starts_from")
        if day and first and day < first:
            raise click.BadParameter("the last day is before the first", param_hint="--to")
        return day

    def add(command):
        command = click.option("--to", "starts_to", type=click.DateTime(["%Y-%m-%d"]), required=required,
                               callback=check_order,
                               help=f"{what} on or before this day (YYYY-MM-DD).")(command)
        return click.option("--from", "starts_from", type=click.DateTime(["%Y-%m-%d"]),
                            required=required, is_eager=True,
                            callback=lambda ctx, param, value: value.date() if value else None,
                            help=f"{what} on or after this day (YYYY-MM-DD).")(command)
    return add


@contextmanager
def _reading():
    """A read-only database session for one export; an ExportError becomes the command's error."""
    db = reading_session(current_app)
    try:
        yield db
    except ExportError as error:
        raise click.ClickException(str(error)) from None
    finally:
        db.close()


@export.command("attendance")
@click.argument("session_id")
@output_options("csv", "xlsx", "pdf")
@click.option("--waiting", is_flag=True, help="Add the waiting list after the seat holders.")
@click.option("--filled", is_flag=True,
              help="PDF only: print the marks from the register instead of boxes to sign in.")
def attendance_command(session_id, fmt, output, delimiter, lang, waiting, filled):
    """Write the attendance list of SESSION_ID (PDF: the printable sign-in sheet).

    CSV and XLSX have one column per meeting once the register has marks.
    """
    zone = clock.programme_zone()
    with _reading() as db:
        if fmt == "pdf":
            sheet = sign_in_sheet(db, session_id, current_app.config["PROGRAMME_NAME"], zone,
                                  filled=filled, lang=lang)
            with _output(output) as handle:
                count = write_sign_in_sheet(sheet, handle, lang)
        else:
            table = attendance_list(db, session_id, zone, lang, include_waiting=waiting)
            count = _write_table(table, fmt, output, delimiter)
    _report(output, count)


@export.command("enrolments")
@click.option("--course", help="Course slug.")
@click.option("--session", "session_id", help="Session id.")
@click.option("--organisation", help="Organisation id (the requester's).")
@click.option("--unit", help="Unit name, exactly as in the staff directory.")
@period_options("Sessions starting")
@click.option("--state", "states", multiple=True, type=click.Choice(STATES),
              help="Request state; repeat for several. Default: every state.")
@output_options("csv", "xlsx")
def enrolments_command(course, session_id, organisation, unit, starts_from, starts_to, states,
                       fmt, output, delimiter, lang):
    """Write every request matching the filters, one row each."""
    filters = EnrolmentFilter(course=course, session=session_id, organisation=organisation,
                              unit=unit, starts_from=starts_from, starts_to=starts_to, states=states)
    with _reading() as db:
        count = _write_table(enrolments(db, filters, clock.programme_zone(), lang), fmt, output, delimiter)
    _report(output, count)


@export.command("funder-report")
@period_options("Sessions starting")
@click.option("--organisation", help="Organisation id: only its participants and answers.")
@output_options("xlsx", "pdf", delimiter=False,
                lang_help="Language of the sheets after `Mål` (which is always Swedish).")
def funder_report_command(starts_from, starts_to, organisation, fmt, output, lang):
    """Write the funder's report: the goal table (sheet `Mål`) and the funder's tables."""
    from ..config import completion_min_meetings
    from ..content import loaded_catalogue
    from ..charts.xlsx import chart_sheet_writer
    from ..exports.report_charts import report_charts
    from ..exports.report_pdf import write_report_pdf
    from ..exports.report_tables import report_sheets
    from ..exports.xlsx_writer import write_workbook
    from ..queries.report import ReportFilter, funder_report

    catalogue = loaded_catalogue(current_app)
    if catalogue is None or catalogue.programme is None:
        raise click.ClickException(
            f"No usable programme file in {current_app.config['CONTENT']} (programme.yaml): "
            "run `flask --app registration catalogue sync` to see its problems.")
    filters = ReportFilter(starts_from, starts_to, organisation or None)
    with _reading() as db:
        report = funder_report(db, catalogue, filters, now=clock.now(), zone=clock.programme_zone(),
                               min_meetings=completion_min_meetings(current_app.config),
                               min_answers=int(current_app.config["MIN_ANSWERS"]), lang=lang)
    with _output(output) as handle:
        if fmt == "xlsx":
            write_workbook(report_sheets(report, lang), handle,
                           chart_sheet_writer(report_charts(report, lang).all))
        else:
            write_report_pdf(report, handle, lang)
    _report(output, len(report.goals))


@export.command("decisions")
@period_options("Decisions made")
@click.option("--unit", help="The requester's unit, exactly as in the staff directory.")
@output_options("csv", "xlsx")
def decisions_command(starts_from, starts_to, unit, fmt, output, delimiter, lang):
    """Write every approval decision: who decided, on whose behalf, when, a decline's reason."""
    from ..exports.decision_table import decision_table
    from ..queries.decisions import decisions

    with _reading() as db:
        found = decisions(db, starts_from, starts_to, clock.programme_zone(), unit or None)
    _write_table(decision_table(found, lang), fmt, output, delimiter)
    _report(output, len(found))


@export.command("costs")
@period_options("Sessions whose first meeting is", required=True)
@click.option("--organisation", help="Only this organisation's lines (its id).")
@output_options("csv", "xlsx")
def costs_command(starts_from, starts_to, organisation, fmt, output, delimiter, lang):
    """Write the cost split: per session and organisation, the seats behind each amount (for invoicing)."""
    from ..content import loaded_catalogue
    from ..exports.cost_table import cost_table
    from ..queries.costs import cost_rows

    catalogue = loaded_catalogue(current_app)
    if catalogue is None:
        raise click.ClickException("content/ could not be loaded (run catalogue sync to see the problems)")
    with _reading() as db:
        found = cost_rows(db, catalogue, starts_from, starts_to,
                          organisation=organisation or None, zone=clock.programme_zone())
    _write_table(cost_table(found, lang), fmt, output, delimiter)
    _report(output, len(found))


def _write_table(table, fmt: str, output: str, delimiter: str) -> int | None:
    """Write `table` as CSV or XLSX to `output`; return the row count where the writer knows it."""
    with _output(output) as handle:
        if fmt == "csv":
            write_csv(table.headers, table.rows, handle, delimiter)
            return None
        return write_xlsx(table.headers, table.rows, handle, table.name)


def _report(output: str, count: int | None) -> None:
    if output != "-":
        click.echo(f"Wrote {output}" + (f" ({count} rows)" if count is not None else ""), err=True)


def init_cli(app) -> None:
    """Register the `export` command group on `app`."""
    app.cli.add_command(export)
