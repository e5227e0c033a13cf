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


def language_helpers(settings: dict, lang: str) -> dict:
    """The template helpers with `lang` fixed: what the catalogue generator passes to each page.

    Binding the language once per page spares the thousands of context look-ups
    the context-following versions (`template_globals`) make on a course page.
    """
    translations_dir = str(Path(settings["THEME"]) / "translations")
    siteurl = settings.get("SITEURL", "")
    strings = messages(translations_dir, lang)

    def gettext(msgid, **values):
        text = strings.get(msgid, msgid)
        return text % values if values else text

    def ngettext(singular, plural, n, **values):
        return translate_plural(translations_dir, lang, singular, plural, n, **values)

    def href(path="", lang=lang):
        """Link to `path` (no leading slash) in this page's language, or in `lang`."""
        return f"{siteurl}{prefix(lang)}/{path}"

    def asset(path):
        """Link to a language-neutral file: CSS, JS, .ics, JSON."""
        return f"{siteurl}/{path}"

    def label(word_list, key):
        return vocabulary.label(WORD_LISTS[word_list], key, lang)

    def day(value: date, style="long"):
        return _format_date(value, format=style, locale=lang)

    def weekday(value: date):
        return _format_date(value, format="EEEE d MMMM y", locale=lang)

    def clock(value: datetime):
        return _format_time(value.time(), format="HH:mm", locale=lang)

    def month_name(month: str):
        year, number = (int(part) for part in month.split("-"))
        return _format_date(date(year, number, 1), format="LLLL y", locale=lang)

    def number(value):
        return format_decimal(value, locale=lang)

    other = "en" if lang == DEFAULT_LANG else DEFAULT_LANG
    return {
        "_": gettext, "gettext": gettext, "ngettext": ngettext, "href": href, "asset": asset, "label": label,
        "day": day, "weekday": weekday, "clock": clock, "month_name": month_name, "number": number,
        "current_lang": lambda: lang, "other_lang": lambda: other,
        "LANGUAGES": LANGUAGES, "DEFAULT_LANG": DEFAULT_LANG,
    }


def template_globals(settings: dict) -> dict:
    """Return the helpers every template may call, each following the page's language.

    Pelican's own pages (content/pages) use these; they find the language in
    the context on every call.
    """
    bound = {lang: language_helpers(settings, lang) for lang in LANGUAGES}

    def following_page(name):
        @pass_context
        def helper(ctx, *args, **kwargs):
            return bound[context_lang(ctx)][name](*args, **kwargs)
        return helper

    names = [n for n, v in bound[DEFAULT_LANG].items() if callable(v)]
    return {**{name: following_page(name) for name in names}, "LANGUAGES": LANGUAGES, "DEFAULT_LANG": DEFAULT_LANG}
