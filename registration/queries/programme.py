"""The programme file (content/programme.yaml) as the service sees it, loaded once per change.

The service keeps courses and sessions in the database (workflow.catalogue_sync);
the programme - questions, surveys, goals - is read from the loaded catalogue
instead, since nothing in it changes state. `programme_in(content, timezone)`
returns the `catalogue.Programme`, or None when the content has no programme
file. It loads the whole catalogue (the programme is checked against the
organisations and courses) and caches it until a file under the content
folder changes; a broken catalogue keeps the last good programme, as the sync
keeps the last good courses.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path

log = logging.getLogger(__name__)

_lock = threading.Lock()
# content folder -> (fingerprint of its files, the programme loaded from them)
_cache: dict[str, tuple[tuple, object]] = {}


def _fingerprint(content: Path) -> tuple:
    stamps = []
    for path in sorted([content / "organisations.yaml", content / "programme.yaml",
                        *(content / "courses").glob("*.md")]):
        try:
            stat = path.stat()
        except OSError:
            continue
        stamps.append((path.name, stat.st_mtime_ns, stat.st_size))
    return tuple(stamps)


def remember(content: str | Path, catalogue) -> None:
    """Keep `catalogue.programme` as the programme of `content` (the sync on start loaded it already)."""
    content = Path(content)
    with _lock:
        _cache[str(content.resolve())] = (_fingerprint(content), catalogue.programme)


def programme_in(content: str | Path, timezone: str):
    """The programme of the content folder `content`, or None (no folder, no programme file)."""
    from catalogue import CatalogueError, load_catalogue

    content = Path(content)
    if not content.is_dir():
        return None
    key = str(content.resolve())
    fingerprint = _fingerprint(content)
    with _lock:
        cached = _cache.get(key)
        if cached is not None and cached[0] == fingerprint:
            return cached[1]
        try:
            programme = load_catalogue(content, timezone=timezone).programme
        except CatalogueError as error:
            log.error("Programme not reloaded, content has problems:\n%s", error)
            return cached[1] if cached is not None else None
        _cache[key] = (fingerprint, programme)
        return programme
