"""Last line of defence: unexpected errors are logged with an id, never shown as a traceback."""

from __future__ import annotations

import logging
import uuid

log = logging.getLogger("bot")


def report_unexpected(exc: BaseException) -> str:
    """Log ``exc`` with its traceback under a short id and return that id."""
    error_id = uuid.uuid4().hex[:8]
    log.error("unexpected error %s", error_id, exc_info=exc)
    return error_id
