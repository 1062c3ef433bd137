"""Helpers for the process's own threads."""

from __future__ import annotations

import signal


def block_process_signals() -> None:
    """Keep SIGINT and SIGTERM for the main thread (run first in every thread we start).

    The kernel delivers a process signal to any thread that does not block it. Caught by a
    helper thread, it would leave the main thread blocked in ``read()`` on the console's
    stdin, so Ctrl-C would never end the chat. Threads started later by a thread that ran
    this inherit the mask (e.g. an event loop's default executor).
    """
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
