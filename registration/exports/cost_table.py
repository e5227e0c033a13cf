"""The cost split as a table for invoicing (CSV, XLSX): `cost_table(rows, lang)`.

One line per session and organisation with the seats behind the amount, so
every figure can be checked by hand: counted seats ÷ the session's counted
seats × the session's cost = the amount (rounded to öre by queries/costs.py's
rule; a session's amounts add up to its cost). A session nobody used has one
line with no organisation and amount 0 (its cost unallocated). A guest
organisation's line has the guest price per seat and share 0: its amount is
counted seats × guest price, outside the split. The headings name their
language (exports do); the cost page's own words are Flask-Babel strings in
blueprints/admin/costs.py.
"""
from __future__ import annotations

from .tables import Table

HEADERS = {
    "sv": ["Startdag", "Tillfälle", "Kurs", "Kostnad (kr)", "Organisation", "Organisations-id", "Bokade",
           "Närvarande", "Reserverade oanvända", "Räknade platser", "Tillfällets räknade platser",
           "Andel", "Gästpris per plats (kr)", "Belopp (kr)"],
    "en": ["First day", "Session", "Course", "Cost (SEK)", "Organisation", "Organisation id", "Booked",
           "Attended", "Reserved unused", "Counted seats", "Session's counted seats", "Share",
           "Guest price per seat (SEK)", "Amount (SEK)"],
}

def cost_table(rows, lang: str = "sv") -> Table:
    """The rows of queries.costs.cost_rows as (headers, rows); share as a decimal fraction (4 places)."""
    lines = ((r.first_day, r.session_id, r.course_title, r.cost, r.organisation_name, r.organisation_id,
              r.booked, r.attended, r.reserved_unused, r.counted, r.session_counted,
              round(float(r.share), 4), r.guest_price if r.is_guest else "", r.amount) for r in rows)
    return Table(HEADERS[lang], lines, name="kostnader" if lang == "sv" else "costs")
