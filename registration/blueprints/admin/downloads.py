"""Admin downloads: attendance lists (CSV/XLSX/PDF), the enrolment export, programme figures.

Files are streamed: rows flow from the database cursor to the client as they
are written (XLSX is assembled in a temporary file first, since a zip cannot
be sent before it is finished). Exports read through `exports.reading`, which
never holds the SQLite write lock, so a long download does not stall sign-ups.
"""
from __future__ import annotations

import io
from collections.abc import Iterator
from urllib.parse import quote

from flask import Response, abort, current_app, render_template, request
from flask_babel import gettext as _
from sqlalchemy import select

from ... import clock
from ...db import get_db
from ...exports import ExportError
from ...exports.csv_writer import iter_csv
from ...charts.xlsx import chart_sheet_writer
from ...exports.figure_charts import SESSIONS_CHARTED, figure_charts
from ...exports.figure_tables import figure_sheets
from ...exports.pdf_sheet import write_sign_in_sheet
from ...exports.reading import reading_session
from ...exports.tables import STATES, EnrolmentFilter, attendance_list, enrolments, sign_in_sheet
from ...exports.xlsx_writer import iter_xlsx
from ...queries.figures import programme_figures
from ...queries.paging import page_of_list
from ...queries.period import period_sessions
from ...queries.no_shows import no_show_rates
from ...queries.participation import participation
from ...i18n import current_language
from ...models import CourseRecord, Organisation, Person, SessionRecord, state_label
from . import bp
from .forms import EnrolmentFilterForm, FiguresFilterForm

# Content types as sent: Flask adds "; charset=utf-8" itself to a text/* mimetype, so the
# full header is given as content_type and nothing is appended twice.
MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _download(chunks: Iterator[bytes], filename: str, fmt: str) -> Response:
    """A streamed attachment response."""
    response = Response(chunks, content_type=MIMETYPES[fmt])
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{filename}.{fmt}\"; filename*=UTF-8''{quote(filename)}.{fmt}")
    # Lists of people: never kept by shared caches.
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _closing(chunks: Iterator[bytes], db) -> Iterator[bytes]:
    """Yield `chunks`, closing the export's database session when done or abandoned."""
    try:
        yield from chunks
    finally:
        db.close()


def _delimiter() -> str:
    return ";" if request.args.get("delimiter") in (";", "semicolon") else ","


@bp.get("/sessions/<session_id>/attendance.<any(csv, xlsx, pdf):fmt>")
def attendance_download(session_id: str, fmt: str):
    """The session's attendance list as CSV, XLSX or a printable PDF sign-in sheet.

    CSV and XLSX carry one column per meeting once marks exist; the PDF is
    blank to sign in, or with `?filled=1` filled in with the marks.
    """
    lang, zone = current_language(), clock.programme_zone()
    db = reading_session(current_app)
    try:
        if fmt == "pdf":
            # A sheet is a few hundred rows at most: build it whole, then send it.
            # ?filled=1: printed after the register was kept, each row's marks instead
            # of a box to sign in.
            filled = request.args.get("filled") == "1"
            sheet = sign_in_sheet(db, session_id, current_app.config["PROGRAMME_NAME"], zone,
                                  filled=filled, lang=lang)
            db.close()
            buffer = io.BytesIO()
            write_sign_in_sheet(sheet, buffer, lang)
            name = (f"narvarolista-{session_id}" if lang == "sv" else f"sign-in-{session_id}")
            return _download(iter([buffer.getvalue()]), name + ("-ifylld" if filled and lang == "sv"
                                                                else "-filled" if filled else ""),
                             fmt)
        table = attendance_list(db, session_id, zone, lang,
                                include_waiting=request.args.get("waiting") == "1")
    except ExportError:
        db.close()
        abort(404)
    except BaseException:
        db.close()
        raise
    if fmt == "csv":
        chunks = iter_csv(table.headers, table.rows, _delimiter())
    else:
        chunks = iter_xlsx([(table.name, table.headers, table.rows)])
    return _download(_closing(chunks, db), table.name, fmt)


def _enrolment_choices(form: EnrolmentFilterForm) -> None:
    db = get_db()
    everything = [("", _("All"))]
    # Database rows are tuple-like but not tuples, which WTForms insists on.
    form.course.choices = everything + [tuple(r) for r in db.execute(
        select(CourseRecord.slug, CourseRecord.title).order_by(CourseRecord.title))]
    form.session.choices = everything + [(s, s) for s in db.scalars(
        select(SessionRecord.id).order_by(SessionRecord.starts_at, SessionRecord.id))]
    form.organisation.choices = everything + [tuple(r) for r in db.execute(
        select(Organisation.id, Organisation.name).order_by(Organisation.name))]
    form.unit.choices = everything + [(u, u) for u in db.scalars(
        select(Person.unit).distinct().where(Person.unit != "").order_by(Person.unit))]
    lang = current_language()
    form.state.choices = [(s, state_label(s, lang)) for s in STATES]


@bp.get("/enrolments")
def enrolments_page():
    """Choose filters and download the enrolments as CSV or XLSX."""
    form = EnrolmentFilterForm(request.args)
    _enrolment_choices(form)
    fmt = request.args.get("format")
    if fmt in ("csv", "xlsx") and form.validate():
        filters = EnrolmentFilter(
            course=form.course.data or None, session=form.session.data or None,
            organisation=form.organisation.data or None, unit=form.unit.data or None,
            starts_from=form.starts_from.data, starts_to=form.starts_to.data,
            states=tuple(form.state.data or ()))
        lang = current_language()
        db = reading_session(current_app)
        table = enrolments(db, filters, clock.programme_zone(), lang)
        if fmt == "csv":
            chunks = iter_csv(table.headers, table.rows, _delimiter())
        else:
            chunks = iter_xlsx([(table.name, table.headers, table.rows)])
        return _download(_closing(chunks, db), table.name, fmt)
    if fmt is not None:
        form.validate()  # show the errors beside the fields
    return render_template("admin/enrolments.html", form=form)


@bp.get("/figures")
def figures_page():
    """Programme figures per course, session and organisation for a period; XLSX on request."""
    form = FiguresFilterForm(request.args)
    valid = form.validate() if request.args else True
    period = ({"starts_from": form.starts_from.data, "starts_to": form.starts_to.data}
              if valid else {})
    zone = clock.programme_zone()
    db = reading_session(current_app)
    try:
        # The period's sessions read once for the three read models (issue #14 item 5).
        sessions = period_sessions(db, zone, **period)
        figures = programme_figures(db, clock.now(), zone, sessions=sessions)
        lang = current_language()
        turnout = participation(db, zone, sessions=sessions)
        if valid and request.args.get("format") == "xlsx":
            charts = figure_charts(figures, turnout, lang)
            data = b"".join(iter_xlsx(figure_sheets(figures, zone, lang),
                                      chart_sheet_writer(charts.all)))
            return _download(iter([data]), "nyckeltal" if lang == "sv" else "figures", "xlsx")
        absences = no_show_rates(db, clock.now(), zone=zone, sessions=sessions)
        # The page shows the per-session table and the declines 50 at a time (the workbook
        # keeps them all), and the session chart its extremes, not hundreds of bars.
        session_page = page_of_list(figures.by_session,
                                    request.args.get("sessions_page", type=int))
        declines = page_of_list(figures.declines, request.args.get("declines_page", type=int))
        charts = figure_charts(figures, turnout, lang, sessions_shown=SESSIONS_CHARTED)
        return render_template("admin/figures.html", form=form, figures=figures, charts=charts,
                               absences=absences, sessions=session_page, declines=declines)
    finally:
        db.close()
