"""Work on the second core: run a function in a forked process and get its result back by pipe.

    results = in_shares(check, items, workers=2, parallel_from=100)   # check(share) -> list

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


def in_shares(work, items: list, *, workers: int, parallel_from: int) -> list:
    """`work(items)` split into `workers` shares, all but the first in forked processes.

    `work(share)` returns one result per item of `share`; the results come back in
    the order of `items`. Below `parallel_from` items (or with one worker) it all
    runs here. A share whose process dies is done again here, so nothing is lost.
    """
    if workers < 2 or len(items) < parallel_from:
        return list(work(items))
    size = -(-len(items) // workers)
    shares = [items[part * size:(part + 1) * size] for part in range(workers)]
    children = [(share, in_child(work, share)) for share in shares[1:]]
    results = list(work(shares[0]))
    for share, (process, receiver) in children:
        try:
            results.extend(receiver.recv())
        except EOFError:  # the process died: its share here
            results.extend(work(share))
        process.join()
    return results
