"""Decisions on record as a table (CSV, XLSX): `decision_table(decisions, lang)`."""
from __future__ import annotations

from .tables import Table

HEADERS = {
    "sv": ["Beslutad", "Beslut", "Ansökan", "Sökande", "Anställningsnummer", "Organisation", "Enhet",
           "Kurs", "Tillfälle", "Beslutad av", "Roll", "På uppdrag av", "Skäl"],
    "en": ["Decided", "Decision", "Request", "Requester", "Employee number", "Organisation", "Unit",
           "Course", "Session", "Decided by", "Role", "On behalf of", "Reason"],
}
WORDS = {
    "sv": {"approved": "Godkänd", "declined": "Avslagen", "manager": "chef", "deputy": "ersättare",
           "administrator": "administratör", "other": "annan"},
    "en": {"approved": "Approved", "declined": "Declined", "manager": "manager", "deputy": "deputy",
           "administrator": "administrator", "other": "other"},
}


def decision_table(decisions, lang: str = "sv") -> Table:
    """One row per decision, oldest first; times are the programme's local time."""
    words = WORDS[lang]
    rows = ((d.decided_at, words[d.decision], d.request_id, d.requester,
             d.requester_employee_number or "", d.organisation_id, d.unit, d.course, d.session_id,
             d.decided_by, words[d.decided_by_role], d.on_behalf_of, d.reason) for d in decisions)
    return Table(HEADERS[lang], rows, name="beslut" if lang == "sv" else "decisions")
