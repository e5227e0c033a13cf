"""Outbox row -> email.message.EmailMessage: text + HTML alternatives, .ics attached.

Rendered in the recipient's language (the row's `language`, default Swedish)
with Flask-Babel's `force_locale`. Needs an app context (templates, settings,
signing keys) but no request.
"""
from __future__ import annotations

from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from urllib.parse import urlsplit

from flask import current_app, has_request_context, url_for
from flask_babel import force_locale

from ..clock import programme_zone
from ..models import OutboxMessage
from ..queries.meetings import meetings_of
from .facts import MailFacts, load_facts
from .ics import build_invitation
from .messages import kind_of

LANGUAGES = ("sv", "en")


def mail_domain() -> str:
    """The domain of MAIL_FROM: it names Message-IDs and calendar UIDs."""
    address = parseaddr(current_app.config["MAIL_FROM"])[1]
    return address.rpartition("@")[2] or "kursportal.invalid"


def message_id(row: OutboxMessage) -> str:
    """Return the Message-ID of outbox row `row`: the same on every resend of the row."""
    stamp = int(row.created_at.timestamp())
    return f"<kursportal.outbox.{row.id}.{stamp}@{mail_domain()}>"


def service_url(endpoint: str, **values) -> str:
    """Build an absolute URL to `endpoint` under SERVICE_URL (or the current request's host)."""
    if not current_app.config.get("SERVICE_URL") and has_request_context():
        return url_for(endpoint, _external=True, **values)
    base = urlsplit(current_app.config.get("SERVICE_URL") or "http://localhost:5000")
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/",
                                       url_scheme=base.scheme or "http")
    return adapter.build(endpoint, values, force_external=True)


def _decision_links(facts: MailFacts) -> dict[str, str]:
    from ..auth.tokens import issue_token

    decider_id = facts.data.get("decider_id") or (facts.recipient.id if facts.recipient else None)
    if facts.request is None or decider_id is None:
        return {}
    # The token names who decides: the link acts for that person, signed in or not.
    subject = {"request": facts.request.id, "person": decider_id}
    max_age = current_app.config["APPROVAL_LINK_MAX_AGE"]
    language = facts.row.language or "sv"
    return {action: service_url(f"links.{action}", lang=language,
                                token=issue_token(f"{action}_request", subject, max_age))
            for action in ("approve", "decline")}


def _evaluation_link(facts: MailFacts, now: datetime) -> dict[str, str]:
    from flask_babel import format_date

    from ..auth.tokens import issue_token
    from ..workflow.evaluations import closes_at

    invitation = facts.invitation
    if invitation is None:
        return {}
    closes = closes_at(invitation, current_app.config["EVALUATION_OPEN_DAYS"])
    seconds = int((closes - now).total_seconds())
    # The link names the invitation and its random nonce; it works until the
    # invitation closes, once (the blueprint refuses an answered invitation).
    token = issue_token("evaluation", {"invitation": invitation.id, "nonce": invitation.nonce},
                        max(seconds, 1))
    return {"evaluation": service_url("evaluations.answer_by_link", token=token,
                                      lang=facts.row.language or "sv"),
            "closes_on": format_date(closes.astimezone(programme_zone()).date(), "long")}


def _time_statement_link(db, facts: MailFacts) -> dict[str, str]:
    from ..auth.tokens import issue_token
    from ..models.time_statements import TimeStatement
    from ..workflow.time_statements import LINK_MAX_AGE, LINK_PURPOSE, link_subject

    statement = db.get(TimeStatement, facts.data.get("statement_id"))
    if statement is None:
        return {}
    # The token names the minutes sent: a statement sent again with other
    # minutes makes the older link refuse.
    subject = {**link_subject(statement), "minutes": facts.data.get("minutes")}
    token = issue_token(LINK_PURPOSE, subject, LINK_MAX_AGE)
    return {"time_statement": service_url("time_statements.confirm", token=token,
                                          lang=facts.row.language or "sv")}


