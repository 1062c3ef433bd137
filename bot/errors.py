"""Last line of defence: unexpected errors are logged with an id, never shown as a traceback."""

from __future__ import annotations

import logging
import uuid

log = logging.getLogger("bot")

# What a user reads when the runtime could not process their message at all (an error inside
# a conversation step gets the engine's own apology, ``handlers.texts.APOLOGY``, which opens
# the same way).
APOLOGY = (
    "Maaf, terjadi kesalahan di pihak kami (kode {error_id}). Pesan terakhir Anda belum "
    "diproses dan data Anda tetap aman; silakan kirim lagi."
)


def report_unexpected(exc: BaseException, error_id: str | None = None) -> str:
    """Log ``exc`` with its traceback under a short id (``error_id`` if given); return the id.

    ``error_id`` is for errors whose id the user has already been shown (the engine's).
    """
    error_id = error_id or uuid.uuid4().hex[:8]
    log.error("unexpected error %s", error_id, exc_info=exc)
    return error_id
