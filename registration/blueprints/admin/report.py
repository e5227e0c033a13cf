"""The funder's report: `/admin/report` (filters as a GET form, XLSX and PDF downloads) and
the page that records a manual goal's judgement (`/admin/report/goals/<goal_id>`).

Administrators only (the admin blueprint's guard). The report itself is
queries.report.funder_report; the files are exports.report_tables /
report_pdf; the judgement is workflow.manual_goals.judge_manual_goal.
"""
from __future__ import annotations

import io

from catalogue.vocabulary import AUDIENCES, KINDS
from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ... import clock
from ...config import completion_min_meetings
from ...content import loaded_catalogue
from ...db import get_db
from ...charts.xlsx import chart_sheet_writer
from ...exports.report_charts import report_charts
from ...exports.report_labels import measurement
from ...exports.report_pdf import write_report_pdf
from ...exports.report_tables import report_sheets
from ...exports.reading import reading_session
from ...exports.xlsx_writer import iter_xlsx
from ...i18n import current_language
from ...models import Organisation
from ...queries.report import ReportFilter, funder_report
from ...workflow.manual_goals import judge_manual_goal
from ..refusals import workflow_change
from . import bp
from .downloads import _download
from .forms import ManualGoalForm, ReportFilterForm


def _filters(form: ReportFilterForm) -> ReportFilter:
    return ReportFilter(form.starts_from.data, form.starts_to.data, form.organisation.data or None)


def make_report(db, catalogue, filters: ReportFilter, lang: str):
    """The report with the service's settings (time zone, completion rule, anonymity minimum)."""
    config = current_app.config
    return funder_report(db, catalogue, filters, now=clock.now(), zone=clock.programme_zone(),
                         min_meetings=completion_min_meetings(config),
                         min_answers=int(config["MIN_ANSWERS"]), lang=lang)


@bp.get("/report")
def report_page():
    """The goal-fulfilment table and the funder's tables for a period and organisation."""
    form = ReportFilterForm(request.args)
    db = get_db()
    form.organisation.choices = [("", _("All organisations"))] + [tuple(r) for r in db.execute(
        select(Organisation.id, Organisation.name).order_by(Organisation.name))]
    valid = form.validate() if request.args else True
    catalogue = loaded_catalogue(current_app)
    if catalogue is None or catalogue.programme is None:
        return render_template("admin/report.html", form=form, report=None)
    lang = current_language()
    filters = _filters(form) if valid else ReportFilter()
    fmt = request.args.get("format")
    reader = reading_session(current_app)
    try:
        report = make_report(reader, catalogue, filters, lang)
        name = "rapport-finansiar" if lang == "sv" else "funder-report"
        if valid and fmt == "xlsx":
            data = b"".join(iter_xlsx(report_sheets(report, lang),
                                      chart_sheet_writer(report_charts(report, lang).all)))
            return _download(iter([data]), name, "xlsx")
        if valid and fmt == "pdf":
            buffer = io.BytesIO()
            write_report_pdf(report, buffer, lang)
            return _download(iter([buffer.getvalue()]), name, "pdf")
    finally:
        reader.close()
    return render_template("admin/report.html", form=form, report=report, lang=lang,
                           charts=report_charts(report, lang),
                           measurement=measurement, filters=filters, kinds=KINDS, audiences=AUDIENCES)


@bp.route("/report/goals/<goal_id>", methods=["GET", "POST"])
def manual_goal_page(goal_id: str):
    """Record the status, evidence and date of a goal judged by hand, for the report's period."""
    catalogue = loaded_catalogue(current_app)
    programme = catalogue.programme if catalogue else None
    if programme is None:
        abort(404)
    try:
        goal = programme.goal(goal_id)
    except KeyError:
        abort(404)
    if goal.measured_by != "manual":
        abort(404)
    form = ManualGoalForm()
    if request.method == "GET":
        form.period_from.data = request.args.get("starts_from", "")
        form.period_to.data = request.args.get("starts_to", "")
        if not form.judged_on.data:
            form.judged_on.data = clock.today()
    period = _period(form.period_from.data, form.period_to.data)
    if period is None:
        abort(400)
    back = url_for("admin.report_page", starts_from=form.period_from.data or None,
                   starts_to=form.period_to.data or None)
    if form.validate_on_submit():
        with workflow_change() as change:
            judge_manual_goal(get_db(), programme, goal.id, g.person, status=form.status.data,
                              evidence=form.evidence.data, judged_on=form.judged_on.data,
                              now=clock.now(), period_from=period[0], period_to=period[1],
                              zone=clock.programme_zone())
        if not change.refused:
            flash(_("The judgement of the goal is saved."), "success")
            return redirect(back)
    return render_template("admin/manual_goal.html", form=form, goal=goal, lang=current_language(),
                           back=back, period=period)


def _period(first: str | None, last: str | None):
    """The (from, to) dates of the hidden period fields; None when one is malformed."""
    from datetime import date

    try:
        return (date.fromisoformat(first) if first else None, date.fromisoformat(last) if last else None)
    except ValueError:
        return None
