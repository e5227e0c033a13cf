"""Work on the second core: run a function in a forked process and get its result back by pipe.

    process, receiver = in_child(check, share)
    result = receiver.recv()     # EOFError if the child died without sending
    process.join()

Fork, not spawn: the child starts with everything already imported and loaded,
which is what makes splitting a 2-second job worth it.
"""
from __future__ import annotations

import gc
import multiprocessing


def in_child(work, *args):
    """Run `work(*args)` in a forked process; return it and the pipe its result comes back on."""
    receiver, sender = multiprocessing.Pipe(duplex=False)

    def run():
        try:
            sender.send(work(*args))
        finally:
            sender.close()

    # Objects alive before the fork are left out of the child's garbage
    # collections, which would otherwise touch (and so copy) every page.
    gc.freeze()
    process = multiprocessing.get_context("fork").Process(target=run, daemon=True)
    process.start()
    gc.unfreeze()
    sender.close()
    return process, receiver
