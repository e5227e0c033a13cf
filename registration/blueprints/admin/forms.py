"""Forms of the administration pages (Flask-WTF; CSRF on every form that changes something)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField, EmailField, HiddenField, RadioField, SelectField, SelectMultipleField, TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

REASON_HINT = _l("Recorded in the audit log and sent to the person.")


def _reason_field():
    return TextAreaField(_l("Reason"), validators=[
        DataRequired(_l("Write a reason: it is recorded and sent to the person.")),
        Length(max=2000)])


class ReasonForm(FlaskForm):
    """An admin action that needs only a reason (remove, promote, cancel a session)."""

    reason = _reason_field()


class AddPersonForm(FlaskForm):
    """Give a person from the staff directory a seat."""

    email = EmailField(_l("The person's e-mail address"), validators=[
        DataRequired(_l("Enter the person's e-mail address.")),
        Email(_l("Enter an e-mail address like name@kommun.se."), check_deliverability=False),
        Length(max=320)])
    reason = _reason_field()


class MoveForm(FlaskForm):
    """Move a person to another session of the same course."""

    to_session = SelectField(_l("Move to session"), validators=[
        DataRequired(_l("Choose the session to move to."))])
    reason = _reason_field()


# Period filters (enrolments, figures, the funder's report) and report dates. Dates
# outside these years are typing mistakes, and far ones (0001-01-01, 9999-12-31)
# would overflow the date arithmetic of the queries.
REPORT_YEARS = (2000, 2099)


def _report_year(form, field):
    if field.data and not REPORT_YEARS[0] <= field.data.year <= REPORT_YEARS[1]:
        raise ValidationError(_l("Give a date between %(first)s and %(last)s.",
                                 first=f"{REPORT_YEARS[0]}-01-01", last=f"{REPORT_YEARS[1]}-12-31"))


def _session_period() -> tuple[DateField, DateField]:
    """The two date fields of a period of sessions; declared where called, so the page's order holds."""
    return (DateField(_l("Sessions starting from (YYYY-MM-DD)"), validators=[Optional(), _report_year]),
            DateField(_l("Sessions starting until (YYYY-MM-DD)"), validators=[Optional(), _report_year]))


class _PeriodMixin:
    def validate_starts_to(self, field):
        """The period must not end before it starts."""
        if self.starts_from.data and field.data and field.data < self.starts_from.data:
            raise ValidationError(_l("The last day cannot be before the first day."))


class SessionFilterForm(FlaskForm):
    """Filter the session list (GET: no CSRF needed, nothing changes)."""

    class Meta:
        csrf = False

    # Any value filters: a month without sessions simply lists none.
    course = SelectField(_l("Course"), validators=[Optional()], validate_choice=False)
    organisation = SelectField(_l("Open to organisation"), validators=[Optional()],
                               validate_choice=False)
    month = SelectField(_l("Month"), validators=[Optional()], validate_choice=False)


class EnrolmentFilterForm(_PeriodMixin, FlaskForm):
    """Choose which requests the enrolment export includes (GET)."""

    class Meta:
        csrf = False

    course = SelectField(_l("Course"), validators=[Optional()])
    session = SelectField(_l("Session"), validators=[Optional()])
    organisation = SelectField(_l("Organisation"), validators=[Optional()])
    unit = SelectField(_l("Unit"), validators=[Optional()])
    starts_from, starts_to = _session_period()
    state = SelectMultipleField(_l("States"), validators=[Optional()])


class FiguresFilterForm(_PeriodMixin, FlaskForm):
    """Choose the period of the programme figures (GET)."""

    class Meta:
        csrf = False

    starts_from, starts_to = _session_period()


class ReportFilterForm(_PeriodMixin, FlaskForm):
    """Choose the period and organisation of the funder's report (GET)."""

    class Meta:
        csrf = False

    starts_from, starts_to = _session_period()
    organisation = SelectField(_l("Organisation"), validators=[Optional()])


class ManualGoalForm(FlaskForm):
    """Judge a manual goal: status, evidence and the date it holds for (POST, CSRF)."""

    status = RadioField(_l("Status"), choices=[
        ("met", _l("Met")), ("on-the-way", _l("On the way")), ("not-met", _l("Not met"))],
        validators=[DataRequired(_l("Choose met, on the way or not met."))])
    evidence = TextAreaField(_l("Evidence"), validators=[
        DataRequired(_l("Write the evidence for the judgement.")), Length(max=4000)])
    judged_on = DateField(_l("Date (YYYY-MM-DD)"), validators=[
        DataRequired(_l("Give the date of the judgement as YYYY-MM-DD.")), _report_year])
    period_from = HiddenField()
    period_to = HiddenField()


class DecisionFilterForm(FlaskForm):
    """Choose the period and unit of the decisions on record (GET)."""

    class Meta:
        csrf = False

    decided_from = DateField(_l("Decided from (YYYY-MM-DD)"), validators=[Optional()])
    decided_to = DateField(_l("Decided until (YYYY-MM-DD)"), validators=[Optional()])
    unit = SelectField(_l("Unit"), validators=[Optional()])
