"""The catalogue of content/ as the service's pages and commands read it (courses' audiences, the programme).

The service keeps courses and sessions in the database (workflow.catalogue_sync);
what changes no state - the programme's questions, surveys and goals, the
courses' audiences - is read from the loaded catalogue instead. This module is
the one place that loads and caches it:

- `catalogue_in(content, timezone)`: the `catalogue.Catalogue` of a content
  folder, loaded once per change of its files (checked by size and
  modification time, so an edited programme.yaml is seen on the next request
  without a restart). A folder with problems keeps the last good catalogue, as
  the sync keeps the last good courses; None when there never was one.
- `programme_in(content, timezone)`: that catalogue's `Programme`, or None.
- `loaded_catalogue(app)`: the same for the app's CONTENT and TIMEZONE.
- `remember(content, catalogue)`: primes the cache (the sync on start has
  loaded the catalogue already).

No Flask here: callers pass the folder and the zone.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from catalogue import Catalogue, CatalogueError, load_catalogue

log = logging.getLogger(__name__)

_lock = threading.Lock()
# resolved content folder -> (fingerprint of its files, the catalogue loaded from them)
_cache: dict[str, tuple[tuple, Catalogue | None]] = {}


def _fingerprint(content: Path, timezone: str) -> tuple:
    """(name, mtime, size) of every file the catalogue is loaded from, and the zone it is read in."""
    stamps = []
    for path in sorted([content / "organisations.yaml", content / "programme.yaml",
                        *(content / "courses").glob("*.md")]):
        try:
            stat = path.stat()
        except OSError:
            continue
        stamps.append((path.name, stat.st_mtime_ns, stat.st_size))
    return (timezone, tuple(stamps))


def remember(content: str | Path, catalogue: Catalogue, timezone: str) -> None:
    """Keep `catalogue` as the loaded catalogue of `content` read in `timezone`."""
    content = Path(content)
    with _lock:
        _cache[str(content.resolve())] = (_fingerprint(content, timezone), catalogue)


def catalogue_in(content: str | Path, timezone: str) -> Catalogue | None:
    """The catalogue of the folder `content`; the last good one while it has problems; None if none."""
    content = Path(content)
    if not content.is_dir():
        return None
    key = str(content.resolve())
    fingerprint = _fingerprint(content, timezone)
    with _lock:
        cached = _cache.get(key)
        if cached is not None and cached[0] == fingerprint:
            return cached[1]
        try:
            catalogue = load_catalogue(content, timezone=timezone)
        except CatalogueError as error:
            log.error("content/ not reloaded, it has problems:\n%s", error)
            return cached[1] if cached is not None else None
        _cache[key] = (fingerprint, catalogue)
        return catalogue


def programme_in(content: str | Path, timezone: str):
    """The `catalogue.Programme` of the folder `content`, or None (no folder, no programme file)."""
    catalogue = catalogue_in(content, timezone)
    return catalogue.programme if catalogue is not None else None


def loaded_catalogue(app) -> Catalogue | None:
    """The catalogue of app.config['CONTENT'] read in app.config['TIMEZONE'] (see catalogue_in)."""
    return catalogue_in(app.config["CONTENT"], app.config["TIMEZONE"])
