"""Structured logs for ``python -m bot serve``: one JSON object per line, no message text.

Every record becomes ``{"ts", "level", "logger", "msg", ...}``; the extra fields listed in
``FIELDS`` (``extra={"channel": ..., "ms": ...}``) are copied when present. A ``user`` extra
is never written as given: it is replaced by ``user_hash`` (sha256 of salt + id, 16 hex
digits), so a log line can be correlated with other lines of the same user but not read back
as a phone number or chat id. Exceptions are written as their type and stack frames only:
an exception's own message may quote what a user typed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
import traceback
from datetime import UTC, datetime
from typing import IO, Any

FIELDS = ("channel", "ms", "status", "worker", "error_id", "path", "reason", "leader")


def hash_user(external_id: str, salt: str) -> str:
    """A stable, salted, one-way reference to a user id (16 hex digits of sha256)."""
    digest = hashlib.sha256(f"{salt}\x00{external_id}".encode()).hexdigest()
    return digest[:16]


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON line (see the module docstring)."""

    def __init__(self, salt: str) -> None:
        super().__init__()
        self.salt = salt

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON object on one line."""
        data: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for name in FIELDS:
            value = record.__dict__.get(name)
            if value is not None:
                data[name] = value
        user = record.__dict__.get("user")
        if user is not None:
            data["user_hash"] = hash_user(str(user), self.salt)
        if record.exc_info and record.exc_info[0] is not None:
            kind, _, tb = record.exc_info
            data["exc_type"] = kind.__name__
            data["stack"] = "".join(traceback.format_tb(tb)).strip()
        return json.dumps(data, ensure_ascii=False, default=str)


def configure_json_logging(salt: str, stream: IO[str] | None = None,
                           level: int = logging.INFO) -> logging.Handler:
    """Replace the root handlers by one writing JSON lines to ``stream`` (standard error)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter(salt))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # httpx logs every request URL at INFO, and a Bot API URL contains the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    return handler
