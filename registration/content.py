"""The catalogue of content/ as the service's pages and commands read it (courses' audiences, the programme).

`loaded_catalogue(app)` loads the CONTENT folder with the catalogue package
and keeps the result until a file in it changes (checked by modification
times, so an edited programme.yaml is seen on the next request without a
restart). A folder that is missing or has problems gives None: callers show
that there is no programme rather than crash; the build and `catalogue sync`
report the problems.
"""
from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from catalogue import Catalogue, CatalogueError, load_catalogue

log = logging.getLogger(__name__)
_lock = threading.Lock()


def _stamp(folder: Path) -> tuple:
    """A fingerprint of the folder's files: (path, size, mtime) of each, sorted."""
    found = []
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            try:
                info = os.stat(path)
            except OSError:
                continue
            found.append((path, info.st_size, info.st_mtime_ns))
    return tuple(sorted(found))


def loaded_catalogue(app) -> Catalogue | None:
    """The catalogue of app.config['CONTENT'], loaded once per change of its files; None if unusable."""
    folder = Path(app.config["CONTENT"])
    if not folder.is_dir():
        return None
    stamp = (str(folder), app.config["TIMEZONE"], _stamp(folder))
    cache = app.extensions.setdefault("kursportal_content", {})
    with _lock:
        if cache.get("stamp") == stamp:
            return cache["catalogue"]
        try:
            catalogue = load_catalogue(folder, timezone=app.config["TIMEZONE"])
        except CatalogueError as error:
            log.error("content/ has problems, the report has no programme:\n%s", error)
            catalogue = None
        cache.update(stamp=stamp, catalogue=catalogue)
        return catalogue
