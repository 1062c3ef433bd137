"""Logging goes to a file, never to the user's terminal: no traceback reaches a caller."""

from __future__ import annotations

import logging
import os
from pathlib import Path


def configure_logging() -> Path:
    """Send log records (INFO and up, no message text) to ``BOT_LOG_FILE`` or var/bot.log."""
    path = Path(os.environ.get("BOT_LOG_FILE", "var/bot.log"))
    path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    if not any(isinstance(h, logging.FileHandler) for h in root.handlers):
        handler = logging.FileHandler(path, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.INFO)
    return path
