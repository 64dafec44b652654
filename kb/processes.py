"""Running a function in a forked process beside this one, to use a second core.

A forked child starts with this process's memory, so what it reads (the records) is never
sent to it; only its result, or the exception it raised, comes back through a pipe. Where
processes cannot be forked, or there is too little work to pay for one, the caller runs the
function here instead (see `process_count`).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def usable_cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def process_count(items: int, items_per_process: int) -> int:
    """How many processes share `items`: one per usable core, at most one per
    `items_per_process` items, and one where processes cannot be forked."""
    if not can_fork():
        return 1
    return max(1, min(usable_cores(), items // items_per_process))


class Forked:
    """`function(*args)` running in a forked child; `result()` waits for its value."""

    def __init__(self, function: Callable, *args: object):
        context = multiprocessing.get_context("fork")
        self.receiver, sender = context.Pipe(duplex=False)
        self.process = context.Process(target=send_outcome, args=(sender, function, args), daemon=True)
        # The child flushes its copy of these buffers when it ends: empty them first, or
        # whatever they hold would be printed twice.
        sys.stdout.flush()
        sys.stderr.flush()
        self.process.start()
        sender.close()

    def result(self) -> object:
        """The function's value, as soon as it is sent (the child is left to end by itself);
        the exception it raised is raised here."""
        try:
            outcome = self.receiver.recv()
        except EOFError:
            status = self.wait()
            raise ChildProcessError(f"the forked process ended without sending its result (exit status {status})") from None
        if isinstance(outcome, Failure):
            self.wait()
            raise outcome.error
        return outcome

    def stop(self) -> None:
        """End the child at once, its result no longer wanted."""
        self.process.terminate()
        self.wait()

    def wait(self) -> int | None:
        self.process.join()
        self.receiver.close()
        return self.process.exitcode


class Failure:
    """The exception a child raised, sent back to be raised again in the parent."""

    def __init__(self, error: BaseException):
        self.error = error


def send_outcome(sender: Connection, function: Callable, args: tuple) -> None:
    """In the child: send the function's value, or the exception it raised, to the parent."""
    try:
        outcome = function(*args)
    except Exception as error:  # sent to the parent, which raises it again
        outcome = Failure(error)
    sender.send(outcome)
    sender.close()
