"""The site's two languages: translated strings, URLs per language, dates.

Template strings are written in English (the msgids) and translated from the
Babel catalogues in `theme/translations/<lang>/LC_MESSAGES/messages.po`.
Swedish is the default language and lives at `/`; English lives under `/en/`.
Labels of kinds, levels, audiences and themes come from `catalogue.vocabulary`,
so a fact's wording lives in one place.
"""
from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date, format_time
from babel.numbers import format_decimal
from babel.messages.pofile import read_po
from jinja2 import pass_context

from catalogue import vocabulary

DEFAULT_LANG = vocabulary.DEFAULT_LANGUAGE
LANGUAGES = vocabulary.LANGUAGES
# Word lists the templates may ask a label from, by a short name.
WORD_LISTS = {
    "kind": vocabulary.KINDS,
    "level": vocabulary.LEVELS,
    "audience": vocabulary.AUDIENCES,
    "theme": vocabulary.THEMES,
}


@lru_cache(maxsize=None)
def messages(translations_dir: str, lang: str) -> dict:
    """Return {English msgid: translation} for `lang`; empty for English or no catalogue.

    Plural messages are keyed by their singular msgid and hold (one, many).
    """
    po = Path(translations_dir) / lang / "LC_MESSAGES" / "messages.po"
    if lang == "en" or not po.is_file():
        return {}
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    found = {}
    for m in catalog:
        if not m.id or m.fuzzy:
            continue
        if isinstance(m.id, tuple):
            if all(m.string):
                found[m.id[0]] = tuple(m.string)
        elif m.string:
            found[m.id] = m.string
    return found


def translate(translations_dir: str, lang: str, msgid: str, **values) -> str:
    """Translate `msgid` into `lang` and fill in `%(name)s` placeholders from `values`."""
    text = messages(translations_dir, lang).get(msgid, msgid)
    return text % values if values else text


def translate_plural(translations_dir: str, lang: str, singular: str, plural: str, n: int, **values) -> str:
    """Translate the form of a message for `n` (Swedish and English: one when n == 1)."""
    forms = messages(translations_dir, lang).get(singular) or (singular, plural)
    return forms[0 if n == 1 else 1] % values


def prefix(lang: str) -> str:
    """The URL path prefix of a language: '' for the default, '/en' for English."""
    return "" if lang == DEFAULT_LANG else f"/{lang}"


# A catalogue repeats the same few hundred dates on thousands of pages, and
# Babel's formatting is slow enough to show in a build profile.
_format_date = lru_cache(maxsize=65536)(format_date)
_format_time = lru_cache(maxsize=4096)(format_time)


def context_lang(ctx) -> str:
    """The language of the page being rendered: `lang` in the context, or the Pelican page's."""
    lang = ctx.get("lang")
    if lang:
        return lang
    page = ctx.get("page")
    return getattr(page, "lang", None) or DEFAULT_LANG


def template_globals(settings: dict) -> dict:
    """Return the functions every template may call; each follows the page's language."""
    translations_dir = str(Path(settings["THEME"]) / "translations")
    siteurl = settings.get("SITEURL", "")

    @pass_context
    def gettext(ctx, msgid, **values):
        return translate(translations_dir, context_lang(ctx), msgid, **values)

    @pass_context
    def ngettext(ctx, singular, plural, n, **values):
        return translate_plural(translations_dir, context_lang(ctx), singular, plural, n, **values)

    @pass_context
    def href(ctx, path="", lang=None):
        """Link to `path` (no leading slash) in the page's language or in `lang`."""
        return f"{siteurl}{prefix(lang or context_lang(ctx))}/{path}"

    def asset(path):
        """Link to a language-neutral file: CSS, JS, .ics, JSON."""
        return f"{siteurl}/{path}"

    @pass_context
    def label(ctx, word_list, key):
        return vocabulary.label(WORD_LISTS[word_list], key, context_lang(ctx))

    @pass_context
    def day(ctx, value: date, style="long"):
        return _format_date(value, format=style, locale=context_lang(ctx))

    @pass_context
    def weekday(ctx, value: date):
        return _format_date(value, format="EEEE d MMMM y", locale=context_lang(ctx))

    @pass_context
    def clock(ctx, value: datetime):
        return _format_time(value.time(), format="HH:mm", locale=context_lang(ctx))

    @pass_context
    def month_name(ctx, month: str):
        year, number = (int(part) for part in month.split("-"))
        return _format_date(date(year, number, 1), format="LLLL y", locale=context_lang(ctx))

    @pass_context
    def number(ctx, value):
        return format_decimal(value, locale=context_lang(ctx))

    @pass_context
    def current_lang(ctx):
        return context_lang(ctx)

    @pass_context
    def other_lang(ctx):
        return "en" if context_lang(ctx) == DEFAULT_LANG else DEFAULT_LANG

    return {
        "_": gettext, "gettext": gettext, "ngettext": ngettext, "href": href, "asset": asset, "label": label,
        "day": day, "weekday": weekday, "clock": clock, "month_name": month_name,
        "number": number, "other_lang": other_lang, "current_lang": current_lang, "LANGUAGES": LANGUAGES, "DEFAULT_LANG": DEFAULT_LANG,
    }
