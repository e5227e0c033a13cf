"""Column headings and sheet words of the exports, in Swedish and English.

Exports are files people forward and print, often far from the web page that
made them, so their words are chosen by an explicit `lang` argument rather
than by the request's locale (the CLI has no request at all).
"""
from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "sv": {
        "seat": "Plats",
        "name": "Namn",
        "email": "E-post",
        "organisation": "Organisation",
        "unit": "Enhet",
        "manager": "Chef",
        "state": "Status",
        "requested_at": "Anmäld",
        "decided_at": "Beslutad",
        "decline_reason": "Skäl till avslag",
        "course": "Utbildning",
        "course_title": "Utbildningens namn",
        "session": "Kurstillfälle",
        "starts_at": "Startar",
        "signature": "Namnteckning",
        "meeting": "Träff",
        "meetings": "Träffar",
        "page_of": "Sida {page} av {pages}",
        "sign_in_sheet": "Närvarolista",
        "participants": "Deltagare",
        "printed": "Utskriven",
        "waiting": "Reservlista",
        "requests": "Anmälningar",
        "approved": "Godkända",
        "declined": "Avslagna",
        "attended": "Närvarande",
        "no_shows": "Uteblivna",
        "unique_participants": "Unika deltagare",
        "seats": "Tagna platser",
        "capacity": "Platser",
        "fill_rate": "Beläggning",
        "reserved": "Reserverade platser",
        "reserved_used": "Reserverade använda",
        "by_course": "Per utbildning",
        "by_session": "Per kurstillfälle",
        "by_organisation": "Per organisation",
        "declines": "Avslag med skäl",
        "total": "Totalt",
        "reason": "Skäl",
    },
    "en": {
        "seat": "Seat",
        "name": "Name",
        "email": "E-mail",
        "organisation": "Organisation",
        "unit": "Unit",
        "manager": "Manager",
        "state": "State",
        "requested_at": "Requested",
        "decided_at": "Decided",
        "decline_reason": "Reason for decline",
        "course": "Course",
        "course_title": "Course title",
        "session": "Session",
        "starts_at": "Starts",
        "signature": "Signature",
        "meeting": "Meeting",
        "meetings": "Meetings",
        "page_of": "Page {page} of {pages}",
        "sign_in_sheet": "Sign-in sheet",
        "participants": "Participants",
        "printed": "Printed",
        "waiting": "Waiting list",
        "requests": "Requests",
        "approved": "Approved",
        "declined": "Declined",
        "attended": "Attended",
        "no_shows": "No-shows",
        "unique_participants": "Unique participants",
        "seats": "Seats taken",
        "capacity": "Capacity",
        "fill_rate": "Fill rate",
        "reserved": "Reserved seats",
        "reserved_used": "Reserved seats used",
        "by_course": "By course",
        "by_session": "By session",
        "by_organisation": "By organisation",
        "declines": "Declines with reasons",
        "total": "Total",
        "reason": "Reason",
    },
}

STATE_LABELS: dict[str, dict[str, str]] = {
    "sv": {
        "provisional": "Preliminär plats",
        "confirmed": "Bekräftad plats",
        "waiting": "Reservlista",
        "waiting_approved": "Reservlista (godkänd)",
        "declined": "Avslagen",
        "cancelled": "Avbokad",
        "expired": "Förfallen",
        "removed": "Borttagen",
        "withdrawn": "Tillfället inställt",
    },
    "en": {
        "provisional": "Provisional seat",
        "confirmed": "Confirmed seat",
        "waiting": "Waiting list",
        "waiting_approved": "Waiting list (approved)",
        "declined": "Declined",
        "cancelled": "Cancelled",
        "expired": "Expired",
        "removed": "Removed",
        "withdrawn": "Session withdrawn",
    },
}


def labels(lang: str) -> dict[str, str]:
    """Return the export words for `lang`, Swedish when the language is unknown."""
    return LABELS.get(lang, LABELS["sv"])


def state_label(state: str, lang: str) -> str:
    """Return a request state in words, or the state itself when it has none."""
    return STATE_LABELS.get(lang, STATE_LABELS["sv"]).get(state, state)
