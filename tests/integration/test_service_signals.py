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
