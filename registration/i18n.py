"""Languages of the service: Swedish by default, English on request.

The language is chosen, first match wins, by `?lang=sv|en` in the URL (remembered
in the session), the language stored in the session, the signed-in person's
language, then Swedish. Dates and times are shown in the programme's time zone.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from urllib.parse import urlencode

from flask import Flask, g, request, session
from markupsafe import Markup
from flask_babel import Babel, format_date, format_datetime, format_time, get_locale, gettext

from .models import session_status_label, state_label

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"
LANGUAGE_NAMES = {"sv": "Svenska", "en": "English"}
# One way of writing dates in both languages, the catalogue's ("3 February 2027",
# "3 februari 2027"): Babel's named styles differ per locale (English "February 3, 2027",
# "12/1/26, 6:55 PM"), so the templates' style names map to these patterns.
DATE_STYLES = {"short": "d MMM y", "medium": "d MMM y", "long": "d MMMM y", "full": "EEEE d MMMM y"}
DATETIME_STYLES = {"short": "d MMM y, HH:mm", "medium": "d MMM y, HH:mm", "long": "d MMMM y, HH:mm",
                   "full": "EEEE d MMMM y, HH:mm"}
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def select_language() -> str:
    """Return the language code for the current request."""
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        session["lang"] = asked
        return asked
    remembered = session.get("lang")
    if remembered in LANGUAGES:
        return remembered
    # g.person_language (set with g.person), not g.person.language: after a commit the
    # person is expired and reading it would query, maybe a database that is gone.
    if g.get("person_language") in LANGUAGES:
        return g.person_language
    return DEFAULT_LANGUAGE


def current_language() -> str:
    """Return the language of the current request ('sv' or 'en')."""
    return str(get_locale() or DEFAULT_LANGUAGE)


def content_lang() -> Markup:
    """` lang="sv"` for an element holding catalogue content (course titles, places) on an
    English page, else nothing: the catalogue is written in Swedish (WCAG 3.1.2)."""
    return Markup("") if current_language() == "sv" else Markup(' lang="sv"')


def switch_url(language: str) -> str:
    """Return the current page's URL with `lang` set to `language` (keeps other arguments)."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    args.append(("lang", language))
    return f"{request.script_root}{request.path}?{urlencode(args)}"


def init_app(app: Flask) -> None:
    """Set up Flask-Babel with our language choice and date filters for templates."""
    from .translations import compile_all

    # Editors change .po files; compile any that are newer than their .mo so a restart shows them.
    compile_all()
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    app.config["BABEL_DEFAULT_TIMEZONE"] = app.config["TIMEZONE"]
    Babel(app, locale_selector=select_language,
          timezone_selector=lambda: app.config["TIMEZONE"])
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": (
        format_datetime(value, DATETIME_STYLES.get(fmt, fmt)) if value else "")
    app.jinja_env.filters["date"] = lambda value, fmt="medium": (
        format_date(value, DATE_STYLES.get(fmt, fmt)) if value else "")
    app.jinja_env.filters["time"] = lambda value, fmt="short": format_time(value, fmt) if value else ""
    app.jinja_env.globals.update(current_language=current_language, switch_url=switch_url,
                                 content_lang=content_lang,
                                 LANGUAGES=LANGUAGES, LANGUAGE_NAMES=LANGUAGE_NAMES,
                                 state_label=lambda state: state_label(state, current_language()),
                                 session_status_label=lambda status: session_status_label(
                                     status, current_language()))


def workflow_message(error) -> str:
    """Return a WorkflowError's message translated into the request's language.

    Dates among the parameters (a `date`, or an ISO "2026-10-01") are written as every
    page writes them ("1 oktober 2026", "1 October 2026").
    """
    text = gettext(error.message)
    if not error.params:
        return text
    return text % {key: _written_date(value) for key, value in error.params.items()}


def _written_date(value):
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        value = date.fromisoformat(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return format_date(value, DATE_STYLES["long"])
    return value
