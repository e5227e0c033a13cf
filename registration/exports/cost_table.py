"""The cost split as a table for invoicing (CSV, XLSX): `cost_table(rows, lang)`.

One line per session and organisation with the seats behind the amount, so
every figure can be checked by hand: counted seats ÷ the session's counted
seats × the session's cost = the amount (rounded to öre by queries/costs.py's
rule; a session's amounts add up to its cost). A session nobody used has one
line with no organisation and amount 0 (its cost unallocated).
"""
from __future__ import annotations

from .tables import Table

HEADERS = {
    "sv": ["Startdag", "Tillfälle", "Kurs", "Kostnad (kr)", "Organisation", "Organisations-id", "Bokade",
           "Närvarande", "Reserverade oanvända", "Räknade platser", "Tillfällets räknade platser",
           "Andel", "Belopp (kr)"],
    "en": ["First day", "Session", "Course", "Cost (SEK)", "Organisation", "Organisation id", "Booked",
           "Attended", "Reserved unused", "Counted seats", "Session's counted seats", "Share",
           "Amount (SEK)"],
}

# The cost page's words (blueprints/admin/costs.py), beside the export's headings.
WORDS = {
    "sv": {"title": "Kostnader och fördelning", "from": "Från och med (ÅÅÅÅ-MM-DD)",
           "to": "Till och med (ÅÅÅÅ-MM-DD)", "organisation": "Organisation", "all": "Alla",
           "show": "Visa", "xlsx": "Ladda ned för fakturering (XLSX)", "csv": "Ladda ned CSV",
           "intro": "Tillfällen med kostnad vars första träff ligger i perioden. Regel: {rule}. "
                    "Varje belopp är kostnaden × organisationens räknade platser ÷ tillfällets räknade "
                    "platser, avrundat till öre så att tillfällets belopp blir exakt kostnaden.",
           "by_org": "Per organisation", "by_course": "Per kurs", "by_session": "Per tillfälle och organisation",
           "course": "Kurs", "amount": "Belopp (kr)", "total": "Totalt", "none": "Inga tillfällen med kostnad i perioden.",
           "unallocated": "Ej fördelat (ingen räknad plats): {amount} kr",
           "bad_date": "Ange ett datum som ÅÅÅÅ-MM-DD mellan 2000 och 2099.",
           "order": "Slutdatumet är före startdatumet.",
           "attended": "närvarande platser", "booked": "bokade platser (uteblivna debiteras)",
           "charged": "oanvända reserverade platser debiteras", "free": "oanvända reserverade platser är gratis"},
    "en": {"title": "Costs and their split", "from": "From (YYYY-MM-DD)", "to": "To (YYYY-MM-DD)",
           "organisation": "Organisation", "all": "All", "show": "Show",
           "xlsx": "Download for invoicing (XLSX)", "csv": "Download CSV",
           "intro": "Sessions with a cost whose first meeting is in the period. Rule: {rule}. "
                    "Each amount is the cost × the organisation's counted seats ÷ the session's counted "
                    "seats, rounded to öre so that a session's amounts add up to its cost exactly.",
           "by_org": "By organisation", "by_course": "By course", "by_session": "By session and organisation",
           "course": "Course", "amount": "Amount (SEK)", "total": "Total", "none": "No sessions with a cost in the period.",
           "unallocated": "Not allocated (no counted seat): SEK {amount}",
           "bad_date": "Give a date as YYYY-MM-DD between 2000 and 2099.",
           "order": "The last day is before the first.",
           "attended": "attended seats", "booked": "booked seats (no-shows charged)",
           "charged": "unused reserved seats charged", "free": "unused reserved seats free"},
}


def cost_table(rows, lang: str = "sv") -> Table:
    """The rows of queries.costs.cost_rows as (headers, rows); share as a decimal fraction (4 places)."""
    lines = ((r.first_day, r.session_id, r.course_title, r.cost, r.organisation_name, r.organisation_id,
              r.booked, r.attended, r.reserved_unused, r.counted, r.session_counted,
              round(float(r.share), 4), r.amount) for r in rows)
    return Table(HEADERS[lang], lines, name="kostnader" if lang == "sv" else "costs")
