"""The pages the law asks of a public body, read from the content folder.

The accessibility statement, the privacy notice and the cookie note are written once,
as Markdown in `content/pages/` (`accessibility.md`, `accessibility.en.md`, ...): the
catalogue site publishes them with Pelican and the service shows the same files, so the
two halves can never say different things. `law_page(content_dir, slug, lang)` returns
the page's title, its metadata (lower-case keys, e.g. `checked` = the date of the last
automated check) and its body as HTML.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import markdown

# The slugs the service serves, in footer order; each has a Swedish file and an English one.
LAW_PAGES = ("accessibility", "privacy", "cookies")


@dataclass(frozen=True)
class LawPage:
    """One law page in one language: title, metadata (lower-case keys) and the body as HTML."""

    slug: str
    lang: str
    title: str
    meta: dict[str, str]
    html: str


def law_page(content_dir: Path | str, slug: str, lang: str) -> LawPage | None:
    """The page `slug` in `lang` (Swedish when there is no English file); None if unknown or missing."""
    if slug not in LAW_PAGES:
        return None
    folder = Path(content_dir) / "pages"
    candidates = [folder / f"{slug}.{lang}.md"] if lang != "sv" else []
    candidates.append(folder / f"{slug}.md")
    for path in candidates:
        if path.is_file():
            return _read(path, slug, "sv" if path.name == f"{slug}.md" else lang)
    return None


def _read(path: Path, slug: str, lang: str) -> LawPage:
    converter = markdown.Markdown(extensions=["extra", "meta"], output_format="html")
    html = converter.convert(path.read_text(encoding="utf-8"))
    meta = {key.lower(): " ".join(values) for key, values in converter.Meta.items()}
    return LawPage(slug=slug, lang=lang, title=meta.get("title", slug), meta=meta, html=html)
