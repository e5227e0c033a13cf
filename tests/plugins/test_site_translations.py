"""The Swedish catalogue of the site's strings is complete and consistent with the templates."""
from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "theme" / "translations" / "sv" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def strings_in_source() -> set:
    """Every msgid the templates and the plugin ask to translate (plurals as (one, many)), as pybabel finds them."""
    found = set()
    for folder, method in ((ROOT / "theme" / "templates", "jinja2"), (ROOT / "plugins" / "catalogue_site", "python")):
        pattern = "**.html" if method == "jinja2" else "**.py"
        for _, _, message, _, _ in extract_from_dir(
            folder, method_map=[(pattern, method)],
            keywords={"_": None, "gettext": None, "ngettext": (1, 2), "translate": (3,), "translate_plural": (3, 4)},
        ):
            found.add(message if isinstance(message, str) else tuple(message[:2]))
    return found


def swedish() -> dict:
    """{msgid: translation}; plurals as {(one, many): (one, many)}."""
    with PO.open("rb") as fh:
        return {m.id: m.string for m in read_po(fh, locale="sv") if m.id}


def forms(value) -> tuple:
    return value if isinstance(value, tuple) else (value,)


def test_every_site_string_has_a_swedish_translation():
    catalogue = swedish()
    missing = sorted((s for s in strings_in_source() if not all(forms(catalogue.get(s) or ""))), key=str)
    assert missing == []


def test_swedish_translations_keep_every_placeholder():
    for msgid, text in swedish().items():
        for english, translated in zip(forms(msgid), forms(text)):
            assert sorted(PLACEHOLDER.findall(translated)) == sorted(PLACEHOLDER.findall(english)), msgid


def test_no_stale_translations_of_strings_the_site_no_longer_uses():
    assert sorted(set(swedish()) - strings_in_source(), key=str) == []
