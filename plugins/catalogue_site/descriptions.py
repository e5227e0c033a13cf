"""Course descriptions as safe HTML: Markdown, sanitised, headings below the page's h1.

A build needs every description in both languages' processes; converting
Markdown was ~1.4 s of CPU per process at 1,000 courses. `description_html`
converts each description once per build, before the language processes are
forked (the files not seen before shared between two processes), and keeps
the HTML in a cache file keyed by the description's text, so republishing
after one edit converts one description.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import os
import pickle
import re
from pathlib import Path

import markdown

from catalogue.forking import in_shares

from .security import sanitise_html

CACHE_FILE = "descriptions.pickle"
# Below this many descriptions to convert, a second process costs more than it saves.
_PARALLEL_FROM = 100
_HEADING = re.compile(r"<(/?)h([1-6])\b")


def headings_below_h1(html: str) -> str:
    """Shift the headings of a course description so the first level is h2.

    The page's own title is the only h1; a description written with '#'
    headings would otherwise break the heading order screen readers rely on.
    """
    levels = [int(m.group(2)) for m in _HEADING.finditer(html) if not m.group(1)]
    shift = 2 - min(levels, default=2)
    if shift <= 0:
        return html
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + shift)}", html)


def markdown_renderer(settings: dict) -> markdown.Markdown:
    """A Markdown converter with Pelican's MARKDOWN settings, less the `meta` extension."""
    options = dict(settings["MARKDOWN"])
    # The front matter is already parsed: without this, a description whose
    # first line reads like "Purpose: ..." would vanish into Markdown
    # metadata. (Pelican's reader adds `meta` to MARKDOWN["extensions"].)
    configs = options.get("extension_configs", {})
    options["extensions"] = [
        name for name in dict.fromkeys([*options.get("extensions", []), *configs])
        if isinstance(name, str) and name.rsplit(".", 1)[-1] != "meta"
    ]
    options["extension_configs"] = {n: c for n, c in configs.items() if n in options["extensions"]}
    return markdown.Markdown(**options)


def convert(renderer: markdown.Markdown, text: str) -> str:
    """One description's HTML with `renderer` (from markdown_renderer)."""
    return headings_below_h1(sanitise_html(renderer.reset().convert(text)))


def _context(settings: dict) -> str:
    # What the HTML of a text depends on besides the text: settings, libraries, this code.
    versions = []
    for name in ("markdown", "nh3"):
        try:
            versions.append(importlib.metadata.version(name))
        except importlib.metadata.PackageNotFoundError:
            versions.append("-")
    here = Path(__file__).resolve().parent
    code = [(here / name).read_bytes() for name in ("descriptions.py", "security.py")]
    return hashlib.blake2b(repr((repr(settings.get("MARKDOWN")), versions, code)).encode(),
                           digest_size=16).hexdigest()


def _key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def description_html(courses, settings: dict, cache_folder: Path | None = None, workers: int = 1) -> dict[str, str]:
    """{course slug: description HTML} for `courses`.

    With `cache_folder`, HTML made by an earlier build for the same text (and
    the same Markdown settings, libraries and code) is reused, and this
    build's HTML is stored for the next. With `workers` 2 or more, the rest is
    converted in that many forked processes.
    """
    context = _context(settings)
    old: dict[str, str] = {}
    if cache_folder is not None:
        try:
            with open(Path(cache_folder) / CACHE_FILE, "rb") as fh:
                stored = pickle.load(fh)
            old = stored["html"] if stored.get("context") == context else {}
        except (OSError, pickle.UnpicklingError, EOFError, KeyError, AttributeError, ValueError):
            old = {}
    keys = {course.slug: _key(course.body) for course in courses}
    html = {slug: old[key] for slug, key in keys.items() if key in old}
    todo = [course for course in courses if course.slug not in html]

    def work(share):
        renderer = markdown_renderer(settings)
        return [convert(renderer, course.body) for course in share]

    made = in_shares(work, todo, workers=workers, parallel_from=_PARALLEL_FROM)
    html.update((course.slug, text) for course, text in zip(todo, made))
    stored = {keys[slug]: text for slug, text in html.items()}
    if cache_folder is not None and stored.keys() != old.keys():
        folder = Path(cache_folder)
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f"{CACHE_FILE}.{os.getpid()}.new"
        with open(temporary, "wb") as fh:
            pickle.dump({"context": context, "html": stored}, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, folder / CACHE_FILE)
    return html


