"""Words of the funder's report files (XLSX, PDF), in Swedish and English.

The `Mål` sheet is the funder's format and always Swedish (issue #11: sheet
`Mål`, header `Mål-id, Mål, Mätning, Svar (n), Resultat (%), Målvärde (%),
Status`); the other sheets follow `lang`.
"""
from __future__ import annotations

from catalogue.goals import GoalStatus

GOAL_SHEET = "Mål"
GOAL_HEADER = ("Mål-id", "Mål", "Mätning", "Svar (n)", "Resultat (%)", "Målvärde (%)", "Status")

REPORT_LABELS: dict[str, dict[str, str]] = {
    "sv": {
        "title": "Rapport till finansiären",
        "period": "Period",
        "whole_programme": "hela programmet",
        "organisation": "Organisation",
        "all_organisations": "alla organisationer",
        "made_at": "Framtagen",
        "survey": "enkät",
        "programme_data": "programdata",
        "judged_by": "bedömd av {name}",
        "judged_by_hand": "bedömd för hand",
        "not_judged": "bedömd för hand, ännu inte bedömd",
        "too_few": "för få svar",
        "gender_sheet": "Deltagare per kön",
        "woman": "Kvinnor", "man": "Män", "non-binary": "Icke-binära", "not_recorded": "Ej registrerat",
        "total": "Totalt",
        "kind_sheet": "Deltagare per kurstyp",
        "kind": "Kurstyp",
        "audience_sheet": "Deltagare per målgrupp",
        "audience": "Målgrupp",
        "participants": "Deltagare",
        "reach_sheet": "Räckvidd",
        "active_staff": "Aktiv personal",
        "share": "Andel (%)",
        "hours_sheet": "Timmar och medfinansiering",
        "month": "Månad",
        "hours": "Timmar",
        "hourly_cost": "Timkostnad (kr)",
        "co_financing": "Medfinansiering (kr)",
        "rates_sheet": "Svarsfrekvens",
        "survey_name": "Enkät",
        "invited": "Inbjudna",
        "answered": "Svarat",
        "distribution_sheet": "Svarsfördelning",
        "question_id": "Fråga-id",
        "question": "Fråga",
        "answer": "Svar",
        "respondents": "Svarande",
        "count": "Antal",
        "comments_sheet": "Kommentarer",
        "course": "Kurs",
        "comment": "Kommentar",
        "list_sheet": "Deltagarlista",
        "employee_number": "Anställningsnummer",
        "name": "Namn",
        "first_attended": "Första närvaro",
        "last_attended": "Senaste närvaro",
        "cancelled_sheet": "Inställda kurstillfällen",
        "goal_id": "Mål-id",
        "session": "Kurstillfälle",
        "judgements_sheet": "Bedömda mål",
        "status": "Status",
        "judged_by_col": "Bedömd av",
        "date": "Datum",
        "evidence": "Underlag",
        "page_of": "Sida {page} av {pages}",
    },
    "en": {
        "title": "Report to the funder",
        "period": "Period",
        "whole_programme": "the whole programme",
        "organisation": "Organisation",
        "all_organisations": "all organisations",
        "made_at": "Made",
        "survey": "survey",
        "programme_data": "programme data",
        "judged_by": "judged by {name}",
        "judged_by_hand": "judged by hand",
        "not_judged": "judged by hand, not judged yet",
        "too_few": "too few answers",
        "gender_sheet": "Participants by gender",
        "woman": "Women", "man": "Men", "non-binary": "Non-binary", "not_recorded": "Not recorded",
        "total": "Total",
        "kind_sheet": "Participants by course kind",
        "kind": "Course kind",
        "audience_sheet": "Participants by audience",
        "audience": "Audience",
        "participants": "Participants",
        "reach_sheet": "Reach",
        "active_staff": "Active staff",
        "share": "Share (%)",
        "hours_sheet": "Hours and co-financing",
        "month": "Month",
        "hours": "Hours",
        "hourly_cost": "Hourly cost (SEK)",
        "co_financing": "Co-financing (SEK)",
        "rates_sheet": "Response rates",
        "survey_name": "Survey",
        "invited": "Invited",
        "answered": "Answered",
        "distribution_sheet": "Answer distribution",
        "question_id": "Question id",
        "question": "Question",
        "answer": "Answer",
        "respondents": "Respondents",
        "count": "Count",
        "comments_sheet": "Comments",
        "course": "Course",
        "comment": "Comment",
        "list_sheet": "Participant list",
        "employee_number": "Employee number",
        "name": "Name",
        "first_attended": "First present",
        "last_attended": "Last present",
        "cancelled_sheet": "Cancelled sessions",
        "goal_id": "Goal id",
        "session": "Session",
        "judgements_sheet": "Goals judged by hand",
        "status": "Status",
        "judged_by_col": "Judged by",
        "date": "Date",
        "evidence": "Evidence",
        "page_of": "Page {page} of {pages}",
    },
}


def report_labels(lang: str) -> dict[str, str]:
    """The report's words in `lang` (Swedish for any other)."""
    return REPORT_LABELS.get(lang, REPORT_LABELS["sv"])


def measurement(line, lang: str = "sv") -> str:
    """The "Mätning" of a goal line: survey, programme data, or judged by whom."""
    words = report_labels(lang)
    if line.measured_by == "answers":
        return words["survey"]
    if line.measured_by == "data":
        return words["programme_data"]
    if line.judgement is None:
        return words["not_judged"]
    if line.judgement.judged_by:
        return words["judged_by"].format(name=line.judgement.judged_by)
    return words["judged_by_hand"]


def status_label(status: GoalStatus, lang: str = "sv") -> str:
    """A goal status in words (catalogue.goals' own labels)."""
    return status.label(lang)
