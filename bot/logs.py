"""Logging goes to a file, never to the user's terminal: no traceback reaches a caller."""

from __future__ import annotations

import logging
from pathlib import Path


def configure_logging(path: Path | None = None) -> Path:
    """Send log records (INFO and up, never message text) to ``path`` or the LOG_FILE setting."""
    if path is None:
        from bot.settings import get_settings

        path = Path(get_settings().log_file)
    path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    if not any(isinstance(h, logging.FileHandler) for h in root.handlers):
        handler = logging.FileHandler(path, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.INFO)
    return path
