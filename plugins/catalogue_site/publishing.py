"""Putting a finished folder in place of a published one, atomically.

On Linux `renameat2(RENAME_EXCHANGE)` swaps two paths in one step, so a
visitor gets either the old folder or the new one and never a missing one.
Elsewhere (or on a file system without it) two renames are used: the path is
missing for the moment between them.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import uuid
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _renameat2():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return function


_RENAMEAT2 = _renameat2()


def exchange(first: Path, second: Path) -> bool:
    """Swap the two existing paths `first` and `second` in one atomic step; False when the system cannot."""
    if _RENAMEAT2 is None:
        return False
    done = _RENAMEAT2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    return done == 0


def replace_folder(fresh: Path, target: Path) -> Path | None:
    """Put folder `fresh` at `target`; return where the previous `target` now is (to be deleted), if any.

    If `target` is missing, `fresh` is simply renamed. If the move fails, the
    previous folder is put back and OSError raised.
    """
    if not target.exists():
        fresh.rename(target)
        return None
    if exchange(fresh, target):
        return fresh  # now holds the previous folder
    old = target.with_name(f".{target.name}-old-{uuid.uuid4().hex[:8]}")
    target.rename(old)
    try:
        fresh.rename(target)
    except OSError:
        if not target.exists():
            old.rename(target)
        raise
    return old
