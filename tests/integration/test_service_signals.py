"""Process signals reach the main thread, so Ctrl-C always ends the console chat.

The kernel delivers a process-directed SIGINT to any thread that does not block it; if an
idle database worker took it, the console's main thread would stay blocked reading stdin.
"""

from __future__ import annotations

import signal
from pathlib import Path

from bot.service import ChatService
from bot.settings import Settings


def test_database_worker_threads_block_sigint_and_sigterm(tmp_path: Path) -> None:
    service = ChatService(Settings(database_url=f"sqlite:///{tmp_path}/signals.sqlite3"))
    try:
        # Ask a worker thread for its own signal mask.
        mask = service._executor.submit(signal.pthread_sigmask, signal.SIG_BLOCK, set()).result()
    finally:
        service.close()
    assert {signal.SIGINT, signal.SIGTERM} <= set(mask)
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, set())  # main thread


class _MaskRecordingClock:
    """Stands in for a ReminderClock: records the signal mask of the thread it starts in."""

    mask: set[signal.Signals] = set()

    def start(self, event_loop: object = None) -> None:
        self.mask = set(signal.pthread_sigmask(signal.SIG_BLOCK, set()))

    def shutdown(self) -> None:
        pass

    async def stop(self) -> None:
        """``ClockThread.stop`` awaits the clock's graceful stop."""


def test_console_reminder_clock_thread_blocks_sigint_and_sigterm() -> None:
    """The console runs the reminder clock in a thread of its own (bot.reminder_clock)."""
    from bot.reminder_clock import ClockThread

    fake = _MaskRecordingClock()
    thread = ClockThread(lambda: fake).start()  # type: ignore[arg-type, return-value]
    thread.stop()
    assert {signal.SIGINT, signal.SIGTERM} <= fake.mask
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, set())  # main thread
