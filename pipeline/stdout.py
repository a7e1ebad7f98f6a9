"""Standard output for a reader that may go away (``| head -1``, ``| grep -q``, a log collector
restarting): what a command prints is a courtesy, its exit code is the verdict (``pipeline qa``'s
gate, a run's failures), so a broken pipe keeps the code the command returns."""

from __future__ import annotations

import os
import sys


def print_out(text: str) -> None:
    """``print(text)`` and flush; a reader that went away leaves stdout pointed at /dev/null (what
    is still buffered must not fail the exit: Python exits 120 when its last flush fails)."""
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:
        discard_stdout()


def discard_stdout() -> None:
    """Point stdout at /dev/null, for a reader that went away."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
