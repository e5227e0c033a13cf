"""The cost split for administrators (`/admin/costs`): per period, organisation and course, every
amount with the seats behind it; `?format=xlsx|csv` downloads the same lines for invoicing.

Filters are GET parameters (`from`, `to`, `organisation`), so a view can be
bookmarked; the default period is the programme's (or this calendar year).
The arithmetic and its rounding rule are in queries/costs.py.
"""
from __future__ import annotations

from datetime import date

from flask import current_app, render_template, request
from flask_babel import gettext as _

from ... import clock
from ...content import loaded_catalogue
from ...db import get_db
from ...exports.cost_table import cost_table
from ...exports.csv_writer import iter_csv
from ...exports.xlsx_writer import iter_xlsx
from ...i18n import current_language
from ...queries.costs import cost_rows, totals, unallocated
from . import bp
from .downloads import _delimiter, _download


def _day(name: str, default: date, errors: dict, words: dict) -> date:
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    try:
        value = date.fromisoformat(raw)
    except ValueError:
        value = None
    if value is None or not 2000 <= value.year <= 2099:
        errors[name] = words["bad_date"]
        return default
    return value


@bp.app_template_global()
def cost_words() -> dict:
    """The cost page's words in the page's language (the admin menu names the page with them)."""
    return {
        "title": _("Costs and their split"), "from": _("From (YYYY-MM-DD)"),
        "to": _("To (YYYY-MM-DD)"), "organisation": _("Organisation"), "all": _("All"),
        "show": _("Show"), "xlsx": _("Download for invoicing (XLSX)"), "csv": _("Download CSV"),
        "intro": _("Sessions with a cost whose first meeting is in the period. Rule: %(rule)s. "
                   "Each amount is the cost × the organisation's counted seats ÷ the session's "
                   "counted seats, rounded to öre so that a session's amounts add up to its cost "
                   "exactly. Guests' seats are charged to their organisation at the session's guest "
                   "price and taken off the cost before it is split."),
        "by_org": _("By organisation"), "by_course": _("By course"),
        "by_session": _("By session and organisation"), "course": _("Course"),
        "amount": _("Amount (SEK)"), "total": _("Total"),
        "none": _("No sessions with a cost in the period."),
        "unallocated": _("Not allocated (no counted seat): SEK %(amount)s"),
        "bad_date": _("Give a date as YYYY-MM-DD between 2000 and 2099."),
        "order": _("The last day is before the first."),
        "attended": _("attended seats"), "booked": _("booked seats (no-shows charged)"),
        "charged": _("unused reserved seats charged"), "free": _("unused reserved seats free"),
    }


@bp.get("/costs")
def costs_page():
    """The cost page; with `format=xlsx|csv` the lines as a file."""
    lang = current_language()
    words = cost_words()
    catalogue = loaded_catalogue(current_app)
    programme = getattr(catalogue, "programme", None)
    today = clock.today()
    errors: dict[str, str] = {}
    start = _day("from", programme.start if programme else date(today.year, 1, 1), errors, words)
    end = _day("to", programme.end if programme else date(today.year, 12, 31), errors, words)
    if not errors and end < start:
        errors["to"] = words["order"]
    organisations = list(catalogue.organisations) if catalogue is not None else []
    organisation = request.args.get("organisation") or None
    if organisation not in {o.id for o in organisations}:
        organisation = None
    rows = [] if errors or catalogue is None else cost_rows(
        get_db(), catalogue, start, end, organisation=organisation, zone=clock.programme_zone())
    fmt = request.args.get("format")
    if fmt in ("xlsx", "csv") and not errors:
        table = cost_table(rows, lang)
        chunks = (iter_csv(table.headers, table.rows, _delimiter()) if fmt == "csv"
                  else iter_xlsx([(table.name, table.headers, table.rows)]))
        return _download(chunks, table.name, fmt)
    rule = programme.cost_split if programme is not None else None
    rule_text = (f"{words[rule.by]}, {words[rule.unused_reserved]}" if rule
                 else f"{words['attended']}, {words['charged']}")
    by_org = sorted(((org, amount) for (org,), amount in totals(rows, "organisation_id").items() if org),
                    key=lambda item: item[0])
    by_course = sorted(totals(rows, "course_title").items())
    table = cost_table(rows, lang)
    status = 400 if errors else 200
    return render_template("admin/costs.html", words=words, errors=errors, start=start, end=end,
                           organisations=organisations, organisation=organisation,
                           names={**{r.organisation_id: r.organisation_name for r in rows},
                                  **{o.id: o.name for o in organisations}}, rows=rows,
                           headers=table.headers, lines=list(table.rows), by_org=by_org,
                           by_course=[(title, amount) for (title,), amount in by_course],
                           total=totals(rows).get((), 0), unallocated=unallocated(rows),
                           intro=words["intro"] % {"rule": rule_text}), status