def _guest_confirm_link(db, facts: MailFacts, now: datetime) -> dict[str, str]:
    from flask_babel import format_datetime as format_moment

    from ..auth.tokens import issue_token
    from ..models.guests import GuestRequest

    row = db.get(GuestRequest, facts.data.get("guest_request_id"))
    if row is None:
        return {}
    # Valid as long as the request waits for confirmation; used up by the first click.
    seconds = max(int((row.expires_at - now).total_seconds()), 1)
    token = issue_token("guest_confirm", {"guest_request": row.id}, seconds)
    return {"guest_confirm": service_url("guests.confirm", token=token, lang=facts.row.language or "sv"),
            "expires": format_moment(row.expires_at.astimezone(programme_zone()), "d MMMM y HH:mm")}


def _guest_cancel_link(facts: MailFacts, now: datetime) -> dict[str, str]:
    """Every mail to a guest about a live request carries a single-use cancel link (no account)."""
    from ..auth.tokens import issue_token

    request = facts.request
    if (request is None or facts.employee is None or not facts.employee.is_guest
            or not facts.to_requester or not request.is_live):
        return {}
    # Guests cancel before the session starts (cancel_request's rule); the link lasts until then.
    seconds = max(int((request.session.starts_at - now).total_seconds()), 1)
    token = issue_token("guest_cancel", {"request": request.id}, seconds)
    return {"guest_cancel": service_url("guests.cancel", token=token, lang=facts.row.language or "sv")}


def _calendar(facts: MailFacts, method: str, now: datetime) -> bytes:
    attendee = facts.employee or facts.recipient
    return build_invitation(
        session_id=facts.session.id, title=facts.course_title, meetings=facts.meetings,
        sequence=facts.session.sequence, method=method,
        organizer=parseaddr(current_app.config["MAIL_FROM"])[1],
        attendee=attendee.email if attendee else facts.row.recipient_email,
        attendee_name=attendee.name if attendee else "",
        timezone=current_app.config["TIMEZONE"], uid_domain=mail_domain(), now=now)


def render_message(db, row: OutboxMessage, now: datetime) -> EmailMessage:
    """Build the e-mail for `row` (facts loaded through `db`), ready to send."""
    kind = kind_of(row.kind)
    language = row.language if row.language in LANGUAGES else "sv"
    with force_locale(language):
        facts = load_facts(db, row, programme_zone())
        if kind.decision_links:
            facts.links = _decision_links(facts)
        if kind.evaluation_link:
            facts.links = _evaluation_link(facts, now)
        if kind.time_statement_link:
            facts.links = _time_statement_link(db, facts)
        if kind.guest_confirm_link:
            facts.links = _guest_confirm_link(db, facts, now)
        facts.links = {**facts.links, **_guest_cancel_link(facts, now)}
        context = {"facts": facts, "data": facts.data, "language": language,
                   "service_url": current_app.config.get("SERVICE_URL") or ""}
        env = current_app.jinja_env
        subject = kind.subject(facts)
        text = env.get_template(f"mail/{row.kind}.txt").render(context, subject=subject)
        html = env.get_template(f"mail/{row.kind}.html").render(context, subject=subject)
        method = kind.calendar(facts)
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = Address(display_name=facts.recipient.name if facts.recipient else "",
                            addr_spec=row.recipient_email)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = message_id(row)
    message["X-Kursportal-Outbox-Id"] = str(row.id)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    # After the body: set_content drops every Content-* header set before it.
    message["Content-Language"] = language
    if method is not None:
        message.add_attachment(_calendar(facts, method, now), maintype="text",
                               subtype="calendar", filename="kurstillfalle.ics",
                               params={"method": method})
    return message


def session_calendar(session, person, now: datetime) -> bytes:
    """Return the session's .ics for `person`, with the same UIDs as the invitations sent by e-mail."""
    return build_invitation(
        session_id=session.id, title=session.course.title,
        meetings=meetings_of(session, programme_zone()), sequence=session.sequence,
        organizer=parseaddr(current_app.config["MAIL_FROM"])[1],
        attendee=person.email, attendee_name=person.name,
        timezone=current_app.config["TIMEZONE"], uid_domain=mail_domain(), now=now)
