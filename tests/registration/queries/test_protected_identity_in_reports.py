"""The funder's monthly participant list never names a person with protected identity (issue #13
item 1): the funder gets the employee number and "Skyddad identitet"."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from registration.queries.report import ReportFilter, funder_report
from tests.registration import report_fixture as fx


def test_the_funders_list_keeps_the_employee_number_but_not_the_name(db, make):
    data = fx.build(db, make)
    ella = data.people["e1"]
    ella.protected_identity, ella.employee_number = True, "100201"
    db.commit()
    result = funder_report(db, fx.catalogue(), ReportFilter(), now=fx.REPORT_NOW,
                           zone=ZoneInfo("Europe/Stockholm"), min_meetings=None, min_answers=5)
    names = {p.name for p in result.participant_list}
    assert "Ella Ett" not in names and "Skyddad identitet" in names
    assert {p.employee_number for p in result.participant_list if p.name == "Skyddad identitet"} == {"100201"}
