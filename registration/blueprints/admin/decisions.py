"""Decisions on record (`/admin/decisions`): every approval and decline of a period and unit as
CSV or XLSX, for the committee's follow-up of delegated decisions (administrators only)."""
from __future__ import annotations

from flask import current_app, render_template, request
from flask_babel import gettext as _
from sqlalchemy import select

from ... import clock
from ...db import get_db
from ...exports.csv_writer import iter_csv
from ...exports.decision_table import decision_table
from ...exports.reading import reading_session
from ...exports.xlsx_writer import iter_xlsx
from ...i18n import current_language
from ...models import Person
from ...queries.decisions import decisions
from . import bp
from .downloads import _delimiter, _download
from .forms import DecisionFilterForm


@bp.get("/decisions")
def decisions_page():
    """Choose a period and unit; `?format=csv|xlsx` downloads the decisions."""
    form = DecisionFilterForm(request.args)
    form.unit.choices = [("", _("All"))] + [(u, u) for u in get_db().scalars(
        select(Person.unit).distinct().where(Person.unit != "").order_by(Person.unit))]
    fmt = request.args.get("format")
    if fmt in ("csv", "xlsx") and form.validate():
        db = reading_session(current_app)
        try:
            found = decisions(db, form.decided_from.data, form.decided_to.data,
                              clock.programme_zone(), form.unit.data or None)
        finally:
            db.close()
        table = decision_table(found, current_language())
        chunks = (iter_csv(table.headers, table.rows, _delimiter()) if fmt == "csv"
                  else iter_xlsx([(table.name, table.headers, table.rows)]))
        return _download(chunks, table.name, fmt)
    if fmt is not None:
        form.validate()
    return render_template("admin/decisions.html", form=form)
