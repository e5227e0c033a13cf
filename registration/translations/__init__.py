"""Babel catalogues of the service (msgids in English; `sv` is the default language and must be complete).

    python -m registration.translations update   # extract, merge into every .po, compile
    python -m registration.translations check    # list untranslated or fuzzy entries (exit 1 if any)

After `update`, translate new entries in registration/translations/sv/LC_MESSAGES/messages.po
(the English catalogue may stay empty: the msgids are English).
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent.parent
POT = HERE / "messages.pot"
LANGUAGES = ("sv", "en")
KEYWORDS = ("_", "gettext", "ngettext:1,2", "lazy_gettext", "_l", "N_", "lazy_ngettext:1,2")


def po_path(language: str) -> Path:
    """Return the .po file of `language`."""
    return HERE / language / "LC_MESSAGES" / "messages.po"


def _pybabel(*args: str) -> None:
    pybabel = Path(sys.executable).with_name("pybabel")
    done = subprocess.run([str(pybabel), "-q", *args], cwd=PROJECT, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"pybabel {args[0]} failed:\n{done.stdout}{done.stderr}")


def extract(output: Path = POT) -> Path:
    """Extract every translatable string under registration/ into a .pot file."""
    keywords = [arg for k in KEYWORDS for arg in ("-k", k)]
    _pybabel("extract", "-F", str(HERE / "babel.cfg"), "--no-wrap", "--sort-by-file",
             "--project", "Kursportal", "-o", str(output), *keywords, "registration")
    return output


def update() -> None:
    """Extract, merge new strings into each language's .po (creating it if needed), and compile."""
    extract()
    for language in LANGUAGES:
        command = "update" if po_path(language).exists() else "init"
        _pybabel(command, "-i", str(POT), "-d", str(HERE), "-l", language, "--no-wrap",
                 *(["--ignore-obsolete"] if command == "update" else []))
    compile_all(force=True)


def compile_all(force: bool = False) -> None:
    """Write each .mo from its .po when missing or older (atomic: safe with several processes)."""
    for language in LANGUAGES:
        po = po_path(language)
        mo = po.with_suffix(".mo")
        if not po.exists() or (not force and mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime):
            continue
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        fd, temporary = tempfile.mkstemp(dir=mo.parent, suffix=".mo.tmp")
        with os.fdopen(fd, "wb") as out:
            write_mo(out, catalog, use_fuzzy=False)
        os.replace(temporary, mo)


def problems(language: str = "sv", pot: Path = POT) -> list[str]:
    """Return the msgids in `pot` that `language` lacks, leaves untranslated, or marks fuzzy."""
    with pot.open("rb") as handle:
        template = read_po(handle)
    with po_path(language).open("rb") as handle:
        catalog = read_po(handle, locale=language)
    found = []
    for message in template:
        if not message.id:
            continue
        translated = catalog.get(message.id, message.context)
        key = message.id if isinstance(message.id, str) else message.id[0]
        if translated is None:
            found.append(f"missing: {key!r}")
        elif translated.fuzzy:
            found.append(f"fuzzy: {key!r}")
        elif not translated.string or (isinstance(translated.string, (list, tuple))
                                        and not all(translated.string)):
            found.append(f"untranslated: {key!r}")
    return found


def main(argv: list[str]) -> int:
    """Command line: update | check | compile."""
    command = argv[0] if argv else "update"
    if command == "update":
        update()
        remaining = problems()
        print(f"{len(remaining)} Swedish entries to translate in {po_path('sv')}")
        return 0
    if command == "compile":
        compile_all(force=True)
        return 0
    if command == "check":
        # Extract into a scratch file: checking must not touch the committed template.
        with tempfile.TemporaryDirectory() as scratch:
            remaining = problems("sv", extract(Path(scratch) / "messages.pot"))
        print("\n".join(remaining) or "Swedish catalogue complete")
        return 1 if remaining else 0
    print(__doc__)
    return 2
