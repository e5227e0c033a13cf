"""Course files already validated by an earlier load, keyed by a hash of their bytes.

A site build reads every course file; republishing after one edit would check
1,000 unchanged files again, most of its time. `CourseCache` keeps each valid
file's `Course` (and the session ids read from it, for the checks across
files) under a key made of the file's name and bytes, in one file of a folder
the caller chooses (the site build: beside its output folder). Everything else
a file's check depends on (the organisation ids, the time zone, the catalogue
package's own code, the Python version) is the cache's *context*: when it
differs, nothing is reused.

Only files without problems are kept, so a broken file is checked (and its
problems reported) on every load, and the checks across files (session ids,
prerequisites) always run over the whole catalogue.

The cache file is a pickle: only ever give a folder that the build alone can
write to.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path

# Bump when what an entry holds changes shape.
VERSION = 1
FILE = "courses.pickle"


def code_digest() -> str:
    """A hash of the catalogue package's source: a change to any check invalidates every entry."""
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


class CourseCache:
    """Checked course files of the previous load in `folder`, and the ones of this load."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.context = ""
        self._old: dict[str, tuple] = {}
        self._new: dict[str, tuple] = {}
        self.hits = 0

    def open(self, organisation_ids, timezone: str) -> None:
        """Read the previous entries if they were made under the same organisations, zone and code."""
        self.context = hashlib.blake2b(repr((
            VERSION, sorted(organisation_ids), timezone, code_digest(), sys.version_info[:2],
        )).encode(), digest_size=16).hexdigest()
        try:
            with open(self.folder / FILE, "rb") as fh:
                stored = pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
            stored = {}
        self._old = stored.get("entries", {}) if stored.get("context") == self.context else {}

    @staticmethod
    def key(display: str, data: bytes) -> str:
        """The key of one course file: its name as shown in messages and its bytes."""
        h = hashlib.blake2b(display.encode(), digest_size=16)
        h.update(b"\0")
        h.update(data)
        return h.hexdigest()

    def get(self, key: str):
        """(course, session ids) checked earlier for `key`, or None; a hit is kept for the next load."""
        found = self._old.get(key)
        if found is not None:
            self._new[key] = found
            self.hits += 1
        return found

    def put(self, key: str, course, session_ids) -> None:
        """Remember a course file that passed its checks."""
        self._new[key] = (course, tuple(session_ids))

    def save(self) -> None:
        """Write this load's entries (files since removed or changed drop out), replacing the file in one step.

        Nothing is written when they are exactly the stored ones (a build without edits).
        """
        if self._new.keys() == self._old.keys():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self.folder / f"{FILE}.{os.getpid()}.new"
        with open(temporary, "wb") as fh:
            pickle.dump({"context": self.context, "entries": self._new}, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.folder / FILE)
