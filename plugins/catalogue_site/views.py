"""Display values of a course page's sessions, prepared in Python once per language.

A course page lists every session with every meeting; formatting those dates
inside the template's loops cost several hundred template calls per page,
most of a large build. Here they are plain strings the template only prints.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from markupsafe import Markup

from catalogue import Catalogue, Course, Session
from catalogue.vocabulary import DEFAULT_LANGUAGE


# One row of a session's meeting table (columns: date, time, place; the
# header is in theme/templates/course.html). Made here, not in the template:
# a catalogue has ~30 meetings per course, and rendering each row's six values
# through Jinja was the largest part of a course page.
# The date and time cells are left out of the search index (data-pagefind-ignore):
# ~30 dates per course made most of the words Pagefind read and none worth
# searching for; the place stays findable.
_MEETING_ROW = ('<tr><th scope="row" data-pagefind-ignore>{weekday}</th><td data-pagefind-ignore>'
                '<time datetime="{start_iso}">{start}</time>–<time datetime="{end_iso}">{end}</time></td>'
                '<td{lang}>{place}</td></tr>')
# The same weekdays, clock times and places recur throughout a catalogue.
_escape = lru_cache(maxsize=65536)(html.escape)


def meeting_rows(meetings, helpers: dict) -> Markup:
    """The `<tr>` rows of `meetings` in the language of `helpers` (place names are Swedish: marked so in English)."""
    weekday, clock = helpers["weekday"], helpers["clock"]
    lang = "" if helpers["current_lang"]() == DEFAULT_LANGUAGE else f' lang="{DEFAULT_LANGUAGE}"'
    return Markup("\n".join(_MEETING_ROW.format(
        weekday=_escape(weekday(m.start.date())), start_iso=m.start.isoformat(), start=_escape(clock(m.start)),
        end_iso=m.end.isoformat(), end=_escape(clock(m.end)), lang=lang, place=_escape(m.place),
    ) for m in meetings))


@dataclass(frozen=True)
class SessionView:
    """One session with its dates and facts already worded in the page's language."""

    session: Session
    first_day: str
    last_day: str | None  # None when the session is one day
    meeting_rows: Markup  # the rows of its meeting table (meeting_rows)
    deadline_iso: str
    deadline: str
    seats: str
    reserved: str | None
    requestable: bool  # False once the last day to request a place has passed


def session_views(catalogue: Catalogue, course: Course, helpers: dict, today: date) -> list[SessionView]:
    """The sessions of `course`, worded with `helpers` (i18n.language_helpers of one language)."""
    _, ngettext, day = (helpers[k] for k in ("_", "ngettext", "day"))
    views = []
    for session in course.sessions:
        first, last = session.start.date(), session.end.date()
        reserved = None
        if session.reserved:
            reserved = ", ".join(
                _("%(seats)s for %(organisation)s", seats=seats, organisation=catalogue.organisation(org).short_name)
                for org, seats in session.reserved.items()
            )
            if session.reserved_until:
                reserved += " " + _("until %(day)s", day=day(session.reserved_until))
        views.append(SessionView(
            session=session,
            first_day=day(first),
            last_day=day(last) if last != first else None,
            meeting_rows=meeting_rows(session.meetings, helpers),
            deadline_iso=session.deadline.isoformat(),
            deadline=day(session.deadline),
            seats=ngettext("%(capacity)s seat", "%(capacity)s seats", session.capacity, capacity=session.capacity),
            reserved=reserved,
            requestable=session.deadline >= today,
        ))
    return views
