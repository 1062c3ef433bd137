"""Last line of defence: unexpected errors are logged with an id, never shown as a traceback."""

from __future__ import annotations

import logging
import uuid

log = logging.getLogger("bot")


def report_unexpected(exc: BaseException, error_id: str | None = None) -> str:
    """Log ``exc`` with its traceback under a short id (``error_id`` if given); return the id.

    ``error_id`` is for errors whose id the user has already been shown (the engine's).
    """
    error_id = error_id or uuid.uuid4().hex[:8]
    log.error("unexpected error %s", error_id, exc_info=exc)
    return error_id
