"""Rebuilding only what changed: every output file is keyed by a hash of what it is made from.

A build records, for each file it writes, a key: a hash of the inputs that
file depends on (a course page: the course's facts and description and its
prerequisites' titles; a filter page: the cards it lists; ...), all under one
*global key* that covers everything every page depends on (theme, plugin and
catalogue code, settings, organisations, content pages, the build's "today").
The next build makes the same keys; where a file's key is unchanged it
hard-links the published file into the fresh folder instead of rendering it
again, so the fresh folder is still complete before it is swapped in, and the
published site is never written to (a reused file is a second name of the
same bytes; a changed file is a new file). Any change to the global key
rebuilds everything.

The record is kept inside the output folder (`BuildCache.FILE`), so it always
describes exactly the site that is live: it is swapped in with it.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

# Bump when the meaning of keys or the record's shape changes.
VERSION = 3


def digest(*parts) -> str:
    """A short stable hash of `parts` (their repr: dataclasses, tuples, dates, strings)."""
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()


def tree_digest(*folders: Path, suffixes: tuple[str, ...] | None = None) -> str:
    """A hash of every file's path and bytes below `folders` (caches and compiled files left out)."""
    h = hashlib.blake2b(digest_size=16)
    for folder in folders:
        if not folder.exists():
            h.update(f"missing {folder}".encode())
            continue
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts or (suffixes and path.suffix not in suffixes):
                continue
            h.update(str(path.relative_to(folder)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


class BuildCache:
    """The keys of the published site and of this build, and the rule for reusing a file.

    `old_output` is the published folder (None for a build from scratch);
    `fresh` the folder being built. Worker processes fill their own
    BuildCache and hand `record()` back; `merge()` folds it in.
    """

    FILE = ".build-record.json"

    def __init__(self, global_key: str, fresh: Path, old_output: Path | None):
        self.global_key = global_key
        self.fresh = Path(fresh)
        self.old_output = old_output
        previous = self._read(old_output) if old_output is not None else {}
        usable = previous.get("version") == VERSION and previous.get("global") == global_key
        self.old_files: dict[str, str] = previous.get("files", {}) if usable else {}
        self.old_fragments: dict[str, list] = previous.get("fragments", {}) if usable else {}
        self.old_groups: dict[str, list] = previous.get("groups", {}) if usable else {}
        self.files: dict[str, str] = {}
        self.fragments: dict[str, list] = {}
        self.groups: dict[str, list] = {}
        self.deferred: dict[str, list] = {}
        self.rendered: list[str] = []
        self.reused = 0
        self._folders: set[Path] = set()

    @staticmethod
    def _read(output: Path) -> dict:
        try:
            return json.loads((output / BuildCache.FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def reuse(self, path: str, key: str) -> bool:
        """Record `path`'s key; link the published file into the fresh folder if its key is unchanged.

        Returns False when the file must be made (then write it as a new file).
        """
        self.files[path] = key
        if self.old_files.get(path) != key:
            self.rendered.append(path)
            return False
        source, target = self.old_output / path, self.fresh / path
        if target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        try:
            os.link(source, target)
        except FileNotFoundError:
            self.rendered.append(path)
            return False
        except OSError:  # a file system without hard links: a copy keeps the guarantee
            shutil.copy2(source, target)
        self.reused += 1
        return True

    def fragment(self, name: str, key: str, make) -> str:
        """A piece of text (a listing card, a course's calendar events) made once per key."""
        old = self.old_fragments.get(name)
        text = old[1] if old and old[0] == key else make()
        self.fragments[name] = [key, text]
        return text

    def group_unchanged(self, name: str, paths) -> bool:
        """Record the group `name` (e.g. one language's searchable pages); True if it is exactly as published.

        Exactly: the same set of files, every one of them reused.
        """
        paths = sorted(paths)
        self.groups[name] = paths
        rendered = set(self.rendered)
        return self.old_groups.get(name) == paths and not any(p in rendered for p in paths)

    def defer_group(self, name: str) -> None:
        """The group's files are published before it is current (its search index comes after the swap)."""
        self.deferred[name] = self.groups.pop(name)

    def mark_group_current(self, output: Path, name: str) -> None:
        """Tell the published build record that the deferred group `name` is now current."""
        data = self._read(output)
        if not data:
            return
        data.setdefault("groups", {})[name] = self.deferred[name]
        temporary = output / f"{self.FILE}.new"
        temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, output / self.FILE)

    def record(self) -> dict:
        """What this build made, for `merge` in the parent process."""
        return {"files": self.files, "fragments": self.fragments, "groups": self.groups,
                "deferred": self.deferred, "rendered": self.rendered, "reused": self.reused}

    def merge(self, record: dict) -> None:
        self.files.update(record["files"])
        self.fragments.update(record["fragments"])
        self.groups.update(record["groups"])
        self.deferred.update(record["deferred"])
        self.rendered += record["rendered"]
        self.reused += record["reused"]

    def write(self) -> None:
        """Store the record in the fresh folder, to be swapped in with it."""
        data = {"version": VERSION, "global": self.global_key, "files": self.files,
                "fragments": self.fragments, "groups": self.groups}
        (self.fresh / self.FILE).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    def link_tree(self, relative: str) -> bool:
        """Hard-link the published folder `relative` (e.g. a search index) into the fresh folder."""
        if self.old_output is None or not (self.old_output / relative).is_dir():
            return False
        source_root, target_root = self.old_output / relative, self.fresh / relative
        for folder, _, names in os.walk(source_root):
            target = target_root / Path(folder).relative_to(source_root)
            target.mkdir(parents=True, exist_ok=True)
            for name in names:
                try:
                    os.link(Path(folder, name), target / name)
                except OSError:
                    shutil.copy2(Path(folder, name), target / name)
        return True

