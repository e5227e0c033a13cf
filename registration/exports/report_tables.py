"""The funder's report as sheets `(name, headers, rows)`: built once, written as XLSX or PDF.

The first sheet is `Mål`, the funder's goal table (always Swedish, see
report_labels); the others follow `lang`. Wherever the report has no figure
because fewer than the anonymity minimum answered, the row says "för få svar"
and carries no number.
"""
from __future__ import annotations

from catalogue.goals import GoalStatus, share_percent
from catalogue.vocabulary import AUDIENCES, KINDS, SURVEYS

from ..queries.report import FunderReport
from .report_labels import GOAL_HEADER, GOAL_SHEET, measurement, report_labels
from .xlsx_writer import Sheet


def _word(vocabulary: dict, key: str, lang: str) -> str:
    return vocabulary.get(key, {}).get(lang) or vocabulary.get(key, {}).get("sv") or key


def goal_rows(report: FunderReport) -> list[tuple]:
    """The `Mål` sheet's rows in the programme file's order (Swedish words)."""
    rows = []
    for line in report.goals:
        threshold = line.goal.threshold.value if line.goal.threshold is not None else None
        result = None if line.status == GoalStatus.TOO_FEW_ANSWERS else line.result
        rows.append((line.goal.id, line.goal.text.sv, measurement(line, "sv"), line.answered,
                     result, threshold, line.status.label("sv")))
    return rows


def report_sheets(report: FunderReport, lang: str = "sv") -> list[Sheet]:
    """Every sheet of the report: goals first, then the tables funders ask for."""
    w = report_labels(lang)
    too_few = w["too_few"]
    sheets: list[Sheet] = [(GOAL_SHEET, list(GOAL_HEADER), goal_rows(report))]

    cancelled = [(line.goal.id, s.id, s.title) for line in report.goals for s in line.cancelled]
    sheets.append((w["cancelled_sheet"], [w["goal_id"], w["session"], w["course"]], cancelled))
    judged = [(line.goal.id, line.status.label(lang), line.judgement.judged_by or "",
               line.judgement.judged_on, line.judgement.evidence)
              for line in report.goals if line.judgement is not None]
    sheets.append((w["judgements_sheet"], [w["goal_id"], w["status"], w["judged_by_col"], w["date"],
                                           w["evidence"]], judged))

    genders = ("woman", "man", "non-binary", None)
    sheets.append((w["gender_sheet"],
                   [w["organisation"], *(w[g or "not_recorded"] for g in genders), w["total"]],
                   [(r.label, *(r.by_gender.get(g, 0) for g in genders), r.total)
                    for r in report.participants_by_gender]))
    sheets.append((w["kind_sheet"], [w["kind"], w["participants"]],
                   [(_word(KINDS, k, lang), n) for k, n in report.participants_by_kind]))
    sheets.append((w["audience_sheet"], [w["audience"], w["participants"]],
                   [(_word(AUDIENCES, a, lang), n) for a, n in report.participants_by_audience]))
    sheets.append((w["reach_sheet"], [w["organisation"], w["participants"], w["active_staff"], w["share"]],
                   [(name, came, staff, share_percent(came, staff)) for _, name, came, staff in report.reach]))
    costs = report.programme.hourly_costs
    sheets.append((w["hours_sheet"], [w["organisation"], w["month"], w["hours"], w["hourly_cost"],
                                      w["co_financing"]],
                   [(r.label, r.month.strftime("%Y-%m"), r.hours, costs.get(r.organisation_id),
                     r.co_financing) for r in report.hours]))
    sheets.append((w["rates_sheet"], [w["survey_name"], w["invited"], w["answered"], w["share"]],
                   [(_word(SURVEYS, r.survey, lang), r.invited, r.answered, r.percent)
                    for r in report.response_rates]))
    distribution = []
    for d in report.distributions:
        survey = _word(SURVEYS, d.survey, lang)
        if d.too_few:
            distribution.append((survey, d.question_id, d.text, too_few, None, None, None))
            continue
        for a in d.answers:
            distribution.append((survey, d.question_id, d.text, a.label, d.respondents, a.count, a.percent))
    sheets.append((w["distribution_sheet"], [w["survey_name"], w["question_id"], w["question"], w["answer"],
                                             w["respondents"], w["count"], w["share"]], distribution))
    comment_rows = []
    for c in report.comments:
        survey = _word(SURVEYS, c.survey, lang)
        if c.too_few:
            comment_rows.append((survey, c.text, "", too_few))
        else:
            comment_rows.extend((survey, c.text, course, text) for course, text in c.comments)
    sheets.append((w["comments_sheet"], [w["survey_name"], w["question"], w["course"], w["comment"]],
                   comment_rows))
    sheets.append((w["list_sheet"], [w["month"], w["employee_number"], w["name"], w["organisation"],
                                     w["first_attended"], w["last_attended"]],
                   [(p.month.strftime("%Y-%m"), p.employee_number or "", p.name, p.organisation,
                     p.first_attended, p.last_attended) for p in report.participant_list]))
    return sheets

