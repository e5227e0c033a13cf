"""The forms of the public guest pages (CSRF on every one; labels and messages lazy gettext)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from ..models.people import OTHER_GUEST_ORGANISATION


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _address(label, required_message):
    return EmailField(label, filters=[_strip], validators=[
        DataRequired(required_message),
        Email(_l("Enter an e-mail address like name@kommun.se."), check_deliverability=False),
        Length(max=320)])


class GuestRequestForm(FlaskForm):
    """A guest's request for a place: who they are, where from, who approves; a honeypot for bots."""

    name = StringField(_l("Your name"), filters=[_strip], validators=[
        DataRequired(_l("Enter your name.")), Length(max=200)])
    email = _address(_l("Your work e-mail address"), _l("Enter your e-mail address."))
    organisation = RadioField(_l("Your organisation"), validate_choice=False, validators=[
        DataRequired(_l("Choose your organisation, or Other."))])
    organisation_name = StringField(_l("Name of your organisation (if Other)"), filters=[_strip],
                                    validators=[Length(max=300)])
    manager_email = _address(_l("Your nearest manager's e-mail address"),
                             _l("Enter your manager's e-mail address: they approve your place."))
    message = TextAreaField(_l("Message to your manager (optional)"), filters=[_strip],
                            validators=[Optional(), Length(max=2000)])
    # Hidden from people (off-screen, out of the tab order, aria-hidden): only bots fill it in.
    website = StringField(_l("Leave this field empty"), filters=[_strip])

    def set_organisations(self, organisations) -> None:
        """Offer `organisations` (guest organisations, "other" last) as the choices."""
        self.organisation.choices = [
            (org.id, _l("Other organisation") if org.id == OTHER_GUEST_ORGANISATION else org.name)
            for org in organisations]

    def validate_organisation(self, field) -> None:
        if field.data not in {value for value, _label in field.choices or ()}:
            raise ValidationError(_l("Choose your organisation, or Other."))

    def validate_organisation_name(self, field) -> None:
        if self.organisation.data == OTHER_GUEST_ORGANISATION and not field.data:
            raise ValidationError(_l("Write the name of your organisation."))

    def validate_manager_email(self, field) -> None:
        if field.data and self.email.data and field.data.lower() == self.email.data.lower():
            raise ValidationError(_l("Your manager's address must not be your own."))
