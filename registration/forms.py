"""Flask-WTF forms of the service (CSRF on every one). Labels and messages are lazy gettext."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, HiddenField, SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _int_or_none(value):
    # The placeholder option has an empty value (valid HTML for a required select).
    return int(value) if value not in (None, "") else None


class SignInForm(FlaskForm):
    """Ask for a sign-in link by e-mail."""

    email = EmailField(_l("Your work e-mail address"), filters=[_strip], validators=[
        DataRequired(_l("Enter your e-mail address.")),
        Email(_l("Enter an e-mail address like name@kommun.se."), check_deliverability=False),
        Length(max=320)])
    next = HiddenField()


class ConfirmSignInForm(FlaskForm):
    """Confirm a sign-in link (a button, so mail scanners that follow links do not use it up)."""


class RequestPlaceForm(FlaskForm):
    """Request a place on a session, with an optional message to the manager."""

    message = TextAreaField(_l("Message to your manager (optional)"),
                            validators=[Optional(), Length(max=2000)])


class ActionForm(FlaskForm):
    """A form that is only a button (cancel, remove): carries the CSRF token."""


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ApproveForm(FlaskForm):
    """Approve one or many requests at once."""

    request_ids = MultiCheckboxField(_l("Requests to approve"), coerce=int, validate_choice=False,
                                     validators=[DataRequired(_l("Choose at least one request to approve."))])


class DeclineForm(FlaskForm):
    """Decline one request; the reason is shown to the employee."""

    reason = TextAreaField(_l("Reason (shown to the employee)"), validators=[
        DataRequired(_l("Write a reason: the employee will see it.")), Length(max=2000)])


class DeputyForm(FlaskForm):
    """Name a deputy who decides in the manager's place for a period."""

    deputy_id = SelectField(_l("Deputy"), coerce=_int_or_none,
                            validators=[DataRequired(_l("Choose a deputy."))])
    starts_on = DateField(_l("From (first day)"), validators=[
        DataRequired(_l("Enter the first day as YYYY-MM-DD."))])
    ends_on = DateField(_l("To (last day)"), validators=[
        DataRequired(_l("Enter the last day as YYYY-MM-DD."))])

    def validate_ends_on(self, field):
        """The period must not end before it starts."""
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The last day cannot be before the first day."))


class DemoPickForm(FlaskForm):
    """Pick a demo person to sign in as (demo mode only)."""

    person_id = HiddenField(validators=[DataRequired()])
