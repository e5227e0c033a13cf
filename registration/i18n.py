"""Languages of the service: Swedish by default, English on request.

The language is chosen, first match wins, by `?lang=sv|en` in the URL (remembered
in the session), the language stored in the session, the signed-in person's
language, then Swedish. Dates and times are shown in the programme's time zone.
"""
from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, g, request, session
from flask_babel import Babel, format_date, format_datetime, format_time, get_locale, gettext

from .models import session_status_label, state_label

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"
LANGUAGE_NAMES = {"sv": "Svenska", "en": "English"}


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
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": format_datetime(value, fmt) if value else ""
    app.jinja_env.filters["date"] = lambda value, fmt="medium": format_date(value, fmt) if value else ""
    app.jinja_env.filters["time"] = lambda value, fmt="short": format_time(value, fmt) if value else ""
    app.jinja_env.globals.update(current_language=current_language, switch_url=switch_url,
                                 LANGUAGES=LANGUAGES, LANGUAGE_NAMES=LANGUAGE_NAMES,
                                 state_label=lambda state: state_label(state, current_language()),
                                 session_status_label=lambda status: session_status_label(
                                     status, current_language()))


def workflow_message(error) -> str:
    """Return a WorkflowError's message translated into the request's language."""
    text = gettext(error.message)
    return text % error.params if error.params else text
